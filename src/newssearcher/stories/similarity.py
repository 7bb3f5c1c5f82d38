"""Same-story score of two texts: the pair score the story clusterer uses, exposed for pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newssearcher.extract.language import detect_language
from newssearcher.stories.features import build_reps, pair_features
from newssearcher.stories.model import default_model
from newssearcher.stories.text import TermStats


def pair_feature_matrix(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Pair features of many text pairs, as the clusterer computes them for two articles.

    Languages are detected (the input carries none); TF-IDF statistics come from all texts.
    """
    lefts = [a for a, _ in pairs]
    rights = [b for _, b in pairs]
    left = build_reps([(None, t) for t in lefts], None, [detect_language(t) for t in lefts])
    right = build_reps([(None, t) for t in rights], None, [detect_language(t) for t in rights])
    stats = TermStats()
    for rep in left + right:
        stats.add(rep.lex)
    return np.stack([pair_features(a, b, stats) for a, b in zip(left, right, strict=True)])


def pair_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Scores in [0, 1] (1 = same story) for many pairs."""
    if not pairs:
        return []
    return [float(s) for s in default_model()(pair_feature_matrix(pairs))]


def pair_score(text1: str, text2: str) -> float:
    """Score in [0, 1]: 1 = the two texts report the same story."""
    return pair_scores([(text1, text2)])[0]
