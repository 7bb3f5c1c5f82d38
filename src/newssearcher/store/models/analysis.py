"""Entities, claims with stances, and hubs: what the analysis stages write."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newssearcher.store.models.base import Base, UTCDateTime, utcnow


class Entity(Base):
    """A person, organisation, place or product, under one canonical name."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(256), unique=True)
    name: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16), default="ORG")  # PERSON|ORG|GPE|PRODUCT|...


class EntityAlias(Base):
    """Another name of an entity ("PLA", "Casa Blanca"), stored normalised."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(512), unique=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )


class ArticleEntity(Base):
    __tablename__ = "article_entities"
    __table_args__ = (UniqueConstraint("article_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    mentions: Mapped[int] = mapped_column(Integer, default=1)


class Claim(Base):
    """One attributed statement of a story, grouped across its articles."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(512))
    verb: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str | None] = mapped_column(String(16))
    # e.g. alleged|alleged-and-denied|unconfirmed|confirmed|disputed
    status: Mapped[str] = mapped_column(String(32), default="unconfirmed")
    first_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClaimStance(Base):
    """The stance one article takes toward one claim, with the evidence sentence."""

    __tablename__ = "claim_stances"
    __table_args__ = (UniqueConstraint("claim_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[str] = mapped_column(String(16))  # agree|disagree|discuss|unrelated
    score: Mapped[float | None] = mapped_column(Float)
    speaker: Mapped[str | None] = mapped_column(String(512))
    evidence: Mapped[str | None] = mapped_column(Text)


class Hub(Base):
    """A topic hub: built in (rules + embedding prototypes) or defined by a user's query."""

    __tablename__ = "hubs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    name_es: Mapped[str | None] = mapped_column(String(256))
    description: Mapped[str | None] = mapped_column(Text)
    query: Mapped[str | None] = mapped_column(Text)  # set for user-defined hubs
    builtin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryHub(Base):
    __tablename__ = "story_hubs"
    __table_args__ = (UniqueConstraint("story_id", "hub_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=1.0)
