"""Operational records: jobs that failed every retry, parked with their error; per-host request
slots shared by every fetching worker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newssearcher.store.models.base import Base, JSONType, UTCDateTime, utcnow


class ParkedJob(Base):
    """A job that failed its last allowed attempt; kept for an operator, not retried."""

    __tablename__ = "parked_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    task: Mapped[str] = mapped_column(String(256))
    args: Mapped[dict[str, Any]] = mapped_column(JSONType)
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text)
    parked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HostSlot(Base):
    """When the next request to one host may leave, whoever sends it (PostgreSQL workers).

    ``held_by``/``held_until``: a worker about to send a request to the host holds the slot
    until its request has left (or ``held_until`` passes, if it died); then it sets
    ``next_allowed_at`` one delay later. ``delay_s`` is the largest spacing any worker has
    learnt for the host (robots.txt ``Crawl-delay``).
    """

    __tablename__ = "host_slots"

    host: Mapped[str] = mapped_column(String(300), primary_key=True)
    next_allowed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_by: Mapped[str | None] = mapped_column(String(36))
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delay_s: Mapped[float] = mapped_column(Float, default=0.0)
