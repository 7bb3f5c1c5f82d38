"""Search as the hub offers it: full text first, semantic similarity on request or as fallback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.store.models import Entity, Hub, Story
from newssearcher.store.search import (
    SearchFilters,
    SearchPage,
    search_articles,
    similar_articles,
    similar_stories,
)
from newssearcher.web.queries import article_cards_by_id, find_entity, story_cards
from newssearcher.web.schemas import SearchHitOut, SearchOut

MODES = ("text", "semantic")


@dataclass(slots=True)
class FilterInput:
    hub: str | None = None
    source: str | None = None
    lang: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class UnknownFilter(ValueError):
    pass


def resolve_filters(session: Session, given: FilterInput) -> SearchFilters:
    """Slugs and dates → ids and datetimes; an unknown hub or entity is an error."""
    filters = SearchFilters(outlet=given.source or None, lang=(given.lang or None))
    if given.hub:
        hub_id = session.scalar(select(Hub.id).where(Hub.slug == given.hub))
        if hub_id is None:
            raise UnknownFilter(f"unknown hub {given.hub!r}")
        filters.hub_id = hub_id
    if given.entity:
        entity: Entity | None = find_entity(session, given.entity)
        if entity is None:
            raise UnknownFilter(f"unknown entity {given.entity!r}")
        filters.entity_id = entity.id
    if given.date_from:
        filters.date_from = datetime.combine(given.date_from, time.min, tzinfo=UTC)
    if given.date_to:
        filters.date_to = datetime.combine(given.date_to, time.max, tzinfo=UTC)
    return filters


def embed_query(query: str):  # type: ignore[no-untyped-def]
    from newssearcher.stories.embedding import embed_texts

    return embed_texts([query])[0]


def run_search(
    session: Session,
    query: str,
    filters: SearchFilters,
    *,
    mode: str = "text",
    lang: str = "en",
    limit: int = 20,
    offset: int = 0,
) -> SearchOut:
    query = query.strip()[:500]
    page = SearchPage(mode=mode)
    related: list[int] = []
    if query:
        if mode == "text":
            page = search_articles(session, query, filters, limit=limit, offset=offset)
        if mode == "semantic" or (page.total == 0 and offset == 0):
            vec = embed_query(query)
            page = similar_articles(session, vec, filters, limit=limit, offset=offset)
            related = [sid for sid, _ in similar_stories(session, vec, limit=5)]
    cards = article_cards_by_id(session, [h.article_id for h in page.hits])
    story_ids: list[int] = []
    for h in page.hits:
        card = cards.get(h.article_id)
        if card and card.story_id and card.story_id not in story_ids:
            story_ids.append(card.story_id)
    for sid in related:
        if sid not in story_ids:
            story_ids.append(sid)
    stories = (
        session.scalars(
            select(Story).where(Story.id.in_(story_ids), Story.merged_into.is_(None))
        ).all()
        if story_ids
        else []
    )
    by_id = {c.id: c for c in story_cards(session, stories, lang)}
    items = [
        SearchHitOut(
            article=cards[h.article_id],
            score=round(h.score, 4),
            snippet_html=h.snippet_html,
            story_title=by_id[cards[h.article_id].story_id].title
            if cards[h.article_id].story_id in by_id
            else None,
        )
        for h in page.hits
        if h.article_id in cards
    ]
    nxt = offset + limit if offset + limit < page.total else None
    return SearchOut(
        items=items,
        total=page.total,
        limit=limit,
        offset=offset,
        next_offset=nxt,
        query=query,
        mode=page.mode,
        stories=[by_id[s] for s in story_ids if s in by_id],
    )
