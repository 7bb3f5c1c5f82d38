"""Adding, listing and removing hubs (the CLI, web UI and API share these)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.analysis.entity_normalise import fold
from newssearcher.hubs.builtin import BUILTIN_SLUGS, ensure_builtin_hubs
from newssearcher.hubs.query import parse_query
from newssearcher.store.models import Hub, StoryHub


class HubError(ValueError):
    """A hub that cannot be added or removed, with the reason."""


@dataclass(slots=True)
class HubInfo:
    slug: str
    name: str
    name_es: str | None
    builtin: bool
    query: str | None
    description: str | None
    stories: int

    def as_dict(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "name": self.name,
            "name_es": self.name_es,
            "builtin": self.builtin,
            "query": self.query,
            "description": self.description,
            "stories": self.stories,
        }


def hub_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug[:120]


def add_user_hub(
    session: Session,
    name: str,
    query: str,
    name_es: str | None = None,
    description: str | None = None,
) -> Hub:
    """Create a user hub; raises ``HubError`` (bad name, taken slug) or ``QueryError``."""
    name = (name or "").strip()
    slug = hub_slug(name)
    if not slug:
        raise HubError(f"hub name {name!r} has no letters or digits to make a slug from")
    parse_query(query)  # raises QueryError with the reason
    if slug in BUILTIN_SLUGS:
        raise HubError(f"hub slug {slug!r} is taken by a built-in hub; choose another name")
    if session.scalar(select(Hub.id).where(Hub.slug == slug)) is not None:
        raise HubError(f"a hub with slug {slug!r} already exists")
    hub = Hub(
        slug=slug,
        name=name,
        name_es=name_es,
        description=description,
        query=query.strip(),
        builtin=False,
    )
    session.add(hub)
    session.flush()
    return hub


def remove_hub(session: Session, slug: str) -> None:
    """Delete a user hub and its story assignments; built-in hubs cannot be removed."""
    hub = session.scalar(select(Hub).where(Hub.slug == slug))
    if hub is None:
        raise HubError(f"no hub with slug {slug!r}")
    if hub.builtin:
        raise HubError(f"hub {slug!r} is built in and cannot be removed")
    session.query(StoryHub).filter(StoryHub.hub_id == hub.id).delete(synchronize_session=False)
    session.delete(hub)
    session.flush()


def list_hubs(session: Session) -> list[HubInfo]:
    """Every hub (built-in first, then user hubs by name) with its number of stories."""
    ensure_builtin_hubs(session)
    counts = dict(
        session.execute(select(StoryHub.hub_id, func.count()).group_by(StoryHub.hub_id)).all()
    )
    hubs = session.scalars(select(Hub)).all()
    order = {slug: i for i, slug in enumerate(BUILTIN_SLUGS)}
    hubs = sorted(hubs, key=lambda h: (not h.builtin, order.get(h.slug, 0), h.name.lower()))
    return [
        HubInfo(h.slug, h.name, h.name_es, h.builtin, h.query, h.description, counts.get(h.id, 0))
        for h in hubs
    ]
