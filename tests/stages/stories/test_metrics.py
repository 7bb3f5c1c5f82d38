from __future__ import annotations

import pytest

from newssearcher.stories.metrics import bcubed, pearson


def test_bcubed_perfect_and_split():
    assert bcubed([1, 1, 2], ["a", "a", "b"]).f1 == 1.0
    split = bcubed([1, 2, 3], ["a", "a", "a"])
    assert split.precision == 1.0
    assert split.recall == pytest.approx(1 / 3)
    lumped = bcubed([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert lumped.recall == 1.0 and lumped.precision == pytest.approx(0.5)


def test_pearson():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 1], [1, 2]) == 0.0
