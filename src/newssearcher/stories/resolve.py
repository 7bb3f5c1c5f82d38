"""Old story ids keep working after merges: follow ``merged_into`` to the surviving story.

And the trace a story keeps of the reports the engine moved out of it or into it (a weak
joiner taken out by a later report, :class:`~newssearcher.store.models.ArticleMove`), so a
reader who saw a report in a story can find where it went.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from newssearcher.store.models import ArticleMove, Story, StoryMerge

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


@dataclass(frozen=True, slots=True)
class StoryMoveTrace:
    """A report moved out of a story (``direction`` "out") or into it ("in")."""

    article_id: int
    direction: str
    other_story_id: int  # the live story on the other side of the move
    moved_at: datetime


def story_moves(session: Session, story_id: int, limit: int = 20) -> list[StoryMoveTrace]:
    """At most ``limit`` of the latest moves out of and into live story ``story_id`` (and the
    stories merged into it), newest first; a move between ids that are now one story is left
    out."""
    family = {story_id, *session.scalars(select(Story.id).where(Story.merged_into == story_id))}
    rows = session.scalars(
        select(ArticleMove)
        .where(or_(ArticleMove.from_story_id.in_(family), ArticleMove.to_story_id.in_(family)))
        .order_by(ArticleMove.moved_at.desc(), ArticleMove.id.desc())
        .limit(limit)
    ).all()
    out: list[StoryMoveTrace] = []
    for move in rows:
        leaving = move.from_story_id in family
        other = resolve_story_id(session, move.to_story_id if leaving else move.from_story_id)
        if other is None or other == story_id:
            continue
        direction = "out" if leaving else "in"
        out.append(StoryMoveTrace(move.article_id, direction, other, move.moved_at))
    return out
