"""The story model's cross-validation splits the gold stories into halves several ways, and its
in-memory replay of the engine can run with another clusterer (a benchmark's variant)."""

from __future__ import annotations

import zlib

from tests.stages.extract.pages import EN_PARAGRAPHS, ES_PARAGRAPHS

from newssearcher.stories.cluster import ClusterConfig, Match, OnlineClusterer
from newssearcher.stories.features import ArticleRep, build_reps
from newssearcher.stories.model import default_model, default_story_model
from newssearcher.stories.train_story import cluster_ids, half_of, halves

LABELS = [f"story-{i}" for i in range(400)]


def _halves(split: int) -> list[int]:
    return [half_of(label, split) for label in LABELS]


def test_the_first_split_is_the_crc32_one_the_published_figures_use() -> None:
    assert _halves(0) == [zlib.crc32(label.encode()) % 2 for label in LABELS]


def test_other_splits_are_new_partitions_not_the_first_one_swapped() -> None:
    first = _halves(0)
    for split in (1, 2, 3):
        halves = _halves(split)
        assert halves == _halves(split)  # reproducible
        agree = sum(a == b for a, b in zip(first, halves, strict=True)) / len(LABELS)
        # a fresh partition agrees with the first on about half of the stories; the same
        # partition (or it swapped) on all (or none) of them
        assert 0.35 < agree < 0.65, (split, agree)
        assert 0.35 < sum(halves) / len(LABELS) < 0.65  # two halves of similar size
    assert _halves(1) != _halves(2)


def test_halves_hold_each_record_once_on_its_story_side() -> None:
    records = [{"gold_story": LABELS[i % 40]} for i in range(120)]
    zero, one = halves(records, 2)
    assert sorted(zero + one) == list(range(120))
    assert all(half_of(records[i]["gold_story"], 2) == 0 for i in zero)
    assert all(half_of(records[i]["gold_story"], 2) == 1 for i in one)


class _Loner(OnlineClusterer):
    """Finds no earlier article for anyone: every report opens a story."""

    def candidates(self, rep: ArticleRep) -> list[Match]:
        return []


def test_the_replay_uses_the_clusterer_it_is_given() -> None:
    records = [
        {"text": " ".join(EN_PARAGRAPHS), "lang": "en", "gold_story": "barrier"},
        {"text": " ".join(ES_PARAGRAPHS), "lang": "es", "gold_story": "barrier"},
    ]
    reps = build_reps([(None, r["text"]) for r in records], None, ["en", "es"])
    model = default_story_model()
    engine = cluster_ids(records, reps, [0, 1], model)
    assert engine[0] == engine[1]  # a report and its translation: one story
    loner = _Loner(default_model(), ClusterConfig(), model)
    alone = cluster_ids(records, reps, [0, 1], model, clusterer=loner)
    assert alone[0] != alone[1]
    assert set(loner.story_of) == {0, 1}  # the replay placed them with this clusterer
