"""Alembic, driven from code: ``upgrade(db)`` applies every pending migration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    from newssearcher.store.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    cfg.attributes["database"] = db
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        if db.is_postgres:
            # one migrator at a time when several workers start together
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7021734)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
