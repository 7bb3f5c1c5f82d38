"""Screen candidate pair features before building one into the engine.

    .venv/bin/python bench/pair_feature_screen.py [--candidates shared_rarity length_ratio ...]
                                                  [--fold-seeds 0 1 2]   # ~8 min a candidate
                                                  [--no-clustering-rows]

For the shipped features, and for each candidate (the shipped features plus its columns),
prints one JSON object on stdout:

- ``semeval_5fold``: ``train_model``'s 5-fold cross-validated Pearson r on semeval, once per
  draw of folds (``--fold-seeds``; seed 0 draws the folds and the gnews rows as
  ``train_model --cv`` does, so the shipped features' first figure is the README's);
- ``by_language``: the r of each language pair, first draw of folds;
- ``neighbour_auc``: ROC AUC on the neighbour pairs of one half of each clustering file's
  stories, the pair model trained on semeval and the other half's rows (split 0, both ways
  round: multinews, multinews, gnews, gnews).

It runs itself again under ``train_model.TRAINING_ENV``, as the training scripts do: under
other BLAS kernels the networks come out different, and a gnews half's AUC moved by 0.025.

With ``--no-clustering-rows`` every pair model is trained on semeval's pairs alone (the folds
drawn as with them): what the features hold for semeval, whatever the training mix.

A candidate that helps here still has to move the whole engine
(``train_story --cv --splits 3 --retrain-pairs`` once it is built in): better-separated pairs
have repeatedly left the engine's figures where they were (docs/story-engine-notes.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from newssearcher.labelled import read_jsonl  # noqa: E402
from newssearcher.stories.features import FEATURE_NAMES, ArticleRep, pair_features  # noqa: E402
from newssearcher.stories.metrics import pearson  # noqa: E402
from newssearcher.stories.text import TermStats  # noqa: E402
from newssearcher.stories.train_model import (  # noqa: E402
    GNEWS_PAIRS,
    capped,
    fit_pair_model,
    neighbour_pairs,
    rerun_in_training_env,
    semeval_cross_predictions,
    semeval_target,
    without_copies_apart,
)
from newssearcher.stories.train_story import half_of, pair_training, read_files  # noqa: E402

Extra = Callable[[ArticleRep, ArticleRep, TermStats], list[float]]


def shared_rarity(a: ArticleRep, b: ArticleRep, stats: TermStats) -> list[float]:
    """How much rare vocabulary the two texts share, in absolute terms: the shared terms found
    in at most 0.2% of the texts (at most 10), the largest shared IDF, the sum of the ten
    largest and of all (each over the largest possible IDF, capped)."""
    common = np.intersect1d(a.lex.term_ids, b.lex.term_ids, assume_unique=True)
    if not len(common):
        return [0.0, 0.0, 0.0, 0.0]
    idf = np.sort(np.log((stats.docs + 1) / (stats.df[common] + 1.0)))[::-1]
    top = float(np.log(stats.docs + 1)) or 1.0
    rare = int((stats.df[common] <= max(2, 0.002 * stats.docs)).sum())
    return [
        min(rare, 10) / 10,
        float(idf[0]) / top,
        min(float(idf[:10].sum()) / top, 10) / 10,
        min(float(idf.sum()) / top, 30) / 30,
    ]


def length_ratio(a: ArticleRep, b: ArticleRep, stats: TermStats) -> list[float]:
    """The shorter text's distinct terms over the longer one's."""
    la, lb = len(a.lex.term_ids), len(b.lex.term_ids)
    return [min(la, lb) / max(la, lb, 1)]


def other_crossings(a: ArticleRep, b: ArticleRep, stats: TermStats) -> list[float]:
    """The farther of the two crossings of headline and lead, headline and body, lead and body
    (the pair features hold the closer ones)."""
    return [
        min(float(a.head @ b.lead), float(a.lead @ b.head)),
        min(float(a.head @ b.body), float(a.body @ b.head)),
        min(float(a.lead @ b.body), float(a.body @ b.lead)),
    ]


CANDIDATES: dict[str, Extra] = {
    "shared_rarity": shared_rarity,
    "length_ratio": length_ratio,
    "other_crossings": other_crossings,
}


def features(
    pairs: list[tuple[ArticleRep, ArticleRep]], stats: TermStats, extra: Extra | None
) -> np.ndarray:
    rows = []
    for a, b in pairs:
        row = pair_features(a, b, stats)
        if extra is not None:
            row = np.concatenate([row, np.asarray(extra(a, b, stats), dtype=np.float32)])
        rows.append(row)
    return np.stack(rows)


class Screen:
    """The labelled pairs, embedded once, and their features with a candidate's columns."""

    def __init__(self, shared: Path, clustering_rows: bool = True) -> None:
        self.clustering_rows = clustering_rows
        data = read_files(shared)
        self.training = pair_training(data, shared)
        semeval = read_jsonl(shared / "eval" / "dev" / "similarity-semeval.jsonl")
        # each pair's languages, for the per-language figures (PairTraining keeps none)
        self.langs = [f"{r['lang1']}-{r['lang2']}" for r in semeval]
        (_, multinews, multinews_reps), (_, gnews, gnews_reps) = data
        # (name, records, reps, at most this many training rows), as train_model takes them
        self.files = [
            ("multinews", multinews, multinews_reps, None),
            ("multinews leads", *self.training.leads, None),
            ("gnews", gnews, gnews_reps, GNEWS_PAIRS),
        ]

    def run(self, extra: Extra | None, fold_seeds: list[int]) -> dict:
        left, right, gold = (
            self.training.semeval_left,
            self.training.semeval_right,
            self.training.semeval_gold,
        )
        stats = TermStats.of(rep.lex for rep in left + right)
        x_se = features(list(zip(left, right, strict=True)), stats, extra)
        extras = x_se.shape[1] - len(FEATURE_NAMES)
        names = FEATURE_NAMES + tuple(f"extra_{i}" for i in range(extras))
        files = []
        for name, recs, reps, cap in self.files:
            pairs = neighbour_pairs(reps)
            file_stats = TermStats.of(rep.lex for rep in reps)
            x = features([(reps[i], reps[j]) for i, j in pairs], file_stats, extra)
            y = np.array([recs[i]["gold_story"] == recs[j]["gold_story"] for i, j in pairs], float)
            half = np.array([half_of(r["gold_story"]) for r in recs])
            side = np.array([half[i] if half[i] == half[j] else -1 for i, j in pairs])
            files.append((name, x, y, side, cap))
        out: dict = {"semeval_5fold": [], "features": len(names)}
        for seed in fold_seeds:
            rng = np.random.default_rng(seed)
            x_cl, y_cl = self._rows(files, rng, None)
            pred = semeval_cross_predictions(x_se, gold, x_cl, y_cl, rng, names)
            out["semeval_5fold"].append(round(pearson(list(pred), list(-gold)), 4))
            if seed == fold_seeds[0]:
                out["by_language"] = self._by_language(pred)
        y_se = semeval_target(gold)
        aucs = []
        for name in ("multinews", "gnews"):
            _, x, y, side, _ = next(f for f in files if f[0] == name)
            for test in (0, 1):
                x_cl, y_cl = self._rows(files, np.random.default_rng(fold_seeds[0]), 1 - test)
                model = fit_pair_model(x_se, y_se, x_cl, y_cl, names)
                kept = side == test
                aucs.append(round(float(roc_auc_score(y[kept], model(x[kept]))), 4))
        out["neighbour_auc"] = aucs
        return out

    def _rows(self, files: list, rng: np.random.Generator, half: int | None) -> tuple:
        """The pair model's clustering rows (``train_model``'s, with the candidate's columns),
        of one half of the stories (``half``) or of all; none without ``clustering_rows``."""
        xs, ys = [], []
        for _, x, y, side, cap in files:
            if half is not None:
                x, y = x[side == half], y[side == half]
            x, y = capped(x, y, cap, rng)  # drawn either way: the folds come next from rng
            if not self.clustering_rows:
                x, y = x[:0], y[:0]
            xs.append(x)
            ys.append(y)
        return without_copies_apart(np.vstack(xs), np.concatenate(ys))

    def _by_language(self, pred: np.ndarray) -> dict[str, float]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, langs in enumerate(self.langs):
            groups[langs].append(i)
        gold = self.training.semeval_gold
        ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
        return {k: round(pearson(list(pred[v]), list(-gold[v])), 3) for k, v in ordered}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="*", default=list(CANDIDATES), choices=CANDIDATES)
    parser.add_argument("--fold-seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped features")
    parser.add_argument(
        "--no-clustering-rows",
        action="store_true",
        help="train every pair model on semeval's pairs alone (what the features hold for it)",
    )
    args = parser.parse_args(argv)
    with threadpool_limits(limits=1):
        screen = Screen(shared_dir(), clustering_rows=not args.no_clustering_rows)
        runs = [] if args.no_shipped else [("shipped", None)]
        runs += [(name, CANDIDATES[name]) for name in args.candidates]
        for name, extra in runs:
            print(json.dumps({"candidate": name, **screen.run(extra, args.fold_seeds)}), flush=True)
    return 0


if __name__ == "__main__":
    rerun_in_training_env()  # the numeric environment the shipped models are trained in
    raise SystemExit(main())
