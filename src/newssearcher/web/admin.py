"""Admin area: the moderation queue, the sources the hub polls, and who is an administrator."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.store.models import Hub, Source
from newssearcher.store.models.community import User
from newssearcher.web import community
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_
from newssearcher.web.rendering import flash, session_user

router = APIRouter(prefix="/admin", include_in_schema=False)
SOURCE_KINDS = ("auto", "feed", "sitemap", "page")


def _admin(request: Request, session: Session) -> User:
    user = session_user(request, session)
    if user is None:
        raise HTTPException(403, N_("Sign in as an administrator to see this page."))
    if not user.is_admin:
        raise HTTPException(403, N_("Only administrators can see this page."))
    return user


def web_source_url(value: str) -> str:
    """An http(s) URL with a host, normalised; anything else is refused (no local files)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(N_("Enter an http:// or https:// address."))
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


@router.get("", response_class=HTMLResponse)
def admin_home(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
    return RedirectResponse("/admin/moderation", status_code=303)


@router.get("/moderation", response_class=HTMLResponse)
def moderation(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
        queue = community.moderation_queue(s)
    return state.renderer.render(request, "admin_moderation.html", queue=queue)


@router.post("/moderation/{comment_id}", dependencies=[Depends(require_csrf)])
def moderate(
    request: Request, comment_id: int, action: Annotated[str, Form(max_length=16)]
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        admin = _admin(request, s)
        try:
            community.moderate(s, admin, comment_id, action)
        except community.CommunityError as exc:
            raise HTTPException(exc.status, exc.message) from exc
    flash(request, N_("Comment kept.") if action == "keep" else N_("Comment removed."))
    return RedirectResponse("/admin/moderation", status_code=303)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
        rows = list(s.scalars(select(Source).order_by(Source.added_at.desc(), Source.id.desc())))
        hubs = list(s.scalars(select(Hub).order_by(Hub.name)))
    return state.renderer.render(
        request, "admin_sources.html", sources=rows, hubs=hubs, kinds=SOURCE_KINDS, error=None
    )


@router.post("/sources", dependencies=[Depends(require_csrf)])
def add_source(
    request: Request,
    url: Annotated[str, Form(max_length=2048)],
    title: Annotated[str, Form(max_length=512)] = "",
    hub: Annotated[str, Form(max_length=128)] = "",
    kind: Annotated[str, Form(max_length=16)] = "auto",
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
        try:
            clean = web_source_url(url)
            if kind not in SOURCE_KINDS:
                raise ValueError(N_("Unknown source kind."))
            if s.scalar(select(Source.id).where(Source.url == clean)) is not None:
                raise ValueError(N_("This source is already followed."))
        except ValueError as exc:
            flash(request, str(exc), "error")
            return RedirectResponse("/admin/sources", status_code=303)
        s.add(
            Source(
                url=clean,
                title=title.strip() or None,
                hub=hub.strip() or None,
                kind=kind,
                poll_interval_s=state.settings.default_poll_interval_s,
            )
        )
    flash(request, N_("Source added."))
    return RedirectResponse("/admin/sources", status_code=303)


@router.post("/sources/{source_id}/remove", dependencies=[Depends(require_csrf)])
def remove_source(request: Request, source_id: int) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
        source = s.get(Source, source_id)
        if source is None:
            raise HTTPException(404, N_("No such source."))
        s.delete(source)
    flash(request, N_("Source removed."))
    return RedirectResponse("/admin/sources", status_code=303)


@router.get("/users", response_class=HTMLResponse)
def users(request: Request) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        _admin(request, s)
        rows = list(s.scalars(select(User).order_by(User.created_at).limit(500)))
        total = s.scalar(select(func.count(User.id))) or 0
    return state.renderer.render(request, "admin_users.html", users=rows, total=total)


@router.post("/users/{user_id}/role", dependencies=[Depends(require_csrf)])
def set_role(
    request: Request, user_id: int, admin: Annotated[str, Form(max_length=8)] = "0"
) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        me = _admin(request, s)
        target = s.get(User, user_id)
        if target is None:
            raise HTTPException(404, N_("No such user."))
        if target.id == me.id:
            flash(request, N_("You cannot change your own role."), "error")
        else:
            target.is_admin = admin == "1"
            target.session_version += 1  # the new role applies from the next sign-in
            flash(request, N_("Role updated."))
    return RedirectResponse("/admin/users", status_code=303)
