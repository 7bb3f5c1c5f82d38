"""The ANN index: nearest articles by cosine, in whatever dimension its vectors have."""

from __future__ import annotations

import numpy as np
import pytest

from newssearcher.stories.ann import VectorIndex


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("dim", [384, 512])
def test_the_index_finds_the_nearest_vectors_in_the_dimension_it_is_given(dim):
    rng = np.random.default_rng(dim)
    vecs = _unit(rng, 200, dim)
    index = VectorIndex()
    index.add_many(list(range(100)), vecs[:100])
    for key in range(100, 200):
        index.add(key, vecs[key])
    query = vecs[37] + 0.05 * _unit(rng, 1, dim)[0]
    query /= np.linalg.norm(query)
    found = index.search(query, 5)
    assert found[0][0] == 37
    exact = np.argsort(-(vecs @ query))[:5]
    assert [k for k, _ in found] == exact.tolist()
    assert found[0][1] == pytest.approx(float(vecs[37] @ query), abs=1e-4)


def test_an_empty_index_answers_nothing_and_removed_keys_are_not_returned():
    rng = np.random.default_rng(0)
    index = VectorIndex()
    assert index.search(_unit(rng, 1, 16)[0], 3) == []
    index.remove(5)  # nothing to remove: no error
    vecs = _unit(rng, 3, 16)
    index.add_many([1, 2, 3], vecs)
    index.add_many([1, 2, 3], vecs)  # known keys are skipped
    assert len(index) == 3
    index.remove(2)
    assert 2 not in index
    assert {k for k, _ in index.search(vecs[1], 3)} == {1, 3}
    assert all(k != 2 for k, _ in index.search(vecs[1], 3))
