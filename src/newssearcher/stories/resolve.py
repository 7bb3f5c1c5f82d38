"""Old story ids keep working after merges: follow ``merged_into`` to the surviving story."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.store.models import Story, StoryMerge

MAX_HOPS = 64


def resolve_story_id(session: Session, story_id: int) -> int | None:
    """The id of the live story ``story_id`` became (itself when never merged); None if unknown.

    Merges are followed through ``Story.merged_into``, or through the ``story_merges`` record
    when the old row itself is gone.
    """
    seen: set[int] = set()
    current: int | None = story_id
    for _ in range(MAX_HOPS):
        if current is None:
            return None
        story = session.get(Story, current)
        if story is None:
            current = session.scalar(
                select(StoryMerge.into_id)
                .where(StoryMerge.from_id == current)
                .order_by(StoryMerge.merged_at.desc())
                .limit(1)
            )
            continue
        if story.merged_into is None or story.merged_into in seen:
            return story.id
        seen.add(current)
        current = story.merged_into
    return current
