"""HTML pages for watchlists (signed-in users) and the entity dossier (everyone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from newssearcher.alerts.dossier import entity_dossier
from newssearcher.alerts.watchlists import MODES, WatchlistError
from newssearcher.store.models.community import User
from newssearcher.web import queries
from newssearcher.web.deps import require_csrf, web_state
from newssearcher.web.i18n import N_
from newssearcher.web.paging import PAGE_SIZE, page_count
from newssearcher.web.rendering import flash, session_user
from newssearcher.web.watch_api import (
    WatchConflict,
    WatchlistIn,
    alerts_page,
    create_watchlist,
    feed_url,
    visible_watchlists,
    watchlist_for,
    watchlist_out,
)

router = APIRouter(include_in_schema=False)
MAX_CHART_DAYS = 120  # a longer span is drawn with only the days that have articles
MODE_LABELS = {
    "immediate": N_("immediately"),
    "hourly": N_("hourly digest"),
    "daily": N_("daily digest"),
}
KIND_LABELS = {"entity": N_("entity"), "query": N_("query")}


# ------------------------------------------------------------------ exposure chart


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    count: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    peak: int
    first: str
    last: str
    total: int


def exposure_chart(
    exposure: list[tuple[str, int]], width: int = 640, height: int = 160
) -> Chart | None:
    """Bars for articles per day, with the empty days in between when the span is short."""
    if not exposure:
        return None
    counts = dict(exposure)
    first, last = date.fromisoformat(exposure[0][0]), date.fromisoformat(exposure[-1][0])
    span = (last - first).days + 1
    if span <= MAX_CHART_DAYS:
        days = [(first + timedelta(days=i)).isoformat() for i in range(span)]
    else:
        days = [d for d, _ in exposure]
    peak = max(counts.values())
    top, bottom = 8.0, 20.0
    usable = height - top - bottom
    slot = width / len(days)
    gap = min(4.0, slot * 0.2)
    bars = []
    for i, day in enumerate(days):
        n = counts.get(day, 0)
        h = usable * n / peak if peak else 0.0
        bars.append(
            Bar(
                x=round(i * slot + gap / 2, 2),
                y=round(top + usable - h, 2),
                width=round(max(slot - gap, 1.0), 2),
                height=round(h, 2),
                day=day,
                count=n,
            )
        )
    return Chart(
        width,
        height,
        top + usable,
        bars,
        peak,
        days[0],
        days[-1],
        sum(counts.values()),
    )


# ------------------------------------------------------------------ watchlists


def _signin_redirect(target: str) -> RedirectResponse:
    return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _render_index(
    request: Request,
    user: User,
    status_code: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    state = web_state(request)
    base = str(request.base_url)
    with state.db.session() as s:
        rows = [watchlist_out(s, wl, base) for wl in visible_watchlists(s, user)]
    return state.renderer.render(
        request,
        "watchlists.html",
        status_code=status_code,
        watchlists=rows,
        modes=MODES,
        mode_labels=MODE_LABELS,
        error=error,
        form=form or {"mode": "immediate"},
    )


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_index(request: Request) -> Response:
    with web_state(request).db.session() as s:
        user = session_user(request, s)
    if user is None:
        return _signin_redirect("/watchlists")
    return _render_index(request, user)


@router.post("/watchlists", dependencies=[Depends(require_csrf)])
def watchlists_create(
    request: Request,
    name: Annotated[str, Form(max_length=256)],
    entities: Annotated[str, Form(max_length=100_000)] = "",
    queries_text: Annotated[str, Form(alias="queries", max_length=100_000)] = "",
    mode: Annotated[str, Form(max_length=16)] = "immediate",
    webhook_url: Annotated[str, Form(max_length=2048)] = "",
    webhook_secret: Annotated[str, Form(max_length=256)] = "",
    email: Annotated[str, Form(max_length=512)] = "",
) -> Response:
    state = web_state(request)
    form = {
        "name": name,
        "entities": entities,
        "queries": queries_text,
        "mode": mode,
        "webhook_url": webhook_url,
        "email": email,
    }
    error: str | None = None
    new_id = None
    with state.db.session() as s:
        user = session_user(request, s)
        if user is None:
            return _signin_redirect("/watchlists")
        try:
            spec = WatchlistIn(
                name=name,
                entity_list=entities or None,
                queries=_lines(queries_text),
                mode=mode,  # type: ignore[arg-type]
                webhook_url=webhook_url,
                webhook_secret=webhook_secret,
                email=email,
            )
            with s.begin_nested():
                new_id = create_watchlist(s, user, spec).id
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            error = f"{where}: {first.get('msg', '')}"
        except WatchConflict:
            error = N_("A watchlist with this name exists.")
        except WatchlistError as exc:
            error = str(exc)
    if error is not None or new_id is None:
        return _render_index(request, user, 400, error, form)
    flash(request, N_("Watchlist created."))
    return RedirectResponse(f"/watchlists/{new_id}", status_code=303)


@router.get("/watchlists/{watchlist_id}", response_class=HTMLResponse)
def watchlist_page(
    request: Request, watchlist_id: int, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    state = web_state(request)
    base = str(request.base_url)
    with state.db.session() as s:
        user = session_user(request, s)
        if user is None:
            return _signin_redirect(f"/watchlists/{watchlist_id}")
        wl = watchlist_for(s, user, watchlist_id)
        info = watchlist_out(s, wl, base)
        alerts, total = alerts_page(s, wl, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        atom = feed_url(base, wl)
    return state.renderer.render(
        request,
        "watchlist.html",
        wl=info,
        alerts=alerts,
        total=total,
        page=page,
        pages=page_count(total),
        atom=atom,
        mode_labels=MODE_LABELS,
        kind_labels=KIND_LABELS,
    )


@router.post("/watchlists/{watchlist_id}/delete", dependencies=[Depends(require_csrf)])
def watchlist_delete(request: Request, watchlist_id: int) -> Response:
    with web_state(request).db.session() as s:
        user = session_user(request, s)
        if user is None:
            return _signin_redirect(f"/watchlists/{watchlist_id}")
        s.delete(watchlist_for(s, user, watchlist_id))
    flash(request, N_("Watchlist deleted."))
    return RedirectResponse("/watchlists", status_code=303)


# ------------------------------------------------------------------ dossier


@router.get("/entity/{slug}/dossier", response_class=HTMLResponse)
def dossier_page(request: Request, slug: str) -> Response:
    state = web_state(request)
    with state.db.session() as s:
        session_user(request, s)
        entity = queries.find_entity(s, slug)
        if entity is None:
            raise HTTPException(404, N_("No such entity."))
        if entity.slug != slug:
            return RedirectResponse(f"/entity/{quote(entity.slug)}/dossier", status_code=301)
        dossier = entity_dossier(s, entity.id)
        if dossier is None:
            raise HTTPException(404, N_("No such entity."))
        info = queries.entity_detail(s, entity)
    claims = sorted(dossier.claims, key=lambda c: (c.first_seen or "", c.id))
    return state.renderer.render(
        request,
        "dossier.html",
        entity=info,
        dossier=dossier,
        claims=claims,
        chart=exposure_chart(dossier.exposure),
    )
