"""The parts of fetching-as-jobs that run without worker processes, on the real PostgreSQL:
the shared per-host limiter, batch claims of due sources, and queueing with source locks."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from newssearcher.config import Settings
from newssearcher.jobs.scheduling import enqueue_due_sources, source_lock
from newssearcher.sources.host_slots import SharedHostLimiter
from newssearcher.sources.http import Fetcher
from newssearcher.sources.registry import (
    add_source,
    claim_for_queue,
    claim_source,
    now_utc,
)
from newssearcher.store import Database
from newssearcher.store.db import psycopg_conninfo
from newssearcher.store.models import Source
from tests.stages.sources.site import serve_site

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str) -> Database:
    db = Database(pg_url)
    yield db
    db.dispose()


def _add(db: Database, n: int, prefix: str = "https://example.org/feed") -> list[int]:
    return [add_source(db, f"{prefix}{i}.xml").id for i in range(n)]


def test_two_processes_limiters_space_requests_to_one_host(
    pg: Database, settings: Settings
) -> None:
    """Two limiters with their own connections (as two worker processes would have), each on
    its own event loop, fetch one host at once: the server sees every request spaced."""
    delay = 0.15
    per_limiter = 8
    fast = settings.model_copy(
        update={"per_host_delay_s": delay, "per_host_concurrency": 4, "respect_robots": False,
                "db": pg.url}
    )  # fmt: skip
    with serve_site() as site:
        for i in range(per_limiter * 2):
            site.page(f"/p{i}", f"page {i}")
        errors: list[BaseException] = []
        queries: list[int] = []

        def worker(offset: int) -> None:
            async def main() -> None:
                limiter = SharedHostLimiter.for_settings(fast)
                try:
                    async with Fetcher(fast, limiter=limiter) as fetcher:
                        urls = [site.url(f"/p{offset + i}") for i in range(per_limiter)]
                        docs = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
                        assert all(d.status == 200 for d in docs)
                finally:
                    queries.append(limiter.queries)
                    await limiter.aclose()

            try:
                asyncio.run(main())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(k * per_limiter,)) for k in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        hits = sorted(h.at for h in site.hits)
    assert len(hits) == 2 * per_limiter
    gaps = [b - a for a, b in zip(hits, hits[1:], strict=False)]
    assert min(gaps) >= delay - 0.01, gaps
    # and they did not simply run one after the other: the run took about n * delay
    assert hits[-1] - hits[0] < (2 * per_limiter) * delay + 2.0
    assert all(q >= per_limiter for q in queries)  # both went through the table


def test_shared_limiter_with_zero_delay_makes_no_queries(pg: Database) -> None:
    limiter = SharedHostLimiter(psycopg_conninfo(pg.url), 0.0, 2)

    async def main() -> None:
        async with limiter.slot("example.org:80") as mark_sent:
            assert mark_sent() is None

    asyncio.run(main())
    assert limiter.queries == 0


def test_batch_claims_are_due_ordered_disjoint_and_skip_what_is_not_due(pg: Database) -> None:
    ids = _add(pg, 60)
    now = now_utc()
    with pg.session() as s:
        for k, source_id in enumerate(ids):
            # due times spread over the past; the last ten are not due yet
            when = now - timedelta(seconds=1000 - k) if k < 50 else now + timedelta(hours=1)
            s.execute(update(Source).where(Source.id == source_id).values(next_poll_at=when))
    got: list[list] = [[], []]

    def claimer(k: int) -> None:
        while batch := claim_for_queue(pg, limit=7):
            got[k].append(batch)

    threads = [threading.Thread(target=claimer, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    claimed = [q.id for batches in got for b in batches for q in b]
    assert sorted(claimed) == sorted(ids[:50])  # every due source once, none twice
    for batches in got:
        for batch in batches:
            due = [q.due_at for q in batch]
            assert due == sorted(due)
    # leased for the queue: nothing is due for a second claim
    assert claim_for_queue(pg, limit=100) == []


def test_a_job_takes_over_its_queue_lease_once(pg: Database) -> None:
    (source_id,) = _add(pg, 1)
    (queued,) = claim_for_queue(pg, limit=5, hold_s=600)
    assert queued.id == source_id
    assert claim_source(pg, source_id) is None  # leased by the queue: not for strangers
    other_hold = queued.hold_until + timedelta(seconds=1)
    assert claim_source(pg, source_id, hold_until=other_hold) is None
    taken = claim_source(pg, source_id, hold_until=queued.hold_until)
    assert taken is not None and taken.lease_until > queued.hold_until
    # a duplicate of the same job finds the polling lease, not its queue lease
    assert claim_source(pg, source_id, hold_until=queued.hold_until) is None


def test_enqueue_due_sources_queues_each_source_once_with_its_lock(pg: Database) -> None:
    from newssearcher.jobs.app import make_app

    ids = _add(pg, 25)
    app = make_app(Settings(db=pg.url))

    async def main() -> tuple:
        async with app.open_async():
            first = await enqueue_due_sources(app, pg, batch=10, max_waiting=20)
            second = await enqueue_due_sources(app, pg, batch=10, max_waiting=20)
            # the queue is full (20 waiting): nothing more until workers take some
            third = await enqueue_due_sources(app, pg, batch=10, max_waiting=20)
            rows = await app.connector.execute_query_all_async(
                "SELECT queueing_lock, args FROM procrastinate_jobs "
                "WHERE task_name = 'fetch_source' ORDER BY id"
            )
            return first, second, third, rows

    first, second, third, rows = asyncio.run(main())
    assert first.queued == 20 and first.waiting_before == 0
    assert second.queued == 0 and second.waiting_before == 20
    assert third.queued == 0
    assert [r["queueing_lock"] for r in rows] == [source_lock(r["args"]["source_id"]) for r in rows]
    assert len({r["args"]["source_id"] for r in rows}) == 20
    # earliest due first: sources were added in id order, so the first 20 ids
    assert sorted(r["args"]["source_id"] for r in rows) == ids[:20]
    with pg.session() as s:
        held = s.scalars(select(Source.id).where(Source.lease_until.is_not(None))).all()
    assert sorted(held) == ids[:20]


def test_a_source_whose_job_still_waits_is_not_queued_twice(pg: Database) -> None:
    from newssearcher.jobs.app import make_app

    (source_id,) = _add(pg, 1)
    app = make_app(Settings(db=pg.url))

    async def main() -> tuple:
        async with app.open_async():
            first = await enqueue_due_sources(app, pg)
            # the queue lease runs out while the job still waits (a long backlog)
            with pg.session() as s:
                s.execute(update(Source).values(lease_until=now_utc() - timedelta(seconds=1)))
            second = await enqueue_due_sources(app, pg)
            rows = await app.connector.execute_query_all_async(
                "SELECT args FROM procrastinate_jobs WHERE task_name = 'fetch_source'"
            )
            return first, second, rows

    first, second, rows = asyncio.run(main())
    assert first.queued == 1
    assert second.queued == 0 and second.already_queued == 1
    assert len(rows) == 1
    # the new lease was dropped, so the waiting job can still take the source
    with pg.session() as s:
        assert s.get(Source, source_id).lease_until is None
    assert claim_source(pg, source_id, hold_until=None) is not None


def test_claiming_walks_the_next_poll_at_index_not_the_table(pg: Database) -> None:
    """With 10,000 sources, the claim query is an index scan on ``next_poll_at``."""
    from sqlalchemy import insert, text

    from newssearcher.sources.registry import _due_clause

    now = now_utc()
    rows = [
        {"url": f"https://h{n % 100}.example/f{n}.xml", "kind": "feed", "poll_interval_s": 900,
         "next_poll_at": now + timedelta(seconds=n - 5000), "consecutive_failures": 0,
         "article_count": 0, "active": True, "added_at": now}
        for n in range(10_000)
    ]  # fmt: skip
    with pg.session() as s:
        s.execute(insert(Source), rows)
    with pg.engine.connect() as conn:
        conn.execute(text("ANALYZE sources"))
        query = (
            select(Source.id, Source.next_poll_at)
            .where(*_due_clause(now))
            .order_by(Source.next_poll_at)
            .limit(500)
            .with_for_update(skip_locked=True)
        )
        compiled = query.compile(pg.engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_sources_next_poll_at" in plan, plan
    assert "Seq Scan" not in plan, plan
    claimed = claim_for_queue(pg, limit=500)
    assert len(claimed) == 500
    assert [q.due_at for q in claimed] == sorted(q.due_at for q in claimed)
