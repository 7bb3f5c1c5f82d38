"""Stores the invented Northbridge story (tests only): four outlets, a rewrite and a copy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from newssearcher.store.models import Article, Story

from .story_texts import EN_A, EN_B, EN_C, ES_D

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)

EN_A_REWRITE = (
    "On Tuesday, Northbridge's city council decided to shut the old harbour bridge to every "
    "vehicle once engineers discovered deep cracks in the main supports. "
    "Mayor Helen Ortiz said the bridge would remain shut until a complete inspection was done."
)


@dataclass
class StoredStory:
    story_id: int
    a: int  # first report (EN_A)
    b: int  # a second outlet, adds the ferry and the ring road
    c: int  # the next day, adds the commuters' complaints
    d: int  # Spanish: a translation of parts of EN_A (no rewrite link: an independent voice)
    rewrite: int  # a reworded copy of EN_A
    copy: int  # an exact copy of EN_B


def _article(ext: str, text: str, **kw: object) -> Article:
    return Article(
        external_id=ext,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        **kw,
    )


def store_story(session: Session, *, title: str | None = None) -> StoredStory:
    story = Story(title=title, article_count=6)
    session.add(story)
    session.flush()
    a = _article(
        "a",
        EN_A,
        title="Northbridge closes harbour bridge over cracks",
        outlet="Daily A",
        lang="en",
        published_at=T0,
        story_id=story.id,
    )
    b = _article(
        "b",
        EN_B,
        title="Harbour bridge shut: ferries to run",
        outlet="B News",
        lang="en",
        published_at=T0 + timedelta(hours=2),
        story_id=story.id,
    )
    # no published date: placed by its ingestion time, the next day
    c = _article(
        "c",
        EN_C,
        title="Commuters queue for emergency ferries",
        outlet="C Post",
        lang="en",
        ingested_at=T0 + timedelta(days=1),
        story_id=story.id,
    )
    d = _article(
        "d",
        ES_D,
        title="Northbridge cierra el puente del puerto",
        outlet="Diario D",
        lang="es",
        published_at=T0 + timedelta(hours=3),
        story_id=story.id,
    )
    session.add_all([a, b, c, d])
    session.flush()
    rw = _article(
        "a-rewrite",
        EN_A_REWRITE,
        title="Council shuts Northbridge bridge",
        outlet="Aggregator",
        lang="en",
        published_at=T0 + timedelta(hours=1),
        rewrite_of=a.id,
        rewrite_score=0.9,
        story_id=story.id,
    )
    cp = _article(
        "b-copy",
        EN_B,
        title="Harbour bridge shut: ferries to run",
        outlet="Mirror",
        lang="en",
        published_at=T0 + timedelta(hours=4),
        duplicate_of=b.id,
        duplicate_kind="exact",
        story_id=story.id,
    )
    session.add_all([rw, cp])
    session.flush()
    return StoredStory(story.id, a.id, b.id, c.id, d.id, rw.id, cp.id)
