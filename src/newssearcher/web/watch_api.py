"""Watchlists, their alerts and the entity dossier in the JSON API (``/api/v1``).

Authentication follows the rest of the API: the session cookie of a signed-in user, and an
``X-CSRF-Token`` header (from ``/api/v1/me``) on unsafe requests. A watchlist belongs to the
user who created it; only they and administrators see it (anyone else gets 404). The Atom
feed also opens with the watchlist's unguessable ``token``, for feed readers without a session.

The rules shared with the HTML pages (who sees what, creating from a form or a body) live here.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.alerts.dossier import Dossier, entity_dossier
from newssearcher.alerts.feed import watchlist_atom
from newssearcher.alerts.watchlists import (
    ItemSpec,
    WatchlistError,
    internal_webhook_problem,
    parse_item_list,
    upsert_watchlist,
    watch_items,
)
from newssearcher.store.models import Entity
from newssearcher.store.models.alerts import Alert, Watchlist
from newssearcher.store.models.community import User
from newssearcher.web import queries
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_
from newssearcher.web.paging import Id, Limit, Offset, api_page
from newssearcher.web.rendering import session_user
from newssearcher.web.schemas import ErrorBody, Page

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed in"},
    404: {"model": ErrorBody, "description": "Not found (or not yours)"},
    422: {"model": ErrorBody, "description": "Invalid request"},
}
router = APIRouter(prefix="/api/v1", tags=["watchlists"], responses=ERRORS)

MAX_ITEMS = 500


# ------------------------------------------------------------------ shapes


class WatchEntityIn(BaseModel):
    name: str = Field(min_length=1, max_length=1000)
    aliases: list[Annotated[str, Field(max_length=1000)]] = Field([], max_length=50)


class WatchlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=256)
    entities: list[WatchEntityIn] = Field([], max_length=MAX_ITEMS)
    entity_list: str | None = Field(
        None,
        max_length=100_000,
        description="Entities as a plain list (one per line) or CSV lines `name,alias;alias`",
    )
    queries: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        [], max_length=MAX_ITEMS, description="Searches in the hub query language"
    )
    mode: Literal["immediate", "hourly", "daily"] = "immediate"
    webhook_url: str | None = Field(None, max_length=2048)
    webhook_secret: str | None = Field(None, max_length=256)
    email: str | None = Field(None, max_length=512)


class WatchItemOut(BaseModel):
    kind: str = Field(description="entity | query")
    value: str
    aliases: list[str] = []


class WatchlistOut(BaseModel):
    id: int
    name: str
    owner: str | None
    mode: str
    webhook_url: str | None
    has_webhook_secret: bool = Field(description="The secret itself is never shown")
    email: str | None
    created_at: datetime
    items: list[WatchItemOut] = []
    alert_count: int = 0
    feed_url: str | None = Field(None, description="Atom feed, with its access token")


class AlertMatchOut(BaseModel):
    kind: str
    value: str
    articles: list[int] = []


class AlertStanceOut(BaseModel):
    stance: str
    speaker: str | None = None
    outlet: str | None = None
    url: str | None = None


class AlertClaimOut(BaseModel):
    id: int
    text: str
    speaker: str | None = None
    status: str
    stances: list[AlertStanceOut] = []


class AlertSourceOut(BaseModel):
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


class AlertOut(BaseModel):
    id: int
    kind: str = Field(description="new | update")
    story_id: int
    title: str | None
    created_at: datetime
    matched: list[AlertMatchOut] = []
    claims: list[AlertClaimOut] = []
    sources: list[AlertSourceOut] = []


class DossierStoryOut(BaseModel):
    id: int
    title: str | None
    first_published: str | None
    articles: int
    outlets: list[str]


class DossierClaimOut(BaseModel):
    id: int
    story_id: int
    text: str
    speaker: str | None
    status: str
    first_seen: str | None
    stances: dict[str, int] = Field(description="Articles per stance")


class OutletCount(BaseModel):
    outlet: str
    articles: int


class ExposureDay(BaseModel):
    day: str = Field(description="ISO date")
    articles: int


class DossierOut(BaseModel):
    id: int
    slug: str
    name: str
    kind: str
    stories: list[DossierStoryOut] = []
    claims: list[DossierClaimOut] = []
    outlets: list[OutletCount] = []
    exposure: list[ExposureDay] = []


# ------------------------------------------------------------------ rules


class WatchConflict(Exception):
    """The name is taken (watchlist names are unique across the hub)."""


def can_see(wl: Watchlist, user: User | None) -> bool:
    return user is not None and (wl.owner_id == user.id or bool(user.is_admin))


def visible_watchlists(session: Session, user: User) -> list[Watchlist]:
    stmt = select(Watchlist).order_by(Watchlist.name, Watchlist.id)
    if not user.is_admin:
        stmt = stmt.where(Watchlist.owner_id == user.id)
    return list(session.scalars(stmt))


def watchlist_for(session: Session, user: User | None, watchlist_id: int) -> Watchlist:
    """The watchlist if the user may see it; 404 otherwise (so ids of others stay unknown)."""
    wl = session.get(Watchlist, watchlist_id)
    if wl is None or not can_see(wl, user):
        raise HTTPException(404, N_("No such watchlist."))
    return wl


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def create_watchlist(session: Session, user: User, spec: WatchlistIn) -> Watchlist:
    """A new watchlist owned by ``user``; raises WatchlistError or WatchConflict."""
    name = spec.name.strip()
    if session.scalar(select(Watchlist.id).where(Watchlist.name == name)) is not None:
        raise WatchConflict(name)
    items: list[ItemSpec] = []
    if spec.entity_list:
        items += parse_item_list(spec.entity_list, origin="entities")
    for ent in spec.entities:
        if not ent.name.strip():
            raise WatchlistError("entities: empty name")
        items.append(
            ItemSpec("entity", ent.name.strip(), [a.strip() for a in ent.aliases if a.strip()])
        )
    items += [ItemSpec("query", q.strip()) for q in spec.queries if q.strip()]
    if not items:
        raise WatchlistError("a watchlist needs at least one entity or query")
    webhook = _blank_to_none(spec.webhook_url)
    if webhook and not user.is_admin and (problem := internal_webhook_problem(webhook)):
        raise WatchlistError(problem)
    if len(items) > MAX_ITEMS:
        raise WatchlistError(f"at most {MAX_ITEMS} entities and queries, not {len(items)}")
    wl = upsert_watchlist(
        session,
        name,
        items,
        mode=spec.mode,
        webhook_url=webhook,
        webhook_secret=_blank_to_none(spec.webhook_secret),
        email=_blank_to_none(spec.email),
        owner_id=user.id,
    )
    wl.feed_token = secrets.token_urlsafe(32)
    session.flush()
    return wl


def feed_url(base_url: str, wl: Watchlist) -> str:
    url = f"{base_url.rstrip('/')}/api/v1/watchlists/{wl.id}/alerts.atom"
    return f"{url}?token={wl.feed_token}" if wl.feed_token else url


def watchlist_out(session: Session, wl: Watchlist, base_url: str) -> WatchlistOut:
    owner = session.get(User, wl.owner_id) if wl.owner_id is not None else None
    count = session.scalar(select(func.count(Alert.id)).where(Alert.watchlist_id == wl.id))
    return WatchlistOut(
        id=wl.id,
        name=wl.name,
        owner=owner.username if owner else None,
        mode=wl.mode,
        webhook_url=wl.webhook_url,
        has_webhook_secret=bool(wl.webhook_secret),
        email=wl.email,
        created_at=wl.created_at,
        items=[
            WatchItemOut(kind=i.kind, value=i.value, aliases=i.aliases or [])
            for i in watch_items(session, wl.id)
        ],
        alert_count=int(count or 0),
        feed_url=feed_url(base_url, wl),
    )


def alert_out(alert: Alert) -> AlertOut:
    reason = alert.reason or {}
    return AlertOut(
        id=alert.id,
        kind=alert.kind,
        story_id=alert.story_id,
        title=alert.title,
        created_at=alert.created_at,
        matched=reason.get("matched", []),
        claims=reason.get("claims", []),
        sources=reason.get("sources", []),
    )


def alerts_page(
    session: Session, wl: Watchlist, limit: int, offset: int
) -> tuple[list[AlertOut], int]:
    total = session.scalar(select(func.count(Alert.id)).where(Alert.watchlist_id == wl.id)) or 0
    rows = session.scalars(
        select(Alert)
        .where(Alert.watchlist_id == wl.id)
        .order_by(Alert.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [alert_out(a) for a in rows], int(total)


def find_dossier_entity(session: Session, key: str) -> Entity | None:
    """By numeric id, else by slug, name or alias."""
    if key.isdecimal() and len(key) < 10:
        entity = session.get(Entity, int(key))
        if entity is not None:
            return entity
    return queries.find_entity(session, key)


def dossier_out(entity: Entity, dossier: Dossier) -> DossierOut:
    return DossierOut(
        id=entity.id,
        slug=entity.slug,
        name=dossier.name,
        kind=dossier.kind,
        stories=[DossierStoryOut(**vars(s)) for s in dossier.stories],
        claims=[DossierClaimOut(**vars(c)) for c in dossier.claims],
        outlets=[OutletCount(outlet=o, articles=n) for o, n in dossier.outlets],
        exposure=[ExposureDay(day=d, articles=n) for d, n in dossier.exposure],
    )


def _signed_in(request: Request, s: Session) -> User:
    user = session_user(request, s)
    if user is None:
        raise HTTPException(401, N_("Sign in first."))
    return user


# ------------------------------------------------------------------ routes


@router.get(
    "/watchlists",
    response_model=Page[WatchlistOut],
    summary="Your watchlists (administrators: everyone's)",
)
def api_watchlists(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    base = str(request.base_url)
    with web_state(request).db.session() as s:
        user = _signed_in(request, s)
        rows = visible_watchlists(s, user)
        items = [watchlist_out(s, wl, base) for wl in rows[offset : offset + limit]]
    return api_page(items, len(rows), limit, offset)


@router.post(
    "/watchlists",
    response_model=WatchlistOut,
    status_code=201,
    dependencies=[Depends(require_csrf)],
    responses={
        403: {"model": ErrorBody, "description": "Missing CSRF token"},
        409: {"model": ErrorBody, "description": "Name taken"},
    },
    summary="Create a watchlist (session cookie + X-CSRF-Token header from /api/v1/me)",
)
def api_create_watchlist(request: Request, body: WatchlistIn) -> WatchlistOut:
    base = str(request.base_url)
    with web_state(request).db.session() as s:
        user = _signed_in(request, s)
        try:
            wl = create_watchlist(s, user, body)
        except WatchConflict as exc:
            raise HTTPException(409, N_("A watchlist with this name exists.")) from exc
        except WatchlistError as exc:
            raise HTTPException(422, str(exc)) from exc
        return watchlist_out(s, wl, base)


@router.get("/watchlists/{watchlist_id}", response_model=WatchlistOut)
def api_watchlist(request: Request, watchlist_id: Id) -> WatchlistOut:
    with web_state(request).db.session() as s:
        wl = watchlist_for(s, _signed_in(request, s), watchlist_id)
        return watchlist_out(s, wl, str(request.base_url))


@router.delete(
    "/watchlists/{watchlist_id}",
    status_code=204,
    dependencies=[Depends(require_csrf)],
    responses={403: {"model": ErrorBody, "description": "Missing CSRF token"}},
)
def api_delete_watchlist(request: Request, watchlist_id: Id) -> Response:
    with web_state(request).db.session() as s:
        wl = watchlist_for(s, _signed_in(request, s), watchlist_id)
        s.delete(wl)
    return Response(status_code=204)


@router.get(
    "/watchlists/{watchlist_id}/alerts",
    response_model=Page[AlertOut],
    summary="Alerts of a watchlist, newest first: what matched, the claims, the sources",
)
def api_alerts(
    request: Request, watchlist_id: Id, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        wl = watchlist_for(s, _signed_in(request, s), watchlist_id)
        items, total = alerts_page(s, wl, limit, offset)
    return api_page(items, total, limit, offset)


@router.get(
    "/watchlists/{watchlist_id}/alerts.atom",
    summary="Alerts as an Atom feed (session cookie, or the watchlist's token)",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def api_alerts_atom(
    request: Request,
    watchlist_id: Id,
    token: Annotated[str | None, Query(max_length=128)] = None,
) -> Response:
    with web_state(request).db.session() as s:
        wl = s.get(Watchlist, watchlist_id)
        if token is not None:
            ok = (
                wl is not None
                and wl.feed_token is not None
                and hmac.compare_digest(wl.feed_token.encode(), token.encode())
            )
            if not ok:
                raise HTTPException(404, N_("No such watchlist."))
        else:
            wl = watchlist_for(s, _signed_in(request, s), watchlist_id)
        assert wl is not None
        body = watchlist_atom(s, wl, str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get(
    "/entities/{key}/dossier",
    response_model=DossierOut,
    summary="An entity's dossier: stories, claims with stances and status, outlets, exposure",
)
def api_dossier(request: Request, key: Annotated[str, Path(max_length=256)]) -> DossierOut:
    with web_state(request).db.session() as s:
        entity = find_dossier_entity(s, key)
        dossier = entity_dossier(s, entity.id) if entity is not None else None
        if entity is None or dossier is None:
            raise HTTPException(404, N_("No such entity."))
        return dossier_out(entity, dossier)
