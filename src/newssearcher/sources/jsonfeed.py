"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/), parsed and validated here.

A feed-level problem (not JSON, wrong version, no ``items`` list) is a ``ParseError``. An
item-level problem (no id, no URL, bad date, wrong types) is reported in ``problems`` naming the
item; a usable item is kept even if some optional field was bad.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from newssearcher.records import FeedEntry
from newssearcher.sources.parsed import (
    ParsedSource,
    ParseError,
    absolute_http_url,
    clean_text,
    lang_code,
    newest_first,
)

VERSION_PREFIX = "https://jsonfeed.org/version/1"


def parse_rfc3339(value: object) -> datetime:
    """An RFC 3339 date-time (``Z`` or an offset; a missing offset is read as UTC)."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _author(item: dict[str, Any], feed_author: str | None) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        names = [clean_text(a.get("name")) for a in authors if isinstance(a, dict)]
        names = [n for n in names if n]
        if names:
            return ", ".join(names)
    author = item.get("author")
    if isinstance(author, dict) and clean_text(author.get("name")):
        return clean_text(author.get("name"))
    return feed_author


def parse_json_feed(content: bytes, url: str) -> ParsedSource:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(url, f"JSON Feed is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ParseError(
            url, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(data, dict):
        raise ParseError(url, f"a JSON Feed must be an object, got {type(data).__name__}")
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        raise ParseError(url, f"not a JSON Feed 1.x (version {version!r})")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError(url, 'JSON Feed has no "items" list')
    problems: list[str] = []
    title = clean_text(data.get("title"))
    if title is None:
        problems.append('feed has no "title" (required)')
    feed_lang = lang_code(data.get("language"))
    feed_author = _author(data, None)
    entries: list[FeedEntry] = []
    dates: dict[int, datetime | None] = {}
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"item {index} is not an object; skipped")
            continue
        raw_id = item.get("id")
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | float):
            problems.append(f'item {index} has no valid "id"; skipped')
            continue
        item_id = str(raw_id).strip()
        label = f"item {index} (id {item_id!r})"
        link = absolute_http_url(url, item.get("url")) or absolute_http_url(
            url, item.get("external_url")
        )
        if link is None:
            problems.append(f'{label} has no usable "url"; skipped')
            continue
        content_html = item.get("content_html")
        content_text = item.get("content_text")
        if not isinstance(content_html, str) and not isinstance(content_text, str):
            problems.append(f'{label} has neither "content_html" nor "content_text"')
        published: datetime | None = None
        for key in ("date_published", "date_modified"):
            if key in item and item[key] is not None:
                try:
                    published = parse_rfc3339(item[key])
                    break
                except ValueError as exc:
                    problems.append(f'{label} has a bad "{key}" ({exc})')
        dates[len(entries)] = published
        entries.append(
            FeedEntry(
                url=link,
                title=clean_text(item.get("title")),
                summary=clean_text(item.get("summary")),
                content=clean_text(content_html) or clean_text(content_text),
                author=_author(item, feed_author),
                published=published,
                entry_id=item_id,
                lang=lang_code(item.get("language")) or feed_lang,
                image=absolute_http_url(url, item.get("image"))
                or absolute_http_url(url, item.get("banner_image")),
            )
        )
    return ParsedSource(
        kind="feed",
        format="jsonfeed",
        url=url,
        title=title,
        site_url=absolute_http_url(url, data.get("home_page_url")),
        lang=feed_lang,
        entries=newest_first(entries, dates),
        problems=problems,
    )
