"""Scoring a text against the built-in hubs: keyword rules + entity hints + embeddings.

``score_hubs`` returns, for each built-in hub, a score in [0, 1]:

* keywords: weighted hits of the hub's terms (title hits count triple), squashed with
  ``1 - exp(-hits / KEYWORD_SCALE)``;
* entities: the story's known entities that hint at a hub add to its hits;
* embeddings: cosine similarity of the text to the hub's prototypes (mean of the best
  ``TOP_K``), turned into a margin over the mean of all hubs.

``choose_hubs`` keeps the best hub and any other within ``RELATIVE`` of it and above
``MIN_SCORE``; when nothing clears ``MIN_SCORE`` the story goes to "other".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newssearcher.analysis.entity_normalise import fold
from newssearcher.hubs.builtin import BUILTIN_SLUGS, OTHER
from newssearcher.hubs.vocabulary import ENTITY_HINTS, HUB_TERMS

# constants chosen by a grid search on the dev half of bench/data/hubs_labelled.jsonl
KEYWORD_SCALE = 8.0
TITLE_WEIGHT = 3.0
MAX_HITS_PER_TERM = 3
TOP_K = 3
EMBED_MARGIN_SCALE = 0.08
KEYWORD_SHARE = 0.5  # the rest is the embedding's
MIN_SCORE = 0.3
RELATIVE = 0.75
MAX_HUBS = 3
TOPIC_SLUGS = tuple(s for s in BUILTIN_SLUGS if s != OTHER)


@dataclass(frozen=True, slots=True)
class HubScore:
    slug: str
    score: float
    keyword: float
    embedding: float


def _term_regex(term: str) -> str:
    folded = fold(term).strip()
    prefix = folded.endswith("*")
    folded = folded.rstrip("*")
    body = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", folded))
    return r"(?<![\w])" + body + (r"\w*" if prefix else r"(?![\w])")


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[tuple[re.Pattern[str], float]]]:
    return {
        slug: [(re.compile(_term_regex(term)), float(w)) for term, w in terms.items()]
        for slug, terms in HUB_TERMS.items()
    }


def keyword_hits(title: str, text: str, entities: Iterable[str] = ()) -> dict[str, float]:
    """Weighted keyword hits per hub (before squashing)."""
    title_f, text_f = fold(title or ""), fold(text or "")
    hits = {slug: 0.0 for slug in TOPIC_SLUGS}
    for slug, patterns in _compiled().items():
        total = 0.0
        for pattern, weight in patterns:
            n_title = len(pattern.findall(title_f)) if title_f else 0
            n_text = min(len(pattern.findall(text_f)), MAX_HITS_PER_TERM) if text_f else 0
            total += weight * (TITLE_WEIGHT * min(n_title, 1) + n_text)
        hits[slug] = total
    for name in entities:
        hint = ENTITY_HINTS.get(name)
        if hint is not None and hint[0] in hits:
            hits[hint[0]] += hint[1] * 2
    return hits


def embedding_margins(vector: np.ndarray | None) -> dict[str, float]:
    """Per hub: mean cosine of the best prototypes minus the mean over all hubs."""
    if vector is None:
        return {}
    from newssearcher.hubs.prototypes import prototype_matrix

    slugs, matrix = prototype_matrix()
    sims = matrix @ np.asarray(vector, dtype=np.float32)
    per_hub: dict[str, float] = {}
    for slug in dict.fromkeys(slugs):
        idx = [i for i, s in enumerate(slugs) if s == slug]
        best = np.sort(sims[idx])[::-1][:TOP_K]
        per_hub[slug] = float(best.mean())
    mean = float(np.mean(list(per_hub.values())))
    return {slug: v - mean for slug, v in per_hub.items()}


def score_hubs(
    title: str,
    text: str,
    entities: Iterable[str] = (),
    vector: np.ndarray | None = None,
) -> list[HubScore]:
    """Scores of every topic hub (and "other" from the embedding), best first."""
    hits = keyword_hits(title, text, entities)
    margins = embedding_margins(vector)
    out: list[HubScore] = []
    for slug in (*TOPIC_SLUGS, OTHER):
        kw = 1.0 - math.exp(-hits.get(slug, 0.0) / KEYWORD_SCALE) if slug != OTHER else 0.0
        margin = margins.get(slug)
        if margin is None:
            emb = 0.0
            score = kw
        else:
            emb = 1.0 / (1.0 + math.exp(-(margin / EMBED_MARGIN_SCALE)))  # 0.5 at the mean
            emb = max(0.0, 2.0 * emb - 1.0)  # 0 at or below the mean
            score = KEYWORD_SHARE * kw + (1.0 - KEYWORD_SHARE) * emb
        if slug == OTHER:
            score = 0.0 if margin is None else (1.0 - KEYWORD_SHARE) * emb
        out.append(HubScore(slug, round(score, 4), round(kw, 4), round(emb, 4)))
    out.sort(key=lambda h: -h.score)
    return out


def choose_hubs(scores: list[HubScore]) -> list[tuple[str, float]]:
    """The hubs a story goes to, with their scores; "other" when no topic hub fits."""
    topical = [s for s in scores if s.slug != OTHER]
    other = next((s for s in scores if s.slug == OTHER), None)
    if not topical:
        return [(OTHER, 1.0)]
    best = max(topical, key=lambda s: s.score)
    if best.score < MIN_SCORE or (other is not None and other.score > best.score):
        return [(OTHER, round(max(other.score if other else 0.0, 1.0 - best.score), 4))]
    chosen = [
        (s.slug, s.score)
        for s in sorted(topical, key=lambda s: -s.score)
        if s.score >= MIN_SCORE and s.score >= RELATIVE * best.score
    ]
    return chosen[:MAX_HUBS]


def classify(
    title: str,
    text: str,
    entities: Iterable[str] = (),
    vector: np.ndarray | None = None,
) -> list[tuple[str, float]]:
    """Hubs for one text: ``choose_hubs(score_hubs(...))``."""
    return choose_hubs(score_hubs(title, text, entities, vector))
