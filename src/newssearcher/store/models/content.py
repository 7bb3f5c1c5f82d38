"""Sources, articles, stories: what the pipeline writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from newssearcher.store.models.base import Base, JSONType, UTCDateTime, utcnow


class Source(Base):
    """A feed, sitemap or single page that ``fetch`` polls."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="auto")  # auto|feed|sitemap|page
    title: Mapped[str | None] = mapped_column(String(512))
    hub: Mapped[str | None] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    poll_interval_s: Mapped[int] = mapped_column(Integer, default=900)
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    # set while one worker polls it, so that no source is polled twice at once
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    article_count: Mapped[int] = mapped_column(Integer, default=0)


class Article(Base):
    """One stored article. ``external_id`` and ``url`` make imports and fetches idempotent."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(1024), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048), index=True)
    canonical_url: Mapped[str | None] = mapped_column(String(2048), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(512))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lang: Mapped[str | None] = mapped_column(String(16), index=True)
    image: Mapped[str | None] = mapped_column(String(2048))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(16))  # url|exact|near
    rewrite_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    rewrite_score: Mapped[float | None] = mapped_column(Float)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    story_score: Mapped[float | None] = mapped_column(Float)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class PageFailure(Base):
    """A fetched page that yielded no article, with the reason (never silently dropped)."""

    __tablename__ = "page_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Story(Base):
    """A cluster of articles about one event. Merged stories point at the survivor."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    title_lang: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_article_id: Mapped[int | None] = mapped_column(Integer)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    # analysis outputs, recomputed when the story changes
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class StoryMerge(Base):
    """Record of two stories found to be one; the old id keeps resolving to ``into_id``."""

    __tablename__ = "story_merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_id: Mapped[int] = mapped_column(Integer, index=True)
    into_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    score: Mapped[float | None] = mapped_column(Float)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleMove(Base):
    """Record of an article (with its duplicates) taken out of the story it had joined into a
    new one, as the story engine does when a later report shows the join was wrong."""

    __tablename__ = "article_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    from_story_id: Mapped[int] = mapped_column(Integer)
    to_story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    score: Mapped[float | None] = mapped_column(Float)
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_articles_story_published", Article.story_id, Article.published_at)
Index("ix_articles_story_outlet", Article.story_id, Article.outlet)
