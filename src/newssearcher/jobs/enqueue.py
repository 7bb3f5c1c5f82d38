"""Putting work on the queue from the command line."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from newssearcher.config import Settings
from newssearcher.jobs.app import make_app
from newssearcher.pipeline.records_in import record_to_json
from newssearcher.records import ArticleInput


def enqueue_import(
    settings: Settings, records: Iterable[ArticleInput], batch_size: int, *, analyse: bool = True
) -> int:
    """Queue ``ingest_records`` jobs of ``batch_size`` records; returns how many jobs.

    ``analyse=False``: the jobs store, dedup and cluster only; the stories they touch stay
    pending for the ``analyse_pending`` sweep (queue ``analyse``), which may run elsewhere."""
    from newssearcher.jobs.tasks import ingest_records

    app = make_app(settings)
    jobs = 0
    it = iter(records)
    with app.open():
        task = app.tasks[ingest_records.name]
        while chunk := list(islice(it, batch_size)):
            task.defer(records=[record_to_json(r) for r in chunk], analyse=analyse)
            jobs += 1
    return jobs
