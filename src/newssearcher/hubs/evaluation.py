"""Measuring the hub assigner on a labelled set of headlines and leads.

A labelled item is ``{"id", "lang", "title", "text", "hubs": [gold slugs, main first]}``.
Metrics: top-1 accuracy (the best hub is one of the gold hubs) and macro-F1 over hubs of the
predicted hub sets against the gold sets (multi-label, per-hub F1 averaged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newssearcher.hubs.builtin import BUILTIN_SLUGS
from newssearcher.labelled import read_labelled


@dataclass(slots=True)
class LabelledItem:
    id: str
    lang: str
    title: str
    text: str
    hubs: list[str]


@dataclass(slots=True)
class EvalResult:
    n: int
    accuracy: float
    macro_f1: float
    per_hub_f1: dict[str, float] = field(default_factory=dict)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def load_labelled(path: Path) -> list[LabelledItem]:
    """Read the labelled JSONL; a bad line raises ``ValueError`` naming the file and line."""

    def item(obj: dict[str, Any]) -> LabelledItem:
        hubs = list(obj["hubs"])
        unknown = [h for h in hubs if h not in BUILTIN_SLUGS]
        if unknown or not hubs:
            raise ValueError(f"unknown or missing hubs {unknown or hubs}")
        return LabelledItem(str(obj["id"]), obj.get("lang", "en"), obj["title"], obj["text"], hubs)

    return read_labelled(path, item, "labelled item")


def evaluate(
    items: list[LabelledItem],
    predict: Callable[[LabelledItem], list[tuple[str, float]]],
) -> EvalResult:
    """Score ``predict`` (item -> [(slug, score)] best first) on ``items``."""
    correct = 0
    tp = dict.fromkeys(BUILTIN_SLUGS, 0)
    fp = dict.fromkeys(BUILTIN_SLUGS, 0)
    fn = dict.fromkeys(BUILTIN_SLUGS, 0)
    errors: list[tuple[str, list[str], list[str]]] = []
    for item in items:
        predicted = [slug for slug, _ in predict(item)]
        gold = set(item.hubs)
        if predicted and predicted[0] in gold:
            correct += 1
        else:
            errors.append((item.id, item.hubs, predicted))
        pred = set(predicted)
        for slug in BUILTIN_SLUGS:
            if slug in pred and slug in gold:
                tp[slug] += 1
            elif slug in pred:
                fp[slug] += 1
            elif slug in gold:
                fn[slug] += 1
    per_hub: dict[str, float] = {}
    for slug in BUILTIN_SLUGS:
        if tp[slug] + fp[slug] + fn[slug] == 0:
            continue
        denom = 2 * tp[slug] + fp[slug] + fn[slug]
        per_hub[slug] = 2 * tp[slug] / denom if denom else 0.0
    macro = sum(per_hub.values()) / len(per_hub) if per_hub else 0.0
    n = len(items)
    return EvalResult(n, correct / n if n else 0.0, macro, per_hub, errors)
