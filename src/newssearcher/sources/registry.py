"""The ``sources`` table: add, list, remove; due-time order, leases and back-off.

Scheduling rules (shared by one process or many workers on one database):

- a source is *due* when it is active, ``next_poll_at <= now`` and no live lease holds it;
- ``claim_due`` takes a lease with one conditional UPDATE per source (``lease_until`` still free),
  so two pollers never poll one source at once, on SQLite and PostgreSQL alike;
- ``claim_for_queue`` (workers on PostgreSQL) leases due sources in batches with
  ``FOR UPDATE SKIP LOCKED`` for a scheduler to queue, and ``claim_source`` turns a queue lease
  into a polling lease when the job runs;
- success: ``consecutive_failures = 0``, next poll one interval later;
- failure: ``consecutive_failures += 1``, next poll after an exponentially growing delay
  (capped at a day, or later if the server sent ``Retry-After``). A failing source only delays
  itself; the others keep their own schedule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import delete, func, or_, select, update

from newssearcher.sources.errors import SourceError
from newssearcher.sources.parse import KINDS
from newssearcher.store import Database
from newssearcher.store.models import Source

MAX_BACKOFF_S = 24 * 3600
DEFAULT_LEASE_S = 15 * 60
# a source failing this many times in a row is shown as failing (it keeps being retried)
FAILING_AFTER = 1


def now_utc() -> datetime:
    return datetime.now(UTC)


def normalise_source_url(value: str) -> str:
    """An http(s) URL (host lower-cased, fragment dropped) or a local path as ``file://``."""
    value = value.strip()
    if not value:
        raise SourceError("empty source URL")
    parts = urlsplit(value)
    if parts.scheme in ("http", "https"):
        if not parts.hostname:
            raise SourceError(f"{value!r}: URL has no host")
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError as exc:
            raise SourceError(f"{value!r}: bad port") from exc
        netloc = parts.netloc.rsplit("@", 1)[-1].lower()
        return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    if parts.scheme == "file":
        path = Path(os.path.expanduser(parts.path))
    elif parts.scheme and len(parts.scheme) > 1:
        raise SourceError(
            f"{value!r}: unsupported scheme {parts.scheme!r} (use http, https or a file)"
        )
    else:
        path = Path(value).expanduser()
    if not path.is_file():
        raise SourceError(f"{value!r}: not an http(s) URL and no such file")
    return path.resolve().as_uri()


def backoff_delay(interval_s: int, failures: int) -> float:
    """Seconds until the next poll of a source that failed ``failures`` times in a row."""
    if failures <= 0:
        return float(interval_s)
    return float(min(interval_s * 2 ** min(failures, 20), max(MAX_BACKOFF_S, interval_s)))


def source_status(source: Source) -> str:
    """``paused``, ``failing``, ``new`` (never polled) or ``ok``."""
    if not source.active:
        return "paused"
    if source.consecutive_failures >= FAILING_AFTER:
        return "failing"
    if source.last_polled_at is None:
        return "new"
    return "ok"


def add_source(
    db: Database,
    url: str,
    *,
    hub: str | None = None,
    kind: str = "auto",
    poll_interval_s: int = 900,
    title: str | None = None,
) -> Source:
    """Add a source, due at once. Raises ``SourceError`` on a bad URL or a duplicate."""
    if kind not in KINDS:
        raise SourceError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if poll_interval_s < 1:
        raise SourceError("poll interval must be at least 1 second")
    normalised = normalise_source_url(url)
    with db.session() as session:
        existing = session.scalar(select(Source).where(Source.url == normalised))
        if existing is not None:
            raise SourceError(f"{normalised} is already source #{existing.id}")
        source = Source(
            url=normalised,
            kind=kind,
            hub=hub,
            title=title,
            poll_interval_s=poll_interval_s,
            next_poll_at=now_utc(),
            consecutive_failures=0,
            article_count=0,
            active=True,
        )
        session.add(source)
        session.flush()
        return source


def list_sources(db: Database) -> list[Source]:
    with db.session() as session:
        return list(session.scalars(select(Source).order_by(Source.id)))


def get_source(db: Database, source_id: int) -> Source:
    with db.session() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise SourceError(f"no source with id {source_id}")
        return source


def remove_source(db: Database, source_id: int) -> Source:
    """Delete a source; its articles stay (their ``source_id`` becomes NULL)."""
    with db.session() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise SourceError(f"no source with id {source_id}")
        session.execute(delete(Source).where(Source.id == source_id))
        return source


def _due_clause(now: datetime, due_before: datetime | None = None) -> tuple[Any, ...]:
    return (
        Source.active.is_(True),
        Source.next_poll_at <= (due_before or now),
        or_(Source.lease_until.is_(None), Source.lease_until < now),
    )


def count_due(db: Database, *, now: datetime | None = None) -> int:
    now = now or now_utc()
    with db.session() as session:
        return int(session.scalar(select(func.count(Source.id)).where(*_due_clause(now))) or 0)


def claim_due(
    db: Database,
    *,
    now: datetime | None = None,
    due_before: datetime | None = None,
    limit: int = 1,
    lease_s: float = DEFAULT_LEASE_S,
) -> list[Source]:
    """Lease up to ``limit`` due sources, earliest ``next_poll_at`` first.

    ``due_before`` (default: now) bounds ``next_poll_at``; a pass uses its start time so that a
    source it polled is not due again in the same pass. Each lease is one conditional UPDATE, so
    a source claimed by someone else in the meantime is skipped: no source is ever held by two
    pollers.
    """
    now = now or now_utc()
    until = now + timedelta(seconds=lease_s)
    claimed: list[Source] = []
    with db.session() as session:
        query = (
            select(Source.id)
            .where(*_due_clause(now, due_before))
            .order_by(Source.next_poll_at, Source.id)
            .limit(max(limit * 4, limit + 8))
        )
        candidates = list(session.scalars(query))
    for source_id in candidates:
        if len(claimed) >= limit:
            break
        with db.session() as session:
            result = session.execute(
                update(Source)
                .where(Source.id == source_id, *_due_clause(now, due_before))
                .values(lease_until=until)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                source = session.get(Source, source_id)
                if source is not None:
                    claimed.append(source)
    return claimed


@dataclass(slots=True, frozen=True)
class QueuedSource:
    """A due source handed to a job queue: its id, when it fell due, and the lease it holds."""

    id: int
    due_at: datetime
    hold_until: datetime


def claim_for_queue(
    db: Database,
    *,
    limit: int,
    hold_s: float = DEFAULT_LEASE_S,
    now: datetime | None = None,
) -> list[QueuedSource]:
    """Lease up to ``limit`` due sources for queueing, earliest ``next_poll_at`` first.

    One transaction: ``SELECT … ORDER BY next_poll_at LIMIT n FOR UPDATE SKIP LOCKED`` walks the
    ``next_poll_at`` index from its start and stops after ``limit`` free rows (rows another
    scheduler is claiming right now are skipped, not waited for), then one ``UPDATE`` sets their
    ``lease_until`` to ``now + hold_s``. The rows it steps over are the sources already leased
    and due (queued or being polled), so a tick's cost grows with the work in flight, not with
    the number of sources. The lease is the queue's claim: until it ends no scheduler queues the
    source again and no ``fetch`` pass polls it; the job that takes it over (``claim_source``
    with ``hold_until``) replaces it with its polling lease. If the job is lost, the lease runs
    out and the source is due again.
    """
    now = now or now_utc()
    hold_until = now + timedelta(seconds=hold_s)
    with db.session() as session:
        query = (
            select(Source.id, Source.next_poll_at)
            .where(*_due_clause(now))
            .order_by(Source.next_poll_at)
            .limit(limit)
        )
        if db.is_postgres:
            query = query.with_for_update(skip_locked=True)
        rows = session.execute(query).all()
        if not rows:
            return []
        ids = [row.id for row in rows]
        session.execute(
            update(Source)
            .where(Source.id.in_(ids))
            .values(lease_until=hold_until)
            .execution_options(synchronize_session=False)
        )
    return [QueuedSource(row.id, row.next_poll_at, hold_until) for row in rows]


def claim_source(
    db: Database,
    source_id: int,
    *,
    hold_until: datetime | None = None,
    lease_s: float = DEFAULT_LEASE_S,
    now: datetime | None = None,
) -> Source | None:
    """Take the polling lease of one source, if it is still due; None otherwise.

    One conditional UPDATE: the source must be active, due, and either free (no live lease) or
    held by the queue lease ``hold_until`` this job was queued with. A second job for the same
    source, a job run again after its source was polled, or one racing a ``fetch`` pass finds
    the source leased or no longer due, and polls nothing.
    """
    now = now or now_utc()
    free = or_(Source.lease_until.is_(None), Source.lease_until < now)
    if hold_until is not None:
        free = or_(free, Source.lease_until == hold_until)
    with db.session() as session:
        result = session.execute(
            update(Source)
            .where(
                Source.id == source_id,
                Source.active.is_(True),
                Source.next_poll_at <= now,
                free,
            )
            .values(lease_until=now + timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        return session.get(Source, source_id)


def drop_hold(db: Database, source_id: int, hold_until: datetime) -> None:
    """Give back a queue lease that no job will take over (the job could not be queued)."""
    with db.session() as session:
        session.execute(
            update(Source)
            .where(Source.id == source_id, Source.lease_until == hold_until)
            .values(lease_until=None)
            .execution_options(synchronize_session=False)
        )


def drop_lease(db: Database, source_id: int) -> None:
    """Give a lease back without polling (an interrupted run); the schedule is unchanged."""
    with db.session() as session:
        session.execute(
            update(Source)
            .where(Source.id == source_id)
            .values(lease_until=None)
            .execution_options(synchronize_session=False)
        )


@dataclass(slots=True)
class PollOutcome:
    """What one poll of a source gave, for ``release``."""

    ok: bool
    status: int | None = None
    error: str | None = None
    retry_after: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    keep_validators: bool = True
    title: str | None = None
    poll_again_in_s: float | None = None


def release(
    db: Database, source_id: int, outcome: PollOutcome, *, now: datetime | None = None
) -> None:
    """Record the outcome of a poll, set the next due time and drop the lease."""
    now = now or now_utc()
    with db.session() as session:
        source = session.get(Source, source_id)
        if source is None:  # removed while being polled
            return
        source.last_polled_at = now
        source.lease_until = None
        source.last_status = outcome.status
        if outcome.ok:
            source.consecutive_failures = 0
            source.last_success_at = now
            source.last_error = outcome.error
            if outcome.keep_validators:
                if outcome.etag is not None or outcome.last_modified is not None:
                    source.etag = outcome.etag
                    source.last_modified = outcome.last_modified
            else:
                source.etag = None
                source.last_modified = None
            if outcome.title and not source.title:
                source.title = outcome.title[:512]
            delay = float(source.poll_interval_s)
            if outcome.poll_again_in_s is not None:
                delay = min(delay, outcome.poll_again_in_s)
        else:
            source.consecutive_failures = (source.consecutive_failures or 0) + 1
            source.last_error = outcome.error
            delay = backoff_delay(source.poll_interval_s, source.consecutive_failures)
            if outcome.retry_after is not None:
                delay = max(delay, min(outcome.retry_after, MAX_BACKOFF_S * 7))
        source.next_poll_at = now + timedelta(seconds=delay)


def next_due_at(db: Database, *, now: datetime | None = None) -> datetime | None:
    """When the next active source can be claimed (None when there is none).

    A source leased by another poller counts from the end of its lease.
    """
    now = now or now_utc()
    with db.session() as session:
        free = session.scalar(
            select(func.min(Source.next_poll_at)).where(
                Source.active.is_(True),
                or_(Source.lease_until.is_(None), Source.lease_until < now),
            )
        )
        leased = session.scalar(
            select(func.min(Source.lease_until)).where(
                Source.active.is_(True), Source.lease_until >= now
            )
        )
    times = [t for t in (free, leased) if t is not None]
    return min(times) if times else None
