"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import HTTPException, Request

from newssearcher.web.i18n import N_
from newssearcher.web.security import CSRF_FIELD, CSRF_HEADER, csrf_valid

if TYPE_CHECKING:
    from newssearcher.web.app import WebState


def web_state(request: Request) -> WebState:
    return request.app.state.web


async def require_csrf(request: Request) -> None:
    """Reject an unsafe request whose CSRF token does not match the session's."""
    supplied = request.headers.get(CSRF_HEADER)
    if not supplied:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            supplied = value if isinstance(value, str) else None
    if not csrf_valid(request.session, supplied):
        raise HTTPException(status_code=403, detail=N_("Invalid or missing CSRF token."))
