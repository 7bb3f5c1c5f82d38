"""Synthetic news for load and concurrency tests: distinct events, several reports each."""

from __future__ import annotations

import random

EVENTS = [
    ("Eldmoor", "flood barrier", "river Tamsin", "Mayor Ines Varga", "400 homes evacuated"),
    ("Calder", "chess championship", "national final", "Priya Okafor", "six-hour game"),
    (
        "Port Lhasa",
        "container ship fire",
        "harbour authority",
        "Captain Olu Brandt",
        "22 crew rescued",
    ),
    (
        "Veltrana",
        "central bank rate rise",
        "inflation",
        "Governor Mara Lind",
        "rate of 4.75 percent",
    ),
    ("Norrbay", "volcano eruption", "Mount Keld", "vulcanologist Aiko Tran", "ash cloud 9 km high"),
    ("Sarnet", "ransomware attack", "hospital network", "CISO Daniel Roe", "3,000 patient records"),
    ("Quillon", "satellite launch", "space agency", "engineer Lena Morov", "orbit at 550 km"),
    ("Brevik", "football cup final", "Brevik Rovers", "coach Tomas Ekdal", "3-2 after extra time"),
    (
        "Montaro",
        "election recount",
        "electoral commission",
        "candidate Ruth Abara",
        "margin of 312 votes",
    ),
    (
        "Dunmore",
        "chip factory opening",
        "Helix Semiconductors",
        "CEO Arjun Patel",
        "1,200 new jobs",
    ),
    ("Kestrel Bay", "oil spill", "coast guard", "inspector Nadia Holm", "12 km of coastline"),
    ("Tarnow", "measles outbreak", "health ministry", "Dr Felix Amari", "87 confirmed cases"),
]

TEMPLATES = [
    "{place}: {what} dominates the news as {who} speaks about the {topic}.",
    "Officials in {place} confirmed the {what}, with {fact} according to {who}.",
    "{who} said the {topic} response in {place} was under review after the {what}.",
    "Residents of {place} described the {what} as unprecedented; {fact}.",
    "The {topic} in {place} has drawn attention since the {what} began, {who} noted.",
    "Analysts expect more details about the {what} in {place} later this week.",
]


def synthetic_articles(per_event: int = 6, events: int = len(EVENTS), seed: int = 7) -> list[dict]:
    """``events`` stories with ``per_event`` reworded reports each; gold label in metadata."""
    rng = random.Random(seed)
    out = []
    for e, (place, what, topic, who, fact) in enumerate(EVENTS[:events]):
        for k in range(per_event):
            sentences = [
                t.format(place=place, what=what, topic=topic, who=who, fact=fact) for t in TEMPLATES
            ]
            rng.shuffle(sentences)
            out.append(
                {
                    "id": f"syn-{e:02d}-{k:02d}",
                    "title": f"{what.capitalize()} in {place}" + (f" ({k})" if k else ""),
                    "text": " ".join(sentences[: 4 + k % 3]),
                    "source": f"Outlet {k % 4}",
                    "published": f"2026-04-{1 + e:02d}T{8 + k:02d}:00:00Z",
                    "gold_story": f"event-{e}",
                }
            )
    rng.shuffle(out)
    return out


def partition(rows: list[dict], key: str = "story_id") -> set[frozenset[str]]:
    """Clusters of external ids, ignoring the cluster labels themselves."""
    groups: dict[object, set[str]] = {}
    for row in rows:
        groups.setdefault(row[key] if key in row else row["metadata"][key], set()).add(row["id"])
    return {frozenset(g) for g in groups.values()}
