"""JSON API under ``/api/v1``: read everything, post comments. Errors share one body shape."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, or_, select

from newssearcher.store.models import Article, Claim, Entity, EntityAlias, Hub
from newssearcher.web import community, queries
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_
from newssearcher.web.paging import Id, Limit, Offset, api_page
from newssearcher.web.rendering import session_user
from newssearcher.web.schemas import (
    ArticleCard,
    ArticleOut,
    ClaimOut,
    CommentIn,
    CommentOut,
    EntityOut,
    ErrorBody,
    HubOut,
    Page,
    SearchOut,
    StoryCard,
    StoryOut,
)
from newssearcher.web.searching import FilterInput, UnknownFilter, resolve_filters, run_search
from newssearcher.web.security import csrf_token

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request"},
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}
router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERRORS)

Lang = Annotated[
    Literal["en", "es"] | None,
    Query(description="Language for titles and summaries (translation when available)"),
]
Text = Annotated[str, Query(max_length=200)]


def _lang(request: Request, lang: str | None) -> str:
    return lang or "en"


@router.get("/hubs", response_model=Page[HubOut], summary="All topic hubs")
def api_hubs(request: Request, lang: Lang = None) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        hubs = queries.list_hubs(s, _lang(request, lang))
    return api_page(hubs, len(hubs), max(1, len(hubs)), 0)


@router.get("/hubs/{slug}", response_model=HubOut, summary="One hub")
def api_hub(
    request: Request, slug: Annotated[str, Path(max_length=128)], lang: Lang = None
) -> HubOut:
    with web_state(request).db.session() as s:
        hub = s.scalar(select(Hub).where(Hub.slug == slug))
        if hub is None:
            raise HTTPException(404, N_("No such hub."))
        _, total = queries.list_stories(s, _lang(request, lang), hub=hub, limit=1)
        return queries.hub_out(hub, _lang(request, lang), total)


@router.get("/stories", response_model=Page[StoryCard], summary="Stories, newest first")
def api_stories(
    request: Request,
    hub: Annotated[str | None, Query(max_length=128, description="Hub slug")] = None,
    lang: Lang = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        hub_row = None
        if hub:
            hub_row = s.scalar(select(Hub).where(Hub.slug == hub))
            if hub_row is None:
                raise HTTPException(404, N_("No such hub."))
        items, total = queries.list_stories(
            s, _lang(request, lang), hub=hub_row, limit=limit, offset=offset
        )
    return api_page(items, total, limit, offset)


def _story_or_404(s: Any, story_id: int) -> Any:
    story = queries.resolve_story(s, story_id)
    if story is None:
        raise HTTPException(404, N_("No such story."))
    return story


@router.get(
    "/stories/{story_id}",
    response_model=StoryOut,
    summary="One story: summary, claims, timeline, sources (a merged id gives the survivor)",
)
def api_story(request: Request, story_id: Id, lang: Lang = None) -> StoryOut:
    with web_state(request).db.session() as s:
        return queries.story_detail(s, _story_or_404(s, story_id), _lang(request, lang))


@router.get("/stories/{story_id}/articles", response_model=Page[ArticleCard])
def api_story_articles(
    request: Request, story_id: Id, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        story = _story_or_404(s, story_id)
        items, total = queries.list_articles(s, story_id=story.id, limit=limit, offset=offset)
    return api_page(items, total, limit, offset)


@router.get("/stories/{story_id}/claims", response_model=Page[ClaimOut])
def api_story_claims(request: Request, story_id: Id) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        story = _story_or_404(s, story_id)
        claims = queries.story_claims(s, [story.id])
    return api_page(claims, len(claims), max(1, len(claims)), 0)


@router.get("/claims", response_model=Page[ClaimOut], summary="Claims across stories")
def api_claims(
    request: Request,
    story_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        stmt = select(Claim.id)
        if story_id is not None:
            story = _story_or_404(s, story_id)
            stmt = stmt.where(Claim.story_id == story.id)
        if status:
            stmt = stmt.where(Claim.status == status)
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        ids = list(s.scalars(stmt.order_by(Claim.id.desc()).limit(limit).offset(offset)))
        story_ids = list(s.scalars(select(Claim.story_id).where(Claim.id.in_(ids)).distinct()))
        by_id = {c.id: c for c in queries.story_claims(s, story_ids)}
    return api_page([by_id[i] for i in ids if i in by_id], total, limit, offset)


@router.get("/articles", response_model=Page[ArticleCard], summary="Articles, newest first")
def api_articles(
    request: Request,
    story_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    source: Annotated[str | None, Query(max_length=256, description="Outlet name")] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        items, total = queries.list_articles(
            s, story_id=story_id, outlet=source, lang=language, limit=limit, offset=offset
        )
    return api_page(items, total, limit, offset)


@router.get("/articles/{article_id}", response_model=ArticleOut)
def api_article(request: Request, article_id: Id) -> ArticleOut:
    with web_state(request).db.session() as s:
        article = s.get(Article, article_id)
        if article is None:
            raise HTTPException(404, N_("No such article."))
        return queries.article_detail(s, article)


@router.get("/search", response_model=SearchOut, summary="Full-text or semantic search")
def api_search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    mode: Literal["text", "semantic"] = "text",
    hub: Annotated[str | None, Query(max_length=128)] = None,
    source: Annotated[str | None, Query(max_length=256)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    entity: Annotated[str | None, Query(max_length=256)] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    lang: Lang = None,
    limit: Limit = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchOut:
    with web_state(request).db.session() as s:
        try:
            filters = resolve_filters(
                s, FilterInput(hub, source, language, entity, date_from, date_to)
            )
        except UnknownFilter as exc:
            raise HTTPException(404, str(exc)) from exc
        return run_search(
            s, q, filters, mode=mode, lang=_lang(request, lang), limit=limit, offset=offset
        )


@router.get("/entities", response_model=Page[EntityOut], summary="Entities, most mentioned first")
def api_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Name prefix")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    from newssearcher.store.models import ArticleEntity

    with web_state(request).db.session() as s:
        stmt = select(Entity.id)
        if q:
            like = f"{q.strip().lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(Entity.name).like(like),
                    Entity.id.in_(
                        select(EntityAlias.entity_id).where(
                            func.lower(EntityAlias.alias).like(like)
                        )
                    ),
                )
            )
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        mentions = (
            select(func.coalesce(func.sum(ArticleEntity.mentions), 0))
            .where(ArticleEntity.entity_id == Entity.id)
            .scalar_subquery()
        )
        rows = s.scalars(
            select(Entity)
            .where(Entity.id.in_(stmt))
            .order_by(mentions.desc(), Entity.name)
            .limit(limit)
            .offset(offset)
        ).all()
        items = [queries.entity_detail(s, e) for e in rows]
    return api_page(items, total, limit, offset)


def _entity_or_404(s: Any, slug: str) -> Entity:
    entity = queries.find_entity(s, slug)
    if entity is None:
        raise HTTPException(404, N_("No such entity."))
    return entity


@router.get("/entities/{slug}", response_model=EntityOut)
def api_entity(request: Request, slug: Annotated[str, Path(max_length=256)]) -> EntityOut:
    with web_state(request).db.session() as s:
        return queries.entity_detail(s, _entity_or_404(s, slug))


@router.get("/entities/{slug}/stories", response_model=Page[StoryCard])
def api_entity_stories(
    request: Request,
    slug: Annotated[str, Path(max_length=256)],
    lang: Lang = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        entity = _entity_or_404(s, slug)
        items, total = queries.entity_stories(
            s, entity, _lang(request, lang), limit=limit, offset=offset
        )
    return api_page(items, total, limit, offset)


@router.get("/entities/{slug}/claims", response_model=Page[ClaimOut])
def api_entity_claims(
    request: Request, slug: Annotated[str, Path(max_length=256)]
) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        claims = queries.entity_claims(s, _entity_or_404(s, slug))
    return api_page(claims, len(claims), max(1, len(claims)), 0)


@router.get("/stories/{story_id}/comments", response_model=Page[CommentOut])
def api_comments(request: Request, story_id: Id) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        story = _story_or_404(s, story_id)
        items = queries.story_comments(s, story.id)
    return api_page(items, len(items), max(1, len(items)), 0)


@router.post(
    "/stories/{story_id}/comments",
    response_model=CommentOut,
    status_code=201,
    dependencies=[Depends(require_csrf)],
    responses={
        401: {"model": ErrorBody, "description": "Not signed in"},
        403: {"model": ErrorBody, "description": "Missing CSRF token or not allowed"},
        409: {"model": ErrorBody, "description": "Duplicate comment"},
        429: {"model": ErrorBody, "description": "Rate limited"},
    },
    summary="Post a comment (session cookie + X-CSRF-Token header from /api/v1/me)",
)
def api_post_comment(request: Request, story_id: Id, body: CommentIn) -> Any:
    state = web_state(request)
    with state.db.session() as s:
        user = session_user(request, s)
        if user is None:
            raise HTTPException(401, N_("Sign in first."))
        try:
            c = community.post_comment(s, state.settings, user, story_id, body.text, body.parent_id)
        except community.CommunityError as exc:
            return JSONResponse(
                {"error": {"status": exc.status, "code": exc.code, "message": exc.message}},
                status_code=exc.status,
            )
        return CommentOut(
            id=c.id,
            story_id=c.story_id,
            parent_id=c.parent_id,
            author=user.username,
            body_html=c.body_html,
            created_at=c.created_at,
            edited_at=c.edited_at,
            status=c.status,
        )


@router.get("/me", summary="The signed-in user (if any) and the session's CSRF token")
def api_me(request: Request) -> dict[str, Any]:
    with web_state(request).db.session() as s:
        user = session_user(request, s)
    return {
        "user": {"username": user.username, "is_admin": user.is_admin} if user else None,
        "csrf_token": csrf_token(request.session),
    }
