"""Turning one JSONL import line into an :class:`ArticleInput` — or a clear reason why not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newssearcher.extract.not_article import non_article_reason
from newssearcher.records import ArticleInput

KNOWN_KEYS = {"id", "text", "title", "url", "source", "published", "lang", "author", "image"}
MAX_TEXT_CHARS = 2_000_000


class BadRecord(ValueError):
    """A record that cannot be imported; the message names the field and the problem."""


def parse_datetime(value: str) -> datetime:
    """ISO 8601 (``Z`` accepted); naive times are taken as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f'"{key}" must be a string, got {type(value).__name__}')
    return value.strip() or None


def record_from_json(obj: dict[str, Any]) -> ArticleInput:
    """Validate one decoded JSON object against the import contract."""
    ext = obj.get("id")
    if isinstance(ext, int) and not isinstance(ext, bool):
        ext = str(ext)
    if not isinstance(ext, str) or not ext.strip():
        raise BadRecord('"id" is required and must be a non-empty string')
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadRecord('"text" is required and must be a string')
    if not text.strip():
        raise BadRecord('"text" is empty')
    if len(text) > MAX_TEXT_CHARS:
        raise BadRecord(f'"text" is too long ({len(text)} characters, limit {MAX_TEXT_CHARS})')
    not_article = non_article_reason(text, _opt_str(obj, "title"))
    if not_article is not None:
        raise BadRecord(f'"text" is {not_article}')
    published = None
    raw_published = _opt_str(obj, "published")
    if raw_published:
        try:
            published = parse_datetime(raw_published)
        except ValueError as exc:
            raise BadRecord(f'"published" is not an ISO 8601 date: {raw_published!r}') from exc
    lang = _opt_str(obj, "lang")
    if lang is not None:
        lang = lang.lower().replace("_", "-")
        if len(lang) > 16:
            raise BadRecord(f'"lang" is not a language code: {lang!r}')
    return ArticleInput(
        external_id=ext.strip(),
        text=text,
        title=_opt_str(obj, "title"),
        url=_opt_str(obj, "url"),
        source=_opt_str(obj, "source"),
        published=published,
        lang=lang,
        author=_opt_str(obj, "author"),
        image=_opt_str(obj, "image"),
        metadata={k: v for k, v in obj.items() if k not in KNOWN_KEYS},
    )


def record_to_json(article: ArticleInput) -> dict[str, Any]:
    """The inverse of :func:`record_from_json`: one line of the import contract (metadata
    become extra keys, never overriding the contract's own)."""
    record: dict[str, Any] = {
        "id": article.external_id,
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "lang": article.lang,
        "author": article.author,
        "image": article.image,
    }
    for key, value in article.metadata.items():
        record.setdefault(key, value)
    return record
