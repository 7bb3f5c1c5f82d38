"""The HTML pages: home, hubs, story, article, entity, outlet, search; comment actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from newssearcher.store.models import Article, Hub, Source, utcnow
from newssearcher.store.models.community import Comment
from newssearcher.web import community, queries
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_, SUPPORTED
from newssearcher.web.paging import PAGE_SIZE, page_count, page_offset
from newssearcher.web.rendering import flash, request_lang, session_user
from newssearcher.web.searching import (
    MODES,
    FilterInput,
    UnknownFilter,
    resolve_filters,
    run_search,
)

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after a form or a switch (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    with state.db.session() as s:
        session_user(request, s)
        sections = []
        for hub in s.scalars(select(Hub).order_by(Hub.builtin.desc(), Hub.name)):
            section = queries.hub_section(s, hub, lang)
            if section is not None:
                sections.append(section)
        overall = queries.hub_section(s, None, lang, size=6)
        hubs = queries.list_hubs(s, lang)
    return state.renderer.render(
        request, "home.html", sections=sections, overall=overall, hubs=hubs
    )


@router.get("/hubs", response_class=HTMLResponse)
def hubs_index(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        session_user(request, s)
        hubs = queries.list_hubs(s, request_lang(request))
    return state.renderer.render(request, "hubs.html", hubs=hubs)


@router.get("/hub/{slug}", response_class=HTMLResponse)
def hub_page(
    request: Request, slug: str, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    page, offset = page_offset(page)
    with state.db.session() as s:
        session_user(request, s)
        hub = s.scalar(select(Hub).where(Hub.slug == slug))
        if hub is None:
            raise HTTPException(404, N_("No such hub."))
        section = queries.hub_section(s, hub, lang)
        stories, total = queries.list_stories(s, lang, hub=hub, limit=PAGE_SIZE, offset=offset)
        info = queries.hub_out(hub, lang, total)
    return state.renderer.render(
        request,
        "hub.html",
        hub=info,
        section=section,
        stories=stories,
        total=total,
        page=page,
        pages=page_count(total),
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_index(request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    state = web_state(request)
    page, offset = page_offset(page)
    with state.db.session() as s:
        session_user(request, s)
        stories, total = queries.list_stories(
            s, request_lang(request), limit=PAGE_SIZE, offset=offset
        )
    return state.renderer.render(
        request,
        "stories.html",
        stories=stories,
        total=total,
        page=page,
        pages=page_count(total),
    )


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int, edit: int | None = None) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    with state.db.session() as s:
        user = session_user(request, s)
        story = queries.resolve_story(s, story_id)
        if story is None:
            raise HTTPException(404, N_("No such story."))
        if story.id != story_id:
            return RedirectResponse(f"/story/{story.id}", status_code=301)
        detail = queries.story_detail(s, story, lang)
        comments = queries.story_comments(s, story.id)
        owners = queries.comment_owner_ids(s, story.id) if user else {}
    now = utcnow()
    editable = {
        cid
        for cid, (uid, created) in owners.items()
        if user
        and uid == user.id
        and (now - created).total_seconds() <= state.settings.comment_edit_window_s
    }
    edit_body = ""
    if edit in editable:
        with state.db.session() as s:
            row = s.get(Comment, edit)
            edit_body = row.body if row else ""
    numbers = {a.id: i for i, a in enumerate(detail.articles, start=1)}
    by_id = {a.id: a for a in detail.articles}
    return state.renderer.render(
        request,
        "story.html",
        story=detail,
        comments=comments,
        editable=editable,
        editing=edit if edit in editable else None,
        edit_body=edit_body,
        numbers=numbers,
        articles_by_id=by_id,
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    with state.db.session() as s:
        session_user(request, s)
        article = s.get(Article, article_id)
        if article is None:
            raise HTTPException(404, N_("No such article."))
        detail = queries.article_detail(s, article)
        story = queries.resolve_story(s, article.story_id) if article.story_id else None
        story_card = queries.story_cards(s, [story], lang)[0] if story else None
        originals = queries.article_cards_by_id(
            s, [i for i in (article.rewrite_of, article.duplicate_of) if i]
        )
        copies = [
            queries.article_card(a)
            for a in s.scalars(
                select(Article)
                .where((Article.rewrite_of == article.id) | (Article.duplicate_of == article.id))
                .order_by(Article.published_at)
                .limit(50)
            )
        ]
        stances = [
            (c, st)
            for c in (queries.story_claims(s, [story.id]) if story else [])
            for st in c.stances
            if st.article_id == article.id
        ]
    paragraphs = [p.strip() for p in detail.text.split("\n") if p.strip()]
    return state.renderer.render(
        request,
        "article.html",
        article=detail,
        story=story_card,
        originals=originals,
        copies=copies,
        stances=stances,
        paragraphs=paragraphs,
    )


@router.get("/entity/{slug}", response_class=HTMLResponse)
def entity_page(
    request: Request, slug: str, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    page, offset = page_offset(page)
    with state.db.session() as s:
        session_user(request, s)
        entity = queries.find_entity(s, slug)
        if entity is None:
            raise HTTPException(404, N_("No such entity."))
        if entity.slug != slug:
            return RedirectResponse(f"/entity/{quote(entity.slug)}", status_code=301)
        info = queries.entity_detail(s, entity)
        stories, total = queries.entity_stories(s, entity, lang, limit=PAGE_SIZE, offset=offset)
        claims = queries.entity_claims(s, entity)
    return state.renderer.render(
        request,
        "entity.html",
        entity=info,
        stories=stories,
        claims=claims,
        total=total,
        page=page,
        pages=page_count(total),
    )


@router.get("/sources", response_class=HTMLResponse)
def outlets_index(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        session_user(request, s)
        outlets = queries.list_outlets(s)
    return state.renderer.render(request, "outlets.html", outlets=outlets)


@router.get("/source/{outlet:path}", response_class=HTMLResponse)
def outlet_page(
    request: Request, outlet: str, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    state = web_state(request)
    page, offset = page_offset(page)
    with state.db.session() as s:
        session_user(request, s)
        stats = queries.outlet_stats(s, outlet)
        if stats is None:
            raise HTTPException(404, N_("No articles from this source."))
        articles, total = queries.list_articles(s, outlet=outlet, limit=PAGE_SIZE, offset=offset)
        feeds = list(s.scalars(select(Source).where(Source.title == outlet)))
    return state.renderer.render(
        request,
        "outlet.html",
        stats=stats,
        articles=articles,
        feeds=feeds,
        total=total,
        page=page,
        pages=page_count(total),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    mode: str = "text",
    hub: str = "",
    source: str = "",
    lang_filter: Annotated[str, Query(alias="language", max_length=16)] = "",
    entity: str = "",
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    state = web_state(request)
    lang = request_lang(request)
    page, offset = page_offset(page)
    error = None
    result = None
    mode = mode if mode in MODES else "text"
    with state.db.session() as s:
        session_user(request, s)
        hubs = queries.list_hubs(s, lang)
        outlets = [o for o, _ in queries.list_outlets(s, limit=100)]
        try:
            given = FilterInput(
                hub=hub or None,
                source=source or None,
                lang=lang_filter or None,
                entity=entity or None,
                date_from=date.fromisoformat(date_from) if date_from else None,
                date_to=date.fromisoformat(date_to) if date_to else None,
            )
            filters = resolve_filters(s, given)
        except UnknownFilter as exc:
            error = str(exc)
        except ValueError:
            error = N_("dates must look like 2024-05-31")
        if error is None and q.strip():
            result = run_search(s, q, filters, mode=mode, lang=lang, limit=PAGE_SIZE, offset=offset)
    status = 400 if error else 200
    return state.renderer.render(
        request,
        "search.html",
        status_code=status,
        q=q,
        mode=mode,
        result=result,
        error=error,
        hubs=hubs,
        outlets=outlets,
        form={
            "hub": hub,
            "source": source,
            "language": lang_filter,
            "entity": entity,
            "from": date_from,
            "to": date_to,
        },
        page=page,
        pages=page_count(result.total if result else 0),
    )


@router.get("/settings/language/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    if code not in SUPPORTED:
        raise HTTPException(404, N_("Unsupported language."))
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie("ns_lang", code, max_age=31_536_000, samesite="lax", path="/")
    return resp


@router.get("/settings/theme/{theme}")
def switch_theme(request: Request, theme: str, next: str = "/") -> Response:
    if theme not in ("light", "dark", "auto"):
        raise HTTPException(404, N_("Unknown theme."))
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie("ns_theme", theme, max_age=31_536_000, samesite="lax", path="/")
    return resp


# ------------------------------------------------------------------ comment actions


def _comment_redirect(story_id: int, anchor: str = "comments") -> RedirectResponse:
    return RedirectResponse(f"/story/{story_id}#{anchor}", status_code=303)


@router.post("/story/{story_id}/comments", dependencies=[Depends(require_csrf)])
def post_comment(
    request: Request,
    story_id: int,
    text: Annotated[str, Form(max_length=20_000)],
    parent_id: Annotated[int | None, Form()] = None,
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        user = session_user(request, s)
        if user is None:
            flash(request, N_("Sign in to comment."), "error")
            return RedirectResponse(
                f"/signin?next={quote(f'/story/{story_id}#comments')}", status_code=303
            )
        try:
            comment = community.post_comment(s, state.settings, user, story_id, text, parent_id)
            anchor = f"comment-{comment.id}"
        except community.CommunityError as exc:
            if exc.status == 404:
                raise HTTPException(404, exc.message) from exc
            flash(request, exc.message, "error")
            anchor = "comments"
    return _comment_redirect(story_id, anchor)


@router.post("/comments/{comment_id}/edit", dependencies=[Depends(require_csrf)])
def edit_comment(
    request: Request, comment_id: int, text: Annotated[str, Form(max_length=20_000)]
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        user = session_user(request, s)
        comment = s.get(Comment, comment_id)
        if comment is None:
            raise HTTPException(404, N_("No such comment."))
        story_id = comment.story_id
        if user is None:
            raise HTTPException(403, N_("Sign in first."))
        try:
            community.edit_comment(s, state.settings, user, comment_id, text)
            flash(request, N_("Your comment was updated."))
        except community.CommunityError as exc:
            if exc.status == 403:
                raise HTTPException(403, exc.message) from exc
            flash(request, exc.message, "error")
    return _comment_redirect(story_id, f"comment-{comment_id}")


@router.post("/comments/{comment_id}/report", dependencies=[Depends(require_csrf)])
def report_comment(
    request: Request, comment_id: int, reason: Annotated[str, Form(max_length=500)] = ""
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        user = session_user(request, s)
        comment = s.get(Comment, comment_id)
        if comment is None:
            raise HTTPException(404, N_("No such comment."))
        story_id = comment.story_id
        if user is None:
            flash(request, N_("Sign in to report a comment."), "error")
            return RedirectResponse("/signin", status_code=303)
        try:
            community.report_comment(s, user, comment_id, reason)
            flash(request, N_("Thank you. A moderator will look at this comment."))
        except community.CommunityError as exc:
            flash(request, exc.message, "error")
    return _comment_redirect(story_id, f"comment-{comment_id}")
