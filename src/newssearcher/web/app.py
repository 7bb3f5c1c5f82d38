"""The web hub: ``create_app(settings)`` builds the FastAPI application.

Server-rendered pages (Jinja2) that work without JavaScript, a JSON API under ``/api/v1``
with its OpenAPI document, RSS/Atom feeds, comments and an admin area.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newssearcher import __version__ as VERSION
from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.web import i18n
from newssearcher.web.community import SlidingWindow
from newssearcher.web.rendering import Renderer
from newssearcher.web.security import load_secret_key

HERE = Path(__file__).parent
LANG_COOKIE = "ns_lang"
THEME_COOKIE = "ns_theme"
SESSION_COOKIE = "ns_session"
SESSION_MAX_AGE = int(timedelta(days=30).total_seconds())

CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# the interactive API docs load their assets from a CDN; they get their own policy
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline' https:; "
    "script-src 'self' 'unsafe-inline' https:; object-src 'none'; frame-ancestors 'none'"
)


class WebState:
    """What the routes share: settings, the database, templates and limiters."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.renderer = Renderer(HERE / "templates", settings)
        self.signin_limiter = SlidingWindow(limit=10, window_s=300)
        self.signup_limiter = SlidingWindow(limit=5, window_s=3600)


class LocaleAndHeaders:
    """Picks the UI language (``?lang=`` > cookie > Accept-Language) and adds security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # NUL characters have no meaning in a path or a query and PostgreSQL refuses them
        if b"%00" in scope.get("query_string", b""):
            scope["query_string"] = scope["query_string"].replace(b"%00", b"")
        if "\x00" in scope.get("path", ""):
            scope["path"] = scope["path"].replace("\x00", "")
            scope["raw_path"] = scope["path"].encode()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        from_query = (query.get("lang") or [None])[0]
        cookies = _cookies(headers.get("cookie", ""))
        lang = i18n.negotiate(
            from_query, cookies.get(LANG_COOKIE), accept_language=headers.get("accept-language")
        )
        scope.setdefault("state", {})
        scope["state"]["lang"] = lang
        scope["state"]["theme"] = cookies.get(THEME_COOKIE, "auto")
        set_cookie = from_query is not None and from_query in i18n.SUPPORTED
        path = scope.get("path", "")
        csp = DOCS_CSP if path in ("/api/docs", "/api/redoc") else CSP

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", csp.encode()),
                    (b"content-language", lang.encode()),
                    (b"vary", b"Accept-Language, Cookie"),
                ]
                if set_cookie:
                    raw.append(
                        (
                            b"set-cookie",
                            f"{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax".encode(),
                        )
                    )
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_wrapper)


def _cookies(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            out[name] = value
    return out


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/feeds/"))


def error_json(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"error": {"status": status, "code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return JSONResponse(body, status_code=status)


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    429: "rate_limited",
}


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    """The whole hub. ``db`` defaults to the configured database, migrated on creation."""
    settings = settings or Settings()
    if db is None:
        db = Database(settings.database_url)
        db.migrate()
    state = WebState(settings, db)
    app = FastAPI(
        title="NewsSearcher API",
        version=VERSION,
        description="Stories, articles, claims, entities, hubs, search and comments.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.web = state

    from newssearcher.web import account, admin, api, feeds, health, pages, watch_api, watch_pages

    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(watch_api.router)
    app.include_router(watch_pages.router)
    app.include_router(feeds.router)
    app.include_router(account.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "Error"
        if _is_api(request):
            return error_json(exc.status_code, _CODES.get(exc.status_code, "error"), message)
        return state.renderer.error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        if _is_api(request):
            return error_json(422, "invalid_request", "The request is not valid.", details)
        text = "; ".join(f"{'.'.join(d['loc'][1:])}: {d['msg']}" for d in details)
        return state.renderer.error_page(request, 400, text or "Bad request")

    app.add_middleware(LocaleAndHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=load_secret_key(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,
    )
    return app
