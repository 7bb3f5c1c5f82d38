"""What parsing one fetched source gives: its entries, and what was wrong with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from newssearcher.records import FeedEntry, FetchedDocument


class ParseError(ValueError):
    """A document is not a feed, sitemap or page we can read; names the URL and the problem."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message


@dataclass
class ParsedSource:
    """One parsed source document.

    ``kind`` is ``feed``, ``sitemap`` or ``page`` (``format`` says which feed/sitemap dialect).
    ``sitemaps`` lists child sitemaps of a sitemap index, newest first. ``page`` is the
    document itself when the source is a single article; ``feed_links`` the feeds such a
    page advertises (``<link rel="alternate" type="application/rss+xml" ...>``). ``problems`` are non-fatal:
    recovered malformed XML, skipped items; each names the item.
    """

    kind: str
    format: str
    url: str
    title: str | None = None
    site_url: str | None = None
    lang: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    page: FetchedDocument | None = None
    feed_links: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def absolute_http_url(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base``, without fragment; None unless http(s) or file."""
    if not href or not isinstance(href, str):
        return None
    url = urldefrag(urljoin(base, href.strip()))[0]
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return url
    if parts.scheme == "file" and base.startswith("file:"):
        return url
    return None


def newest_first(entries: list[FeedEntry], keys: dict[int, datetime | None]) -> list[FeedEntry]:
    """Sort entries by a date (missing dates last), keeping document order among equals."""
    indexed = list(enumerate(entries))
    indexed.sort(key=lambda item: (keys.get(item[0]) is None, -(_ts(keys.get(item[0])))))
    return [entry for _, entry in indexed]


def _ts(value: datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


def clean_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def lang_code(value: object) -> str | None:
    """``en-US`` -> ``en``; anything that is not a plausible language tag -> None."""
    text = clean_text(value)
    if not text:
        return None
    primary = text.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
