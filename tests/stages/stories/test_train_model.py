"""The pair model's cross-validation on semeval (``train_model --cv [--folds K ...]``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newssearcher.stories import train_model
from newssearcher.stories.features import FEATURE_NAMES
from newssearcher.stories.train_model import main, semeval_cross_predictions

PAIRS = 60
FOLDS = 3


@pytest.fixture
def rows(monkeypatch: pytest.MonkeyPatch) -> tuple[np.ndarray, ...]:
    """Small semeval-like and clustering-like rows whose first feature carries the answer."""
    monkeypatch.setattr(train_model, "ENSEMBLE", 2)  # two networks: enough to train, fast
    rng = np.random.default_rng(3)
    gold = rng.integers(1, 5, PAIRS).astype(float)  # 1 = same story ... 4 = unrelated
    x_se = 0.1 * rng.random((PAIRS, len(FEATURE_NAMES))).astype(np.float32)
    x_se[:, 0] = (4 - gold) / 3 + rng.normal(0, 0.1, PAIRS)
    x_se[:, FEATURE_NAMES.index("words_jaccard")] = 0.1  # no near-copies to leave out
    y_cl = rng.integers(0, 2, 40).astype(float)
    x_cl = 0.1 * rng.random((40, len(FEATURE_NAMES))).astype(np.float32)
    x_cl[:, 0] = y_cl
    x_cl[:, FEATURE_NAMES.index("words_jaccard")] = 0.1
    return x_se, gold, x_cl, y_cl


def test_each_fold_is_scored_by_a_model_that_never_saw_its_gold(
    rows: tuple[np.ndarray, ...],
) -> None:
    x_se, gold, x_cl, y_cl = rows
    pred = semeval_cross_predictions(x_se, gold, x_cl, y_cl, np.random.default_rng(7), folds=FOLDS)
    assert np.corrcoef(pred, -gold)[0, 1] > 0.5  # it learned from the other folds

    # the same shuffle: change the gold of one fold's pairs only
    first = np.array_split(np.random.default_rng(7).permutation(PAIRS), FOLDS)[0]
    changed = gold.copy()
    changed[first] = 5 - gold[first]
    again = semeval_cross_predictions(
        x_se, changed, x_cl, y_cl, np.random.default_rng(7), folds=FOLDS
    )
    rest = np.setdiff1d(np.arange(PAIRS), first)
    assert np.array_equal(again[first], pred[first])  # its own gold never reached its model
    assert not np.allclose(again[rest], pred[rest])  # the other folds' models learned from it


@pytest.mark.parametrize("folds", [1, PAIRS + 1])
def test_a_number_of_folds_out_of_range_is_refused(
    rows: tuple[np.ndarray, ...], folds: int
) -> None:
    x_se, gold, x_cl, y_cl = rows
    with pytest.raises(ValueError, match=f"folds must be 2 to {PAIRS}"):
        semeval_cross_predictions(x_se, gold, x_cl, y_cl, np.random.default_rng(7), folds=folds)


def test_the_command_refuses_fewer_than_two_folds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--folds", "5", "1"])
    assert stop.value.code == 2
    assert "a number of folds is 2 or more, not 1" in capsys.readouterr().err


def test_more_folds_than_semeval_pairs_stop_before_the_features_are_built(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pair_model.npz"
    assert main(["--shared", str(shared_dir), "--out", str(out), "--folds", "5", "5000"]) == 2
    assert "--folds: at most 1221 (the semeval pairs), not 5000" in capsys.readouterr().err
    assert not out.exists()
