"""Where the clustering errors are, and how far the pair score lets the story logic go.

    .venv/bin/python bench/error_anatomy.py [--top 8] [--held-out]   # ~2 min; ~8 with --held-out

Replays clustering-multinews and clustering-gnews (``../shared/eval/dev``) through the engine's
in-memory replay (``train_story.cluster_ids``: the figures ``eval clustering`` gives) and prints
JSON lines on stdout, per file:

- ``replay``: B-cubed precision, recall and F1 of the replay;
- ``mixed``: the ``--top`` stories that hold reports of more than one gold story, costliest
  first, each with its gold stories and ``f1_if_split``, the file's F1 were that one story
  split along gold lines (everything else as replayed);
- ``split``: the ``--top`` gold stories spread over more than one story, costliest first, with
  the pieces and ``f1_if_joined``, the file's F1 were that gold story's reports one story of
  their own;
- ``placed``: how many reports the replay placed with another report of their gold story,
  alone, or only with other stories' reports, by their best pair score with a report of their
  gold story (``best``: below 0.3, 0.3 to 0.6, 0.6 and above); reports whose gold story has
  no other report, and pages ``import`` refuses, counted apart;
- ``reach``: for each threshold ``t``, ``alone`` (how many reports score below ``t`` with every
  other report of their gold story; pages ``import`` refuses counted too) and ``f1``, the
  file's F1 were exactly those reports left alone and everything else right. It bounds what
  joining rules can add while the pair score stays as it is. By default the shipped pair model
  scores the pairs (it was trained on these files); with ``--held-out`` each half of the
  stories (split 0) is scored by the pair model ``train_story --cv --retrain-pairs`` trains on
  the other half, as unseen data would be.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402

from newssearcher.stories.features import ArticleRep, pair_features  # noqa: E402
from newssearcher.stories.metrics import bcubed  # noqa: E402
from newssearcher.stories.model import PairModel, default_model, default_story_model  # noqa: E402
from newssearcher.stories.text import TermStats  # noqa: E402
from newssearcher.stories.train_model import rerun_in_training_env  # noqa: E402
from newssearcher.stories.train_story import (  # noqa: E402
    Data,
    cluster_ids,
    halves,
    pair_model_of_half,
    pair_training,
    read_files,
    refused,
)

THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)
BANDS = (0.3, 0.6)  # the ``placed`` rows' bands of best pair score
CHUNK = 20_000  # pairs scored at a time


def f1_of(pred: list[Hashable], gold: list[str]) -> float:
    return round(bcubed(pred, gold).f1, 4)


def spread(keys: list[Hashable], values: list[Hashable]) -> dict[Hashable, Counter[Hashable]]:
    """The keys that come with more than one value, each with how often each value comes."""
    counts: dict[Hashable, Counter[Hashable]] = defaultdict(Counter)
    for k, v in zip(keys, values, strict=True):
        counts[k][v] += 1
    return {k: c for k, c in counts.items() if len(c) > 1}


def mixed(pred: list[Hashable], gold: list[str], top: int) -> list[dict]:
    """The stories holding reports of several gold stories, by the F1 splitting each would add."""
    rows = []
    for story, golds in spread(pred, gold).items():
        apart = [(p, g) if p == story else p for p, g in zip(pred, gold, strict=True)]
        rows.append(
            {"story": story, "gold": dict(golds.most_common(4)), "f1_if_split": f1_of(apart, gold)}
        )
    return sorted(rows, key=lambda r: -r["f1_if_split"])[:top]


def split(pred: list[Hashable], gold: list[str], top: int) -> list[dict]:
    """The gold stories spread over several stories, by the F1 joining each would add."""
    rows = []
    for story, where in spread(gold, pred).items():
        joined = [("joined", g) if g == story else p for p, g in zip(pred, gold, strict=True)]
        rows.append(
            {
                "gold": story,
                "pieces": [n for _, n in where.most_common(6)],
                "f1_if_joined": f1_of(joined, gold),
            }
        )
    return sorted(rows, key=lambda r: -r["f1_if_joined"])[:top]


def best_mate_scores(
    recs: list[dict], reps: list[ArticleRep], ids: list[int], model: PairModel
) -> dict[int, float]:
    """Each record's best pair score with another record of its gold story, among ``ids``
    (records ``import`` refuses left out: the engine never places them), with the TF-IDF
    statistics of the whole file (the engine's once it has placed every record)."""
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        if not refused(recs[i]):
            by_gold[recs[i]["gold_story"]].append(i)
    pairs = [(a, b) for m in by_gold.values() for k, a in enumerate(m) for b in m[k + 1 :]]
    stats = TermStats.of(rep.lex for rep in reps)
    best = dict.fromkeys(ids, 0.0)
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        scores = model(np.stack([pair_features(reps[a], reps[b], stats) for a, b in chunk]))
        for (a, b), s in zip(chunk, scores, strict=True):
            best[a] = max(best[a], float(s))
            best[b] = max(best[b], float(s))
    return best


def placed(recs: list[dict], pred: list[Hashable], best: dict[int, float]) -> list[dict]:
    """The reports by where the replay put them and by their best score with a gold mate."""
    gold = [r["gold_story"] for r in recs]
    kept = [i for i, r in enumerate(recs) if not refused(r)]
    per_gold = Counter(gold[i] for i in kept)
    together = Counter((pred[i], gold[i]) for i in kept)
    alone = Counter(pred[i] for i in kept)
    counts: Counter[tuple[str, str]] = Counter()
    for i, r in enumerate(recs):
        if refused(r):
            counts["refused", "-"] += 1
        elif per_gold[gold[i]] < 2:
            counts["no other report of its story", "-"] += 1
        else:
            where = (
                "with a gold mate"
                if together[pred[i], gold[i]] > 1
                else "alone"
                if alone[pred[i]] == 1
                else "with other stories only"
            )
            low, high = BANDS
            band = (
                f"< {low}" if best[i] < low else f"{low}-{high}" if best[i] < high else f">= {high}"
            )
            counts[where, band] += 1
    return [{"where": w, "best": b, "reports": n} for (w, b), n in sorted(counts.items())]


def reach(recs: list[dict], best: dict[int, float]) -> list[dict]:
    """F1 with the reports below each threshold (and refused pages) alone, the rest right."""
    gold = [r["gold_story"] for r in recs]
    rows = []
    for t in THRESHOLDS:
        lone = [i for i, r in enumerate(recs) if refused(r) or best[i] < t]
        pred: list[Hashable] = list(gold)
        for i in lone:
            pred[i] = ("alone", i)
        rows.append({"below": t, "alone": len(lone), "f1": f1_of(pred, gold)})
    return rows


def held_out_best(data: Data, shared: Path) -> dict[str, dict[int, float]]:
    """:func:`best_mate_scores` of each half (split 0) by the pair model of the other half."""
    pairs = pair_training(data, shared)
    sides = {name: halves(recs, 0) for name, recs, _ in data}
    best: dict[str, dict[int, float]] = {name: {} for name, _, _ in data}
    for train_half in (0, 1):
        model = pair_model_of_half(data, pairs, {n: s[train_half] for n, s in sides.items()})
        for name, recs, reps in data:
            best[name].update(best_mate_scores(recs, reps, sides[name][1 - train_half], model))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--held-out", action="store_true")
    args = parser.parse_args(argv)
    shared = shared_dir()
    data = read_files(shared)
    held = held_out_best(data, shared) if args.held_out else None
    for name, recs, reps in data:
        gold = [r["gold_story"] for r in recs]
        ids = list(range(len(recs)))
        pred: list[Hashable] = list(cluster_ids(recs, reps, ids, default_story_model()))
        rows = [{"kind": "replay", **bcubed(pred, gold).as_dict()}]
        rows += [{"kind": "mixed", **r} for r in mixed(pred, gold, args.top)]
        rows += [{"kind": "split", **r} for r in split(pred, gold, args.top)]
        best = held[name] if held else best_mate_scores(recs, reps, ids, default_model())
        scorer = "held-out pair models" if held else "shipped pair model"
        rows += [{"kind": "placed", "scores": scorer, **r} for r in placed(recs, pred, best)]
        rows += [{"kind": "reach", "scores": scorer, **r} for r in reach(recs, best)]
        for row in rows:
            print(json.dumps({"file": name, **row}))
    return 0


if __name__ == "__main__":
    rerun_in_training_env()  # --held-out trains pair models: the notes' figures need this
    raise SystemExit(main())
