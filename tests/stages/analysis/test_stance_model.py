"""The stance model: exported trees decide as scikit-learn does, metrics, the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newssearcher.analysis.stance.features import FEATURE_NAMES, N_COLUMNS, FeatureBuilder, Idf
from newssearcher.analysis.stance.metrics import fnc_relative, macro_f1, per_class_f1
from newssearcher.analysis.stance.model import (
    MODEL_PATH,
    StanceModel,
    StanceModelError,
    fit_stance_model,
    shipped_model,
)
from newssearcher.analysis.stance.predict import predict_stance, predict_stance_proba


def _synthetic(n: int = 600, seed: int = 3) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_COLUMNS)).astype(np.float32)
    labels = []
    for row in X:
        if row[0] < -0.3:
            labels.append("unrelated")
        elif row[1] > 0.6:
            labels.append("disagree")
        elif row[2] > 0.0:
            labels.append("agree")
        else:
            labels.append("discuss")
    return X, labels


def test_exported_trees_round_trip_through_npz(tmp_path: Path) -> None:
    X, labels = _synthetic()
    idf = Idf(["alpha", "beta"], np.array([1.5, 2.5], dtype=np.float32), 3.0)
    model = fit_stance_model(X, labels, idf, class_bias=np.array([0.1, 0.2, 0.0]), max_iter=30)
    path = tmp_path / "m.npz"
    model.save(path)
    again = StanceModel.load(path)
    assert np.allclose(again.proba(X), model.proba(X))
    assert again.idf("beta") == pytest.approx(2.5) and again.idf("unseen") == 3.0
    assert list(again.class_bias) == pytest.approx([0.1, 0.2, 0.0])
    # the learnt rule is recovered on its own training data
    pred = again.decide(again.proba(X))
    assert sum(p == g for p, g in zip(pred, labels, strict=True)) / len(labels) > 0.9
    # probabilities are a distribution over the four labels
    assert np.allclose(again.proba(X).sum(axis=1), 1.0)


def test_loading_a_missing_or_foreign_model_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StanceModelError, match="not found"):
        StanceModel.load(tmp_path / "absent.npz")
    np.savez(tmp_path / "other.npz", feature_names=np.array(["x"]))
    with pytest.raises(StanceModelError, match="other features"):
        StanceModel.load(tmp_path / "other.npz")
    with pytest.raises(ValueError, match="columns"):
        shipped_model().proba(np.zeros((1, len(FEATURE_NAMES))))


def test_fnc_metrics() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated"]
    assert fnc_relative(gold, gold) == 1.0
    assert macro_f1(gold, gold) == 1.0
    # related but wrong stance keeps the 0.25 related credit; unrelated-as-related gets none
    assert fnc_relative(gold, ["discuss", "discuss", "discuss", "discuss"]) == pytest.approx(
        (0.25 + 0.25 + 1.0 + 0.0) / 3.25
    )
    assert per_class_f1(gold, ["agree"] * 4)["agree"] == pytest.approx(2 / 5)


def test_shipped_model_is_small_and_loads() -> None:
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    model = shipped_model()
    assert len(model.idf.table) > 1000


def test_predict_stance_on_clear_cases() -> None:
    claim = "Police confirm the mayor of Springfield was arrested for bribery"
    related = (
        "The mayor of Springfield was arrested on Tuesday on bribery charges, police said. "
        "Officers confirmed the arrest at a press conference and said the mayor is in custody. "
        "The mayor, who took office in 2019, faces three counts of bribery."
    )
    unrelated = (
        "A new species of frog has been discovered in the rainforests of Borneo. "
        "Researchers said the tiny amphibian is smaller than a fingernail."
    )
    refuting = (
        "Reports that the mayor of Springfield was arrested for bribery are false, the city said. "
        "The story is a hoax that started on a satirical website; the mayor has not been "
        "arrested and police denied any investigation. The fake report was debunked."
    )
    results = predict_stance_proba([(claim, related), (claim, unrelated), (claim, refuting)])
    assert results[1].stance == "unrelated"
    assert results[0].stance in ("agree", "discuss")
    assert results[2].proba["disagree"] > results[0].proba["disagree"]
    assert all(abs(sum(r.proba.values()) - 1.0) < 1e-6 for r in results)
    assert predict_stance([]) == []


def test_features_work_for_spanish_and_empty_text() -> None:
    idf = Idf([], np.zeros(0), 2.0)
    rows = FeatureBuilder(idf).build(
        [
            ("La empresa niega las acusaciones", "La empresa negó las acusaciones. Es falso."),
            ("Something", ""),
        ]
    )
    assert rows.shape == (2, N_COLUMNS)
    assert np.isfinite(rows).all()
    refute = FEATURE_NAMES.index("body_refute_any")
    assert rows[0, refute] == 1.0
    # "niega" sits next to the claim's words in the best-matching sentence
    assert rows[0, FEATURE_NAMES.index("near_refute")] >= 1.0
    assert rows[1, FEATURE_NAMES.index("near_refute")] == 0.0


def test_polarity_features_cross_claim_and_body() -> None:
    idf = Idf([], np.zeros(0), 2.0)
    debunking_claim = "The three-breasted woman story is a hoax"
    plain_claim = "A woman had surgery to get a third breast"
    plain_body = (
        "A woman had surgery to get a third breast, she said. "
        "The woman said the surgery cost 20,000 dollars."
    )
    debunking_body = (
        "The third breast story is a hoax. Police found a prosthesis in her luggage, "
        "so the surgery never happened."
    )
    rows = FeatureBuilder(idf).build(
        [
            (debunking_claim, plain_body),
            (plain_claim, debunking_body),
            (plain_claim, plain_body),
        ]
    )

    def col(name: str) -> np.ndarray:
        return rows[:, FEATURE_NAMES.index(name)]

    assert list(col("claim_negative")) == [1.0, 0.0, 0.0]
    assert list(col("neg_claim_x_plain_body")) == [1.0, 0.0, 0.0]
    assert list(col("pos_claim_x_debunk_body")) == [0.0, 1.0, 0.0]
    assert list(col("pos_claim_x_plain_body")) == [0.0, 0.0, 1.0]
    # "hoax" and "never happened" in the lead of the debunking body
    assert col("lead_debunk")[1] >= 2.0 and col("lead_debunk")[2] == 0.0
    # the body's first sentence is where it debunks
    assert col("first_debunk_pos")[1] == 0.0 and col("first_debunk_pos")[2] == 1.0


def test_polarity_model_moves_only_the_agree_disagree_split() -> None:
    X, labels = _synthetic()
    idf = Idf([], np.zeros(0), 2.0)
    model = fit_stance_model(X, labels, idf, max_iter=30)
    base = model.stance_logits(X)
    model.polarity_weight = 0.0
    without = model.stance_logits(X)
    # discuss and the combined agree-or-disagree mass stay; only their split changes
    assert np.allclose(base[:, 2], without[:, 2])
    assert np.allclose(
        np.logaddexp(base[:, 0], base[:, 1]), np.logaddexp(without[:, 0], without[:, 1])
    )
    assert not np.allclose(base[:, 1] - base[:, 0], without[:, 1] - without[:, 0])
