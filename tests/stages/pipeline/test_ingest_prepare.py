"""Per-article work (embeddings, signals, MinHash) is done before the story lock, and placing
prepared articles decides exactly as preparing them under the lock did."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from newssearcher.config import Settings
from newssearcher.dedup.fingerprints import canonical_url, content_hash
from newssearcher.pipeline.ingest import STORY_LOCK_KEY, Ingestor, _Staged
from newssearcher.pipeline.records_in import record_from_json
from newssearcher.records import ArticleInput
from newssearcher.store import Database
from newssearcher.store.models import Article
from tests.synthetic import synthetic_articles


def _records(rows: list[dict]) -> list[ArticleInput]:
    return [record_from_json(r) for r in rows]


def _rows() -> list[dict]:
    rows = synthetic_articles(per_event=5, events=6)
    # an exact copy under another id: a duplicate, placed from its prepared signals too
    return [*rows, {**rows[0], "id": "copy-of-first"}]


class _PrepareUnderLock(Ingestor):
    """Prepares nothing ahead, so ``place()`` prepares every article itself (the old path)."""

    def _prepare(self, batch: list[ArticleInput]) -> list[_Staged]:
        staged = super()._prepare([])  # still catches up, like the real one
        return staged + [_Staged(r, canonical_url(r.url), content_hash(r.text)) for r in batch]


def _placement(db: Database) -> dict[str, tuple]:
    """Per external id: story (as the first member's id), duplicate/rewrite source, score."""
    with db.session() as s:
        arts = s.scalars(select(Article).order_by(Article.id)).all()
        ext = {a.id: a.external_id for a in arts}
        first_of_story: dict[int, str] = {}
        for a in arts:
            first_of_story.setdefault(a.story_id, a.external_id)
        return {
            a.external_id: (
                first_of_story[a.story_id],
                ext.get(a.duplicate_of),
                a.duplicate_kind,
                ext.get(a.rewrite_of),
                a.story_score,
                a.embedding,
                a.minhash,
                a.lang,
            )
            for a in arts
        }


def test_prepared_ahead_places_as_prepared_under_the_lock(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    rows = _rows()
    ahead = Ingestor(db, settings, batch_size=7, analyse=False)
    report = ahead.ingest(_records(rows))
    assert report.stored == len(rows)
    assert ahead.engine.timings["embedding"] > 0

    other = Database(f"sqlite:///{tmp_path / 'inline.db'}")
    other.migrate()
    inline = _PrepareUnderLock(other, settings, batch_size=7, analyse=False)
    assert inline.ingest(_records(rows)).stored == len(rows)

    got, want = _placement(db), _placement(other)
    assert got == want
    assert got["copy-of-first"][1] == rows[0]["id"]  # the copy points at the original
    assert len({v[0] for v in got.values()}) == 6  # six events, six stories
    # a second run stores nothing and prepares nothing
    before = ahead.engine.timings["embedding"]
    again = ahead.ingest(_records(rows))
    assert again.stored == 0 and again.already_present == len(rows)
    assert ahead.engine.timings["embedding"] == before
    other.dispose()


@pytest.mark.postgres
def test_embedding_runs_while_another_writer_holds_the_story_lock(
    pg_db: Database, settings: Settings
) -> None:
    ingestor = Ingestor(pg_db, settings, batch_size=50, analyse=False)
    ingestor.engine.prepare([])  # nothing to do; the model loads on the first real call
    url = pg_db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    result: dict[str, object] = {}
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (STORY_LOCK_KEY,))
        worker = threading.Thread(
            target=lambda: result.update(report=ingestor.ingest(_records(_rows()[:10])))
        )
        worker.start()
        deadline = time.monotonic() + 120
        while ingestor.engine.timings["embedding"] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        # embedded while the lock was held elsewhere; nothing could be stored meanwhile
        assert ingestor.engine.timings["embedding"] > 0
        assert worker.is_alive()
        with pg_db.session() as s:
            assert s.scalar(select(Article.id).limit(1)) is None
        holder.execute("SELECT pg_advisory_unlock(%s)", (STORY_LOCK_KEY,))
    worker.join(120)
    assert not worker.is_alive()
    assert result["report"].stored == 10  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_one_thread_per_process_waits_for_the_story_lock(
    pg_db: Database, settings: Settings
) -> None:
    """Jobs of one worker share its ingestor: while the story lock is held elsewhere, one of
    them waits on it in PostgreSQL; the others wait in the process, holding no connection."""
    ingestor = Ingestor(pg_db, settings, batch_size=50, analyse=False)
    rows = _rows()
    url = pg_db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    reports: list[object] = []
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (STORY_LOCK_KEY,))
        jobs = [
            threading.Thread(target=lambda part=part: reports.append(ingestor.ingest(part)))
            for part in (_records(rows[i::3]) for i in range(3))
        ]
        for job in jobs:
            job.start()

        def waiting() -> int:
            return holder.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ).fetchone()[0]  # type: ignore[index]

        deadline = time.monotonic() + 120
        while waiting() == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # time for the other jobs to reach the lock too, were they to
        assert waiting() == 1
        assert all(job.is_alive() for job in jobs)
        holder.execute("SELECT pg_advisory_unlock(%s)", (STORY_LOCK_KEY,))
    for job in jobs:
        job.join(120)
    assert sum(r.stored for r in reports) == len(rows)  # type: ignore[attr-defined]
