"""Reading the FNC-1 style stance file and grouping its pairs so that no story leaks.

FNC bodies repeat across many claims, and each body's related claims come from one story.
``story_groups`` joins bodies and claims linked by a related pair into one group (connected
components), and gives each pair its body's group: a split by group keeps every body and
every related claim of a story on one side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newssearcher.labelled import read_labelled


@dataclass(slots=True, frozen=True)
class StancePair:
    id: str
    claim: str
    text: str
    gold: str


def load_pairs(path: Path) -> list[StancePair]:
    """Read the stance JSONL; a bad line raises ``ValueError`` naming the file and line."""
    return read_labelled(
        path,
        lambda obj: StancePair(obj["id"], obj["claim"], obj["text"], obj["gold_stance"]),
        "stance record",
    )


def story_groups(pairs: list[StancePair]) -> np.ndarray:
    """A group number per pair (connected components of bodies and related claims)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        b, c = find("b:" + p.text), find("c:" + p.claim)
        if p.gold != "unrelated" and b != c:
            parent[b] = c
    roots: dict[str, int] = {}
    return np.array([roots.setdefault(find("b:" + p.text), len(roots)) for p in pairs])


def group_folds(groups: np.ndarray, k: int, seed: int = 0) -> list[np.ndarray]:
    """``k`` boolean test masks; groups are shuffled then dealt out to balance pair counts."""
    rng = np.random.default_rng(seed)
    ids = np.unique(groups)
    rng.shuffle(ids)
    sizes = {g: int((groups == g).sum()) for g in ids}
    load = [0] * k
    fold_of: dict[int, int] = {}
    for g in sorted(ids, key=lambda g: -sizes[g]):
        f = min(range(k), key=lambda i: load[i])
        fold_of[int(g)] = f
        load[f] += sizes[g]
    assigned = np.array([fold_of[int(g)] for g in groups])
    return [assigned == f for f in range(k)]
