"""Putting stories into hubs: built-in hubs by ``classify``, user hubs by their query.

``assign_story_hubs`` rewrites one story's StoryHub rows (idempotent: the same story gives
the same rows). ``apply_user_hub`` runs one user hub's query over every live story, for a hub
just added. A user hub whose stored query no longer parses is skipped with a logged reason.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newssearcher.analysis.entities_store import story_entities
from newssearcher.hubs.builtin import ensure_builtin_hubs
from newssearcher.hubs.classify import classify
from newssearcher.hubs.query import HubQuery, QueryDoc, QueryError, matches, parse_query
from newssearcher.store.models import Article, ArticleEntity, EntityAlias, Hub, Story, StoryHub
from newssearcher.summary.voices import original_articles

log = logging.getLogger(__name__)

#: articles of a story read for classification, and characters of each
MAX_ARTICLES = 5
LEAD_CHARS = 1500
QUERY_TEXT_CHARS = 20_000


def story_text(story: Story, articles: list[Article]) -> tuple[str, str]:
    """(title, body) used to classify a story: its title, other titles and leads."""
    title = (story.title or (articles[0].title if articles else "") or "").strip()
    parts: list[str] = []
    for a in articles[:MAX_ARTICLES]:
        if a.title and a.title.strip() != title:
            parts.append(a.title.strip())
        parts.append((a.text or "")[:LEAD_CHARS])
    return title, "\n".join(parts)


def _user_hubs(session: Session) -> list[tuple[Hub, HubQuery]]:
    out: list[tuple[Hub, HubQuery]] = []
    for hub in session.scalars(select(Hub).where(Hub.query.is_not(None)).order_by(Hub.id)):
        try:
            out.append((hub, parse_query(hub.query or "")))
        except QueryError as exc:
            log.warning("hub %s skipped: %s", hub.slug, exc)
    return out


def _article_entity_keys(session: Session, article_ids: list[int]) -> dict[int, set[str]]:
    keys: dict[int, set[str]] = defaultdict(set)
    if not article_ids:
        return keys
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        rows = session.execute(
            select(ArticleEntity.article_id, EntityAlias.alias)
            .join(EntityAlias, EntityAlias.entity_id == ArticleEntity.entity_id)
            .where(ArticleEntity.article_id.in_(chunk))
        )
        for article_id, alias in rows:
            keys[article_id].add(alias)
    return keys


def _query_docs(session: Session, articles: list[Article]) -> list[QueryDoc]:
    keys = _article_entity_keys(session, [a.id for a in articles])
    return [
        QueryDoc.build(f"{a.title or ''}\n{(a.text or '')[:QUERY_TEXT_CHARS]}", keys.get(a.id))
        for a in articles
    ]


def _user_score(query: HubQuery, docs: list[QueryDoc]) -> float:
    """Share of the story's articles matching the query (0 = no match)."""
    if not docs:
        return 0.0
    hits = sum(1 for d in docs if matches(query, d))
    return round(hits / len(docs), 4)


def assign_story_hubs(session: Session, story: Story, *, max_articles: int | None = None) -> None:
    """Compute and store the hubs of ``story`` (built-in and user-defined), reading at most
    ``max_articles`` of its originals (None: all)."""
    if story.id is None:
        session.flush()
    if story.merged_into is not None:
        session.execute(delete(StoryHub).where(StoryHub.story_id == story.id))
        return
    hubs = ensure_builtin_hubs(session)
    articles = original_articles(session, story.id, max_articles)
    wanted: dict[int, float] = {}
    if articles:
        from newssearcher.stories.embedding import embed_texts

        title, body = story_text(story, articles)
        entity_names = [e.name for e, _ in story_entities(session, story.id)]
        vector = embed_texts([f"{title}. {body[:2000]}"])[0]
        for slug, score in classify(title, body, entity_names, vector):
            wanted[hubs[slug].id] = score
        docs = _query_docs(session, articles)
        for hub, query in _user_hubs(session):
            score = _user_score(query, docs)
            if score > 0:
                wanted[hub.id] = score
    _sync(session, story.id, wanted)


def _sync(
    session: Session, story_id: int, wanted: dict[int, float], only_hub: int | None = None
) -> None:
    stmt = select(StoryHub).where(StoryHub.story_id == story_id)
    if only_hub is not None:
        stmt = stmt.where(StoryHub.hub_id == only_hub)
    have = {row.hub_id: row for row in session.scalars(stmt)}
    for hub_id, row in have.items():
        if hub_id not in wanted:
            session.delete(row)
        elif abs(row.score - wanted[hub_id]) > 1e-9:
            row.score = wanted[hub_id]
    for hub_id, score in wanted.items():
        if hub_id not in have:
            session.add(StoryHub(story_id=story_id, hub_id=hub_id, score=score))
    session.flush()


def apply_user_hub(session: Session, hub: Hub, *, max_articles: int | None = None) -> int:
    """Match one user hub against every live story (reading at most ``max_articles`` of each
    one's originals; None: all); returns how many stories it now holds."""
    if not hub.query:
        raise ValueError(f"hub {hub.slug!r} has no query")
    query = parse_query(hub.query)
    story_ids = list(
        session.scalars(select(Story.id).where(Story.merged_into.is_(None)).order_by(Story.id))
    )
    count = 0
    for story_id in story_ids:
        docs = _query_docs(session, original_articles(session, story_id, max_articles))
        score = _user_score(query, docs)
        _sync(session, story_id, {hub.id: score} if score > 0 else {}, only_hub=hub.id)
        count += score > 0
    return count


def story_hubs(session: Session, story_id: int) -> list[tuple[Hub, float]]:
    """A story's hubs with their scores, best first."""
    rows = session.execute(
        select(Hub, StoryHub.score)
        .join(StoryHub, StoryHub.hub_id == Hub.id)
        .where(StoryHub.story_id == story_id)
        .order_by(StoryHub.score.desc(), Hub.slug)
    ).all()
    return [(hub, float(score)) for hub, score in rows]
