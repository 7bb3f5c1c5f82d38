"""Approximate nearest-neighbour index over article embeddings (HNSW, via ``usearch``).

Query cost grows with log(n), not with the number of stories, which keeps per-article
cost flat as the database grows. Keys are article ids. The index takes its dimension from
the first vector added (the shipped encoder's 512, or another encoder's in ``bench/``).
"""

from __future__ import annotations

import numpy as np
from usearch.index import Index


class VectorIndex:
    def __init__(self) -> None:
        self._index: Index | None = None
        self._keys: set[int] = set()

    def _ready(self, dim: int) -> Index:
        if self._index is None:
            self._index = Index(
                ndim=dim, metric="ip", dtype="f32", connectivity=16, expansion_add=64
            )
        return self._index

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: int) -> bool:
        return key in self._keys

    def add(self, key: int, vector: np.ndarray) -> None:
        if key in self._keys:
            return
        self._ready(len(vector)).add(key, np.ascontiguousarray(vector, dtype=np.float32))
        self._keys.add(key)

    def add_many(self, keys: list[int], vectors: np.ndarray) -> None:
        fresh = [i for i, k in enumerate(keys) if k not in self._keys]
        if not fresh:
            return
        ks = np.asarray([keys[i] for i in fresh], dtype=np.uint64)
        # one thread: a graph built by several depends on their timing, and so does what a
        # search finds (measured: the 384-d test missed the nearest vector in 7 of 400 runs)
        self._ready(vectors.shape[1]).add(
            ks, np.ascontiguousarray(vectors[fresh], dtype=np.float32), threads=1
        )
        self._keys.update(int(k) for k in ks)

    def remove(self, key: int) -> None:
        if key in self._keys and self._index is not None:
            self._index.remove(key)
            self._keys.discard(key)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` ``(key, cosine)`` pairs, most similar first."""
        if not self._keys or self._index is None:
            return []
        k = min(k, len(self._keys))
        found = self._index.search(np.ascontiguousarray(vector, dtype=np.float32), k, exact=False)
        return [
            (int(key), 1.0 - float(dist))
            for key, dist in zip(found.keys, found.distances, strict=False)
            if int(key) in self._keys
        ]
