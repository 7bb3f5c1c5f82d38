"""Operational records: jobs that failed every retry, parked with their error."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text
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
