"""A story's articles in time order, and its independent "voices".

A voice is one non-duplicate article that is not a rewrite of another article of the story,
together with the rewrites of it (paraphrased or translated copies): they say one thing once.
Exact and near duplicates (``Article.duplicate_of``) are left out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.store.article_order import time_order, time_order_sql
from newssearcher.store.models import Article


def story_articles(session: Session, story_id: int) -> list[Article]:
    """Every article of the story, oldest first (published time, else ingestion time)."""
    return list(
        session.scalars(
            select(Article).where(Article.story_id == story_id).order_by(*time_order_sql())
        )
    )


def original_articles(session: Session, story_id: int, limit: int | None) -> list[Article]:
    """The story's non-duplicate articles, oldest first; past ``limit`` of them, the oldest
    half and the newest half of ``limit`` (how the event began and where it stands now), so
    a story's analysis reads a bounded number of rows however large it grows. ``None``: all."""
    when, arrival = time_order_sql()
    wanted = select(Article).where(Article.story_id == story_id, Article.duplicate_of.is_(None))
    if limit is None:
        return list(session.scalars(wanted.order_by(when, arrival)))
    newest = limit // 2
    rows = {a.id: a for a in session.scalars(wanted.order_by(when, arrival).limit(limit - newest))}
    if newest and len(rows) == limit - newest:
        rows.update(
            (a.id, a)
            for a in session.scalars(wanted.order_by(when.desc(), arrival.desc()).limit(newest))
        )
    return sorted(rows.values(), key=time_order)


@dataclass(slots=True)
class Voice:
    article: Article
    rewrites: list[Article] = field(default_factory=list)

    @property
    def article_ids(self) -> list[int]:
        return [self.article.id, *(r.id for r in self.rewrites)]


def root_of(article: Article, by_id: dict[int, Article]) -> Article:
    """Follow ``rewrite_of`` inside the story to the original (cycles and gaps stop the walk)."""
    seen = {article.id}
    current = article
    while current.rewrite_of is not None and current.rewrite_of in by_id:
        parent = by_id[current.rewrite_of]
        if parent.id in seen or parent.duplicate_of is not None:
            break
        seen.add(parent.id)
        current = parent
    return current


def rewrite_roots(articles: list[Article]) -> dict[int, int]:
    """For each non-duplicate article: the id of the original it is, or is a rewrite of,
    inside ``articles`` (see :func:`root_of`)."""
    by_id = {a.id: a for a in articles if a.duplicate_of is None}
    return {a.id: root_of(a, by_id).id for a in by_id.values()}


def story_voices(articles: list[Article]) -> list[Voice]:
    """Independent voices of the (time-ordered) articles, oldest original first."""
    roots = rewrite_roots(articles)
    by_id = {a.id: a for a in articles}
    voices: dict[int, Voice] = {}
    for article in articles:
        root_id = roots.get(article.id)
        if root_id is None:  # a duplicate
            continue
        voice = voices.setdefault(root_id, Voice(by_id[root_id]))
        if root_id != article.id:
            voice.rewrites.append(article)
    return sorted(voices.values(), key=lambda v: time_order(v.article))
