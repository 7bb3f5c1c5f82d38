"""Sign-up, sign-in and sign-out (local accounts, signed session cookies)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newssearcher.web import community
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_
from newssearcher.web.pages import _safe_next
from newssearcher.web.rendering import flash, session_user, sign_in_session

router = APIRouter(include_in_schema=False)


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, next: str = "/") -> Response:
    state = web_state(request)
    with state.db.session() as s:
        session_user(request, s)
    return state.renderer.render(request, "signup.html", next=_safe_next(next), error=None)


@router.post("/signup", dependencies=[Depends(require_csrf)])
def signup(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    password2: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    state = web_state(request)
    error = None
    if password != password2:
        error = N_("The two passwords differ.")
    elif not state.signup_limiter.hit(_client(request)):
        error = N_("Too many new accounts from your address. Try again later.")
    if error is None:
        try:
            with state.db.session() as s:
                user = community.sign_up(s, username, password)
                sign_in_session(request, user)
                admin = user.is_admin
        except community.CommunityError as exc:
            error = exc.message
    if error is not None:
        return state.renderer.render(
            request,
            "signup.html",
            status_code=400,
            next=_safe_next(next),
            error=error,
            username=username,
        )
    flash(request, N_("Welcome! You are signed in."))
    if admin:
        flash(request, N_("As the first account, you are the administrator."))
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = "/") -> Response:
    state = web_state(request)
    with state.db.session() as s:
        session_user(request, s)
    return state.renderer.render(request, "signin.html", next=_safe_next(next), error=None)


@router.post("/signin", dependencies=[Depends(require_csrf)])
def signin(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    state = web_state(request)
    error = None
    key = f"{_client(request)}|{username.strip().lower()}"
    if not state.signin_limiter.hit(key):
        error = N_("Too many attempts. Wait a few minutes and try again.")
    else:
        with state.db.session() as s:
            user = community.authenticate(s, username, password)
            if user is not None:
                sign_in_session(request, user)
            else:
                error = N_("Wrong username or password.")
    if error is not None:
        return state.renderer.render(
            request,
            "signin.html",
            status_code=400 if "Wrong" in error else 429,
            next=_safe_next(next),
            error=error,
            username=username,
        )
    flash(request, N_("You are signed in."))
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/signout", dependencies=[Depends(require_csrf)])
def signout(request: Request) -> Response:
    request.session.clear()
    flash(request, N_("You are signed out."))
    return RedirectResponse("/", status_code=303)
