"""``/healthz``: liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from newssearcher.web.deps import web_state

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="200 when the database answers, 503 when it does not")
def healthz(state=Depends(web_state)) -> JSONResponse:  # type: ignore[no-untyped-def]
    try:
        ok = state.db.ping()
        error = None
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        ok, error = False, type(exc).__name__
    body = {"status": "ok" if ok else "unavailable", "database": state.db.dialect}
    if error:
        body["error"] = error
    return JSONResponse(body, status_code=200 if ok else 503)
