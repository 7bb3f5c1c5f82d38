"""Watchlists, alerts and their deliveries (delivery state lives here so it survives restarts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newssearcher.store.models.base import Base, JSONType, UTCDateTime, utcnow


class Watchlist(Base):
    """A named set of entities and queries someone follows, with where to send alerts."""

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    owner_id: Mapped[int | None] = mapped_column(Integer)  # a user id, when created on the web
    mode: Mapped[str] = mapped_column(String(16), default="immediate")  # immediate|hourly|daily
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    webhook_secret: Mapped[str | None] = mapped_column(String(256))
    email: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # an unguessable token that lets a feed reader fetch the Atom feed without a session
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)


class WatchItem(Base):
    """One entity (with its aliases) or one search query of a watchlist."""

    __tablename__ = "watch_items"
    __table_args__ = (UniqueConstraint("watchlist_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # entity|query
    value: Mapped[str] = mapped_column(String(1024))
    aliases: Mapped[list[str]] = mapped_column(JSONType, default=list)


class Alert(Base):
    """A story that matched a watchlist, and why. ``event_key`` makes each event unique."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(256), unique=True)
    watchlist_id: Mapped[int] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="new")  # new|update
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One message to one channel; retried with back-off until delivered or parked."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(256), unique=True)
    watchlist_id: Mapped[int] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # webhook|email
    target: Mapped[str] = mapped_column(String(2048))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
