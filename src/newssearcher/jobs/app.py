"""The Procrastinate app: the job queue lives in the same PostgreSQL database as the data."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector

from newssearcher.config import Settings
from newssearcher.jobs.runtime import require_postgres
from newssearcher.store.db import PG_CONNECT_ARGS, psycopg_conninfo

QUEUES_ALL = ["ingest", "fetch", "analyse", "alerts", "schedule"]


def make_app(settings: Settings) -> App:
    require_postgres(settings)
    from newssearcher.jobs.tasks import bp

    connector = PsycopgConnector(
        conninfo=psycopg_conninfo(settings.database_url), kwargs=dict(PG_CONNECT_ARGS)
    )
    app = App(connector=connector)
    app.add_tasks_from(bp, namespace="")
    return app
