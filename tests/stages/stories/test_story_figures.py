"""A story's stored figures (counts, dates, first article, title), kept up batch by batch
without recounting its members, must equal what counting all of them gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from tests.synthetic import synthetic_articles

from newssearcher.config import Settings
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.pipeline.records_in import record_from_json
from newssearcher.store import Database
from newssearcher.store.models import Article, Story
from newssearcher.stories.engine import StoryEngine
from newssearcher.summary.timeline import first_report


def _rows() -> list[dict]:
    rows = synthetic_articles(per_event=7, events=5)
    for i, row in enumerate(rows):
        if i % 6 == 5:
            del row["published"]  # undated: ingested now, after the other events' dates
        if i % 4 == 0:
            row["source"] = f"Outlet {i}"  # outlets new to the story, and repeated ones
    # one event dated after its undated reports were ingested: an undated report comes first
    late = datetime.now(UTC) + timedelta(days=30)
    for k, row in enumerate(r for r in rows if r["gold_story"] == rows[5]["gold_story"]):
        if "published" in row:
            row["published"] = (late + timedelta(hours=k)).isoformat()
    # an exact copy arriving later but dated earlier than its original: a duplicate, so never
    # the story's first article, though its date is the story's first date
    copy = {**rows[3], "id": "early-copy", "published": "2026-03-01T00:00:00Z"}
    return [*rows, copy]


def _counted(session, story: Story) -> tuple:  # type: ignore[no-untyped-def]
    members = session.scalars(select(Article).where(Article.story_id == story.id)).all()
    dated = [a.published_at for a in members if a.published_at is not None]
    first = first_report(members)  # what the story page and ``story show`` name
    assert first is not None
    return (
        len(members),
        len({a.outlet for a in members if a.outlet}),
        min(dated, default=None),
        max(dated, default=None),
        first.id,
        first.title,
    )


def _stored(story: Story) -> tuple:
    return (
        story.article_count,
        story.outlet_count,
        story.first_published_at,
        story.last_published_at,
        story.first_article_id,
        story.title,
    )


def test_figures_kept_per_batch_equal_a_full_count(db: Database, settings: Settings) -> None:
    rows = _rows()
    ingestor = Ingestor(db, settings, batch_size=4, analyse=False)
    report = ingestor.ingest([record_from_json(r) for r in rows])
    assert report.stored == len(rows)
    with db.session() as session:
        stories = session.scalars(select(Story).where(Story.merged_into.is_(None))).all()
        assert len(stories) >= 5
        grown = [s for s in stories if s.article_count > 4]
        assert grown, "some story must have grown over several batches"
        for story in stories:
            assert _stored(story) == _counted(session, story), story.id
        copy = session.scalar(select(Article).where(Article.external_id == "early-copy"))
        assert copy is not None and copy.duplicate_of is not None
        home = session.get(Story, copy.story_id)
        assert home is not None and home.first_published_at == copy.published_at
        assert home.first_article_id != copy.id
        # the cases the rule turns on occurred: a rewrite, and an undated first report
        assert session.scalar(select(Article.id).where(Article.rewrite_of.is_not(None)))
        firsts = [session.get(Article, s.first_article_id) for s in stories]
        assert any(a is not None and a.published_at is None for a in firsts)
        # the recount used after merges gives the same figures
        counted = StoryEngine._count_stories(session, {s.id for s in stories})
        for story in stories:
            fig = counted[story.id]
            assert (
                fig.articles,
                fig.outlets,
                fig.first_at,
                fig.last_at,
                fig.first.id if fig.first else None,
            ) == _stored(story)[:5]
