"""What a worker process holds for its jobs: one database, the settings, one story engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from newssearcher.config import Settings
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.store import Database


@dataclass
class Runtime:
    settings: Settings
    db: Database = field(init=False)

    def __post_init__(self) -> None:
        self.db = Database(self.settings.database_url)

    @cached_property
    def ingestor(self) -> Ingestor:
        # analysis runs as its own step after each batch, on the stories the batch touched
        return Ingestor(self.db, self.settings, analyse=False)


def conninfo(database_url: str) -> str:
    """The psycopg connection string for a SQLAlchemy PostgreSQL URL."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql://" + database_url[len(prefix) :]
    return database_url


def require_postgres(settings: Settings) -> None:
    if not settings.database_url.startswith(("postgresql", "postgres://")):
        raise SystemExit(
            "workers need a PostgreSQL database (--db postgresql://…); "
            "with SQLite everything runs in one process: use `import` and `fetch`"
        )
