"""Operational status: queue depths, lag, failing sources, pending work. Works on SQLite too
(without the queue part)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from newssearcher.pipeline.analyse import pending_story_ids
from newssearcher.store import Database
from newssearcher.store.models import Article, Source, Story, utcnow
from newssearcher.store.models.alerts import Delivery
from newssearcher.store.models.ops import ParkedJob


def _age_s(when: datetime | None, now: datetime) -> float | None:
    return round((now - when).total_seconds(), 1) if when else None


def collect_status(db: Database) -> dict[str, Any]:
    now = utcnow()
    out: dict[str, Any] = {"backend": db.dialect}
    with db.session() as s:
        out["articles"] = s.scalar(select(func.count(Article.id)))
        out["stories"] = s.scalar(select(func.count(Story.id)).where(Story.merged_into.is_(None)))
        pending = pending_story_ids(s)
        out["stories_pending_analysis"] = len(pending)
        out["sources"] = s.scalar(select(func.count(Source.id)))
        failing = s.scalars(
            select(Source)
            .where(Source.consecutive_failures > 0)
            .order_by(Source.consecutive_failures.desc())
        ).all()
        out["failing_sources"] = [
            {"id": f.id, "url": f.url, "failures": f.consecutive_failures, "error": f.last_error}
            for f in failing[:20]
        ]
        out["sources_failing"] = len(failing)
        oldest_due = s.scalar(
            select(func.min(Source.next_poll_at)).where(
                Source.active.is_(True), Source.next_poll_at <= now
            )
        )
        out["fetch_lag_s"] = _age_s(oldest_due, now)
        # queued for a fetch job or being polled right now
        out["sources_leased"] = s.scalar(
            select(func.count(Source.id)).where(Source.lease_until > now)
        )
        out["deliveries_pending"] = s.scalar(
            select(func.count(Delivery.id)).where(Delivery.status == "pending")
        )
        out["deliveries_parked"] = s.scalar(
            select(func.count(Delivery.id)).where(Delivery.status == "parked")
        )
        out["parked_jobs"] = s.scalar(select(func.count(ParkedJob.id)))
        if db.is_postgres:
            rows = s.execute(
                text(
                    "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
                    "GROUP BY 1, 2 ORDER BY 1, 2"
                )
            ).all()
            queues: dict[str, dict[str, int]] = {}
            for queue, status, count in rows:
                queues.setdefault(queue, {})[status] = count
            out["queues"] = queues
            oldest = s.execute(
                text(
                    "SELECT min(e.at) FROM procrastinate_jobs j JOIN procrastinate_events e "
                    "ON e.job_id = j.id AND e.type = 'deferred' WHERE j.status = 'todo'"
                )
            ).scalar()
            out["queue_lag_s"] = _age_s(oldest, now)
            out["workers"] = s.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar()
    return out
