"""What every command receives: the settings and, on demand, the migrated database."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from newssearcher.config import Settings
from newssearcher.store import Database


@dataclass
class AppContext:
    settings: Settings
    _db: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        """Open the configured database and apply pending migrations (once per process)."""
        if self._db is None:
            db = Database(self.settings.database_url)
            db.migrate()
            self._db = db
        return self._db


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppContext):  # pragma: no cover - only when misused
        raise RuntimeError("newssearcher CLI context missing")
    return obj
