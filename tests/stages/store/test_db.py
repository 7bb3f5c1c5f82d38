"""The store on both backends: migrations, round trips, full-text index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import inspect, select, text

from newssearcher.store import Database
from newssearcher.store.db import normalise_url
from newssearcher.store.models import Article


def test_migrate_is_idempotent_and_creates_tables(db: Database) -> None:
    db.migrate()  # a second run must be a no-op
    names = set(inspect(db.engine).get_table_names())
    assert {"articles", "stories", "sources", "claims", "entities", "hubs"} <= names
    with db.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert version, "alembic_version must record the applied revision"


def test_datetimes_come_back_aware_utc(db: Database) -> None:
    local = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    with db.session() as s:
        s.add(Article(external_id="a", text="t", content_hash="h", published_at=local))
    with db.session() as s:
        got = s.scalars(select(Article.published_at)).one()
    assert got == local
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    assert got.astimezone(UTC).hour == 10


def test_json_metadata_round_trip(db: Database) -> None:
    meta = {"gold_story": "x-1", "tags": ["a", "é"], "n": 3}
    with db.session() as s:
        s.add(Article(external_id="m", text="t", content_hash="h", meta=meta))
    with db.session() as s:
        assert s.scalars(select(Article.meta)).one() == meta


def test_full_text_index_follows_inserts_updates_deletes(db: Database) -> None:
    with db.session() as s:
        s.add(
            Article(
                external_id="f1",
                title="Volcano erupts",
                text="Lava reached the town",
                content_hash="1",
            )
        )
        s.add(
            Article(
                external_id="f2", title="Budget vote", text="Parliament passed it", content_hash="2"
            )
        )

    def hits(word: str) -> set[str]:
        with db.engine.connect() as conn:
            if db.is_sqlite:
                rows = conn.execute(
                    text(
                        "SELECT a.external_id FROM articles_fts f JOIN articles a ON a.id = f.rowid "
                        "WHERE articles_fts MATCH :q"
                    ),
                    {"q": word},
                )
            else:
                rows = conn.execute(
                    text(
                        "SELECT external_id FROM articles WHERE to_tsvector('simple', "
                        "coalesce(title, '') || ' ' || text) @@ plainto_tsquery('simple', :q)"
                    ),
                    {"q": word},
                )
            return {r[0] for r in rows}

    assert hits("lava") == {"f1"}
    with db.session() as s:
        art = s.scalars(select(Article).where(Article.external_id == "f2")).one()
        art.text = "Parliament passed the lava tax"
    assert hits("lava") == {"f1", "f2"}
    with db.session() as s:
        s.delete(s.scalars(select(Article).where(Article.external_id == "f1")).one())
    assert hits("lava") == {"f2"}


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_uses_wal(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_postgres_statements_are_not_prepared_on_the_server(pg_db: Database) -> None:
    """psycopg prepares a statement from its fifth run on, and PostgreSQL may then keep one
    generic plan for the connection's life: the ingest path's 50-key ``external_id`` lookup kept
    a seq scan made while ``articles`` was small and slowed linearly with the store (found
    profiling ``bench_workers --story-lock`` with autovacuum off). Each run is planned for the
    table as it is now: nothing stays prepared, and after the table grows (no ANALYZE in
    between) the lookup uses the unique index."""
    grow = text(
        "INSERT INTO articles (external_id, text, content_hash, ingested_at, meta) "
        "SELECT 'e' || g, (SELECT string_agg(md5(g::text || i::text), ' ') "
        "FROM generate_series(1, 50) i), md5(g::text), now(), '{}' "
        "FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) g"
    )
    lookup = select(Article.external_id).where(
        Article.external_id.in_([f"absent-{i}" for i in range(50)])
    )
    with pg_db.engine.begin() as other:
        other.execute(grow, {"first": 1, "last": 300})
    with pg_db.engine.connect() as conn:
        for _ in range(8):
            assert conn.execute(lookup).all() == []
        conn.commit()
        assert conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar() == 0
        with pg_db.engine.begin() as other:
            other.execute(grow, {"first": 301, "last": 5000})
        scans = text(  # this backend's counts not yet flushed: they include earlier runs
            "SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = 'articles'"
        )
        seq_before, idx_before = conn.execute(scans).one()
        assert conn.execute(lookup).all() == []
        seq_after, idx_after = conn.execute(scans).one()
    assert seq_after == seq_before, "the lookup scanned the whole table"
    assert idx_after > idx_before
