"""The story engine: dedup, rewrite detection and online story clustering of new articles.

Two steps, so that writers on one database hold the story lock only for what needs it:

- ``prepare()`` does the work that depends on no other article (the two embeddings, the
  lexical signals, the MinHash signature). It touches no shared state: call it before taking
  the story lock, from any thread.
- ``place()`` takes freshly stored (flushed) articles in arrival order, with what ``prepare()``
  made for them (or prepares them itself), and, in the caller's session: fills
  ``minhash``/``embedding``; marks URL / exact / near duplicates of an earlier version; links
  paraphrased or translated copies with ``rewrite_of``; puts every article in a story
  (joining, starting or merging stories) and refreshes the touched stories.

In-process state (ANN index, LSH index, article signals) is built from the database on first
use and caught up with rows other processes added, so a new process continuing a database
decides as the old one would. ``catch_up()`` does most of that before the lock; ``place()``
then reads only what was committed since. A rolled-back session marks the state stale: it is
rebuilt. State changes are serialised by a thread lock, so one engine may serve several threads.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import and_, case, event, func, select, update
from sqlalchemy.orm import Session, aliased

from newssearcher.config import Settings
from newssearcher.dedup import near
from newssearcher.store import Database
from newssearcher.store.article_order import time_order, time_order_sql
from newssearcher.store.models import Article, ArticleMove, Story, StoryMerge
from newssearcher.stories.cluster import ClusterConfig, Match, OnlineClusterer
from newssearcher.stories.features import ArticleRep, build_reps
from newssearcher.stories.model import default_model, default_story_model
from newssearcher.stories.resolve import resolve_story_id
from newssearcher.stories.text import lexical_signals

log = logging.getLogger(__name__)

TITLE_CHARS = 120


@dataclass
class PlaceResult:
    touched_story_ids: set[int] = field(default_factory=set)
    new_story_ids: set[int] = field(default_factory=set)
    merged: dict[int, int] = field(default_factory=dict)  # loser -> survivor
    # weak joiners taken out of their story into a new one: article id -> the story it left
    detached: dict[int, int] = field(default_factory=dict)
    duplicates: int = 0
    rewrites: int = 0


class ArticleText(NamedTuple):
    """The fields of one article that :meth:`StoryEngine.prepare` reads."""

    title: str | None
    text: str
    published: datetime | None
    lang: str | None


@dataclass(slots=True)
class PreparedArticle:
    """What placing one article needs that depends on no other article."""

    rep: ArticleRep
    minhash: near.MinHash


@dataclass
class _PlacedKeys:
    """Smallest id of a placed article per canonical URL and per content hash: the stored ones
    (read once per batch) and those of the batch placed so far."""

    by_url: dict[str, int] = field(default_factory=dict)
    by_hash: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _keep(table: dict[str, int], key: str | None, article_id: int) -> None:
        if key and (key not in table or article_id < table[key]):
            table[key] = article_id

    def add(self, url: str | None, content_hash: str | None, article_id: int) -> None:
        self._keep(self.by_url, url, article_id)
        self._keep(self.by_hash, content_hash, article_id)


@dataclass(slots=True)
class _StoryFigures:
    articles: int
    outlets: int
    first_at: datetime | None
    last_at: datetime | None
    first: Article | None


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
        self._lock = threading.RLock()
        self._reset()

    # --- state ---------------------------------------------------------------------------
    def _reset(self) -> None:
        self.clusterer = OnlineClusterer(default_model(), self.config, default_story_model())
        self.near_index = near.NearDuplicateIndex()
        self.time_keys: dict[int, tuple[float, int]] = {}  # article id -> time_order()
        self._watermark = 0
        self._merge_watermark = 0
        self._move_watermark = 0
        self._stale = False

    def _mark_stale(self, *_args: object) -> None:
        self._stale = True

    def _watch(self, session: Session) -> None:
        # by listener, not by id(session): a new session may reuse a freed one's id
        if not event.contains(session, "after_rollback", self._mark_stale):
            event.listen(session, "after_rollback", self._mark_stale)

    def catch_up(self, session: Session) -> None:
        """Load what other processes committed since the last call (before the story lock, so
        that ``place()`` under it only reads the few rows committed in between)."""
        with self._lock:
            t0 = time.perf_counter()
            self._catch_up(session, set())
            self.timings["catch_up"] += time.perf_counter() - t0

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
                Article.story_score,
                Article.published_at,
                Article.ingested_at,
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
            lead, body, headline = ArticleRep.vectors_from_bytes(row.embedding)
            lex = lexical_signals(row.title, row.text)
            rep = ArticleRep(lead, body, lex, row.published_at, row.lang, headline)
            self.time_keys[row.id] = time_order(row)
            self.clusterer.add(
                row.id,
                rep,
                story_id,
                copy_of=row.duplicate_of,
                weak=self.clusterer.joined_weakly(row.story_score),
            )
            if row.duplicate_of is None and row.minhash:
                self.near_index.add(row.id, near.from_bytes(row.minhash))
        self._catch_up_merges(session)
        self._catch_up_moves(session)

    def _catch_up_merges(self, session: Session) -> None:
        """Apply merges other processes recorded since the last call, so that this index never
        places an article into a story that no longer exists (own merges are already applied:
        their loser is no longer a story here)."""
        merges = session.execute(
            select(StoryMerge.id, StoryMerge.from_id)
            .where(StoryMerge.id > self._merge_watermark)
            .order_by(StoryMerge.id)
        ).all()
        for merge_id, loser in merges:
            self._merge_watermark = max(self._merge_watermark, merge_id)
            if loser not in self.clusterer.members:
                continue
            survivor = resolve_story_id(session, loser)
            if survivor is not None and survivor != loser:
                self.clusterer.merge(loser, survivor)

    def _catch_up_moves(self, session: Session) -> None:
        """Apply the moves of weak joiners other processes recorded since the last call, after
        the merges (a move's new story may have been merged since; own moves are already
        applied: the article is in its new story here)."""
        moves = session.execute(
            select(ArticleMove.id, ArticleMove.article_id, ArticleMove.to_story_id)
            .where(ArticleMove.id > self._move_watermark)
            .order_by(ArticleMove.id)
        ).all()
        for move_id, article_id, to_story_id in moves:
            self._move_watermark = max(self._move_watermark, move_id)
            current = self.clusterer.story_of.get(article_id)
            if current is None:
                continue  # not known here: when it is loaded, it is read in its new story
            target = resolve_story_id(session, to_story_id)
            if target is not None and current != target:
                self.clusterer.detach(article_id, target)

    # --- the pipeline steps --------------------------------------------------------------
    def prepare(self, items: Sequence[ArticleText]) -> list[PreparedArticle]:
        """Embeddings, lexical signals and MinHash of each article, in one batch, in order.

        Reads no engine state: run it before the story lock (the embedding model serialises
        its own calls within a process)."""
        if not items:
            return []
        t0 = time.perf_counter()
        reps = build_reps(
            [(it.title, it.text) for it in items],
            [it.published for it in items],
            [it.lang for it in items],
        )
        t1 = time.perf_counter()
        hashes = [near.minhash(it.text) for it in items]
        self.timings["embedding"] += t1 - t0
        self.timings["dedup"] += time.perf_counter() - t1
        return [PreparedArticle(r, h) for r, h in zip(reps, hashes, strict=True)]

    def place(
        self,
        session: Session,
        articles: list[Article],
        prepared: Sequence[PreparedArticle | None] | None = None,
    ) -> PlaceResult:
        """Place ``articles`` (stored, flushed, in arrival order) into stories.

        ``prepared[i]`` is ``prepare()``'s output for ``articles[i]`` (made from the same title,
        text, publication time and language); the articles without one are prepared here."""
        result = PlaceResult()
        if not articles:
            return result
        ready = list(prepared) if prepared is not None else [None] * len(articles)
        if len(ready) != len(articles):
            raise ValueError("prepared must match articles one to one")
        missing = [i for i, p in enumerate(ready) if p is None]
        if missing:
            made = self.prepare(
                [
                    ArticleText(a.title, a.text, a.published_at, a.lang)
                    for a in (articles[i] for i in missing)
                ]
            )
            for i, p in zip(missing, made, strict=True):
                ready[i] = p
        with self._lock:
            return self._place_all(session, articles, ready, result)

    def _place_all(
        self,
        session: Session,
        articles: list[Article],
        ready: list[PreparedArticle | None],
        result: PlaceResult,
    ) -> PlaceResult:
        self._watch(session)
        batch_ids = {a.id for a in articles}
        t0 = time.perf_counter()
        self._catch_up(session, batch_ids)
        placed = self._placed_keys(session, articles, batch_ids)
        self.timings["db"] += time.perf_counter() - t0
        for article, prep in zip(articles, ready, strict=True):
            assert prep is not None
            self._place_one(session, article, prep, result, placed)
            if article.story_id is not None:
                placed.add(article.canonical_url, article.content_hash, article.id)
            self._watermark = max(self._watermark, article.id)
        t2 = time.perf_counter()
        session.flush()
        # load the touched stories in one query; resolving then reads the identity map
        session.scalars(select(Story).where(Story.id.in_(result.touched_story_ids))).all()
        for story_id in list(result.touched_story_ids):
            live = resolve_story_id(session, story_id)
            result.touched_story_ids.discard(story_id)
            if live is not None:
                result.touched_story_ids.add(live)
        # stories that absorbed another, or lost or gained a detached article, are counted anew
        recount = {resolve_story_id(session, s) for s in result.merged.values()}
        for article_id, old in result.detached.items():
            recount.add(resolve_story_id(session, old))
            recount.add(self.clusterer.story_of.get(article_id))
        self._refresh_stories(session, result.touched_story_ids, articles, recount)
        session.flush()
        self.timings["db"] += time.perf_counter() - t2
        return result

    @staticmethod
    def _placed_keys(session: Session, articles: list[Article], batch_ids: set[int]) -> _PlacedKeys:
        """The earliest placed article per URL / content hash of the batch, in two queries."""
        keys = _PlacedKeys()
        urls = {a.canonical_url for a in articles if a.canonical_url}
        hashes = {a.content_hash for a in articles if a.content_hash}
        for column, wanted, table in (
            (Article.canonical_url, urls, keys.by_url),
            (Article.content_hash, hashes, keys.by_hash),
        ):
            if not wanted:
                continue
            rows = session.execute(
                select(column, func.min(Article.id))
                .where(
                    column.in_(wanted),
                    Article.story_id.is_not(None),
                    Article.id.not_in(batch_ids),
                )
                .group_by(column)
            )
            for key, article_id in rows:
                table[key] = int(article_id)
        return keys

    def _place_one(
        self,
        session: Session,
        article: Article,
        prep: PreparedArticle,
        result: PlaceResult,
        placed: _PlacedKeys,
    ) -> None:
        t0 = time.perf_counter()
        rep, mh = prep.rep, prep.minhash
        article.minhash = near.to_bytes(mh)
        article.embedding = rep.vectors_bytes()
        self.time_keys[article.id] = time_order(article)

        dup = self._find_duplicate(session, article, mh, placed)
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
                self.clusterer.add(article.id, rep, story_id, copy_of=original_id)
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
            if decision.detach is not None:
                self._detach(session, decision.detach, story_id, decision.score, result)
        else:
            story_id = decision.story_id
            article.story_score = round(float(decision.score), 4)
            for other in decision.merge_story_ids:
                story_id = self._merge(session, other, story_id, decision.score, result)
        self._mark_rewrite(session, article, rep, decision.matches, story_id, result)
        article.story_id = story_id
        self.clusterer.add(
            article.id, rep, story_id, weak=self.clusterer.joined_weakly(article.story_score)
        )
        self.near_index.add(article.id, mh)
        result.touched_story_ids.add(story_id)

    def _find_duplicate(
        self, session: Session, article: Article, mh: near.MinHash, placed: _PlacedKeys
    ) -> tuple[int, str] | None:
        """The first version of a URL, exact or near duplicate among placed articles."""
        if article.canonical_url:
            found = placed.by_url.get(article.canonical_url)
            if found is not None:
                return self._root(session, found), "url"
        found = placed.by_hash.get(article.content_hash)
        if found is not None:
            return self._root(session, found), "exact"
        hits = self.near_index.query(mh)
        if hits:
            earliest = min(
                (key for key, _ in hits), key=lambda k: self.time_keys.get(k, (math.inf, k))
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
        matches: list[Match],
        story_id: int,
        result: PlaceResult,
    ) -> None:
        """Paraphrased/translated copy of an earlier article of its story ``story_id``?"""
        same = [
            m
            for m in matches
            if self.clusterer.story_of.get(m.article_id) == story_id
            and self.clusterer.is_rewrite(rep, m)
        ]
        if not same:
            return
        best = max(same, key=lambda m: m.score)
        # a stored row is read as committed; the batch's own rows are in the identity map, so
        # nothing needs flushing first (the batch's updates go out together at the end)
        with session.no_autoflush:
            other = session.get(Article, best.article_id)
        if other is None:
            return
        if time_order(article) < time_order(other):
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

    def _detach(
        self, session: Session, article_id: int, story_id: int, score: float, result: PlaceResult
    ) -> None:
        """Take the weak joiner ``article_id`` and its duplicates out of their story into the new
        story ``story_id`` (see ``ClusterConfig.weak_join``); the move is recorded, and rewrite
        links that now cross the two stories are dropped."""
        old = self.clusterer.detach(article_id, story_id)
        moved = self.clusterer.with_copies(article_id)
        # (rare: the autoflush of the batch so far is what lets these queries see its links)
        rows = session.scalars(select(Article).where(Article.id.in_(moved))).all()
        crossing = session.scalars(
            select(Article).where(Article.story_id == old, Article.rewrite_of.in_(moved))
        ).all()
        for row in crossing:
            if row.id not in moved:
                row.rewrite_of = row.rewrite_score = None
        for row in rows:
            row.story_id = story_id
            if row.rewrite_of is not None and row.rewrite_of not in moved:
                row.rewrite_of = row.rewrite_score = None
            if row.id == article_id:
                row.story_score = 1.0  # it opens the new story with the article that took it
        session.add(
            ArticleMove(
                article_id=article_id,
                from_story_id=old,
                to_story_id=story_id,
                score=round(float(score), 4),
            )
        )
        result.detached[article_id] = old
        result.touched_story_ids.add(old)
        log.info("moved article %s from story %s to new story %s", article_id, old, story_id)

    def _merge(self, session: Session, a: int, b: int, score: float, result: PlaceResult) -> int:
        """Merge stories ``a`` and ``b``; returns the survivor (the larger, then the older)."""
        a_live, b_live = resolve_story_id(session, a), resolve_story_id(session, b)
        if a_live is None or b_live is None or a_live == b_live:
            return b_live or a_live or b

        survivor, loser = self.clusterer.survivor_and_loser(a_live, b_live)
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

    def _refresh_stories(
        self,
        session: Session,
        story_ids: set[int],
        batch: list[Article],
        recount: set[int | None],
    ) -> None:
        """Counts, dates, first article, title and centroid of each touched story.

        A story that only gained articles is updated from its stored figures and the batch's new
        members: a few indexed reads, whatever the story's size. A story that absorbed another
        (``recount``) is counted again over all its members."""
        if not story_ids:
            return
        stories = session.scalars(
            select(Story)
            .where(Story.id.in_(story_ids))
            # the stored figures as committed by the last holder of the story lock
            .execution_options(populate_existing=True)
        ).all()
        full = [s for s in stories if s.id in recount]
        grown = [s for s in stories if s.id not in recount]
        figures = self._count_stories(session, {s.id for s in full})
        figures.update(self._grow_stories(session, grown, batch))
        now = datetime.now(UTC)
        for story in stories:
            fig = figures[story.id]
            story.article_count = fig.articles
            story.outlet_count = fig.outlets
            story.first_published_at = fig.first_at
            story.last_published_at = fig.last_at
            first = fig.first
            if first is not None and (story.first_article_id != first.id or story.title is None):
                story.first_article_id = first.id
                story.title = _fallback_title(first)
                story.title_lang = first.lang
            # the clusterer keeps the running sum of the members' vectors: no pass over them
            profile = self.clusterer.profiles.get(story.id)
            centroid = profile.unit_centroid() if profile is not None else None
            if centroid is not None:
                story.centroid = centroid.tobytes()
            story.updated_at = now
            story.version = (story.version or 0) + 1

    @staticmethod
    def _grow_stories(
        session: Session, stories: Sequence[Story], batch: list[Article]
    ) -> dict[int, _StoryFigures]:
        """The figures of stories whose only change is the batch's new members."""
        if not stories:
            return {}
        members: dict[int, list[Article]] = defaultdict(list)
        for article in batch:
            if article.story_id is not None:
                members[article.story_id].append(article)
        batch_outlets = {a.outlet for a in batch if a.outlet}
        known_outlets: set[tuple[int, str]] = set()
        if batch_outlets:
            known_outlets = {
                (sid, outlet)
                for sid, outlet in session.execute(
                    select(Article.story_id, Article.outlet)
                    .where(
                        Article.story_id.in_([s.id for s in stories]),
                        Article.outlet.in_(batch_outlets),
                        Article.id.not_in([a.id for a in batch]),
                    )
                    .distinct()
                )
            }
        figures: dict[int, _StoryFigures] = {}
        for story in stories:
            new = members.get(story.id, [])
            dates = [d for d in (a.published_at for a in new) if d is not None]
            first_at = min(filter(None, [story.first_published_at, *dates]), default=None)
            last_at = max(filter(None, [story.last_published_at, *dates]), default=None)
            candidates = [a for a in new if a.duplicate_of is None]
            if story.first_article_id is not None:
                with session.no_autoflush:
                    current = session.get(Article, story.first_article_id)
                if current is not None:
                    candidates.append(current)
            # a rewrite points at an earlier article of its story: never the first report
            # (the current first turns into one when an earlier source arrives in the batch)
            first = min(
                [a for a in candidates if a.rewrite_of is None] or candidates,
                key=time_order,
                default=None,
            )
            outlets = {a.outlet for a in new if a.outlet} - {
                o for sid, o in known_outlets if sid == story.id
            }
            figures[story.id] = _StoryFigures(
                articles=(story.article_count or 0) + len(new),
                outlets=(story.outlet_count or 0) + len(outlets),
                first_at=first_at,
                last_at=last_at,
                first=first,
            )
        return figures

    @staticmethod
    def _count_stories(session: Session, story_ids: set[int]) -> dict[int, _StoryFigures]:
        """The figures of stories counted over all their members, in two queries."""
        if not story_ids:
            return {}
        aggs = {
            row[0]: row[1:]
            for row in session.execute(
                select(
                    Article.story_id,
                    func.count(Article.id),
                    func.count(func.distinct(Article.outlet)),
                    func.min(Article.published_at),
                    func.max(Article.published_at),
                )
                .where(Article.story_id.in_(story_ids))
                .group_by(Article.story_id)
            )
        }
        # the first report: the oldest original, else the oldest copy (summary's first_report)
        source = aliased(Article)
        copy = case((source.id.is_(None), 0), else_=1)
        ranked = (
            select(
                Article.id.label("id"),
                func.row_number()
                .over(partition_by=Article.story_id, order_by=(copy, *time_order_sql()))
                .label("rank"),
            )
            .outerjoin(
                source,
                and_(
                    source.id == Article.rewrite_of,
                    source.story_id == Article.story_id,
                    source.duplicate_of.is_(None),
                ),
            )
            .where(Article.story_id.in_(story_ids), Article.duplicate_of.is_(None))
            .subquery()
        )
        firsts = {
            a.story_id: a
            for a in session.scalars(
                select(Article).join(ranked, Article.id == ranked.c.id).where(ranked.c.rank == 1)
            )
        }
        figures: dict[int, _StoryFigures] = {}
        for story_id in story_ids:
            count, outlets, first_at, last_at = aggs.get(story_id, (0, 0, None, None))
            figures[story_id] = _StoryFigures(
                int(count), int(outlets), first_at, last_at, firsts.get(story_id)
            )
        return figures
