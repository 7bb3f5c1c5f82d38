"""A watchlist's alerts as an Atom feed."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.store.models.alerts import Alert, Watchlist


def watchlist_atom(session: Session, wl: Watchlist, base_url: str, limit: int = 50) -> bytes:
    """Newest alerts first; each entry links to its story page and lists the claims."""
    base = base_url.rstrip("/")
    fg = FeedGenerator()
    fg.id(f"{base}/watchlists/{wl.id}")
    fg.title(f"NewsSearcher watchlist: {wl.name}")
    fg.link(href=f"{base}/api/v1/watchlists/{wl.id}/alerts.atom", rel="self")
    fg.link(href=f"{base}/watchlists/{wl.id}", rel="alternate")
    fg.updated(wl.created_at)
    alerts = list(
        session.scalars(
            select(Alert).where(Alert.watchlist_id == wl.id).order_by(Alert.id.desc()).limit(limit)
        )
    )
    for alert in reversed(alerts):
        entry = fg.add_entry()
        entry.id(f"{base}/alerts/{alert.id}")
        entry.title(f"{'Update: ' if alert.kind == 'update' else ''}{alert.title or 'Story'}")
        entry.link(href=f"{base}/story/{alert.story_id}")
        entry.updated(alert.created_at)
        entry.published(alert.created_at)
        parts = [
            "Matched: " + ", ".join(m["value"] for m in alert.reason.get("matched", [])),
        ]
        for claim in alert.reason.get("claims", []):
            stances = ", ".join(
                f"{s.get('outlet') or '?'} {s['stance']}" for s in claim.get("stances", [])
            )
            parts.append(f"[{claim['status']}] {claim['text']} ({stances})")
        entry.summary("\n".join(parts))
        if alerts:
            fg.updated(alert.created_at)
    return fg.atom_str(pretty=True)
