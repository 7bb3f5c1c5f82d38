"""Same-story score of two texts: the pair score the story clusterer uses, exposed for pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newssearcher.stories.features import build_reps, pair_features
from newssearcher.stories.model import default_model
from newssearcher.stories.text import TermStats


def pair_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Scores in [0, 1] (1 = same story) for many pairs; TF-IDF statistics come from all texts."""
    if not pairs:
        return []
    left = build_reps([(None, a) for a, _ in pairs])
    right = build_reps([(None, b) for _, b in pairs])
    stats = TermStats()
    for rep in left + right:
        stats.add(rep.lex)
    feats = np.stack([pair_features(a, b, stats) for a, b in zip(left, right, strict=True)])
    return [float(s) for s in default_model()(feats)]


def pair_score(text1: str, text2: str) -> float:
    """Score in [0, 1]: 1 = the two texts report the same story."""
    return pair_scores([(text1, text2)])[0]
