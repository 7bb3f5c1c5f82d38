"""What a worker process holds for its jobs: one database, the settings, one story engine, one
polite fetcher (per-host spacing shared with every other worker through ``host_slots``)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from newssearcher.config import Settings
from newssearcher.store import Database

if TYPE_CHECKING:
    from newssearcher.pipeline.ingest import Ingestor
    from newssearcher.records import ArticleInput
    from newssearcher.sources.http import Fetcher

#: threads for the database work of fetch jobs (claims, lookups, ingest, release)
FETCH_DB_THREADS = 8


@dataclass
class Runtime:
    settings: Settings
    db: Database = field(init=False)
    _fetcher: Fetcher | None = field(init=False, default=None)
    _fetcher_lock: asyncio.Lock | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.db = Database(self.settings.database_url)

    @cached_property
    def ingestor(self) -> Ingestor:
        from newssearcher.pipeline.ingest import Ingestor

        # analysis runs as its own step after each batch, on the stories the batch touched
        return Ingestor(self.db, self.settings, analyse=False)

    @cached_property
    def db_executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(FETCH_DB_THREADS, thread_name_prefix="newssearcher-fetch-db")

    def ingest_fetched(self, records: list[ArticleInput], source_id: int) -> Any:
        """Ingest what one poll found (analysis is left to the ``analyse_pending`` sweep)."""
        return self.ingestor.ingest(records, source_id=source_id)

    async def fetcher(self) -> Fetcher:
        """The worker's fetcher, opened on first use on the worker's event loop."""
        from newssearcher.pipeline.fetch_run import make_fetcher

        if self._fetcher_lock is None:
            self._fetcher_lock = asyncio.Lock()
        async with self._fetcher_lock:
            if self._fetcher is None:
                fetcher = make_fetcher(self.db, self.settings)
                await fetcher.__aenter__()
                self._fetcher = fetcher
        return self._fetcher


def require_postgres(settings: Settings) -> None:
    if not settings.database_url.startswith(("postgresql", "postgres://")):
        raise SystemExit(
            "workers need a PostgreSQL database (--db postgresql://…); "
            "with SQLite everything runs in one process: use `import` and `fetch`"
        )
