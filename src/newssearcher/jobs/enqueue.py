"""Putting work on the queue from the command line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from itertools import islice
from typing import Any

from newssearcher.config import Settings
from newssearcher.jobs.app import make_app
from newssearcher.records import ArticleInput


def record_to_json(rec: ArticleInput) -> dict[str, Any]:
    """The import-contract form of a record (what ``record_from_json`` reads back)."""
    data = asdict(rec)
    out: dict[str, Any] = {k: v for k, v in data.items() if k not in {"external_id", "metadata"}}
    out["id"] = rec.external_id
    out["published"] = rec.published.isoformat() if rec.published else None
    out.update(rec.metadata)
    return {k: v for k, v in out.items() if v is not None}


def enqueue_import(settings: Settings, records: Iterable[ArticleInput], batch_size: int) -> int:
    """Queue ``ingest_records`` jobs of ``batch_size`` records; returns how many jobs."""
    from newssearcher.jobs.tasks import ingest_records

    app = make_app(settings)
    jobs = 0
    it = iter(records)
    with app.open():
        task = app.tasks[ingest_records.name]
        while chunk := list(islice(it, batch_size)):
            task.defer(records=[record_to_json(r) for r in chunk])
            jobs += 1
    return jobs
