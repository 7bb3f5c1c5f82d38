"""The ingest pipeline: store new articles idempotently, then dedup, cluster and analyse them.

Work is committed batch by batch, so a process killed mid-import loses at most the batch in
flight, and running the same import again stores nothing twice (idempotent by external id and
by canonical URL). Story analysis runs afterwards over every story whose analysis is older than
its last change, so it also catches up after an interrupted run.
"""

from __future__ import annotations

import logging
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
from newssearcher.stories.engine import StoryEngine

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
            with self.db.session() as session:
                if self.db.is_postgres:
                    # One writer at a time stores and places articles, so two workers never
                    # store one article twice nor open two stories for one event. The lock
                    # ends with this transaction.
                    session.execute(select(func.pg_advisory_xact_lock(STORY_LOCK_KEY)))
                new = self._store_batch(session, batch, source_id, report)
                if new:
                    placed = self.engine.place(session, new)
                    report.touched_story_ids |= placed.touched_story_ids
                    if self.analyse:
                        tag_new_articles(session, new)
            if progress:
                progress(len(batch))
        if self.analyse:
            report.analysed_stories = analyse_pending_stories(
                self.db, self.settings, progress=analysis_progress
            )
        return report

    def _store_batch(
        self,
        session: Session,
        batch: list[ArticleInput],
        source_id: int | None,
        report: IngestReport,
    ) -> list[Article]:
        """Insert the records not yet stored; returns the new rows, flushed, in arrival order."""
        ext_ids = {r.external_id for r in batch}
        canon = {r.external_id: canonical_url(r.url) for r in batch}
        urls = {u for u in canon.values() if u}
        seen_ext = set(
            session.scalars(select(Article.external_id).where(Article.external_id.in_(ext_ids)))
        )
        seen_urls = (
            set(
                session.scalars(
                    select(Article.canonical_url).where(Article.canonical_url.in_(urls))
                )
            )
            if urls
            else set()
        )
        outlet_from_source = None
        if source_id is not None:
            src = session.get(Source, source_id)
            outlet_from_source = src.title if src else None

        new: list[Article] = []
        for rec in batch:
            url_key = canon[rec.external_id]
            if rec.external_id in seen_ext or (url_key and url_key in seen_urls):
                report.already_present += 1
                continue
            seen_ext.add(rec.external_id)
            if url_key:
                seen_urls.add(url_key)
            lang = rec.lang or detect_language(f"{rec.title or ''}\n{rec.text}")
            article = Article(
                external_id=rec.external_id,
                url=rec.url,
                canonical_url=url_key,
                source_id=source_id,
                outlet=rec.source or outlet_from_source,
                title=rec.title,
                text=rec.text,
                author=rec.author,
                published_at=rec.published,
                lang=lang,
                image=rec.image,
                content_hash=content_hash(rec.text),
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
        return new
