"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from newssearcher.store import Database
from newssearcher.store.migrate import alembic_config
from newssearcher.store.models import Base

# what lives beside the models on purpose: the FTS5 table and its triggers (0002), the
# PostgreSQL full-text expression index (0002), and the job queue's own tables (0005)
FOREIGN = ("articles_fts", "procrastinate", "ix_articles_fts")


def _relevant(diff: object) -> bool:
    return not any(name in repr(diff) for name in FOREIGN)


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if _relevant(d)]
    assert diffs == []


def test_one_head_after_merges(db: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(db))
    heads = script.get_heads()
    assert len(heads) == 1, f"branches must be merged: heads {heads}"
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    assert current == set(heads)


def test_alembic_commands_without_a_connection_use_the_application_engine(db_url: str) -> None:
    """``alembic_config`` handed to an alembic command directly (no connection given) migrates
    through the application's own engine and its connection options."""
    from alembic import command
    from sqlalchemy import event

    database = Database(db_url)
    checkouts: list[object] = []
    event.listen(database.engine, "checkout", lambda *args: checkouts.append(args))
    try:
        cfg = alembic_config(database)
        command.upgrade(cfg, "head")
        assert checkouts, "the migration ran on an engine of its own"
        with database.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        assert current == set(ScriptDirectory.from_config(cfg).get_heads())
        command.downgrade(cfg, "base")
        with database.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == ()
    finally:
        database.dispose()
