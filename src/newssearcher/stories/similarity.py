"""Same-story score of two texts: the pair score the story clusterer uses, exposed for pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newssearcher.extract.language import detect_language
from newssearcher.stories.cluster import ClusterConfig, looks_rewritten
from newssearcher.stories.features import FEATURE_NAMES, ArticleRep, build_reps, pair_features
from newssearcher.stories.model import default_model
from newssearcher.stories.text import TermStats


def pair_reps(pairs: Sequence[tuple[str, str]]) -> tuple[list[ArticleRep], list[ArticleRep]]:
    """The reps of each pair's two texts, languages detected (the input carries none)."""
    lefts = [a for a, _ in pairs]
    rights = [b for _, b in pairs]
    left = build_reps([(None, t) for t in lefts], None, [detect_language(t) for t in lefts])
    right = build_reps([(None, t) for t in rights], None, [detect_language(t) for t in rights])
    return left, right


def reps_feature_matrix(left: list[ArticleRep], right: list[ArticleRep]) -> np.ndarray:
    """Pair features of ``left[i]`` and ``right[i]``; TF-IDF statistics come from all of them."""
    stats = TermStats.of(rep.lex for rep in left + right)
    return np.stack([pair_features(a, b, stats) for a, b in zip(left, right, strict=True)])


def pair_feature_matrix(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Pair features of many text pairs, as the clusterer computes them for two articles."""
    return reps_feature_matrix(*pair_reps(pairs))


def pair_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Scores in [0, 1] (1 = same story) for many pairs."""
    return [score for score, _ in pair_verdicts(pairs)]


def pair_verdicts(
    pairs: Sequence[tuple[str, str]], config: ClusterConfig | None = None
) -> list[tuple[float, bool]]:
    """``(score, rewrite)`` per pair: the pair score, and whether the clusterer would mark the
    later of the two a rewrite of the other (``rewrite_of``; neither text carries a date)."""
    if not pairs:
        return []
    cfg = config or ClusterConfig()
    x = pair_feature_matrix(pairs)
    scores = default_model()(x)
    lead, mean = FEATURE_NAMES.index("cos_lead"), FEATURE_NAMES.index("cos_mean")
    return [
        (float(s), looks_rewritten(float(s), float(f[lead]), float(f[mean]), cfg))
        for s, f in zip(scores, x, strict=True)
    ]


def pair_score(text1: str, text2: str) -> float:
    """Score in [0, 1]: 1 = the two texts report the same story."""
    return pair_scores([(text1, text2)])[0]
