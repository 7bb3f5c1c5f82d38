"""What the hub reads through the pipeline stages below it, in one place."""

from __future__ import annotations

from newssearcher.analysis.claims_store import stored_claims
from newssearcher.analysis.entities_store import resolve_entity, story_entities
from newssearcher.stories.resolve import resolve_story_id, story_moves
from newssearcher.summary.timeline import build_timeline, first_report
from newssearcher.summary.voices import story_articles

__all__ = [
    "build_timeline",
    "first_report",
    "resolve_entity",
    "resolve_story_id",
    "stored_claims",
    "story_articles",
    "story_entities",
    "story_moves",
]
