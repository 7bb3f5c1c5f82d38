"""Alembic environment: uses the connection handed over by ``store.migrate``; the plain
``alembic`` command gets one from :class:`~newssearcher.store.db.Database` (the same engine
options as the application's)."""

from __future__ import annotations

from alembic import context

from newssearcher.store.db import Database
from newssearcher.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        given = config.attributes.get("database")
        database = given or Database(config.get_main_option("sqlalchemy.url"))
        try:
            with database.engine.begin() as conn:
                _configure_and_run(conn)
        finally:
            if given is None:
                database.dispose()
        return
    _configure_and_run(connection)


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
