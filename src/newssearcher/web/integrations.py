"""What the hub reads through the pipeline stages below it, in one place."""

from __future__ import annotations

from newssearcher.analysis.entities_store import resolve_entity, story_entities
from newssearcher.stories.resolve import resolve_story_id
from newssearcher.summary.timeline import build_timeline, first_report

__all__ = ["build_timeline", "first_report", "resolve_entity", "resolve_story_id", "story_entities"]
