"""All ORM models; importing this package registers every table on ``Base.metadata``."""

from newssearcher.store.models import alerts, analysis, community, content, ops  # noqa: F401
from newssearcher.store.models.analysis import (
    ArticleEntity,
    Claim,
    ClaimStance,
    Entity,
    EntityAlias,
    Hub,
    StoryHub,
)
from newssearcher.store.models.base import Base, utcnow
from newssearcher.store.models.content import (
    Article,
    ArticleMove,
    PageFailure,
    Source,
    Story,
    StoryMerge,
)

__all__ = [
    "Article",
    "ArticleEntity",
    "ArticleMove",
    "Base",
    "Claim",
    "ClaimStance",
    "Entity",
    "EntityAlias",
    "Hub",
    "PageFailure",
    "Source",
    "Story",
    "StoryHub",
    "StoryMerge",
    "utcnow",
]
