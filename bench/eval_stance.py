"""Figures for the stance model and claim analysis, with the machine they were taken on.

    .venv/bin/python bench/eval_stance.py [--data PATH] [--folds 5] [--no-cv] [--no-nested]

* held-out quality: grouped k-fold cross-validation on the FNC-1 dev file (groups = stories,
  so no article body and no related claim is on both sides), with the same training code;
  the figure to quote has the stage-2 biases tuned inside each test fold's training folds
  (nested, as ``bench/train_stance.py``); the shipped model's biases, chosen on all the
  out-of-fold predictions, are shown too (optimistic);
* the shipped model on the whole dev file (in-sample: it was trained on it);
* speed: stance pairs per second, and claim analysis (extraction, grouping, stances, status)
  of a 10-article story built from the largest Multi-News stories of the dev folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from train_stance import (  # noqa: E402
    DEFAULT_DATA,
    build_features,
    cross_validate,
    decide,
    nested_decisions,
    report,
)

from newssearcher.analysis.claims import ClaimArticle, analyse_claims  # noqa: E402
from newssearcher.analysis.stance.dataset import load_pairs, story_groups  # noqa: E402
from newssearcher.analysis.stance.features import FeatureBuilder  # noqa: E402
from newssearcher.analysis.stance.model import shipped_model  # noqa: E402
from newssearcher.labelled import read_jsonl  # noqa: E402

MULTINEWS = REPO.parent / "shared" / "eval" / "dev" / "summarization-multinews.jsonl"


def ten_article_story() -> list[ClaimArticle]:
    """The documents of the largest Multi-News stories, 10 in all (real, distinct articles)."""
    stories = read_jsonl(MULTINEWS)
    stories.sort(key=lambda s: -len(s["documents"]))
    docs = [d for s in stories for d in s["documents"]][:10]
    return [ClaimArticle(key=i, text=d, outlet=f"outlet{i}") for i, d in enumerate(docs)]


def bench_claims(repeats: int = 5) -> None:
    articles = ten_article_story()
    chars = sum(len(a.text) for a in articles)
    analyse_claims(articles)  # loads the embedding and stance models once
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        claims = analyse_claims(articles)
        times.append(time.perf_counter() - t0)
    print(
        f"claim analysis of a 10-article story ({chars} chars, {len(claims)} claims, "
        f"{sum(len(c.stances) for c in claims)} stances): median {statistics.median(times):.3f}s, "
        f"best {min(times):.3f}s over {repeats} runs"
    )


def bench_stance(pairs: list[tuple[str, str]]) -> None:
    model = shipped_model()
    FeatureBuilder(model.idf).build(pairs[:1])  # loads the embedding model
    t0 = time.perf_counter()
    X = FeatureBuilder(model.idf).build(pairs)
    model.decide(model.proba(X))
    dt = time.perf_counter() - t0
    bodies = len({b for _, b in pairs})
    print(
        f"stance: {len(pairs)} pairs ({bodies} distinct bodies) in {dt:.2f}s = "
        f"{len(pairs) / dt:.0f} pairs/s (models loaded, text caches empty)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument(
        "--no-nested", action="store_true", help="skip the nested bias tuning (5x quicker)"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} cpu(s), "
        f"python {platform.python_version()}"
    )
    pairs = load_pairs(args.data)
    gold = [p.gold for p in pairs]
    model = shipped_model()
    bench_stance([(p.claim, p.text) for p in pairs[:500]])
    bench_claims()
    X, idf = build_features(pairs)
    report("shipped model, in-sample (trained on this file)", gold, model.decide(model.proba(X)))
    if not args.no_cv:
        groups = story_groups(pairs)
        parts = cross_validate(X, gold, groups, idf, args.folds)
        name = f"held-out, grouped {args.folds}-fold CV ({len(np.unique(groups))} story groups)"
        report(
            f"{name}, shipped biases (chosen on these folds: optimistic)",
            gold,
            decide(parts, model.class_bias),
        )
        if not args.no_nested:
            pred, _ = nested_decisions(X, gold, groups, idf, args.folds, parts)
            report(f"{name}, biases tuned inside each fold's training folds", gold, pred)


if __name__ == "__main__":
    main()
