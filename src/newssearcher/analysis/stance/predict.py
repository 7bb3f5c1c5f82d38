"""``predict_stance``: the stance of each body toward its claim, with the shipped model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newssearcher.analysis.stance.features import Embedder, FeatureBuilder
from newssearcher.analysis.stance.model import LABELS, StanceModel, shipped_model


@dataclass(slots=True, frozen=True)
class StancePrediction:
    stance: str  # agree | disagree | discuss | unrelated
    proba: dict[str, float]


def predict_stance_proba(
    pairs: Sequence[tuple[str, str]],
    *,
    model: StanceModel | None = None,
    embed: Embedder | None = None,
) -> list[StancePrediction]:
    """Stance and class probabilities for each ``(claim, body)`` pair."""
    if not pairs:
        return []
    model = model or shipped_model()
    X = FeatureBuilder(model.idf, embed).build(list(pairs))
    proba = model.proba(X)
    labels = model.decide(proba)
    return [
        StancePrediction(label, {k: float(v) for k, v in zip(LABELS, row, strict=True)})
        for label, row in zip(labels, proba, strict=True)
    ]


def predict_stance(
    pairs: Sequence[tuple[str, str]], *, model: StanceModel | None = None
) -> list[str]:
    """``'agree' | 'disagree' | 'discuss' | 'unrelated'`` for each ``(claim, body)`` pair."""
    return [p.stance for p in predict_stance_proba(pairs, model=model)]
