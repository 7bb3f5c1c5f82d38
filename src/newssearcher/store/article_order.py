"""When an article appeared, and the one "oldest first" order every stage sorts by.

An article's time is its publication date, else the time it was ingested (undated feeds).
Ties, and articles with neither, go by arrival (the article id). The story engine (a story's
first report), the timeline, the summary's voices, claims (where a claim was first seen) and
``story show`` all sort with these, in Python (:func:`time_order`) or in SQL
(:func:`time_order_sql`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func

from newssearcher.store.models import Article


def article_time(article: Article) -> tuple[datetime | None, str]:
    """When the article appeared and how that is known: ``published`` or ``ingested``."""
    if article.published_at is not None:
        return article.published_at, "published"
    return article.ingested_at, "ingested"


def time_order(article: Article) -> tuple[float, int]:
    """Sort key: oldest first (published time, else ingestion time; then id)."""
    at, _ = article_time(article)
    return (at.timestamp() if at is not None else float("inf"), article.id)


def time_order_sql() -> tuple[ColumnElement, ColumnElement]:
    """:func:`time_order` as ``ORDER BY`` terms."""
    return func.coalesce(Article.published_at, Article.ingested_at), Article.id
