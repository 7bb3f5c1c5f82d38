"""Jinja2 templates with the request's language, user, CSRF token and theme in context."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from newssearcher import __version__ as VERSION
from newssearcher.config import Settings
from newssearcher.store.models.community import User
from newssearcher.web import i18n
from newssearcher.web.i18n import N_
from newssearcher.web.security import csrf_token


def request_lang(request: Request) -> str:
    return getattr(request.state, "lang", i18n.DEFAULT)


def request_i18n(request: Request) -> i18n.I18n:
    return i18n.I18n(request_lang(request))


@dataclass(frozen=True, slots=True)
class Viewer:
    """What templates know of the signed-in user (plain values: safe after the session ends)."""

    id: int
    username: str
    is_admin: bool


def _remember(request: Request, user: User | None) -> None:
    request.state.user = user
    request.state.viewer = (
        Viewer(user.id, user.username, bool(user.is_admin)) if user is not None else None
    )


def session_user(request: Request, session: Session) -> User | None:
    """The signed-in user of this request (checked against the database), or None."""
    cached = getattr(request.state, "user", False)
    if cached is not False:
        return cached
    data = request.session
    uid = data.get("uid")
    user = None
    if isinstance(uid, int):
        user = session.get(User, uid)
        if user is None or user.disabled or user.session_version != data.get("sv"):
            user = None
            for key in ("uid", "un", "adm", "sv"):
                data.pop(key, None)
    _remember(request, user)
    return user


def sign_in_session(request: Request, user: User) -> None:
    """Put ``user`` in the session cookie, with a fresh CSRF token (no session fixation)."""
    request.session.clear()
    request.session.update(
        {
            "uid": user.id,
            "un": user.username,
            "adm": bool(user.is_admin),
            "sv": user.session_version,
        }
    )
    csrf_token(request.session)
    _remember(request, user)


def flash(request: Request, message: str, kind: str = "info") -> None:
    items = list(request.session.get("flash", []))[-4:]
    items.append([kind, message])
    request.session["flash"] = items


def url_with(request: Request, **params: Any) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    query = dict(request.query_params)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    qs = urlencode(query)
    return request.url.path + (f"?{qs}" if qs else "")


STANCE_LABELS = {
    "agree": N_("asserts"),
    "disagree": N_("denies"),
    "discuss": N_("reports"),
    "unrelated": N_("unrelated"),
}
STATUS_LABELS = {
    "alleged": N_("alleged"),
    "alleged-and-denied": N_("alleged and denied"),
    "unconfirmed": N_("unconfirmed"),
    "confirmed": N_("confirmed"),
    "disputed": N_("disputed"),
    "denied": N_("denied"),
}


class Renderer:
    def __init__(self, folder: Path, settings: Settings) -> None:
        self.settings = settings
        self.env = Environment(
            loader=FileSystemLoader(str(folder)),
            autoescape=select_autoescape(["html", "xml"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.globals.update(
            version=VERSION,
            languages=i18n.LANGUAGE_NAMES,
            stance_labels=STANCE_LABELS,
            status_labels=STATUS_LABELS,
        )

    def context(self, request: Request, **extra: Any) -> dict[str, Any]:
        tr = request_i18n(request)
        session = request.session
        flashes = session.pop("flash", []) if "flash" in session else []
        viewer = getattr(request.state, "viewer", None)
        ctx: dict[str, Any] = {
            "request": request,
            "lang": tr.lang,
            "t": tr,
            "_": tr.gettext,
            "ngettext": tr.ngettext,
            "csrf_token": csrf_token(session),
            "current_user": viewer,
            "theme": getattr(request.state, "theme", "auto"),
            "flashes": flashes,
            "path": request.url.path,
            "url_with": lambda **kw: url_with(request, **kw),
            "settings": self.settings,
        }
        ctx.update(extra)
        return ctx

    def render(
        self, request: Request, name: str, status_code: int = 200, **extra: Any
    ) -> HTMLResponse:
        html = self.env.get_template(name).render(self.context(request, **extra))
        return HTMLResponse(html, status_code=status_code)

    def error_page(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(
            request, "error.html", status_code=status, status=status, message=message
        )
