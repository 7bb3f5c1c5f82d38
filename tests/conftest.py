"""Shared fixtures: real SQLite files, real PostgreSQL databases, the shared eval folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newssearcher.config import Settings
from newssearcher.store import Database

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get(
    "NEWSSEARCHER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def shared_path() -> Path:
    """``../shared`` beside the checkout (or ``NEWSSEARCHER_SHARED``)."""
    return Path(os.environ.get("NEWSSEARCHER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not (path / "eval").is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"


_PG_REASON = _pg_available()


def make_pg_database() -> tuple[str, callable]:
    """Create an empty PostgreSQL database; returns its URL and a function that drops it."""
    import psycopg

    name = f"ns_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]

    def drop() -> None:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: once as an SQLite file, once as a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    url, drop = make_pg_database()
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated database on both backends."""
    database = Database(db_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A migrated PostgreSQL database only (its URL), for what needs PostgreSQL itself."""
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    url, drop = make_pg_database()
    database = Database(url)
    database.migrate()
    database.dispose()
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """:func:`pg_url`'s database, opened."""
    database = Database(pg_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings isolated from the user's files: data dir in tmp, no config file."""
    monkeypatch.setenv("NEWSSEARCHER_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("NEWSSEARCHER_DATA_DIR", str(tmp_path / "data"))
    return Settings()
