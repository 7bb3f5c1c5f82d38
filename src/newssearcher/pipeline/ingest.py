"""The ingest pipeline: store new articles idempotently, then dedup, cluster and analyse them.

Work is committed batch by batch, so a process killed mid-import loses at most the batch in
flight, and running the same import again stores nothing twice (idempotent by external id and
by canonical URL). Story analysis runs afterwards over every story whose analysis is older than
its last change, so it also catches up after an interrupted run.

On PostgreSQL one writer at a time stores and places a batch (advisory lock
``STORY_LOCK_KEY``). What depends on no other article is done before taking it, in parallel
across workers: canonical URL, content hash, language, embeddings, lexical signals, MinHash
(``StoryEngine.prepare``), and loading what other workers committed into this process's story
index (``StoryEngine.catch_up``). The locked section checks what is already stored, inserts,
and runs candidate search, decisions and writes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.config import Settings
from newssearcher.dedup.fingerprints import canonical_url, content_hash
from newssearcher.extract.language import detect_language
from newssearcher.pipeline.analyse import analyse_pending_stories, tag_new_articles
from newssearcher.records import ArticleInput
from newssearcher.store import Database
from newssearcher.store.models import Article, Source
from newssearcher.stories.engine import ArticleText, PreparedArticle, StoryEngine

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
#: PostgreSQL advisory lock taken while articles are placed into stories
STORY_LOCK_KEY = 0x6E7373746F7279  # "nsstory"


@dataclass
class IngestReport:
    received: int = 0
    stored: int = 0
    already_present: int = 0
    rejected: list[str] = field(default_factory=list)
    stored_ids: list[int] = field(default_factory=list)
    touched_story_ids: set[int] = field(default_factory=set)
    analysed_stories: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "received": self.received,
            "stored": self.stored,
            "already_present": self.already_present,
            "rejected": len(self.rejected),
            "stories_touched": len(self.touched_story_ids),
            "stories_analysed": self.analysed_stories,
        }


@dataclass(slots=True)
class _Staged:
    """One incoming record with what is worked out before the story lock."""

    rec: ArticleInput
    url_key: str | None
    content_hash: str
    lang: str | None = None
    prepared: PreparedArticle | None = None  # set for the records not stored yet


def _stored_keys(session: Session, staged: list[_Staged]) -> tuple[set[str], set[str]]:
    """The external ids and canonical URLs of ``staged`` that are stored already."""
    ext_ids = {st.rec.external_id for st in staged}
    urls = {st.url_key for st in staged if st.url_key}
    seen_ext = set(
        session.scalars(select(Article.external_id).where(Article.external_id.in_(ext_ids)))
    )
    seen_urls = (
        set(session.scalars(select(Article.canonical_url).where(Article.canonical_url.in_(urls))))
        if urls
        else set()
    )
    return seen_ext, seen_urls


def _first_unseen(
    staged: list[_Staged], seen_ext: set[str], seen_urls: set[str]
) -> tuple[list[_Staged], int]:
    """The records neither stored nor repeated earlier in the batch, in order; and how many
    were. Adds the kept ones' keys to ``seen_ext``/``seen_urls``."""
    fresh: list[_Staged] = []
    repeated = 0
    for st in staged:
        if st.rec.external_id in seen_ext or (st.url_key and st.url_key in seen_urls):
            repeated += 1
            continue
        seen_ext.add(st.rec.external_id)
        if st.url_key:
            seen_urls.add(st.url_key)
        fresh.append(st)
    return fresh, repeated


def _language(rec: ArticleInput) -> str | None:
    return rec.lang or detect_language(f"{rec.title or ''}\n{rec.text}")


def _batches(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Ingestor:
    """Runs the pipeline over incoming :class:`ArticleInput` records."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        batch_size: int = 100,
        analyse: bool = True,
        engine: StoryEngine | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.batch_size = batch_size
        self.analyse = analyse
        self.engine = engine or StoryEngine(db, settings)
        self._writer = threading.Lock()

    def ingest(
        self,
        records: Iterable[ArticleInput],
        *,
        source_id: int | None = None,
        progress: Progress | None = None,
        analysis_progress: Progress | None = None,
    ) -> IngestReport:
        report = IngestReport()
        for batch in _batches(records, self.batch_size):
            report.received += len(batch)
            staged = self._prepare(batch)
            # one thread of this process at a time waits for the story lock (holding a database
            # connection); the process's other jobs wait here, holding none
            with self._writer, self.db.session() as session:
                if self.db.is_postgres:
                    # One writer at a time stores and places articles, so two workers never
                    # store one article twice nor open two stories for one event. The lock
                    # ends with this transaction.
                    session.execute(select(func.pg_advisory_xact_lock(STORY_LOCK_KEY)))
                new, prepared = self._store_batch(session, staged, source_id, report)
                if new:
                    placed = self.engine.place(session, new, prepared)
                    report.touched_story_ids |= placed.touched_story_ids
                    if self.analyse:
                        tag_new_articles(session, new)
            if progress:
                progress(len(batch))
        if self.analyse:
            report.analysed_stories = analyse_pending_stories(
                self.db, self.settings, progress=analysis_progress
            ).analysed
        return report

    def _prepare(self, batch: list[ArticleInput]) -> list[_Staged]:
        """Before the story lock: keys, language, embeddings, signals and MinHash of the records
        not stored yet (a record another worker stores meanwhile was prepared for nothing; one
        it was thought stored is prepared under the lock), then catch up with other workers."""
        staged = [_Staged(r, canonical_url(r.url), content_hash(r.text)) for r in batch]
        with self.db.session() as session:
            fresh, _ = _first_unseen(staged, *_stored_keys(session, staged))
        for st in fresh:
            st.lang = _language(st.rec)
        made = self.engine.prepare(
            [ArticleText(st.rec.title, st.rec.text, st.rec.published, st.lang) for st in fresh]
        )
        for st, prep in zip(fresh, made, strict=True):
            st.prepared = prep
        with self.db.session() as session:
            self.engine.catch_up(session)
        return staged

    def _store_batch(
        self,
        session: Session,
        staged: list[_Staged],
        source_id: int | None,
        report: IngestReport,
    ) -> tuple[list[Article], list[PreparedArticle | None]]:
        """Insert the records not yet stored; returns the new rows, flushed, in arrival order,
        with what ``_prepare`` made for each (None where it did not)."""
        fresh, repeated = _first_unseen(staged, *_stored_keys(session, staged))
        report.already_present += repeated
        outlet_from_source = None
        if source_id is not None:
            src = session.get(Source, source_id)
            outlet_from_source = src.title if src else None

        new: list[Article] = []
        for st in fresh:
            rec = st.rec
            lang = st.lang if st.prepared is not None else _language(rec)
            article = Article(
                external_id=rec.external_id,
                url=rec.url,
                canonical_url=st.url_key,
                source_id=source_id,
                outlet=rec.source or outlet_from_source,
                title=rec.title,
                text=rec.text,
                author=rec.author,
                published_at=rec.published,
                lang=lang,
                image=rec.image,
                content_hash=st.content_hash,
                meta=dict(rec.metadata),
            )
            session.add(article)
            new.append(article)
        if new:
            session.flush()
            report.stored += len(new)
            report.stored_ids.extend(a.id for a in new)
            if source_id is not None:
                src = session.get(Source, source_id)
                if src is not None:
                    src.article_count = (src.article_count or 0) + len(new)
        return new, [st.prepared for st in fresh]
