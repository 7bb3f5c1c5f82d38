"""The pipeline stages the hub reads through (below ``web`` in the layering)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from newssearcher.store.models import Story

try:  # TEMPORARY while the stage is being written; replaced by a plain import when it lands
    from newssearcher.stories.resolve import resolve_story_id
except ImportError:  # pragma: no cover
    resolve_story_id = None  # type: ignore[assignment]
try:
    from newssearcher.summary.timeline import build_timeline
except ImportError:  # pragma: no cover
    build_timeline = None  # type: ignore[assignment]
try:
    from newssearcher.analysis.entities_store import resolve_entity
except ImportError:  # pragma: no cover
    resolve_entity = None  # type: ignore[assignment]


def live_story_id(session: Session, story_id: int) -> int | None:
    if resolve_story_id is not None:
        return resolve_story_id(session, story_id)
    seen = set()
    current = session.get(Story, story_id)
    while current is not None and current.merged_into is not None and current.id not in seen:
        seen.add(current.id)
        current = session.get(Story, current.merged_into)
    return current.id if current is not None else None
