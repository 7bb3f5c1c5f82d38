"""A stored story about a cloud vendor, with entities and claims, built through the ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from newssearcher.store import Database
from newssearcher.store.models import (
    Article,
    ArticleEntity,
    Claim,
    ClaimStance,
    Entity,
    EntityAlias,
    Story,
)


@dataclass
class StoryIds:
    story: int
    other_story: int
    articles: list[int]
    claim: int


def add_story(db: Database) -> StoryIds:
    with db.session() as s:
        story = Story(title="Memo says Nimbus Cloud aided navy hackers", article_count=2)
        other = Story(title="Chess final goes to six hours", article_count=1)
        s.add_all([story, other])
        s.flush()
        a1 = Article(
            external_id="n1",
            outlet="Harbour Daily",
            url="https://harbour-daily.example/nimbus",
            title="Memo: Nimbus Cloud aided navy hackers",
            text="A government memo alleges that Nimbus Cloud gave the navy's hacking unit "
            "access to customer data. Nimbus called the memo completely false.",
            content_hash="h1",
            story_id=story.id,
            published_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        a2 = Article(
            external_id="n2",
            outlet="Diario del Puerto",
            url="https://diario-puerto.example/nimbus",
            title="Un memorando acusa a Nimbus",
            text="Según un memorando, la nube de Nimbus ayudó a la marina. La empresa lo negó.",
            content_hash="h2",
            story_id=story.id,
            lang="es",
        )
        a3 = Article(
            external_id="c1",
            outlet="Calder Courier",
            title="Chess final",
            text="The chess final lasted six hours.",
            content_hash="h3",
            story_id=other.id,
        )
        s.add_all([a1, a2, a3])
        s.flush()
        ent = Entity(slug="nimbus-cloud", name="Nimbus Cloud", kind="ORG")
        s.add(ent)
        s.flush()
        s.add_all(
            [
                EntityAlias(alias="nimbus cloud", entity_id=ent.id),
                EntityAlias(alias="nimbus", entity_id=ent.id),
                ArticleEntity(article_id=a1.id, entity_id=ent.id, mentions=2),
            ]
        )
        claim = Claim(
            story_id=story.id,
            text="Nimbus Cloud gave the navy's hacking unit access to customer data",
            speaker="a government memo",
            verb="alleges",
            status="alleged",
            first_article_id=a1.id,
        )
        s.add(claim)
        s.flush()
        s.add(ClaimStance(claim_id=claim.id, article_id=a1.id, stance="discuss", speaker="memo"))
        return StoryIds(story.id, other.id, [a1.id, a2.id], claim.id)


@pytest.fixture
def story_ids(db: Database) -> StoryIds:
    return add_story(db)
