"""What the hub reads through the pipeline stages below it, in one place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.analysis.entities_store import resolve_entity, story_entities
from newssearcher.store.models import Story, StoryMerge
from newssearcher.summary.timeline import build_timeline

__all__ = ["build_timeline", "live_story_id", "resolve_entity", "story_entities"]


def live_story_id(session: Session, story_id: int) -> int | None:
    """The id a story lives under now: merges are followed (``Story.merged_into``, or the
    ``story_merges`` record when the old row is gone); None for an unknown id."""
    seen: set[int] = set()
    current: int | None = story_id
    while current is not None and current not in seen:
        seen.add(current)
        story = session.get(Story, current)
        if story is None:
            current = session.scalar(
                select(StoryMerge.into_id)
                .where(StoryMerge.from_id == current)
                .order_by(StoryMerge.merged_at.desc())
                .limit(1)
            )
            continue
        if story.merged_into is None:
            return story.id
        current = story.merged_into
    return None
