"""The story engine: dedup, rewrite detection and online story clustering of new articles.

``place()`` takes freshly stored (flushed) articles in arrival order and, in the caller's
session: fills ``minhash``/``embedding``; marks URL / exact / near duplicates of an earlier
version; links paraphrased or translated copies with ``rewrite_of``; puts every article in a
story (joining, starting or merging stories) and refreshes the touched stories.

In-process state (ANN index, LSH index, article signals) is built from the database on first
use and caught up with rows other processes added, so a new process continuing a database
decides as the old one would. A rolled-back session marks the state stale: it is rebuilt.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from newssearcher.config import Settings
from newssearcher.dedup import near
from newssearcher.store import Database
from newssearcher.store.models import Article, Story, StoryMerge
from newssearcher.stories.cluster import ClusterConfig, Decision, OnlineClusterer
from newssearcher.stories.embedding import DIM
from newssearcher.stories.features import ArticleRep, build_reps
from newssearcher.stories.model import default_model, default_story_model
from newssearcher.stories.resolve import resolve_story_id
from newssearcher.stories.text import lexical_signals

log = logging.getLogger(__name__)

TITLE_CHARS = 120
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class PlaceResult:
    touched_story_ids: set[int] = field(default_factory=set)
    new_story_ids: set[int] = field(default_factory=set)
    merged: dict[int, int] = field(default_factory=dict)  # loser -> survivor
    duplicates: int = 0
    rewrites: int = 0


def _order_key(published: datetime | None, article_id: int) -> tuple[datetime, int]:
    """Earliest version first: by publication date when known, then by arrival (id)."""
    return (published or datetime.max.replace(tzinfo=UTC), article_id)


def _encode_embedding(rep: ArticleRep) -> bytes:
    return np.concatenate([rep.lead, rep.body]).astype(np.float32).tobytes()


def _decode_embedding(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    vec = np.frombuffer(blob, dtype=np.float32)
    return vec[:DIM].copy(), vec[DIM : 2 * DIM].copy()


def _fallback_title(article: Article) -> str:
    if article.title and article.title.strip():
        return article.title.strip()
    text = " ".join(article.text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text.rfind(" ", 0, TITLE_CHARS)
    return text[: cut if cut > 40 else TITLE_CHARS] + "…"


class StoryEngine:
    def __init__(
        self, db: Database, settings: Settings, config: ClusterConfig | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.config = config or ClusterConfig()
        # seconds spent per stage since this engine started (for benchmarks)
        self.timings: dict[str, float] = defaultdict(float)
        self._reset()

    # --- state ---------------------------------------------------------------------------
    def _reset(self) -> None:
        self.clusterer = OnlineClusterer(default_model(), self.config, default_story_model())
        self.near_index = near.NearDuplicateIndex()
        self.published: dict[int, datetime | None] = {}
        self._watermark = 0
        self._stale = False
        self._watched: set[int] = set()

    def _watch(self, session: Session) -> None:
        if id(session) in self._watched:
            return
        self._watched.add(id(session))

        def _stale(*_args: object) -> None:
            self._stale = True

        event.listen(session, "after_rollback", _stale)

    def _catch_up(self, session: Session, exclude: set[int]) -> None:
        """Load stored, already placed articles this process has not seen yet."""
        if self._stale:
            self._reset()
        rows = session.execute(
            select(
                Article.id,
                Article.title,
                Article.text,
                Article.embedding,
                Article.minhash,
                Article.story_id,
                Article.duplicate_of,
                Article.published_at,
                Article.lang,
            )
            .where(Article.id > self._watermark, Article.embedding.is_not(None))
            .where(Article.story_id.is_not(None))
            .order_by(Article.id)
        ).all()
        story_cache: dict[int, int | None] = {}
        for row in rows:
            if row.id in exclude:
                continue
            self._watermark = max(self._watermark, row.id)
            if row.story_id not in story_cache:
                story_cache[row.story_id] = resolve_story_id(session, row.story_id)
            story_id = story_cache[row.story_id]
            if story_id is None:
                continue
            lead, body = _decode_embedding(row.embedding)
            rep = ArticleRep(lead, body, lexical_signals(row.title, row.text), row.published_at)
            rep.lang = row.lang
            self.published[row.id] = row.published_at
            self.clusterer.add(row.id, rep, story_id, indexed=row.duplicate_of is None)
            if row.duplicate_of is None and row.minhash:
                self.near_index.add(row.id, near.from_bytes(row.minhash))

    # --- the pipeline step ---------------------------------------------------------------
    def place(self, session: Session, articles: list[Article]) -> PlaceResult:
        result = PlaceResult()
        if not articles:
            return result
        self._watch(session)
        batch_ids = {a.id for a in articles}
        t0 = time.perf_counter()
        self._catch_up(session, batch_ids)
        t1 = time.perf_counter()
        self.timings["db"] += t1 - t0
        reps = build_reps(
            [(a.title, a.text) for a in articles],
            [a.published_at for a in articles],
            [a.lang for a in articles],
        )
        self.timings["embedding"] += time.perf_counter() - t1
        for article, rep in zip(articles, reps, strict=True):
            self._place_one(session, article, rep, result)
            self._watermark = max(self._watermark, article.id)
        t2 = time.perf_counter()
        session.flush()
        for story_id in list(result.touched_story_ids):
            live = resolve_story_id(session, story_id)
            result.touched_story_ids.discard(story_id)
            if live is not None:
                result.touched_story_ids.add(live)
        for story_id in result.touched_story_ids:
            self._refresh_story(session, story_id)
        session.flush()
        self.timings["db"] += time.perf_counter() - t2
        return result

    def _place_one(
        self, session: Session, article: Article, rep: ArticleRep, result: PlaceResult
    ) -> None:
        t0 = time.perf_counter()
        mh = near.minhash(article.text)
        article.minhash = near.to_bytes(mh)
        article.embedding = _encode_embedding(rep)
        self.published[article.id] = article.published_at

        dup = self._find_duplicate(session, article, mh)
        t1 = time.perf_counter()
        self.timings["dedup"] += t1 - t0
        if dup is not None:
            original_id, kind = dup
            original = session.get(Article, original_id)
            article.duplicate_of = original_id
            article.duplicate_kind = kind
            story_id = self.clusterer.story_of.get(original_id) or (
                original.story_id if original else None
            )
            if story_id is not None:
                story_id = resolve_story_id(session, story_id)
            if story_id is not None:
                article.story_id = story_id
                article.story_score = 1.0
                self.clusterer.add(article.id, rep, story_id, indexed=False)
                result.touched_story_ids.add(story_id)
                result.duplicates += 1
                return
            # the original was never placed (should not happen): treat as new content
            article.duplicate_of = None
            article.duplicate_kind = None

        decision = self.clusterer.decide(rep)
        self.timings["clustering"] += time.perf_counter() - t1
        if decision.story_id is None:
            story = Story(title=_fallback_title(article), title_lang=article.lang, version=0)
            session.add(story)
            session.flush()
            story_id = story.id
            result.new_story_ids.add(story_id)
            article.story_score = 1.0
        else:
            story_id = decision.story_id
            article.story_score = round(float(decision.score), 4)
            for other in decision.merge_story_ids:
                story_id = self._merge(session, other, story_id, decision.score, result)
            self._mark_rewrite(session, article, rep, decision, result)
        article.story_id = story_id
        self.clusterer.add(article.id, rep, story_id)
        self.near_index.add(article.id, mh)
        result.touched_story_ids.add(story_id)

    def _find_duplicate(
        self, session: Session, article: Article, mh: near.MinHash
    ) -> tuple[int, str] | None:
        if article.canonical_url:
            found = session.scalars(
                select(Article.id)
                .where(
                    Article.canonical_url == article.canonical_url,
                    Article.id != article.id,
                    Article.story_id.is_not(None),
                )
                .order_by(Article.id)
                .limit(1)
            ).first()
            if found is not None:
                return self._root(session, found), "url"
        found = session.scalars(
            select(Article.id)
            .where(
                Article.content_hash == article.content_hash,
                Article.id != article.id,
                Article.story_id.is_not(None),
            )
            .order_by(Article.id)
            .limit(1)
        ).first()
        if found is not None:
            return self._root(session, found), "exact"
        hits = self.near_index.query(mh)
        if hits:
            earliest = min(
                (key for key, _ in hits), key=lambda k: _order_key(self.published.get(k), k)
            )
            return self._root(session, earliest), "near"
        return None

    @staticmethod
    def _root(session: Session, article_id: int) -> int:
        """Follow duplicate_of to the first stored version."""
        current = article_id
        for _ in range(32):
            nxt = session.scalar(select(Article.duplicate_of).where(Article.id == current))
            if nxt is None:
                return current
            current = nxt
        return current

    def _mark_rewrite(
        self,
        session: Session,
        article: Article,
        rep: ArticleRep,
        decision: Decision,
        result: PlaceResult,
    ) -> None:
        """Paraphrased/translated copy of an earlier article of the same story?"""
        same = [
            m
            for m in decision.matches
            if self.clusterer.story_of.get(m.article_id) == decision.story_id
            and self.clusterer.is_rewrite(rep, m)
        ]
        if not same:
            return
        best = max(same, key=lambda m: m.score)
        other = session.get(Article, best.article_id)
        if other is None:
            return
        if _order_key(article.published_at, article.id) < _order_key(other.published_at, other.id):
            # the stored one was published later: it is the copy
            if other.rewrite_of is None:
                other.rewrite_of = article.id
                other.rewrite_score = round(best.score, 4)
                result.rewrites += 1
            return
        source = other.rewrite_of if other.rewrite_of is not None else other.id
        article.rewrite_of = source
        article.rewrite_score = round(best.score, 4)
        result.rewrites += 1

    def _merge(self, session: Session, a: int, b: int, score: float, result: PlaceResult) -> int:
        """Merge stories ``a`` and ``b``; returns the survivor (the larger, then the older)."""
        a_live, b_live = resolve_story_id(session, a), resolve_story_id(session, b)
        if a_live is None or b_live is None or a_live == b_live:
            return b_live or a_live or b

        def size(sid: int) -> int:
            return len(self.clusterer.members.get(sid, ()))

        survivor, loser = sorted((a_live, b_live), key=lambda s: (-size(s), s))
        session.execute(update(Article).where(Article.story_id == loser).values(story_id=survivor))
        loser_row = session.get(Story, loser)
        if loser_row is not None:
            loser_row.merged_into = survivor
            loser_row.version = (loser_row.version or 0) + 1
            loser_row.updated_at = datetime.now(UTC)
        for prev in session.scalars(select(Story).where(Story.merged_into == loser)):
            prev.merged_into = survivor  # keep chains short
        session.add(StoryMerge(from_id=loser, into_id=survivor, score=round(float(score), 4)))
        self.clusterer.merge(loser, survivor)
        result.merged[loser] = survivor
        result.touched_story_ids.discard(loser)
        result.touched_story_ids.add(survivor)
        log.info("merged story %s into %s (score %.3f)", loser, survivor, score)
        return survivor

    def _refresh_story(self, session: Session, story_id: int) -> None:
        story = session.get(Story, story_id)
        if story is None:
            return
        agg = session.execute(
            select(
                func.count(Article.id),
                func.count(func.distinct(Article.outlet)),
                func.min(Article.published_at),
                func.max(Article.published_at),
            ).where(Article.story_id == story_id)
        ).one()
        story.article_count = int(agg[0])
        story.outlet_count = int(agg[1])
        story.first_published_at = agg[2]
        story.last_published_at = agg[3]
        first = session.execute(
            select(Article)
            .where(Article.story_id == story_id, Article.duplicate_of.is_(None))
            .order_by(Article.published_at.is_(None), Article.published_at, Article.id)
            .limit(1)
        ).scalar_one_or_none()
        if first is not None:
            story.first_article_id = first.id
            story.title = _fallback_title(first)
            story.title_lang = first.lang
        members = [
            self.clusterer.reps[a]
            for a in self.clusterer.members.get(story_id, ())
            if a in self.clusterer.reps
        ]
        if members:
            centroid = np.mean([m.mean for m in members], axis=0)
            norm = float(np.linalg.norm(centroid))
            story.centroid = (centroid / norm if norm else centroid).astype(np.float32).tobytes()
        story.updated_at = datetime.now(UTC)
        story.version = (story.version or 0) + 1
