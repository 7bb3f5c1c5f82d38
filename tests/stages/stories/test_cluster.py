"""The online clusterer's merge rule: one bridging article folds fragments, not grown stories."""

from __future__ import annotations

import numpy as np
import pytest

from newssearcher.stories.cluster import ClusterConfig, OnlineClusterer
from newssearcher.stories.features import ArticleRep
from newssearcher.stories.profile import STORY_FEATURE_NAMES
from newssearcher.stories.text import lexical_signals

LOG_SIZE = STORY_FEATURE_NAMES.index("log_size")


def _rep(seed: int) -> ArticleRep:
    # near one shared direction, so that every earlier article is an ANN neighbour
    rng = np.random.default_rng(seed)
    v = np.ones(512, dtype=np.float32) + 0.1 * rng.normal(size=512).astype(np.float32)
    v /= np.linalg.norm(v)
    return ArticleRep(v, v, lexical_signals(None, f"report number {seed} about the flood"))


def _clusterer(sizes: list[int], larger_first: bool = True) -> OnlineClusterer:
    """Stories 1, 2, ... of the given sizes; every pair and story score is high (all match),
    the larger story scoring higher (or lower: ``larger_first=False``)."""
    sign = 1.0 if larger_first else -1.0

    def pair_scorer(feats: np.ndarray) -> np.ndarray:
        return np.full(len(feats), 0.9)

    def story_scorer(feats: np.ndarray) -> np.ndarray:
        return 0.9 + sign * 0.01 * feats[:, LOG_SIZE]

    clusterer = OnlineClusterer(pair_scorer, ClusterConfig(merge_fragment=5), story_scorer)
    seed = 0
    for story_id, size in enumerate(sizes, start=1):
        for _ in range(size):
            seed += 1
            clusterer.add(seed, _rep(seed), story_id)
    return clusterer


def test_a_bridging_article_folds_a_fragment_into_a_grown_story():
    clusterer = _clusterer([9, 3])
    decision = clusterer.decide(_rep(1000))
    assert decision.story_id == 1
    assert decision.merge_story_ids == [2]


def test_two_grown_stories_are_not_merged_by_one_article():
    clusterer = _clusterer([9, 6])
    decision = clusterer.decide(_rep(1000))
    assert decision.story_id == 1
    assert decision.merge_story_ids == []


def test_merged_size_counts_while_fragments_are_folded():
    # the article joins the fragment (2 articles, the best score): it may absorb one grown
    # story (7), after which it is grown itself (9) and the next grown story (8) stays apart
    clusterer = _clusterer([2, 7, 8], larger_first=False)
    assert [clusterer.story_size(s) for s in (1, 2, 3)] == [2, 7, 8]
    decision = clusterer.decide(_rep(1000))
    assert decision.story_id == 1
    assert decision.merge_story_ids == [2]


def test_several_fragments_fold_into_one_story():
    clusterer = _clusterer([8, 7, 2, 4])
    decision = clusterer.decide(_rep(1000))
    assert decision.story_id == 1
    assert decision.merge_story_ids == [4, 3]


def test_small_stories_merge_as_before():
    clusterer = _clusterer([2, 1])
    decision = clusterer.decide(_rep(1000))
    assert decision.story_id == 1 and decision.merge_story_ids == [2]


def test_the_larger_story_survives_a_merge_then_the_older():
    clusterer = _clusterer([2, 7, 7])
    assert clusterer.survivor_and_loser(1, 2) == (2, 1)  # larger
    assert clusterer.survivor_and_loser(3, 2) == (2, 3)  # same size: the lower (older) id
    clusterer.merge(1, 3)  # 3 now holds 9 articles
    assert clusterer.survivor_and_loser(2, 3) == (3, 2)


# --- weak joiners: pair score = cosine of the leads, articles on a circle in the embedding --


def _at(angle: float, seed: int) -> ArticleRep:
    v = np.zeros(512, dtype=np.float32)
    v[0], v[1] = np.cos(angle), np.sin(angle)
    return ArticleRep(v, v, lexical_signals(None, f"dispatch {seed}"))


def _circle(stories: dict[int, list[tuple[int, float, bool]]]) -> OnlineClusterer:
    """``story id -> [(article id, angle, weak)]``; story score 0.5 plus 0.1 per log article."""

    def pair_scorer(feats: np.ndarray) -> np.ndarray:
        return feats[:, 0]

    def story_scorer(feats: np.ndarray) -> np.ndarray:
        return 0.5 + 0.1 * feats[:, LOG_SIZE]

    clusterer = OnlineClusterer(pair_scorer, ClusterConfig(), story_scorer)
    for story_id, members in stories.items():
        for article_id, angle, weak in members:
            clusterer.add(article_id, _at(angle, article_id), story_id, weak=weak)
    return clusterer


def test_a_report_closest_to_a_weak_joiner_takes_it_out():
    clusterer = _circle({1: [(1, 0.0, False), (2, 1.2, True)]})
    decision = clusterer.decide(_at(1.65, 3))  # cosine 0.90 with article 2, -0.08 with 1
    assert decision.story_id is None and decision.detach == 2
    assert decision.score == pytest.approx(np.cos(0.45), abs=1e-5)


def test_no_detach_from_a_settled_article_or_when_the_story_holds_the_report():
    settled = _circle({1: [(1, 0.0, False), (2, 1.2, False)]})
    assert settled.decide(_at(1.65, 3)).detach is None
    # article 1 also matches the report (cosine 0.76 >= detach_other): the story is right
    held = _circle({1: [(1, 0.0, False), (2, 1.2, True)]})
    decision = held.decide(_at(0.7, 3))
    assert decision.detach is None and decision.story_id == 1


def test_no_detach_when_the_report_joins_another_story():
    # story 2 (five articles, each 0.73 with the report) outranks the joiner's story
    others = [(10 + k, 1.65 + 0.75 + 0.001 * k, False) for k in range(5)]
    clusterer = _circle({1: [(1, 0.0, False), (2, 1.2, True)], 2: others})
    decision = clusterer.decide(_at(1.65, 3))
    assert decision.detach is None and decision.story_id == 2


def test_detach_moves_the_joiner_with_its_copies_and_what_they_added():
    clusterer = _circle({1: [(1, 0.0, False), (2, 1.2, True)]})
    clusterer.add(5, _at(1.2, 5), 1, copy_of=2)
    assert clusterer.story_size(1) == 3
    clusterer.add(3, _at(1.65, 3), 9)  # the report that opened story 9
    assert clusterer.detach(2, 9) == 1
    assert clusterer.members == {1: {1}, 9: {2, 3, 5}}
    assert clusterer.story_of[5] == 9 and 2 not in clusterer.weak
    assert (clusterer.story_size(1), clusterer.story_size(9)) == (1, 3)
    centroid = clusterer.profiles[1].unit_centroid()
    assert centroid is not None and float(centroid @ _at(0.0, 1).mean) == pytest.approx(1.0)
    # each story's TF-IDF sums are what its members added when they arrived, as a process that
    # loads the stories as they now stand adds them
    for story_id, members in clusterer.members.items():
        expected: dict[int, float] = {}
        for aid in members:
            ids = clusterer.reps[aid].lex.term_ids.tolist()
            for t, w in zip(ids, clusterer.added_weights[aid].tolist(), strict=True):
                expected[t] = expected.get(t, 0.0) + w
        got = clusterer.profiles[story_id].terms
        assert got.keys() == expected.keys()
        assert all(got[t] == pytest.approx(expected[t]) for t in expected)
