"""Storage: SQLAlchemy 2 models, Alembic migrations, SQLite (default) and PostgreSQL."""

from newssearcher.store.db import Database

__all__ = ["Database"]
