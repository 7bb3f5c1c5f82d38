"""The Procrastinate app: the job queue lives in the same PostgreSQL database as the data."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector

from newssearcher.config import Settings
from newssearcher.jobs.runtime import conninfo, require_postgres

QUEUES_ALL = ["ingest", "fetch", "analyse", "alerts", "schedule"]


def make_app(settings: Settings) -> App:
    require_postgres(settings)
    from newssearcher.jobs.tasks import bp

    app = App(connector=PsycopgConnector(conninfo=conninfo(settings.database_url)))
    app.add_tasks_from(bp, namespace="")
    return app
