"""RSS 0.9x/1.0/2.0 and Atom through feedparser (which also recovers malformed XML)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import feedparser

from newssearcher.records import FeedEntry
from newssearcher.sources.parsed import (
    ParsedSource,
    ParseError,
    absolute_http_url,
    clean_text,
    lang_code,
    newest_first,
)


def _when(entry: Any, *names: str) -> datetime | None:
    for name in names:
        parsed = entry.get(name)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _image(entry: Any, base: str) -> str | None:
    for thumb in entry.get("media_thumbnail") or []:
        url = absolute_http_url(base, thumb.get("url"))
        if url:
            return url
    for media in entry.get("media_content") or []:
        if str(media.get("medium", "")).startswith("image") or str(
            media.get("type", "")
        ).startswith("image/"):
            url = absolute_http_url(base, media.get("url"))
            if url:
                return url
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            url = absolute_http_url(base, link.get("href"))
            if url:
                return url
    image = entry.get("image")
    if isinstance(image, dict):
        return absolute_http_url(base, image.get("href"))
    return None


def _link(entry: Any, base: str) -> str | None:
    url = absolute_http_url(base, entry.get("link"))
    if url:
        return url
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate":
            url = absolute_http_url(base, link.get("href"))
            if url:
                return url
    guid = entry.get("id")
    if entry.get("guidislink") or (isinstance(guid, str) and guid.startswith("http")):
        return absolute_http_url(base, guid)
    return None


def parse_feed(content: bytes, url: str, content_type: str = "", fmt: str = "rss") -> ParsedSource:
    """Parse RSS/Atom bytes (feedparser detects the charset itself)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    data = feedparser.parse(io.BytesIO(content), response_headers=headers)
    feed = data.get("feed", {})
    problems: list[str] = []
    if data.get("bozo"):
        exc = data.get("bozo_exception")
        detail = f"{type(exc).__name__}: {exc}" if exc else "unknown problem"
        problems.append(f"malformed feed ({detail}); used what could be recovered")
    if not data.get("version") and not data.entries:
        raise ParseError(url, problems[0] if problems else "not an RSS or Atom feed")
    feed_lang = lang_code(feed.get("language"))
    entries: list[FeedEntry] = []
    dates: dict[int, datetime | None] = {}
    for index, item in enumerate(data.entries, start=1):
        link = _link(item, url)
        if link is None:
            label = clean_text(item.get("title")) or clean_text(item.get("id")) or f"#{index}"
            problems.append(f"item {index} ({label!r}) has no usable http(s) link; skipped")
            continue
        content_value = None
        if item.get("content"):
            content_value = clean_text(item.content[0].get("value"))
        title_detail = item.get("title_detail") or {}
        published = _when(item, "published_parsed", "updated_parsed", "created_parsed")
        dates[len(entries)] = published
        entries.append(
            FeedEntry(
                url=link,
                title=clean_text(item.get("title")),
                summary=clean_text(item.get("summary")),
                content=content_value,
                author=clean_text(item.get("author")),
                published=published,
                entry_id=clean_text(item.get("id")),
                lang=lang_code(title_detail.get("language")) or feed_lang,
                image=_image(item, url),
            )
        )
    version = str(data.get("version") or "")
    if version.startswith("atom"):
        fmt = "atom"
    elif version.startswith("rss09") and version != "rss090":
        fmt = "rss"
    elif version in ("rss090", "rss10"):
        fmt = "rdf"
    return ParsedSource(
        kind="feed",
        format=fmt,
        url=url,
        title=clean_text(feed.get("title")),
        site_url=absolute_http_url(url, feed.get("link")),
        lang=feed_lang,
        entries=newest_first(entries, dates),
        problems=problems,
    )
