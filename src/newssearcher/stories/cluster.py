"""Online, incremental story clustering in arrival order (no database: pure state).

For each new article: the ANN index gives its nearest earlier articles, and a capped lexical
block (posting lists of its heaviest TF-IDF terms) a few more; each is scored with the pair
score (:mod:`newssearcher.stories.model`, the same score ``similarity`` prints), lowered when
publication dates are far apart. Each story those articles belong to is then scored by the
story model from its best links and its centroids (:mod:`newssearcher.stories.profile`:
embedding centroid, accumulated TF-IDF vector). The article joins the best story above
``join``, or starts a new one. When a second story also scores above ``merge_story`` (or is
reached by ``merge_links`` pair scores above ``merge``), the two are one story and are merged,
provided one of them is still a fragment (``merge_fragment`` articles or fewer). An article
that joined with a low story score (below ``weak_join``) stays open to correction: when a
later article's closest link is to it and to no other member of its story, the two start a
story of their own, and the joiner (with its duplicates) leaves the old one.
Per-article cost is bounded by ``neighbours`` and the blocking caps, not by the number of
stories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newssearcher.stories.ann import VectorIndex
from newssearcher.stories.features import ArticleRep, pair_features
from newssearcher.stories.profile import StoryProfile, story_features
from newssearcher.stories.text import TermStats

Scorer = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    neighbours: int = 24  # ANN neighbours examined per article
    # lexical blocking beside the ANN: the article's ``block_terms`` heaviest TF-IDF terms look
    # up earlier articles in capped posting lists; the ``block_extra`` with most shared terms
    # are scored too (bounded cost: terms x cap postings, whatever the number of stories)
    block_terms: int = 12
    block_cap: int = 64
    block_extra: int = 12
    join: float = 0.15  # story score (P(same story), story model) needed to join it
    # merging: a second story the article also matches this well is the same story ...
    merge: float = 1.01  # pair score with it, reached by at least ``merge_links`` of its
    merge_links: int = 2  # articles (off by default: 1.01 > any score; tests switch it on)
    merge_story: float = 0.8  # or: story score (story model) with it at least this
    # ... but one bridging article only folds a fragment (a story of at most this many
    # articles) into the other: two established stories are kept apart. Merging two grown
    # stories on one article's word was the largest error on gnews (precision 0.87)
    merge_fragment: int = 5
    support: int = 5  # a story's score: best link blended with the mean of its best ``support``
    support_weight: float = 1.0
    time_window_days: float = 3.0  # no penalty within this gap between publication dates
    time_decay_days: float = 7.0  # score loses ``time_penalty`` per this many days beyond it
    time_penalty: float = 0.25
    rewrite: float = 0.6  # pair score to call an article a rewrite of an earlier one
    rewrite_cos: float = 0.8  # ... and cosine of leads or whole texts at least this
    # a weak joiner (joined its story with a story score below ``weak_join``) leaves it when a
    # new article's closest link is to it (pair score ``detach_link`` or more) while no other
    # member of its story scores ``detach_other`` with the new article: the two start a story
    weak_join: float = 0.8
    detach_link: float = 0.6
    detach_other: float = 0.6


@dataclass(slots=True)
class Match:
    article_id: int
    story_id: int
    score: float
    cosine: float


@dataclass(slots=True)
class Decision:
    story_id: int | None  # None: start a new story
    score: float
    merge_story_ids: list[int] = field(default_factory=list)
    best: Match | None = None  # the closest earlier article in the chosen story
    matches: list[Match] = field(default_factory=list)
    # a weak joiner to take out of its story: the new article starts a story with it
    detach: int | None = None


def looks_rewritten(score: float, lead_cos: float, mean_cos: float, cfg: ClusterConfig) -> bool:
    """The rewrite test for a pair: a pair score of at least ``rewrite`` and leads or whole
    texts (their embedding cosines) at least ``rewrite_cos`` alike."""
    return score >= cfg.rewrite and max(lead_cos, mean_cos) >= cfg.rewrite_cos


def time_factor(a: datetime | None, b: datetime | None, cfg: ClusterConfig) -> float:
    """Amount subtracted from a pair score for the gap between two publication dates."""
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86400.0
    if days <= cfg.time_window_days:
        return 0.0
    return cfg.time_penalty * (days - cfg.time_window_days) / cfg.time_decay_days


class OnlineClusterer:
    """Holds the index and the article -> story map; decides, and applies decisions."""

    def __init__(
        self,
        scorer: Scorer,
        config: ClusterConfig | None = None,
        story_scorer: Scorer | None = None,
    ) -> None:
        self.scorer = scorer
        self.story_scorer = story_scorer
        self.profiles: dict[int, StoryProfile] = {}
        self.config = config or ClusterConfig()
        self.index = VectorIndex()
        self.reps: dict[int, ArticleRep] = {}
        self.story_of: dict[int, int] = {}
        self.members: dict[int, set[int]] = {}
        self.stats = TermStats()
        self.postings: dict[int, list[int]] = {}
        self.copies: dict[int, list[int]] = {}  # original -> its duplicates (not indexed)
        self.added_weights: dict[int, np.ndarray] = {}  # article -> its weights when added
        self.weak: set[int] = set()  # weak joiners that may still leave their story

    # --- state -------------------------------------------------------------------------
    def add(
        self,
        article_id: int,
        rep: ArticleRep,
        story_id: int,
        *,
        copy_of: int | None = None,
        weak: bool = False,
    ) -> None:
        """Put an article in a story: a new one, a duplicate (``copy_of`` its original: not
        indexed, moves with it) or, ``weak``, one that joined with a low story score and may
        still leave it (see ``weak_join``)."""
        self.reps[article_id] = rep
        self.stats.add(rep.lex)
        self.story_of[article_id] = story_id
        self.members.setdefault(story_id, set()).add(article_id)
        # the TF-IDF weights as they stand now: what the article adds to its story's centroid,
        # and what a move takes out again (a process that loads the stored stories later adds
        # each article with the weights of its own turn, and ends with the same sums)
        weights = self.stats.weights(rep.lex).astype(np.float32)
        self.added_weights[article_id] = weights
        self.profiles.setdefault(story_id, StoryProfile()).add(rep.mean, rep.lex.term_ids, weights)
        if copy_of is not None:
            self.copies.setdefault(copy_of, []).append(article_id)
            return
        if weak:
            self.weak.add(article_id)
        self.index.add(article_id, rep.mean)
        cap = self.config.block_cap
        for t in rep.lex.term_ids.tolist():
            plist = self.postings.setdefault(t, [])
            if len(plist) < cap:
                plist.append(article_id)

    def merge(self, loser: int, survivor: int) -> None:
        moved = self.members.pop(loser, set())
        for aid in moved:
            self.story_of[aid] = survivor
        self.members.setdefault(survivor, set()).update(moved)
        gone = self.profiles.pop(loser, None)
        if gone is not None:
            self.profiles.setdefault(survivor, StoryProfile()).absorb(gone)

    def joined_weakly(self, story_score: float | None) -> bool:
        """Is an article placed with this story score a weak joiner (see ``weak_join``)? Who
        opened a story scores 1.0 (None in the in-memory replay)."""
        return story_score is not None and story_score < self.config.weak_join

    def with_copies(self, article_id: int) -> list[int]:
        """An original and the duplicates that move with it."""
        return [article_id, *self.copies.get(article_id, [])]

    def detach(self, article_id: int, story_id: int) -> int:
        """Move a weak joiner and its duplicates out of their story into ``story_id`` (a new
        one, or the story another process's new one became); what they added to the old
        story's centroids moves with them. Returns the old story's id."""
        old = self.story_of[article_id]
        moved = self.with_copies(article_id)
        left = self.members[old]
        left.difference_update(moved)
        self.members.setdefault(story_id, set()).update(moved)
        source = self.profiles[old]
        target = self.profiles.setdefault(story_id, StoryProfile())
        for aid in moved:
            self.story_of[aid] = story_id
            rep, weights = self.reps[aid], self.added_weights[aid]
            source.remove(rep.mean, rep.lex.term_ids, weights)
            target.add(rep.mean, rep.lex.term_ids, weights)
        if not left:
            del self.members[old]
            del self.profiles[old]
        self.weak.discard(article_id)
        return old

    # --- decisions ---------------------------------------------------------------------
    def candidates(self, rep: ArticleRep) -> list[Match]:
        """Scored earlier articles near ``rep``, best first."""
        found = self.index.search(rep.mean, self.config.neighbours)
        found = [(aid, cos) for aid, cos in found if aid in self.story_of]
        found += [
            (aid, float(rep.mean @ self.reps[aid].mean))
            for aid in self._lexical_block(rep, {aid for aid, _ in found})
        ]
        if not found:
            return []
        feats = np.stack([pair_features(rep, self.reps[aid], self.stats) for aid, _ in found])
        scores = self.scorer(feats)
        matches = []
        for (aid, cos), score in zip(found, scores, strict=True):
            s = float(score) - time_factor(rep.published, self.reps[aid].published, self.config)
            matches.append(Match(aid, self.story_of[aid], s, cos))
        matches.sort(key=lambda m: m.score, reverse=True)
        return matches

    def _lexical_block(self, rep: ArticleRep, exclude: set[int]) -> list[int]:
        cfg = self.config
        ids = rep.lex.term_ids
        if not cfg.block_terms or not len(ids) or not self.postings:
            return []
        weights = self.stats.weights(rep.lex)
        hits: dict[int, float] = {}
        for k in np.argsort(-weights)[: cfg.block_terms].tolist():
            plist = self.postings.get(int(ids[k]))
            if not plist or len(plist) >= cfg.block_cap:  # too common to block on
                continue
            w = float(weights[k])
            for aid in plist:
                if aid not in exclude:
                    hits[aid] = hits.get(aid, 0.0) + w
        best = sorted(hits, key=lambda a: (-hits[a], a))[: cfg.block_extra]
        return [a for a in best if a in self.story_of]

    def story_candidates(
        self, rep: ArticleRep, matches: list[Match]
    ) -> list[tuple[int, list[Match], np.ndarray]]:
        """``(story_id, its matches best first, story features)`` per candidate story."""
        by_story: dict[int, list[Match]] = {}
        for m in matches:  # best first
            by_story.setdefault(m.story_id, []).append(m)
        weights = self.stats.weights(rep.lex)
        out = []
        for story_id, group in by_story.items():
            profile = self.profiles.get(story_id) or StoryProfile()
            feats = story_features(
                rep, weights, profile, [m.score for m in group], self.config.support
            )
            out.append((story_id, group, feats))
        return out

    def decide(self, rep: ArticleRep) -> Decision:
        matches = self.candidates(rep)
        cands = self.story_candidates(rep, matches)
        if self.story_scorer is not None and cands:
            story_scores = self.story_scorer(np.stack([f for _, _, f in cands]))
        else:
            # no story model: the best link, tempered by the next best ones
            w = self.config.support_weight
            story_scores = np.array([(1 - w) * f[0] + w * f[1] for _, _, f in cands])
        ranked: list[tuple[float, Match]] = []
        strong: set[int] = set()
        for (story_id, group, _), score in zip(cands, story_scores, strict=True):
            if sum(1 for m in group if m.score >= self.config.merge) >= self.config.merge_links:
                strong.add(story_id)
            if score >= self.config.merge_story:
                strong.add(story_id)
            ranked.append((float(score), group[0]))
        ranked.sort(key=lambda t: t[0], reverse=True)
        top = ranked[0][1].story_id if ranked and ranked[0][0] >= self.config.join else None
        detach = self._detachable(matches)
        # the weak joiner leaves its story with the new article, unless that article joins
        # another story outright
        if detach is not None and top in (None, detach.story_id):
            return Decision(
                None, detach.score, best=detach, matches=matches, detach=detach.article_id
            )
        if top is None:
            return Decision(None, ranked[0][0] if ranked else 0.0, matches=matches)
        score, top_match = ranked[0]
        merges = self._mergeable(top_match.story_id, [m.story_id for _, m in ranked[1:]], strong)
        return Decision(top_match.story_id, score, merges, top_match, matches)

    def _detachable(self, matches: list[Match]) -> Match | None:
        """The closest link, when it is a weak joiner that the new article matches better than
        any other member of the joiner's story does (see ``weak_join``)."""
        if not matches:
            return None
        best = matches[0]
        if best.article_id not in self.weak or best.score < self.config.detach_link:
            return None
        for m in matches[1:]:
            if m.story_id == best.story_id and m.score >= self.config.detach_other:
                return None
        return best

    def story_size(self, story_id: int) -> int:
        """Articles placed in the story so far (duplicates included)."""
        profile = self.profiles.get(story_id)
        return profile.count if profile is not None else 0

    def survivor_and_loser(self, a: int, b: int) -> tuple[int, int]:
        """Of two stories being merged, the one that lives on (the larger, then the older:
        the lower id) and the one merged into it."""
        first, second = sorted((a, b), key=lambda s: (-self.story_size(s), s))
        return first, second

    def _mergeable(self, story_id: int, others: list[int], strong: set[int]) -> list[int]:
        """The ``strong`` stories among ``others`` (best first) that may merge with ``story_id``:
        while the merged story grows, each must be a fragment or merge into one."""
        size = self.story_size(story_id)
        out = []
        for other in others:
            if other not in strong:
                continue
            other_size = self.story_size(other)
            if min(size, other_size) <= self.config.merge_fragment:
                out.append(other)
                size += other_size
        return out

    def is_rewrite(self, rep: ArticleRep, match: Match) -> bool:
        other = self.reps[match.article_id]
        lead_cos, mean_cos = float(rep.lead @ other.lead), float(rep.mean @ other.mean)
        return looks_rewritten(match.score, lead_cos, mean_cos, self.config)
