"""What the clusterer keeps per story: an embedding centroid and an accumulated TF-IDF vector.

An article is compared with a candidate story's centroids as well as with its nearest
articles: the centroid of many reports is a steadier picture of the story than any one of
them. :func:`story_features` gives the fixed-length vector the story-level combiner
(:mod:`newssearcher.stories.model`, :class:`StoryModel`) scores. Cost per comparison is the
size of the new article (its terms), not of the story.
"""

from __future__ import annotations

import math

import numpy as np

from newssearcher.stories.features import ArticleRep
from newssearcher.stories.text import TermStats

STORY_FEATURE_NAMES = (
    "pair_best",
    "pair_support",
    "centroid_cos",
    "centroid_tfidf",
    "log_size",
    "length",
    "length_x_pair_best",
    "length_x_pair_support",
    "length_x_centroid_cos",
    "length_x_centroid_tfidf",
)
LENGTH_CAP = 200  # distinct terms at which an article counts as full length


def article_length(rep: ArticleRep) -> float:
    """How much text the article has to judge by, 0-1: its distinct terms, capped.

    Short items (a headline and a line) agree less with their story than full reports; the
    products with the similarity features let the combiner weigh them differently.
    """
    return min(len(rep.lex.term_ids), LENGTH_CAP) / LENGTH_CAP


class StoryProfile:
    """Running sums over a story's articles (duplicates included)."""

    __slots__ = ("count", "emb", "terms", "norm2")

    def __init__(self) -> None:
        self.count = 0
        self.emb = np.zeros(0, dtype=np.float32)
        self.terms: dict[int, float] = {}
        self.norm2 = 0.0

    def add(self, mean: np.ndarray, term_ids: np.ndarray, weights: np.ndarray) -> None:
        self.emb = mean.astype(np.float32) if not self.count else self.emb + mean
        self.count += 1
        terms = self.terms
        norm2 = self.norm2
        for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
            old = terms.get(t, 0.0)
            new = old + w
            terms[t] = new
            norm2 += new * new - old * old
        self.norm2 = norm2

    def remove(self, mean: np.ndarray, term_ids: np.ndarray, weights: np.ndarray) -> None:
        """Take back what :meth:`add` added for one article (the same ``weights``)."""
        self.count -= 1
        self.emb = self.emb - mean if self.count else np.zeros(0, dtype=np.float32)
        terms = self.terms
        norm2 = self.norm2
        for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True):
            old = terms.get(t, 0.0)
            new = old - w
            if abs(new) <= 1e-9:  # the last article that used the term: gone, not a residue
                terms.pop(t, None)
                new = 0.0
            else:
                terms[t] = new
            norm2 += new * new - old * old
        self.norm2 = max(norm2, 0.0) if self.count else 0.0

    def absorb(self, other: StoryProfile) -> None:
        if not other.count:
            return
        self.emb = other.emb.copy() if not self.count else self.emb + other.emb
        self.count += other.count
        for t, w in other.terms.items():
            self.terms[t] = self.terms.get(t, 0.0) + w
        self.norm2 = float(sum(w * w for w in self.terms.values()))

    def unit_centroid(self) -> np.ndarray | None:
        """The story's embedding centroid as a unit vector (None before its first article)."""
        if not self.count:
            return None
        n = float(np.linalg.norm(self.emb))
        return (self.emb / n if n else self.emb).astype(np.float32)

    def centroid_cos(self, mean: np.ndarray) -> float:
        n = float(np.linalg.norm(self.emb))
        return float(self.emb @ mean) / n if n else 0.0

    def tfidf_cos(self, term_ids: np.ndarray, weights: np.ndarray) -> float:
        if self.norm2 <= 0 or not len(term_ids):
            return 0.0
        get = self.terms.get
        dot = sum(w * get(t, 0.0) for t, w in zip(term_ids.tolist(), weights.tolist(), strict=True))
        return dot / math.sqrt(self.norm2)


def story_features(
    rep: ArticleRep,
    weights: np.ndarray,
    profile: StoryProfile,
    pair_scores: list[float],
    support: int,
) -> np.ndarray:
    """Features of (new article, candidate story); ``pair_scores`` best first."""
    top = pair_scores[:support]
    similar = [
        top[0],
        sum(top) / len(top),
        profile.centroid_cos(rep.mean),
        profile.tfidf_cos(rep.lex.term_ids, weights),
    ]
    length = article_length(rep)
    return np.array(
        [*similar, math.log1p(profile.count), length, *(length * f for f in similar)],
        dtype=np.float32,
    )


def tfidf_weights(rep: ArticleRep, stats: TermStats) -> np.ndarray:
    return stats.weights(rep.lex)
