"""The story model's cross-validation splits the gold stories into halves several ways, can
retrain the pair model per half too, and its in-memory replay of the engine can run with another
clusterer (a benchmark's variant)."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from tests.stages.extract.pages import EN_PARAGRAPHS, ES_PARAGRAPHS
from tests.synthetic import synthetic_articles

from newssearcher.stories import train_story
from newssearcher.stories.cluster import ClusterConfig, Match, OnlineClusterer
from newssearcher.stories.features import ArticleRep, build_reps
from newssearcher.stories.model import StoryModel, default_model, default_story_model
from newssearcher.stories.train_story import FILES, cluster_ids, half_of, halves

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


def _labelled_files(root: Path) -> list[dict]:
    """A ``shared`` folder whose dev files hold synthetic events: both clustering files the
    same 72 reports of 12 events, semeval pairs of reports of one event (1) and of two (4)."""
    dev = root / "eval" / "dev"
    dev.mkdir(parents=True)
    reports = [
        {
            "id": a["id"],
            "text": f"{a['title']}. {a['text']}",
            "lang": "en",
            "gold_story": a["gold_story"],
        }
        for a in synthetic_articles(per_event=6)
    ]
    for name in FILES:
        (dev / name).write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    pairs = []
    for k, (a, b) in enumerate(zip(reports, reports[1:], strict=False)):
        same = a["gold_story"] == b["gold_story"]
        pairs.append(
            {
                "id": str(k),
                "text1": a["text"],
                "text2": b["text"],
                "gold_overall": 1.0 if same else 4.0,
            }
        )
    (dev / "similarity-semeval.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8"
    )
    return reports


@pytest.mark.slow
def test_the_strictest_cross_validation_retrains_the_pair_model_on_each_half(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = _labelled_files(tmp_path)
    out = tmp_path / "story_model.npz"
    argv = ["--shared", str(tmp_path), "--out", str(out), "--cv", "--retrain-pairs"]
    assert train_story.main(argv) == 0
    printed = capsys.readouterr()
    mean_f1 = json.loads(printed.out.strip().splitlines()[-1])["mean_f1"]
    assert set(mean_f1) == set(FILES)
    assert all(f > 0.8 for f in mean_f1.values()), mean_f1  # distinct events, told apart
    # each half's pair model learns only from pairs within that half's stories: never more
    # rows than the half has pairs, or 16 neighbours a report (the smaller half: 276 rows at
    # most, where the whole file's 72 reports give at least 72 * 16 / 2 = 576)
    rows = [int(n) for n in re.findall(r"clustering-multinews: (\d+) pairs", printed.err)]
    sizes = [len(side) for side in halves(reports)]
    assert len(rows) == 2
    for n_rows, n in zip(rows, sizes, strict=True):
        assert 0 < n_rows <= min(n * (n - 1) // 2, 16 * n), (rows, sizes)
    assert min(sizes) * (min(sizes) - 1) // 2 < 72 * 16 // 2
    StoryModel.load(out)  # the story model of all the data is written as usual
