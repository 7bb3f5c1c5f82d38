"""Train the story-level combiner shipped as ``story_model.npz`` (reproducible, no randomness).

    python -m newssearcher.stories.train_story [--shared ../shared] [--out PATH] [--cv]
        [--splits N] [--retrain-pairs]

Run as a script it makes the shipped file byte for byte, under ``train_model.TRAINING_ENV``
as ``train_model`` does.

Examples come from replaying clustering-multinews and clustering-gnews (``shared/eval/dev``),
less what ``import`` refuses as not articles, through the online clusterer in arrival order
with the gold stories ("teacher forcing"): for each article, every candidate story the ANN
neighbours reach gives one row of :data:`STORY_FEATURE_NAMES`, labelled 1 when it is the
article's gold story. Both files weigh the same. ``--cv`` splits the gold stories of each file
into two halves (by a hash of the story label), trains on one half, clusters the other half in
memory and prints its B-cubed figures, both ways round. ``--splits N`` repeats that for N
different splits into halves (the first is always the same one) and prints the mean over all of
them, per file. ``--retrain-pairs`` retrains the pair model on each training half as well
(its clustering rows from that half's stories only, with all semeval pairs), so neither model
has seen the stories it is scored on: the figure to expect on files the models never saw.

One split is a noisy yardstick: gnews has a few stories of 200-340 articles, and one of them
joined to or kept apart from a neighbour moves a half's figure by several hundredths. For the
shipped engine, the mean of the four figures is 0.925, 0.927 and 0.908 over the three splits
of ``--splits 3`` (gnews halves from 0.861 to 0.962), so a change of a few thousandths on one
split says little.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newssearcher.dedup import near
from newssearcher.extract.not_article import non_article_reason
from newssearcher.labelled import read_jsonl
from newssearcher.stories.cluster import ClusterConfig, OnlineClusterer
from newssearcher.stories.features import ArticleRep
from newssearcher.stories.metrics import bcubed
from newssearcher.stories.model import STORY_MODEL_PATH, PairModel, StoryModel, default_model
from newssearcher.stories.similarity import pair_reps, reps_feature_matrix
from newssearcher.stories.train_model import (
    SEED,
    clustering_training_rows,
    fit_pair_model,
    labelled_reps,
    lead_copies,
    rerun_in_training_env,
    run_training,
    semeval_gold,
    semeval_target,
)

FILES = ("clustering-multinews.jsonl", "clustering-gnews.jsonl")


def refused(record: dict) -> bool:
    """Whether ``import`` refuses this labelled record as a page that is not an article (a
    crawl notice, a widget's text): the engine never places it, so the replay does not either.
    (The pair model still learns from such pairs: retrained without them it scored the same in
    cross-validation and lower on the full multinews file; see docs/story-engine-notes.md.)"""
    return non_article_reason(record["text"], record.get("title")) is not None


def half_of(story: str, split: int = 0) -> int:
    """The half (0 or 1) a gold story falls in: split 0 by the CRC-32 of its label, split
    ``k`` by a keyed hash (CRC-32 with a prefix only swaps or keeps the halves: it is affine)."""
    if split == 0:
        return zlib.crc32(story.encode("utf-8")) % 2
    digest = hashlib.blake2b(story.encode("utf-8"), digest_size=1, key=str(split).encode())
    return digest.digest()[0] % 2


def halves(records: list[dict], split: int = 0) -> tuple[list[int], list[int]]:
    """The indices of the records whose gold story falls in half 0, and in half 1."""
    sides: tuple[list[int], list[int]] = ([], [])
    for i, record in enumerate(records):
        sides[half_of(record["gold_story"], split)].append(i)
    return sides


def teacher_rows(
    records: list[dict],
    reps: list[ArticleRep],
    ids: list[int],
    pair_model: PairModel | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    clusterer = OnlineClusterer(pair_model or default_model(), ClusterConfig())
    xs: list[np.ndarray] = []
    ys: list[float] = []
    seen: dict[str, int] = {}
    for i in ids:
        if refused(records[i]):  # import refuses it: the engine never places it
            continue
        gold = hash(records[i]["gold_story"]) & 0x7FFFFFFF
        original = seen.setdefault(records[i]["text"], i)
        if original != i:  # exact copies go through dedup, not the clusterer
            clusterer.add(i, reps[i], gold, copy_of=original)
            continue
        for story_id, _, feats in clusterer.story_candidates(
            reps[i], clusterer.candidates(reps[i])
        ):
            xs.append(feats)
            ys.append(float(story_id == gold))
        clusterer.add(i, reps[i], gold)
    return np.array(xs), np.array(ys)


def train(
    data: list[tuple[list[dict], list[ArticleRep], list[int]]],
    pair_model: PairModel | None = None,
) -> StoryModel:
    """Teacher-forced rows of every file (rows from the model's own runs, tried, did worse)."""
    return fit([teacher_rows(recs, reps, ids, pair_model) for recs, reps, ids in data])


def fit(parts: list[tuple[np.ndarray, np.ndarray]]) -> StoryModel:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[1]), 1000.0 / len(p[1])) for p in parts])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(x), y, sample_weight=w)
    return StoryModel(scaler.mean_, scaler.scale_, lr.coef_[0], float(lr.intercept_[0]))


def cluster_ids(
    records: list[dict],
    reps: list[ArticleRep],
    ids: list[int],
    model: StoryModel,
    config: ClusterConfig | None = None,
    pair_model: PairModel | None = None,
    clusterer: OnlineClusterer | None = None,
) -> list[int]:
    """In-memory replay of the engine's decisions (near-duplicates join their original). A
    record ``import`` refuses is in no story: each gets a story id of its own (negative).
    ``clusterer``: a new, empty one to replay with instead of the engine's own (a benchmark's
    variant); it comes with its own scorers and config."""
    if clusterer is None:
        clusterer = OnlineClusterer(pair_model or default_model(), config or ClusterConfig(), model)
    index = near.NearDuplicateIndex()
    fresh = 0
    alone: dict[int, int] = {}
    for i in ids:
        if refused(records[i]):
            alone[i] = -1 - i
            continue
        mh = near.minhash(records[i]["text"])
        hits = index.query(mh)
        if hits:
            original = min(k for k, _ in hits)
            clusterer.add(i, reps[i], clusterer.story_of[original], copy_of=original)
            continue
        decision = clusterer.decide(reps[i])
        if decision.story_id is None:
            fresh += 1  # story ids count up, as the engine's do
            story = fresh
            if decision.detach is not None:
                clusterer.detach(decision.detach, story)
        else:
            story = decision.story_id
            for other in decision.merge_story_ids:
                story, loser = clusterer.survivor_and_loser(story, other)
                clusterer.merge(loser, story)
        score = decision.score if decision.story_id is not None else None
        clusterer.add(i, reps[i], story, weak=clusterer.joined_weakly(score))
        index.add(i, mh)
    return [alone[i] if i in alone else clusterer.story_of[i] for i in ids]


def main(argv: list[str] | None = None) -> int:
    return run_training(__doc__, STORY_MODEL_PATH, _train, argv, _options)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--splits", type=int, default=1, help="with --cv: how many splits into halves (mean)"
    )
    parser.add_argument(
        "--retrain-pairs",
        action="store_true",
        help="with --cv: retrain the pair model on each training half too (slower, strictest)",
    )


Data = list[tuple[str, list[dict], list[ArticleRep]]]  # (file name, records, reps) per file
View = Callable[[list[ArticleRep]], list[ArticleRep]]


@dataclass
class PairTraining:
    """What retraining the pair model on a half needs beside the clustering files' reps."""

    leads: tuple[list[dict], list[ArticleRep]]  # multinews cut to a lead (lead_copies), embedded
    semeval_left: list[ArticleRep]
    semeval_right: list[ArticleRep]
    semeval_gold: np.ndarray  # gold_overall: 1 = same story ... 4 = unrelated


def pair_training(data: Data, shared: Path) -> PairTraining:
    """The multinews leads of ``data`` and the semeval pairs of ``shared``, embedded."""
    sem = read_jsonl(shared / "eval" / "dev" / "similarity-semeval.jsonl")
    left, right = pair_reps([(r["text1"], r["text2"]) for r in sem])
    leads = lead_copies(data[0][1])
    return PairTraining(
        leads=(leads, labelled_reps(leads)),
        semeval_left=left,
        semeval_right=right,
        semeval_gold=semeval_gold(sem),
    )


def pair_model_of_half(
    data: Data, pairs: PairTraining, ids: dict[str, list[int]], view: View | None = None
) -> PairModel:
    """The pair model trained as ``train_model`` trains it, with the clustering rows of the
    records ``ids`` names per file only (and of their leads), and all semeval pairs; every rep
    seen through ``view`` (data's reps already are)."""
    (mn, mn_recs, mn_reps), (gn, gn_recs, gn_reps) = data
    see = view or (lambda reps: reps)

    def part(
        recs: list[dict], reps: list[ArticleRep], keep: list[int]
    ) -> tuple[list[dict], list[ArticleRep]]:
        return [recs[i] for i in keep], [reps[i] for i in keep]

    x_cl, y_cl = clustering_training_rows(
        part(mn_recs, mn_reps, ids[mn]),
        part(pairs.leads[0], see(pairs.leads[1]), ids[mn]),
        part(gn_recs, gn_reps, ids[gn]),
        np.random.default_rng(SEED),
    )
    x_se = reps_feature_matrix(see(pairs.semeval_left), see(pairs.semeval_right))
    return fit_pair_model(x_se, semeval_target(pairs.semeval_gold), x_cl, y_cl)


def cross_validate(
    data: Data,
    splits: int,
    pairs: PairTraining | None = None,
    space: Callable[[dict[str, list[int]]], View] | None = None,
) -> dict[str, list[float]]:
    """B-cubed F1 of each file's halves, ``splits`` splits into halves, both ways round: the
    story model trained on one half of the stories, the other half clustered. With ``pairs``
    the pair model is retrained on that half too; ``space(train_ids)`` (a benchmark's variant)
    gives the view every rep is seen through for that half, e.g. another embedding space fitted
    on the training half's stories."""
    f1s: dict[str, list[float]] = {name: [] for name, _, _ in data}
    for split in range(splits):
        sides = {name: halves(recs, split) for name, recs, _ in data}
        for train_half in (0, 1):
            ids = {name: side[train_half] for name, side in sides.items()}
            view = space(ids) if space is not None else None
            seen = data if view is None else [(n, r, view(p)) for n, r, p in data]
            pair_model = None if pairs is None else pair_model_of_half(seen, pairs, ids, view)
            model = train([(r, p, ids[n]) for n, r, p in seen], pair_model)
            for name, recs, reps in seen:
                test = sides[name][1 - train_half]
                pred = cluster_ids(recs, reps, test, model, pair_model=pair_model)
                score = bcubed(pred, [recs[i]["gold_story"] for i in test])
                f1s[name].append(score.f1)
                print(
                    f"split {split}, train half {train_half} -> {name} other half: "
                    f"{score.as_dict()}",
                    flush=True,
                )
    return f1s


def read_files(shared: Path) -> Data:
    """Both clustering dev files with their reps."""
    data = []
    for name in FILES:
        recs = read_jsonl(shared / "eval" / "dev" / name)
        data.append((name, recs, labelled_reps(recs)))
        print(f"{name}: {len(recs)} articles", file=sys.stderr)
    return data


def _train(args: argparse.Namespace) -> int:
    data = read_files(args.shared)
    if args.cv:
        pairs = pair_training(data, args.shared) if args.retrain_pairs else None
        f1s = cross_validate(data, args.splits, pairs)
        mean = {name: round(sum(v) / len(v), 4) for name, v in f1s.items()}
        print(json.dumps({"splits": args.splits, "mean_f1": mean}))
    model = train([(r, p, list(range(len(r)))) for _, r, p in data])
    model.save(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    rerun_in_training_env("newssearcher.stories.train_story")
    raise SystemExit(main())
