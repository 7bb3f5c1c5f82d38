"""The built-in topic hubs, created (or brought up to date) by ``ensure_builtin_hubs``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newssearcher.store.models import Hub


@dataclass(frozen=True, slots=True)
class BuiltinHub:
    slug: str
    name: str
    name_es: str
    description: str


OTHER = "other"

BUILTIN_HUBS: tuple[BuiltinHub, ...] = (
    BuiltinHub(
        "cybersecurity",
        "Cybersecurity",
        "Ciberseguridad",
        "Attacks, breaches, vulnerabilities, malware, threat actors and defence.",
    ),
    BuiltinHub(
        "cloud-ai",
        "Cloud & AI",
        "Nube e IA",
        "Cloud computing, data centres, artificial intelligence, models and chips for them.",
    ),
    BuiltinHub(
        "geopolitics",
        "Geopolitics",
        "Geopolítica",
        "Relations between states: conflict, militaries, diplomacy, sanctions, espionage.",
    ),
    BuiltinHub(
        "business",
        "Business",
        "Economía y empresas",
        "Companies, markets, earnings, deals, trade and the economy.",
    ),
    BuiltinHub(
        "science",
        "Science",
        "Ciencia",
        "Research and discoveries: space, health, climate, physics, biology.",
    ),
    BuiltinHub(
        "sport",
        "Sport",
        "Deportes",
        "Football, tennis, basketball, motor racing, athletics and other sport.",
    ),
    BuiltinHub(
        "politics",
        "Politics",
        "Política",
        "Elections, parties, parliaments, governments and domestic policy.",
    ),
    BuiltinHub(OTHER, "Other", "Otros", "Stories that fit no other hub."),
)

BUILTIN_SLUGS: tuple[str, ...] = tuple(h.slug for h in BUILTIN_HUBS)


def ensure_builtin_hubs(session: Session) -> dict[str, Hub]:
    """Create the built-in hubs that are missing and refresh their names; returns slug -> Hub."""
    existing = {h.slug: h for h in session.scalars(select(Hub).where(Hub.slug.in_(BUILTIN_SLUGS)))}
    for spec in BUILTIN_HUBS:
        hub = existing.get(spec.slug)
        if hub is None:
            try:
                with session.begin_nested():
                    hub = Hub(
                        slug=spec.slug,
                        name=spec.name,
                        name_es=spec.name_es,
                        description=spec.description,
                        builtin=True,
                        query=None,
                    )
                    session.add(hub)
            except IntegrityError:  # created meanwhile by another process
                hub = session.scalar(select(Hub).where(Hub.slug == spec.slug))
                assert hub is not None
            existing[spec.slug] = hub
            continue
        hub.name, hub.name_es, hub.description, hub.builtin = (
            spec.name,
            spec.name_es,
            spec.description,
            True,
        )
    session.flush()
    return existing
