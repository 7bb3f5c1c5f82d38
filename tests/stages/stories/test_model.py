"""The pair model: several trained networks averaged into the one network that ships."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

from newssearcher.stories.features import FEATURE_NAMES
from newssearcher.stories.model import PairModel


def test_averaged_networks_score_as_their_mean(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(300, len(FEATURE_NAMES)))
    y = 1.0 / (1.0 + np.exp(-(x[:, 0] - 0.5 * x[:, 3])))  # in (0, 1), like the targets
    scaler = StandardScaler().fit(x)
    nets = [
        MLPRegressor(hidden_layer_sizes=(8,), max_iter=3000, random_state=seed).fit(
            scaler.transform(x), y
        )
        for seed in range(3)
    ]
    model = PairModel.from_sklearn(scaler, nets)
    assert model.w1.shape == (len(FEATURE_NAMES), 24)  # the three hidden layers side by side

    probe = rng.normal(size=(50, len(FEATURE_NAMES)))
    each = np.stack([net.predict(scaler.transform(probe)) for net in nets])
    # the networks differ (else averaging would be moot), and the model is their clipped mean
    assert np.abs(each[0] - each[1]).max() > 1e-3
    expected = np.clip(each.mean(axis=0), 0.0, 1.0)
    assert np.allclose(model(probe), expected, atol=1e-5)

    path = tmp_path / "pair.npz"
    model.save(path)
    assert np.array_equal(PairModel.load(path)(probe), model(probe))


def test_a_model_over_more_features_than_the_code_has_for_a_benchmark(tmp_path: Path) -> None:
    names = (*FEATURE_NAMES, "candidate")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, len(names)))
    y = (x[:, -1] > 0).astype(float)  # only the candidate column says anything
    scaler = StandardScaler().fit(x)
    net = MLPRegressor(hidden_layer_sizes=(4,), max_iter=2000, random_state=0)
    model = PairModel.from_sklearn(scaler, [net.fit(scaler.transform(x), y)], names)
    assert model.names == names
    assert model(x).shape == (200,)
    assert model(x)[y == 1].mean() - model(x)[y == 0].mean() > 0.3
    path = tmp_path / "wider.npz"
    model.save(path)
    with np.load(path) as saved:
        assert tuple(saved["names"]) == names
    # the shipped loader holds a file to the code's features, and says what to do
    with pytest.raises(ValueError, match="retrain"):
        PairModel.load(path)
