"""``fetch``: poll due sources, fetch what is new, extract it, and ingest it.

One pass: workers claim due sources one at a time (a lease each, so no source is polled twice
at once, even by another process), fetch each politely (conditional GET), parse its entries,
drop entries already stored or already known to fail, fetch the new pages (per-host limits and
robots.txt apply to every request), extract each page (a page with no article is recorded with
its reason), and hand the articles to the ingest pipeline. A failing source is backed off and
never holds up the others. Running it twice stores nothing twice.

Network work runs on an asyncio loop; every database call goes through one worker thread (so
the loop never waits on the database and writes are serialised); extraction runs in threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from newssearcher.config import Settings
from newssearcher.dedup.fingerprints import canonical_url
from newssearcher.records import ArticleInput, Extracted, FeedEntry, FetchedDocument
from newssearcher.sources.errors import TRANSIENT_KINDS, FetchError
from newssearcher.sources.host_slots import SharedHostLimiter
from newssearcher.sources.http import Fetcher
from newssearcher.sources.parse import ParsedSource, ParseError, parse_document
from newssearcher.sources.registry import (
    DEFAULT_LEASE_S,
    PollOutcome,
    claim_due,
    claim_source,
    count_due,
    drop_lease,
    next_due_at,
    now_utc,
    release,
)
from newssearcher.store import Database
from newssearcher.store.models import Article, PageFailure, Source

T = TypeVar("T")

# New entries fetched per source and poll; the rest wait for the next poll (soon after).
MAX_ENTRIES_PER_POLL = 200
# Child sitemaps of a sitemap index read per poll (newest ``lastmod`` first).
MAX_CHILD_SITEMAPS = 10
# A page that failed transiently (timeout, 5xx) is tried again on later polls this many times.
MAX_PAGE_ATTEMPTS = 3
# ``fetch`` without ``--once``: never sleep longer than this between checks for due sources.
MAX_IDLE_SLEEP_S = 300.0
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_CHUNK = 500


class FetchProgress:
    """Receives progress events; the default does nothing. The CLI draws rich bars from them."""

    def pass_started(self, due_sources: int) -> None: ...

    def source_done(self, url: str, ok: bool, message: str) -> None: ...

    def pages_found(self, count: int) -> None: ...

    def page_done(self, url: str, ok: bool, message: str | None = None) -> None: ...

    def idle(self, seconds: float, next_due: datetime | None) -> None: ...


@dataclass
class FetchReport:
    """Counts of one or more passes, plus the messages of what failed."""

    passes: int = 0
    sources_polled: int = 0
    sources_failed: int = 0
    sources_not_modified: int = 0
    entries_seen: int = 0
    entries_new: int = 0
    entries_deferred: int = 0
    pages_fetched: int = 0
    articles_stored: int = 0
    already_present: int = 0
    page_failures: int = 0
    source_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def merge(self, other: FetchReport) -> None:
        for name, value in vars(other).items():
            if isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, Any]:
        return {
            name: (len(value) if isinstance(value, list) else value)
            for name, value in vars(self).items()
        } | {"errors": self.source_errors + self.page_errors}


@dataclass(slots=True)
class PageProblem:
    url: str
    reason: str
    status: int | None = None


def _chunks(items: list[str], size: int = _CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_transient(reason: str) -> bool:
    return reason.split(":", 1)[0] in TRANSIENT_KINDS


def unknown_entries(db: Database, entries: list[FeedEntry]) -> list[FeedEntry]:
    """Entries whose URL is neither stored (url, canonical URL, external id) nor a settled failure.

    A page that failed transiently is offered again until it has failed ``MAX_PAGE_ATTEMPTS``
    times.
    """
    keys: dict[str, set[str]] = {}
    for entry in entries:
        forms = {entry.url}
        canon = canonical_url(entry.url)
        if canon:
            forms.add(canon)
        keys[entry.url] = forms
    all_forms = sorted({form for forms in keys.values() for form in forms})
    known: set[str] = set()
    with db.session() as session:
        for chunk in _chunks(all_forms):
            rows = session.execute(
                select(Article.url, Article.canonical_url, Article.external_id).where(
                    or_(
                        Article.url.in_(chunk),
                        Article.canonical_url.in_(chunk),
                        Article.external_id.in_(chunk),
                    )
                )
            )
            for row in rows:
                known.update(value for value in row if value)
            for failure in session.scalars(select(PageFailure).where(PageFailure.url.in_(chunk))):
                if not _is_transient(failure.reason) or failure.attempts >= MAX_PAGE_ATTEMPTS:
                    known.add(failure.url)
    return [entry for entry in entries if not (keys[entry.url] & known)]


def record_page_outcomes(
    db: Database, source_id: int | None, failures: list[PageProblem], succeeded: list[str]
) -> None:
    """Upsert ``PageFailure`` rows (attempts counted); forget failures of pages now stored."""
    with db.session() as session:
        for chunk in _chunks(succeeded):
            session.execute(delete(PageFailure).where(PageFailure.url.in_(chunk)))
        for problem in failures:
            row = session.scalar(select(PageFailure).where(PageFailure.url == problem.url))
            if row is None:
                try:
                    with session.begin_nested():
                        session.add(
                            PageFailure(
                                url=problem.url[:2048],
                                source_id=source_id,
                                reason=problem.reason,
                                status=problem.status,
                                attempts=1,
                                last_seen_at=now_utc(),
                            )
                        )
                    continue
                except IntegrityError:  # written by another worker meanwhile
                    row = session.scalar(select(PageFailure).where(PageFailure.url == problem.url))
                    if row is None:
                        continue
            row.attempts = (row.attempts or 0) + 1
            row.reason = problem.reason
            row.status = problem.status
            row.last_seen_at = now_utc()


def extract_page(doc: FetchedDocument) -> Extracted:
    """Decode (charset from header, meta or sniffing) and extract one page.

    Raises ``NoArticle`` with the reason when the page holds no article.
    """
    from newssearcher.extract.article import extract_article

    return extract_article(doc.content, url=doc.final_url, content_type=doc.content_type)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def build_article(
    source: Source,
    parsed: ParsedSource,
    entry: FeedEntry,
    doc: FetchedDocument,
    extracted: Extracted,
) -> ArticleInput:
    """The record handed to ingest; its external id is the canonical form of the page's URL.

    The canonical form (``dedup.fingerprints.canonical_url``: case, default ports, tracking
    parameters and fragments normalised) of the URL the page was actually served from. A
    ``rel=canonical`` declared by the page is kept in ``metadata["declared_canonical"]`` but
    does not become the identity: syndicated copies declare the original's URL, and taking it
    would silently drop the copy instead of storing it for dedup to mark as a duplicate.
    """
    own_url = doc.final_url
    declared = extracted.canonical_url
    page_url = own_url
    if not own_url.startswith(("http://", "https://")) and declared:
        page_url = declared  # a local file: the page's own declaration is the best URL
    external_id = canonical_url(page_url) or page_url
    if parsed.kind == "page":
        outlet = source.title or extracted.site_name or _host(page_url)
    else:
        outlet = parsed.title or source.title or extracted.site_name or _host(page_url)
    metadata: dict[str, Any] = {
        "fetched_from": source.url,
        "entry_url": entry.url,
        "final_url": doc.final_url,
        "source_format": parsed.format,
    }
    if declared and declared != page_url:
        metadata["declared_canonical"] = declared
    if entry.entry_id:
        metadata["entry_id"] = entry.entry_id
    return ArticleInput(
        external_id=external_id,
        text=extracted.text,
        title=extracted.title or entry.title,
        url=canonical_url(page_url) or page_url,
        source=outlet,
        published=extracted.published or entry.published,
        lang=extracted.lang or entry.lang or parsed.lang,
        author=extracted.author or entry.author,
        image=extracted.image or entry.image,
        metadata=metadata,
    )


class SourcePoller:
    """Polls sources one at a time: feed, new entries, pages, extraction, ingest.

    Shared by ``fetch`` passes (``_Pass``) and by the ``fetch_source`` job (``poll_source``).
    Database calls go through ``db_executor`` (by default one thread of its own, so that writes
    to SQLite are serialised); counts go to ``report``.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        fetcher: Fetcher,
        progress: FetchProgress,
        ingest: Callable[[list[ArticleInput], int], Any],
        *,
        report: FetchReport | None = None,
        db_executor: Executor | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.fetcher = fetcher
        self.progress = progress
        self.ingest = ingest
        self.report = report if report is not None else FetchReport()
        self.in_flight: set[str] = set()
        self._own_executor = db_executor is None
        self._db_thread: Executor = db_executor or ThreadPoolExecutor(
            1, thread_name_prefix="newssearcher-db"
        )

    async def in_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_thread, partial(fn, *args, **kwargs))

    def close(self) -> None:
        if self._own_executor:
            self._db_thread.shutdown(wait=True)

    async def poll_leased(self, source: Source) -> None:
        """Poll a source this poller holds the lease of; always releases it.

        Fetch and parse failures back the source off (``release`` with the error); anything
        unexpected does too, so one broken source never stops the others.
        """
        try:
            await self._poll(source)
        except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
            error = f"{type(exc).__name__}: {exc}"
            outcome = PollOutcome(ok=False, error=f"internal: {error}"[:2000])
            await self.in_db(release, self.db, source.id, outcome)
            self.report.sources_failed += 1
            self.report.source_errors.append(f"source #{source.id} {source.url}: {error}")
            self.progress.source_done(source.url, False, error)

    async def _fail(self, source: Source, error: FetchError | ParseError) -> None:
        if isinstance(error, FetchError):
            outcome = PollOutcome(
                ok=False,
                status=error.status,
                error=f"{error.kind}: {error.message}",
                retry_after=error.retry_after,
            )
        else:
            outcome = PollOutcome(ok=False, error=f"parse: {error.message}")
        await self.in_db(release, self.db, source.id, outcome)
        self.report.sources_failed += 1
        self.report.source_errors.append(f"source #{source.id} {error}")
        self.progress.source_done(source.url, False, str(error))

    async def _poll(self, source: Source) -> None:
        self.report.sources_polled += 1
        try:
            doc = await self.fetcher.fetch(
                source.url, etag=source.etag, last_modified=source.last_modified
            )
        except FetchError as exc:
            await self._fail(source, exc)
            return
        if doc.status == 304:
            self.report.sources_not_modified += 1
            outcome = PollOutcome(
                ok=True,
                status=304,
                etag=doc.headers.get("etag") or source.etag,
                last_modified=doc.headers.get("last-modified") or source.last_modified,
            )
            await self.in_db(release, self.db, source.id, outcome)
            self.progress.source_done(source.url, True, "not modified")
            return
        try:
            parsed = await asyncio.to_thread(
                parse_document, doc, source.kind, max_bytes=self.settings.max_response_bytes
            )
        except (ParseError, FetchError) as exc:
            await self._fail(source, exc)
            return
        problems = [f"{source.url}: {p}" for p in parsed.problems]
        entries = list(parsed.entries)
        for child_url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
            entries.extend(await self._child_sitemap(child_url, problems))
        if len(parsed.sitemaps) > MAX_CHILD_SITEMAPS:
            problems.append(
                f"{source.url}: {len(parsed.sitemaps) - MAX_CHILD_SITEMAPS} older child "
                "sitemaps not read"
            )
        unique: dict[str, FeedEntry] = {}
        for entry in entries:
            unique.setdefault(entry.url, entry)
        entries = list(unique.values())
        self.report.entries_seen += len(entries)
        new = await self.in_db(unknown_entries, self.db, entries)
        new = [e for e in new if e.url not in self.in_flight]
        deferred = max(0, len(new) - MAX_ENTRIES_PER_POLL)
        new = new[:MAX_ENTRIES_PER_POLL]
        self.in_flight.update(e.url for e in new)
        self.report.entries_new += len(new)
        self.report.entries_deferred += deferred
        self.progress.pages_found(len(new))

        results = await asyncio.gather(*(self._page(source, parsed, doc, e) for e in new))
        records = [r for r in results if isinstance(r, ArticleInput)]
        failures = [r for r in results if isinstance(r, PageProblem)]
        stored = 0
        if records:
            ingest_report = await self.in_db(self.ingest, records, source.id)
            stored = int(getattr(ingest_report, "stored", 0))
            self.report.articles_stored += stored
            self.report.already_present += int(getattr(ingest_report, "already_present", 0))
        succeeded = [
            e.url for e, r in zip(new, results, strict=True) if isinstance(r, ArticleInput)
        ]
        await self.in_db(record_page_outcomes, self.db, source.id, failures, succeeded)
        self.report.page_failures += len(failures)
        self.report.page_errors.extend(f"{f.url}: {f.reason}" for f in failures)
        self.report.problems.extend(problems)
        outcome = PollOutcome(
            ok=True,
            status=doc.status,
            error="; ".join(problems)[:2000] or None,
            etag=doc.headers.get("etag"),
            last_modified=doc.headers.get("last-modified"),
            # entries left for later: next poll must not be answered "not modified"
            keep_validators=deferred == 0,
            poll_again_in_s=60.0 if deferred else None,
            title=parsed.title,
        )
        await self.in_db(release, self.db, source.id, outcome)
        message = f"{len(entries)} entries, {len(new)} new, {stored} stored"
        if failures:
            message += f", {len(failures)} without article"
        self.progress.source_done(source.url, True, message)

    async def _child_sitemap(self, url: str, problems: list[str]) -> list[FeedEntry]:
        try:
            doc = await self.fetcher.fetch(url)
            child = await asyncio.to_thread(
                parse_document, doc, "sitemap", max_bytes=self.settings.max_response_bytes
            )
        except (FetchError, ParseError) as exc:
            problems.append(f"child sitemap {exc}")
            return []
        problems.extend(f"{url}: {p}" for p in child.problems)
        if child.sitemaps:
            problems.append(f"{url}: nested sitemap index ignored")
        return child.entries

    async def _page(
        self, source: Source, parsed: ParsedSource, source_doc: FetchedDocument, entry: FeedEntry
    ) -> ArticleInput | PageProblem:
        from newssearcher.extract.errors import NoArticle

        if parsed.kind == "page" and parsed.page is not None:
            doc = parsed.page  # the source is the article itself: no second request
        else:
            try:
                doc = await self.fetcher.fetch(entry.url, accept=PAGE_ACCEPT)
            except FetchError as exc:
                self.progress.page_done(entry.url, False, exc.message)
                return PageProblem(entry.url, f"{exc.kind}: {exc.message}", exc.status)
            self.report.pages_fetched += 1
        try:
            extracted = await asyncio.to_thread(extract_page, doc)
        except NoArticle as exc:
            reason = exc.reason
            if parsed.kind == "page" and parsed.feed_links:
                links = ", ".join(parsed.feed_links[:3])
                reason += f"; the page advertises feeds ({links}): add one as a source"
            self.progress.page_done(entry.url, False, reason)
            return PageProblem(entry.url, f"no_article: {reason}", doc.status)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
            self.progress.page_done(entry.url, False, str(exc))
            return PageProblem(entry.url, f"extract_error: {type(exc).__name__}: {exc}", doc.status)
        self.progress.page_done(entry.url, True)
        return build_article(source, parsed, entry, doc, extracted)


class _Pass(SourcePoller):
    """The state of one polling pass."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        fetcher: Fetcher,
        progress: FetchProgress,
        ingest: Callable[[list[ArticleInput], int], Any],
    ) -> None:
        super().__init__(db, settings, fetcher, progress, ingest, report=FetchReport(passes=1))
        self.started = now_utc()
        self.held: set[int] = set()

    async def run(self) -> FetchReport:
        due = await self.in_db(count_due, self.db, now=self.started)
        self.progress.pass_started(due)
        workers = max(1, self.settings.fetch_concurrency)
        try:
            await asyncio.gather(*(self._worker() for _ in range(workers)))
        finally:
            for source_id in list(self.held):  # interrupted: give the leases back
                await self.in_db(drop_lease, self.db, source_id)
        return self.report

    async def _worker(self) -> None:
        while True:
            claimed = await self.in_db(
                claim_due,
                self.db,
                due_before=self.started,
                limit=1,
                lease_s=DEFAULT_LEASE_S,
            )
            if not claimed:
                return
            source = claimed[0]
            self.held.add(source.id)
            try:
                await self.poll_leased(source)
            finally:
                self.held.discard(source.id)


def default_ingest(db: Database, settings: Settings) -> Callable[[list[ArticleInput], int], Any]:
    """The ingest pipeline, created lazily on the database thread the first time it is needed."""
    holder: dict[str, Any] = {}

    def ingest(records: list[ArticleInput], source_id: int) -> Any:
        if "ingestor" not in holder:
            from newssearcher.pipeline.ingest import Ingestor

            holder["ingestor"] = Ingestor(db, settings)
        return holder["ingestor"].ingest(records, source_id=source_id)

    return ingest


async def poll_source(
    db: Database,
    settings: Settings,
    source_id: int,
    *,
    fetcher: Fetcher,
    ingest: Callable[[list[ArticleInput], int], Any] | None = None,
    progress: FetchProgress | None = None,
    hold_until: datetime | None = None,
    db_executor: Executor | None = None,
) -> FetchReport | None:
    """Poll one source now: take its lease, fetch the feed, fetch and extract the new pages,
    ingest the articles, release the lease with the outcome (next due time or back-off).

    Returns None, polling nothing, when the source is not due, is paused or removed, or is
    leased by another poller (``hold_until``: the queue lease this call may take over, see
    ``registry.claim_source``). Fetch and parse errors are recorded on the source, not raised.
    """
    poller = SourcePoller(
        db,
        settings,
        fetcher,
        progress or FetchProgress(),
        ingest or default_ingest(db, settings),
        db_executor=db_executor,
    )
    try:
        source = await poller.in_db(claim_source, db, source_id, hold_until=hold_until)
        if source is None:
            return None
        await poller.poll_leased(source)
        return poller.report
    finally:
        poller.close()


def make_fetcher(db: Database, settings: Settings) -> Fetcher:
    """A fetcher whose per-host spacing is shared by every process on a PostgreSQL database
    (``host_slots``), or kept in this process on SQLite. Use it as ``async with``."""
    if db.is_postgres:
        return Fetcher(settings, limiter=SharedHostLimiter.for_settings(settings))
    return Fetcher(settings)


async def _close_fetcher(fetcher: Fetcher) -> None:
    if isinstance(fetcher.limiter, SharedHostLimiter):
        await fetcher.limiter.aclose()


async def fetch_pass(
    db: Database,
    settings: Settings,
    *,
    progress: FetchProgress | None = None,
    ingest: Callable[[list[ArticleInput], int], Any] | None = None,
    fetcher: Fetcher | None = None,
) -> FetchReport:
    """One pass over the sources due now."""
    ingest = ingest or default_ingest(db, settings)
    progress = progress or FetchProgress()
    if fetcher is not None:
        state = _Pass(db, settings, fetcher, progress, ingest)
        try:
            return await state.run()
        finally:
            state.close()
    async with make_fetcher(db, settings) as own:
        state = _Pass(db, settings, own, progress, ingest)
        try:
            return await state.run()
        finally:
            state.close()
            await _close_fetcher(own)


def run_fetch(
    db: Database,
    settings: Settings,
    *,
    once: bool = True,
    progress: FetchProgress | None = None,
    stop: threading.Event | None = None,
    max_passes: int | None = None,
    ingest: Callable[[list[ArticleInput], int], Any] | None = None,
) -> FetchReport:
    """Poll due sources and ingest what is new; with ``once=False`` keep polling.

    Between passes it sleeps until the next source is due (at most ``MAX_IDLE_SLEEP_S``);
    ``stop`` (an event) or ``max_passes`` end the loop, as does Ctrl-C. One fetcher serves all
    passes, so per-host spacing and cached robots.txt rules carry over from pass to pass.
    """
    total = FetchReport()
    try:
        asyncio.run(_run(db, settings, total, once, progress, stop, max_passes, ingest))
    except KeyboardInterrupt:
        if once:
            raise
    return total


async def _run(
    db: Database,
    settings: Settings,
    total: FetchReport,
    once: bool,
    progress: FetchProgress | None,
    stop: threading.Event | None,
    max_passes: int | None,
    ingest: Callable[[list[ArticleInput], int], Any] | None,
) -> None:
    progress = progress or FetchProgress()
    ingest = ingest or default_ingest(db, settings)
    async with make_fetcher(db, settings) as fetcher:
        try:
            await _passes(db, settings, total, once, progress, stop, max_passes, ingest, fetcher)
        finally:
            await _close_fetcher(fetcher)


async def _passes(
    db: Database,
    settings: Settings,
    total: FetchReport,
    once: bool,
    progress: FetchProgress,
    stop: threading.Event | None,
    max_passes: int | None,
    ingest: Callable[[list[ArticleInput], int], Any],
    fetcher: Fetcher,
) -> None:
    while True:
        total.merge(
            await fetch_pass(db, settings, progress=progress, ingest=ingest, fetcher=fetcher)
        )
        if once or (stop is not None and stop.is_set()):
            return
        if max_passes is not None and total.passes >= max_passes:
            return
        due = next_due_at(db)
        now = datetime.now(UTC)
        wait = MAX_IDLE_SLEEP_S if due is None else (due - now).total_seconds()
        wait = min(max(wait, 1.0), MAX_IDLE_SLEEP_S)
        progress.idle(wait, due)
        if stop is not None:
            if await asyncio.to_thread(stop.wait, wait):
                return
        else:
            await asyncio.sleep(wait)
