"""bench/error_anatomy.py's accounting on a clustering small enough to score by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "error_anatomy.py"

# Two gold stories, a and b; the replay put b's first report into a's story.
GOLD = ["a", "a", "b", "b"]
PRED = [1, 1, 1, 2]
TEXT = "The city council approved the new budget on Tuesday after a long debate about roads."


@pytest.fixture(scope="module")
def anatomy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("error_anatomy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records() -> list[dict]:
    return [{"id": str(i), "text": f"{TEXT} {i}", "gold_story": g} for i, g in enumerate(GOLD)]


def test_a_mixed_story_is_costed_by_splitting_it_along_gold_lines(anatomy: ModuleType) -> None:
    (row,) = anatomy.mixed(PRED, GOLD, top=5)
    assert row["story"] == 1 and row["gold"] == {"a": 2, "b": 1}
    # split: a whole, b in two pieces -> precision 1, recall (1 + 1 + 1/2 + 1/2) / 4
    assert row["f1_if_split"] == round(2 * 0.75 / 1.75, 4)


def test_a_split_gold_story_is_costed_by_joining_it(anatomy: ModuleType) -> None:
    (row,) = anatomy.split(PRED, GOLD, top=5)
    assert row["gold"] == "b" and row["pieces"] == [1, 1]
    assert row["f1_if_joined"] == 1.0  # b's reports taken out of a's story and joined: all right


def test_reach_leaves_the_reports_below_the_threshold_alone(anatomy: ModuleType) -> None:
    best = {0: 0.9, 1: 0.9, 2: 0.25, 3: 0.25}
    rows = {r["below"]: r for r in anatomy.reach(records(), best)}
    assert rows[0.1] == {"below": 0.1, "alone": 0, "f1": 1.0}
    assert rows[0.3]["alone"] == 2  # b's two reports, each alone: recall 1/2 for both
    assert rows[0.3]["f1"] == round(2 * 0.75 / 1.75, 4)


def test_placed_counts_each_report_once_by_where_it_went_and_its_best_score(
    anatomy: ModuleType,
) -> None:
    best = {0: 0.9, 1: 0.9, 2: 0.45, 3: 0.2}
    rows = anatomy.placed(records(), PRED, best)
    counts = {(r["where"], r["best"]): r["reports"] for r in rows}
    assert counts == {
        ("with a gold mate", ">= 0.6"): 2,
        ("with other stories only", "0.3-0.6"): 1,
        ("alone", "< 0.3"): 1,
    }
