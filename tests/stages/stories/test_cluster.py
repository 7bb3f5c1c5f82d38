"""The online clusterer's merge rule: one bridging article folds fragments, not grown stories."""

from __future__ import annotations

import numpy as np

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
