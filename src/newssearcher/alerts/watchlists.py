"""Creating and reading watchlists, including import from a plain list or a CSV with aliases."""

from __future__ import annotations

import csv
import io
import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.hubs.query import QueryError, parse_query
from newssearcher.store.models.alerts import WatchItem, Watchlist

MODES = ("immediate", "hourly", "daily")


class WatchlistError(ValueError):
    """A watchlist definition that cannot be accepted; the message says what and where."""


@dataclass(slots=True)
class ItemSpec:
    kind: str  # entity|query
    value: str
    aliases: list[str] = field(default_factory=list)


def parse_item_list(text: str, origin: str = "input") -> list[ItemSpec]:
    """Entities from a plain list (one per line) or a CSV ``name,alias,alias…``.

    Lines starting with ``#`` are comments; ``query:`` in front of a line makes it a query.
    A header row ``name,aliases`` is accepted. Errors name the line.
    """
    specs: list[ItemSpec] = []
    seen: set[tuple[str, str]] = set()
    reader = csv.reader(io.StringIO(text))
    for lineno, row in enumerate(reader, start=1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if lineno == 1 and cells[0].lower() in {"name", "entity"}:
            continue
        head = cells[0]
        kind = "entity"
        if head.lower().startswith("query:"):
            kind, head = "query", head[6:].strip()
        if not head:
            raise WatchlistError(f"{origin}, line {lineno}: empty name")
        if len(head) > 1000:
            raise WatchlistError(f"{origin}, line {lineno}: name longer than 1000 characters")
        aliases: list[str] = []
        for cell in cells[1:]:
            aliases.extend(a.strip() for a in cell.split(";") if a.strip())
        key = (kind, head.casefold())
        if key in seen:
            continue
        seen.add(key)
        specs.append(ItemSpec(kind, head, aliases))
    return specs


_INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def internal_webhook_problem(url: str) -> str | None:
    """Why a webhook URL points inside this network (loopback, private, link-local), if it does.

    Users of a shared hub may only send webhooks to public addresses, so the hub cannot be used
    to reach services behind it; operators (CLI, administrators) may use any address.
    """
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return f"webhook URL has no host: {url!r}"
    if host == "localhost" or host.endswith(_INTERNAL_SUFFIXES):
        return f"webhook host {host!r} is internal"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not address.is_global:
        return f"webhook address {host} is not a public address"
    return None


def get_watchlist(session: Session, name: str) -> Watchlist | None:
    return session.scalars(select(Watchlist).where(Watchlist.name == name)).one_or_none()


def upsert_watchlist(
    session: Session,
    name: str,
    items: list[ItemSpec],
    *,
    mode: str | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    email: str | None = None,
    owner_id: int | None = None,
) -> Watchlist:
    """Create the watchlist or add to it; adding an item twice keeps one (aliases merged)."""
    name = name.strip()
    if not name:
        raise WatchlistError("watchlist name is empty")
    if mode is not None and mode not in MODES:
        raise WatchlistError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if webhook_url and not webhook_url.startswith(("http://", "https://")):
        raise WatchlistError(f"webhook URL must be http(s): {webhook_url!r}")
    if email and "@" not in email:
        raise WatchlistError(f"not an e-mail address: {email!r}")
    wl = get_watchlist(session, name)
    if wl is None:
        wl = Watchlist(name=name, mode=mode or "immediate", owner_id=owner_id)
        session.add(wl)
        session.flush()
    elif mode is not None:
        wl.mode = mode
    if webhook_url is not None:
        wl.webhook_url = webhook_url
    if webhook_secret is not None:
        wl.webhook_secret = webhook_secret
    if email is not None:
        wl.email = email
    existing = {
        (i.kind, i.value.casefold()): i
        for i in session.scalars(select(WatchItem).where(WatchItem.watchlist_id == wl.id))
    }
    for spec in items:
        if spec.kind == "query":
            try:
                parse_query(spec.value)
            except QueryError as exc:
                raise WatchlistError(f"query {spec.value!r}: {exc}") from exc
        item = existing.get((spec.kind, spec.value.casefold()))
        if item is None:
            item = WatchItem(watchlist_id=wl.id, kind=spec.kind, value=spec.value, aliases=[])
            session.add(item)
            existing[(spec.kind, spec.value.casefold())] = item
        merged = list(dict.fromkeys([*(item.aliases or []), *spec.aliases]))
        item.aliases = merged
    session.flush()
    return wl


def watch_items(session: Session, watchlist_id: int) -> list[WatchItem]:
    return list(
        session.scalars(
            select(WatchItem).where(WatchItem.watchlist_id == watchlist_id).order_by(WatchItem.id)
        )
    )
