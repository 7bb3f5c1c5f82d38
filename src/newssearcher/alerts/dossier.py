"""An entity's dossier: every story touching it, its claims with stance and status over time,
the outlets, and a day-by-day exposure count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.store.models import Article, ArticleEntity, Claim, ClaimStance, Entity, Story


@dataclass
class DossierStory:
    id: int
    title: str | None
    first_published: str | None
    articles: int
    outlets: list[str]


@dataclass
class DossierClaim:
    id: int
    story_id: int
    text: str
    speaker: str | None
    status: str
    first_seen: str | None
    stances: dict[str, int]


@dataclass
class Dossier:
    entity_id: int
    name: str
    kind: str
    stories: list[DossierStory] = field(default_factory=list)
    claims: list[DossierClaim] = field(default_factory=list)
    outlets: list[tuple[str, int]] = field(default_factory=list)
    exposure: list[tuple[str, int]] = field(default_factory=list)  # (ISO day, articles)


def entity_dossier(session: Session, entity_id: int, limit: int = 200) -> Dossier | None:
    entity = session.get(Entity, entity_id)
    if entity is None:
        return None
    dossier = Dossier(entity.id, entity.name, entity.kind)
    rows = session.execute(
        select(
            Article.id, Article.story_id, Article.outlet, Article.published_at, Article.ingested_at
        )
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity_id, Article.duplicate_of.is_(None))
        .order_by(Article.id.desc())
        .limit(5000)
    ).all()
    outlets: Counter[str] = Counter()
    days: Counter[date] = Counter()
    story_outlets: dict[int, set[str]] = {}
    for _id, story_id, outlet, published, ingested in rows:
        when = published or ingested
        days[when.date()] += 1
        if outlet:
            outlets[outlet] += 1
        if story_id is not None:
            story_outlets.setdefault(story_id, set()).add(outlet or "?")
    dossier.outlets = outlets.most_common()
    dossier.exposure = [(d.isoformat(), n) for d, n in sorted(days.items())]
    story_ids = list(story_outlets)
    if not story_ids:
        return dossier
    stories = session.scalars(
        select(Story)
        .where(Story.id.in_(story_ids), Story.merged_into.is_(None))
        .order_by(func.coalesce(Story.first_published_at, Story.created_at).desc())
        .limit(limit)
    )
    for s in stories:
        dossier.stories.append(
            DossierStory(
                s.id,
                s.title,
                s.first_published_at.isoformat() if s.first_published_at else None,
                s.article_count,
                sorted(story_outlets.get(s.id, set())),
            )
        )
    live_ids = [s.id for s in dossier.stories]
    claims = session.scalars(
        select(Claim).where(Claim.story_id.in_(live_ids)).order_by(Claim.first_seen_at, Claim.id)
    )
    for c in claims:
        counts = Counter(
            session.scalars(select(ClaimStance.stance).where(ClaimStance.claim_id == c.id))
        )
        dossier.claims.append(
            DossierClaim(
                c.id,
                c.story_id,
                c.text,
                c.speaker,
                c.status,
                c.first_seen_at.isoformat() if c.first_seen_at else None,
                dict(counts),
            )
        )
    return dossier
