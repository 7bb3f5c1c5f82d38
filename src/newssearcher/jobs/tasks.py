"""The job definitions. Every task is idempotent: running it twice stores nothing twice.

Retries: a task that raises is retried with exponential back-off; after ``MAX_ATTEMPTS`` it is
parked (a ``parked_jobs`` row with the error) and not retried again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from procrastinate import Blueprint, JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import select

from newssearcher.alerts.deliver import deliver_due
from newssearcher.jobs.runtime import Runtime
from newssearcher.jobs.scheduling import enqueue_due_sources
from newssearcher.pipeline.analyse import analyse_pending_stories, pending_story_ids
from newssearcher.pipeline.records_in import record_from_json
from newssearcher.store.models.ops import ParkedJob

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
#: seconds before stories skipped as busy (being analysed elsewhere) are looked at again
BUSY_RETRY_S = 2
RETRY = RetryStrategy(max_attempts=MAX_ATTEMPTS - 1, exponential_wait=2)

bp = Blueprint()


def runtime(context: JobContext) -> Runtime:
    return context.additional_context["runtime"]


def _park_if_last(context: JobContext, exc: Exception) -> None:
    """On a job's last allowed attempt, record its failure in ``parked_jobs``."""
    job = context.job
    if job.attempts + 1 >= MAX_ATTEMPTS:
        rt = runtime(context)
        with rt.db.session() as session:
            if session.scalar(select(ParkedJob.id).where(ParkedJob.job_id == job.id)) is None:
                session.add(
                    ParkedJob(
                        job_id=job.id,
                        task=job.task_name,
                        args=dict(job.task_kwargs),
                        attempts=job.attempts + 1,
                        error="".join(traceback.format_exception_only(exc)).strip(),
                    )
                )
        log.error(
            "job %s (%s) parked after %s attempts: %s",
            job.id,
            job.task_name,
            job.attempts + 1,
            exc,
        )


def _parking(context: JobContext, body: Callable[[], Any]) -> Any:
    """Run ``body``; on its last allowed attempt, record the failure before re-raising."""
    try:
        return body()
    except Exception as exc:
        _park_if_last(context, exc)
        raise


async def _parking_async(context: JobContext, body: Callable[[], Awaitable[Any]]) -> Any:
    try:
        return await body()
    except Exception as exc:
        _park_if_last(context, exc)
        raise


@bp.task(name="ingest_records", queue="ingest", pass_context=True, retry=RETRY)
def ingest_records(
    context: JobContext, records: list[dict[str, Any]], analyse: bool = True
) -> dict[str, Any]:
    """Store, dedup and cluster a batch of import records, then analyse the stories touched
    (``analyse=False``: leave them pending for the ``analyse_pending`` sweep)."""

    def body() -> dict[str, Any]:
        rt = runtime(context)
        parsed = [record_from_json(r) for r in records]  # validated when enqueued
        report = rt.ingestor.ingest(parsed)
        out = report.as_dict()
        if analyse:
            out["stories_analysed"] = _analyse(rt, report.touched_story_ids)
        return out

    return _parking(context, body)


@bp.task(name="analyse_pending", queue="analyse", pass_context=True, retry=RETRY,
         queueing_lock="analyse_pending")  # fmt: skip
def analyse_pending(context: JobContext) -> int:
    """Sweep: analyse every story whose analysis is older than its last change."""
    rt = runtime(context)
    return _parking(context, lambda: _analyse(rt))


def _analyse(rt: Runtime, story_ids: set[int] | None = None) -> int:
    """Analyse the pending stories (all, or those of ``story_ids``). A story that another worker
    is analysing, possibly from a state older than this job's change, is looked at again by an
    ``analyse_pending`` job queued for a few seconds later, so no change is left unanalysed
    until the next periodic sweep."""
    run = analyse_pending_stories(rt.db, rt.settings, story_ids=story_ids)
    if run.busy:
        with contextlib.suppress(AlreadyEnqueued):
            analyse_pending.configure(schedule_in={"seconds": BUSY_RETRY_S}).defer()
    return run.analysed


@bp.task(name="deliver_alerts", queue="alerts", pass_context=True, queueing_lock="deliver_alerts")
def deliver_alerts(context: JobContext) -> dict[str, int]:
    rt = runtime(context)
    report = deliver_due(rt.db, rt.settings)
    return {"delivered": report.delivered, "failed": report.failed, "parked": report.parked}


async def _defer_once(task: Any, **kwargs: Any) -> None:
    """Queue a task unless one with the same queueing lock is already waiting."""
    with contextlib.suppress(AlreadyEnqueued):
        await task.defer_async(**kwargs)


@bp.periodic(cron="* * * * * */10", periodic_id="sweep")
@bp.task(name="periodic_sweep", queue="schedule", pass_context=True, queueing_lock="periodic_sweep")
async def periodic_sweep(context: JobContext, timestamp: int) -> dict[str, int]:
    """Every 10 s: requeue jobs of dead workers, queue due deliveries and pending analyses."""
    app = context.app
    stalled = await app.job_manager.get_stalled_jobs()
    for job in stalled:
        await app.job_manager.retry_job(job)
    await _defer_once(deliver_alerts)
    rt = runtime(context)
    with rt.db.session() as session:
        pending = len(pending_story_ids(session))
    if pending:
        await _defer_once(analyse_pending)
    return {"stalled_retried": len(stalled), "pending_stories": pending}


@bp.task(name="fetch_source", queue="fetch", pass_context=True, retry=RETRY)
async def fetch_source(
    context: JobContext,
    source_id: int,
    hold_until: str | None = None,
    due_at: str | None = None,
) -> dict[str, Any]:
    """Poll one source (feed, new pages, extraction, ingest) if it is still due and free.

    Queued by ``schedule_fetches`` with ``queueing_lock=f"source:{id}"`` and the queue lease
    ``hold_until`` it may take over; fetch errors back the source off and do not fail the job.
    """
    from newssearcher.pipeline.fetch_run import poll_source
    from newssearcher.sources.registry import now_utc

    rt = runtime(context)
    hold = datetime.fromisoformat(hold_until) if hold_until else None

    async def body() -> dict[str, Any]:
        started = now_utc()
        fetcher = await rt.fetcher()
        report = await poll_source(
            rt.db,
            rt.settings,
            source_id,
            fetcher=fetcher,
            ingest=rt.ingest_fetched,
            hold_until=hold,
            db_executor=rt.db_executor,
        )
        out: dict[str, Any] = {"source_id": source_id, "polled": report is not None}
        if due_at:
            out["lag_s"] = round((started - datetime.fromisoformat(due_at)).total_seconds(), 3)
        if report is not None:
            counts = report.as_dict()
            out.update({k: v for k, v in counts.items() if isinstance(v, int)})
            out["errors"] = counts["errors"][:5]
        log.info("fetch_source %s", json.dumps(out))
        return out

    return await _parking_async(context, body)


@bp.periodic(cron="* * * * * */2", periodic_id="fetch-schedule")
@bp.task(name="schedule_fetches", queue="schedule", pass_context=True,
         queueing_lock="schedule_fetches")  # fmt: skip
async def schedule_fetches(context: JobContext, timestamp: int) -> dict[str, int]:
    """Every 2 s: queue a ``fetch_source`` job per due source, earliest due first."""
    report = await enqueue_due_sources(context.app, runtime(context).db)
    return report.as_dict()
