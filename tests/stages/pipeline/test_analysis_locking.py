"""A long story analysis must not stop placement (PostgreSQL, real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

import newssearcher.pipeline.analyse as analyse_mod
from newssearcher.config import Settings
from newssearcher.pipeline.analyse import analyse_pending_stories
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.pipeline.records_in import record_from_json
from newssearcher.store import Database
from newssearcher.store.models import Article, Story
from tests.synthetic import synthetic_articles

pytestmark = pytest.mark.postgres


def test_placement_goes_on_while_a_story_is_analysed(
    pg_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = synthetic_articles(per_event=4, events=1)
    ingestor = Ingestor(pg_db, settings, batch_size=10, analyse=False)
    ingestor.ingest([record_from_json(r) for r in rows[:3]])
    with pg_db.session() as s:
        (story_id,) = s.scalars(select(Story.id).where(Story.article_count > 0)).all()

    entered, release = threading.Event(), threading.Event()
    real_summary = analyse_mod.update_story_summary

    def slow_summary(*args: object, **kwargs: object) -> None:
        entered.set()  # the analysis transaction is open, mid-analysis
        release.wait(60)
        real_summary(*args, **kwargs)

    monkeypatch.setattr(analyse_mod, "update_story_summary", slow_summary)
    analysed: list[int] = []
    worker = threading.Thread(
        target=lambda: analysed.append(analyse_pending_stories(pg_db, settings).analysed)
    )
    worker.start()
    try:
        assert entered.wait(60)
        # a second analyser skips the story another one holds, and says so
        second = analyse_pending_stories(pg_db, settings)
        assert second.analysed == 0 and second.busy == [story_id]
        # placing a fourth report into the same story completes meanwhile
        placer = threading.Thread(target=ingestor.ingest, args=([record_from_json(rows[3])],))
        placer.start()
        placer.join(30)
        assert not placer.is_alive(), "placement waited for the analysis"
    finally:
        release.set()
        worker.join(120)
    assert analysed == [1]
    with pg_db.session() as s:
        assert (
            s.scalar(select(Article.story_id).where(Article.external_id == rows[3]["id"]))
            == story_id
        )
        story = s.get(Story, story_id)
        assert story.article_count == 4
        # the analysis saw three articles: the story stays pending for the fourth
        assert story.analysed_at is not None and story.analysed_at < story.updated_at
