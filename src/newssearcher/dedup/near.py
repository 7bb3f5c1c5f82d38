"""Near-duplicates: MinHash signatures of word shingles, looked up in an LSH index.

Two texts whose estimated shingle Jaccard is at least ``THRESHOLD`` are near-duplicates
(the same article with a changed byline, a tracking footer, a fixed typo).
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from newssearcher.dedup.fingerprints import normalise_text

NUM_PERM = 64
SCHEME = "affine64"  # stored signatures must be read back with the scheme that made them
SHINGLE = 4
THRESHOLD = 0.8
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(normalise_text(text))
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    items = shingles(text)
    if items:
        mh.update_batch(list(items))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint64)
    )


class NearDuplicateIndex:
    """LSH over MinHash signatures; keys are article ids."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[int, MinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, key: int, mh: MinHash) -> None:
        if key in self._sigs:
            return
        self._lsh.insert(key, mh)
        self._sigs[key] = mh

    def query(self, mh: MinHash) -> list[tuple[int, float]]:
        """Indexed keys whose estimated Jaccard with ``mh`` reaches the threshold, best first."""
        found = []
        for key in self._lsh.query(mh):
            sim = float(mh.jaccard(self._sigs[key]))
            if sim >= self.threshold:
                found.append((int(key), sim))
        found.sort(key=lambda t: t[1], reverse=True)
        return found
