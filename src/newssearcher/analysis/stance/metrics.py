"""FNC-1 relative score and macro-F1, the figures the stance model is judged by."""

from __future__ import annotations

from collections.abc import Sequence

LABELS = ("agree", "disagree", "discuss", "unrelated")
_RELATED = frozenset(("agree", "disagree", "discuss"))


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Raw FNC-1 score: +0.25 for related/unrelated right, +0.75 more for the right stance."""
    score = 0.0
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in _RELATED and p in _RELATED:
            score += 0.25
    return score


def fnc_relative(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1 score divided by the score of perfect predictions."""
    best = fnc_score(gold, gold)
    return fnc_score(gold, pred) / best if best else 0.0


def per_class_f1(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        out[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    scores = per_class_f1(gold, pred)
    return sum(scores.values()) / len(scores)
