"""Matching a story against every watchlist, and recording one alert per event.

An *event* is a watchlist seeing a story in a given state: the items it matched and the
story's claims with their statuses. The same state never raises a second alert; a story
that gains a claim or whose claim changes status (say, from alleged to denied) raises an
``update`` alert.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newssearcher.analysis.entity_normalise import normalise
from newssearcher.hubs.query import HubQuery, QueryDoc, Term, matches, parse_query
from newssearcher.store.models import (
    Article,
    ArticleEntity,
    Claim,
    ClaimStance,
    Entity,
    EntityAlias,
    Story,
    utcnow,
)
from newssearcher.store.models.alerts import Alert, Delivery, WatchItem, Watchlist
from newssearcher.summary.voices import original_articles

MAX_CLAIMS = 20


@dataclass
class StoryView:
    """What matching needs to know about one story, loaded once for all watchlists."""

    story: Story
    articles: list[Article]
    docs: list[QueryDoc] = field(default_factory=list)  # one per article, same order


def load_story_view(session: Session, story: Story, max_articles: int | None = None) -> StoryView:
    """The story's originals (past ``max_articles``: the oldest and newest halves; None: all)
    with what queries match in each: text, entity names and aliases."""
    articles = original_articles(session, story.id, max_articles)
    keys: dict[int, set[str]] = {a.id: set() for a in articles}
    if articles:
        rows = session.execute(
            select(ArticleEntity.article_id, Entity.name, EntityAlias.alias)
            .join(Entity, Entity.id == ArticleEntity.entity_id)
            .outerjoin(EntityAlias, EntityAlias.entity_id == Entity.id)
            .where(ArticleEntity.article_id.in_(list(keys)))
        )
        for article_id, name, alias in rows:
            keys[article_id] |= {k for k in (normalise(name), alias and normalise(alias)) if k}
    docs = [QueryDoc.build(f"{a.title or ''}\n{a.text}", keys[a.id]) for a in articles]
    return StoryView(story=story, articles=articles, docs=docs)


def _alias_names(session: Session, item: WatchItem) -> list[str]:
    """The item's own names plus every alias the store knows for the entity they name."""
    names = [item.value, *(item.aliases or [])]
    keys = {normalise(n) for n in names if normalise(n)}
    if keys:
        entity_ids = set(
            session.scalars(select(EntityAlias.entity_id).where(EntityAlias.alias.in_(keys)))
        )
        if entity_ids:
            names += list(
                session.scalars(
                    select(EntityAlias.alias).where(EntityAlias.entity_id.in_(entity_ids))
                )
            )
            names += list(session.scalars(select(Entity.name).where(Entity.id.in_(entity_ids))))
    return list(dict.fromkeys(n for n in names if n))


def match_entity(session: Session, view: StoryView, item: WatchItem) -> set[int]:
    """Ids of the story's articles that mention the entity under any of its names: the
    watchlist's own aliases, those the store learned, and those of the shipped alias table."""
    names = _alias_names(session, item)
    query = HubQuery(
        text=item.value,
        groups=[[Term("entity", name, (normalise(name),)) for name in names if normalise(name)]],
    )
    return {a.id for a, doc in zip(view.articles, view.docs, strict=True) if matches(query, doc)}


def match_query(view: StoryView, query: str) -> set[int]:
    """Articles matching a query in the hub query language (``newssearcher.hubs.query``)."""
    parsed = parse_query(query)
    return {a.id for a, doc in zip(view.articles, view.docs, strict=True) if matches(parsed, doc)}


def _claims_for(session: Session, view: StoryView, names: list[str]) -> list[dict[str, Any]]:
    by_id = {a.id: a for a in view.articles}
    claims = list(
        session.scalars(
            select(Claim)
            .where(Claim.story_id == view.story.id)
            .order_by(Claim.first_seen_at, Claim.id)
        )
    )
    query = HubQuery(
        text="claims", groups=[[Term("entity", n, (normalise(n),)) for n in names if normalise(n)]]
    )

    def mentions(claim: Claim) -> bool:
        return bool(query.groups[0]) and matches(
            query, QueryDoc.build(f"{claim.speaker or ''} {claim.text}")
        )

    relevant = [c for c in claims if mentions(c)] or claims
    out = []
    for claim in relevant[:MAX_CLAIMS]:
        stances = session.scalars(select(ClaimStance).where(ClaimStance.claim_id == claim.id))
        out.append(
            {
                "id": claim.id,
                "text": claim.text,
                "speaker": claim.speaker,
                "status": claim.status,
                "stances": [
                    {
                        "stance": s.stance,
                        "speaker": s.speaker,
                        "outlet": by_id[s.article_id].outlet if s.article_id in by_id else None,
                        "url": by_id[s.article_id].url if s.article_id in by_id else None,
                    }
                    for s in stances
                ],
            }
        )
    return out


def check_story(session: Session, story: Story, *, max_articles: int | None = None) -> list[Alert]:
    """Match one story against every watchlist (reading at most ``max_articles`` of its
    originals; None: all); returns the alerts newly recorded."""
    watchlists = list(session.scalars(select(Watchlist).order_by(Watchlist.id)))
    if not watchlists:
        return []
    view = load_story_view(session, story, max_articles)
    if not view.articles:
        return []
    by_id = {a.id: a for a in view.articles}
    created: list[Alert] = []
    for wl in watchlists:
        matched: list[dict[str, Any]] = []
        names: list[str] = []
        for item in session.scalars(select(WatchItem).where(WatchItem.watchlist_id == wl.id)):
            if item.kind == "entity":
                hits = match_entity(session, view, item)
                if hits:
                    names += [item.value, *(item.aliases or [])]
            else:
                hits = match_query(view, item.value)
            if hits:
                matched.append({"kind": item.kind, "value": item.value, "articles": sorted(hits)})
        if not matched:
            continue
        claims = _claims_for(session, view, names)
        sources = [
            {"outlet": by_id[i].outlet, "title": by_id[i].title, "url": by_id[i].url}
            for i in sorted({i for m in matched for i in m["articles"]})
        ]
        state = json.dumps(
            [[m["kind"], m["value"]] for m in matched]
            + [[c["id"], c["status"], sorted(s["stance"] for s in c["stances"])] for c in claims],
            sort_keys=True,
        )
        digest = hashlib.sha256(state.encode()).hexdigest()[:24]
        key = f"wl{wl.id}:story{story.id}:{digest}"
        if session.scalar(select(Alert.id).where(Alert.event_key == key)) is not None:
            continue
        previous = session.scalar(
            select(Alert.id).where(Alert.watchlist_id == wl.id, Alert.story_id == story.id).limit(1)
        )
        alert = Alert(
            event_key=key,
            watchlist_id=wl.id,
            story_id=story.id,
            kind="update" if previous else "new",
            title=story.title,
            reason={"matched": matched, "claims": claims, "sources": sources},
        )
        try:
            with session.begin_nested():
                session.add(alert)
                session.flush()
        except IntegrityError:  # another worker recorded the same event first
            continue
        created.append(alert)
        if wl.mode == "immediate":
            queue_deliveries(session, wl, [alert], key)
    return created


def alert_payload(watchlist: Watchlist, alerts: list[Alert], key: str) -> dict[str, Any]:
    return {
        "watchlist": watchlist.name,
        "idempotency_key": key,
        "alerts": [
            {
                "id": a.id,
                "kind": a.kind,
                "story_id": a.story_id,
                "title": a.title,
                "created_at": a.created_at.isoformat() if a.created_at else None,
                **a.reason,
            }
            for a in alerts
        ],
    }


def queue_deliveries(
    session: Session, wl: Watchlist, alerts: list[Alert], key: str, due: datetime | None = None
) -> None:
    """One Delivery row per channel of the watchlist; the key makes re-queuing a no-op."""
    payload = alert_payload(wl, alerts, key)
    for channel, target in (("webhook", wl.webhook_url), ("email", wl.email)):
        if not target:
            continue
        dkey = f"{key}:{channel}"
        if session.scalar(select(Delivery.id).where(Delivery.idempotency_key == dkey)):
            continue
        session.add(
            Delivery(
                idempotency_key=dkey,
                watchlist_id=wl.id,
                channel=channel,
                target=target,
                payload=payload,
                next_attempt_at=due or utcnow(),
            )
        )
    session.flush()
