"""Queueing due sources as ``fetch_source`` jobs, for 10,000 sources and more.

Each tick of the ``schedule_fetches`` periodic task:

1. counts the ``fetch`` jobs still waiting; the queue is kept at most ``MAX_WAITING`` deep, so
   that a source falling due now is polled after at most that many others (the queue is FIFO
   and is filled in due-time order) and a backlog never turns into thousands of stale jobs;
2. leases due sources in batches, earliest ``next_poll_at`` first
   (``registry.claim_for_queue``: ``FOR UPDATE SKIP LOCKED`` on the ``next_poll_at`` index, so
   two schedulers never queue one source and no tick scans the whole table);
3. queues one job per source with ``queueing_lock=f"source:{id}"``: the queue itself refuses a
   second waiting job for a source. The job polls only if it can take over the queue lease
   (``registry.claim_source``), so even a duplicate that slipped through (a job run twice after
   a crash, a ``fetch`` run racing the workers) polls nothing.

A failing source is backed off by ``registry.release`` (its ``next_poll_at`` moves away
exponentially), so it simply stops being due; the others keep their own times.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued

from newssearcher.sources.registry import QueuedSource, claim_for_queue, drop_hold
from newssearcher.store import Database

log = logging.getLogger(__name__)

FETCH_QUEUE = "fetch"
FETCH_TASK = "fetch_source"
#: fetch jobs allowed to wait in the queue; beyond that the scheduler waits for the workers
MAX_WAITING = 2000
#: sources leased (and jobs queued) per round trip
BATCH = 500
#: how long a queued source stays leased to its job; a lost job frees it after this
QUEUE_HOLD_S = 15 * 60


def source_lock(source_id: int) -> str:
    return f"source:{source_id}"


@dataclass
class ScheduleReport:
    waiting_before: int = 0
    queued: int = 0
    already_queued: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "waiting_before": self.waiting_before,
            "queued": self.queued,
            "already_queued": self.already_queued,
        }


async def waiting_fetch_jobs(app: App) -> int:
    row = await app.connector.execute_query_one_async(
        "SELECT count(*) AS n FROM procrastinate_jobs "
        "WHERE queue_name = %(queue)s AND status = 'todo'",
        queue=FETCH_QUEUE,
    )
    return int(row["n"])


def _job(app: App, source: QueuedSource) -> Any:
    task = app.tasks[FETCH_TASK]
    return task.configure(
        queueing_lock=source_lock(source.id),
        task_kwargs={
            "source_id": source.id,
            "hold_until": source.hold_until.isoformat(),
            "due_at": source.due_at.isoformat(),
        },
    ).job


async def _defer(
    app: App, db: Database, claimed: list[QueuedSource], report: ScheduleReport
) -> None:
    """Queue one job per source: all in one statement, or one by one if a lock is taken."""
    try:
        await app.job_manager.batch_defer_jobs_async([_job(app, s) for s in claimed])
        report.queued += len(claimed)
        return
    except AlreadyEnqueued:
        pass  # the statement was rolled back as a whole: go one by one
    for source in claimed:
        try:
            await app.job_manager.defer_job_async(_job(app, source))
            report.queued += 1
        except AlreadyEnqueued:
            # a job for it is still waiting (queued before an earlier lease ran out): let that
            # job take the source, which it can once the lease set just now is dropped
            report.already_queued += 1
            await asyncio.to_thread(drop_hold, db, source.id, source.hold_until)


async def enqueue_due_sources(
    app: App,
    db: Database,
    *,
    max_waiting: int = MAX_WAITING,
    batch: int = BATCH,
    hold_s: float = QUEUE_HOLD_S,
) -> ScheduleReport:
    """Queue ``fetch_source`` jobs for due sources, earliest first, up to ``max_waiting``."""
    report = ScheduleReport()
    report.waiting_before = await waiting_fetch_jobs(app)
    room = max_waiting - report.waiting_before
    while room > 0:
        claimed = await asyncio.to_thread(
            claim_for_queue, db, limit=min(batch, room), hold_s=hold_s
        )
        if not claimed:
            break
        await _defer(app, db, claimed, report)
        room -= len(claimed)
        if len(claimed) < batch:
            break
    if report.queued or report.already_queued:
        log.info("scheduled fetches %s", report.as_dict())
    return report
