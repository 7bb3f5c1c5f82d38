"""How far the story logic goes with perfect pair scores: an upper bound for the pair model.

    .venv/bin/python bench/oracle_pairs.py [--noise 0 0.2]

Replays clustering-multinews and clustering-gnews (``../shared/eval/dev``) through the
engine's in-memory replay (``train_story.cluster_ids``, the figures ``eval clustering`` gives),
once with the shipped pair model and once per ``--noise`` level with every candidate pair
scored by the gold answer instead: 1 when both reports belong to one gold story, else 0, blurred
by Gaussian noise of that standard deviation and clipped to [0, 1]. The candidates (ANN
neighbours and lexical block), the story model and every joining, merging and moving rule are
the engine's. Prints one JSON object per file and setting on stdout.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from _common import shared_dir

from newssearcher.stories.cluster import ClusterConfig, Match, OnlineClusterer
from newssearcher.stories.features import ArticleRep
from newssearcher.stories.metrics import bcubed
from newssearcher.stories.model import default_model, default_story_model
from newssearcher.stories.train_story import cluster_ids, read_files


class GoldPairs(OnlineClusterer):
    """The engine's clusterer with the pair model replaced by the gold answer (plus noise)."""

    def __init__(self, reps: list[ArticleRep], gold: list[str], noise: float, seed: int = 0):
        super().__init__(default_model(), ClusterConfig(), default_story_model())
        self._gold_of_rep = {id(rep): g for rep, g in zip(reps, gold, strict=True)}
        self._gold = gold
        self._noise = noise
        self._rng = np.random.default_rng(seed)

    def candidates(self, rep: ArticleRep) -> list[Match]:
        scored = super().candidates(rep)  # the same candidates, scored by the pair model
        mine = self._gold_of_rep[id(rep)]
        for m in scored:
            exact = 1.0 if self._gold[m.article_id] == mine else 0.0
            blur = self._rng.normal(0.0, self._noise) if self._noise else 0.0
            m.score = float(np.clip(exact + blur, 0.0, 1.0))
        scored.sort(key=lambda m: m.score, reverse=True)
        return scored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noise", type=float, nargs="+", default=[0.0, 0.2])
    args = parser.parse_args()
    for name, recs, reps in read_files(shared_dir()):
        gold = [r["gold_story"] for r in recs]
        ids = list(range(len(recs)))
        runs = [("pair model", None)] + [(f"gold, noise {n}", n) for n in args.noise]
        for label, noise in runs:
            clusterer = None if noise is None else GoldPairs(reps, gold, noise)
            pred = cluster_ids(recs, reps, ids, default_story_model(), clusterer=clusterer)
            print(json.dumps({"file": name, "pair_scores": label, **bcubed(pred, gold).as_dict()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
