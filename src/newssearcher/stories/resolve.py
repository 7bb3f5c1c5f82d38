"""Old story ids keep working after merges: follow ``merged_into`` to the surviving story."""

from __future__ import annotations

from sqlalchemy.orm import Session

from newssearcher.store.models import Story

MAX_HOPS = 64


def resolve_story_id(session: Session, story_id: int) -> int | None:
    """The id of the live story ``story_id`` became (itself when never merged); None if unknown."""
    seen: set[int] = set()
    current = story_id
    for _ in range(MAX_HOPS):
        story = session.get(Story, current)
        if story is None:
            return None
        if story.merged_into is None or story.merged_into in seen:
            return story.id
        seen.add(current)
        current = story.merged_into
    return current
