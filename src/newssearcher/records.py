"""Plain records passed between pipeline stages.

Every stage boundary uses one of these dataclasses, so a stage depends on this
module (and on ``store`` beneath it), never on the stage that produced the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class FetchedDocument:
    """One HTTP response (or local file) handed from ``sources`` to ``extract``."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str = ""
    encoding: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None


@dataclass(slots=True)
class FeedEntry:
    """One item announced by a feed or a sitemap."""

    url: str
    title: str | None = None
    summary: str | None = None
    content: str | None = None
    author: str | None = None
    published: datetime | None = None
    entry_id: str | None = None
    lang: str | None = None
    image: str | None = None


@dataclass(slots=True)
class Extracted:
    """What ``extract`` finds in one HTML page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    lang: str | None = None
    image: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None


@dataclass(slots=True)
class ArticleInput:
    """One article entering the pipeline, from ``import``, ``fetch`` or a test."""

    external_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    lang: str | None = None
    author: str | None = None
    image: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
