"""Analysis jobs: a story another worker is analysing is looked at again shortly, not left
for the next periodic sweep."""

from __future__ import annotations

import psycopg
import pytest

from newssearcher.config import Settings
from newssearcher.jobs.runtime import Runtime
from newssearcher.pipeline.analyse import ANALYSIS_LOCK_NS, pending_story_ids
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.pipeline.records_in import record_from_json
from newssearcher.store import Database
from tests.synthetic import synthetic_articles


@pytest.mark.postgres
def test_a_story_busy_elsewhere_is_queued_again_shortly(pg_db: Database) -> None:
    from newssearcher.jobs import tasks
    from newssearcher.jobs.app import make_app

    settings = Settings(db=pg_db.url)
    rows = synthetic_articles(per_event=3, events=1)
    Ingestor(pg_db, settings, analyse=False).ingest([record_from_json(r) for r in rows])
    with pg_db.session() as s:
        (story_id,) = pending_story_ids(s)
    url = pg_db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    app = make_app(settings)
    runtime = Runtime(settings)
    with psycopg.connect(url, autocommit=True) as other, app.open():
        # another worker is analysing the story
        other.execute("SELECT pg_advisory_lock(%s, %s)", (ANALYSIS_LOCK_NS, story_id))
        assert tasks._analyse(runtime, {story_id}) == 0
        assert tasks._analyse(runtime) == 0  # a second pass: still one job waiting
        jobs = other.execute(
            "SELECT status, scheduled_at > now() FROM procrastinate_jobs "
            "WHERE task_name = 'analyse_pending'"
        ).fetchall()
        assert jobs == [("todo", True)]
        other.execute("SELECT pg_advisory_unlock(%s, %s)", (ANALYSIS_LOCK_NS, story_id))
        # once free, the story is analysed and nothing more is queued
        assert tasks._analyse(runtime, {story_id}) == 1
        assert len(other.execute("SELECT id FROM procrastinate_jobs").fetchall()) == 1
    runtime.db.dispose()
