"""Runs the analysis stages over stories whose articles changed since they were last analysed."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from newssearcher.alerts.match import check_story
from newssearcher.analysis.claims_store import update_story_claims
from newssearcher.analysis.entities_store import tag_articles
from newssearcher.config import Settings
from newssearcher.hubs.assign import assign_story_hubs
from newssearcher.hubs.builtin import ensure_builtin_hubs
from newssearcher.store import Database
from newssearcher.store.models import Article, Story, utcnow
from newssearcher.summary.story_summary import update_story_summary

log = logging.getLogger(__name__)


def tag_new_articles(session: Session, articles: list[Article]) -> None:
    """Entities of the articles that are not plain duplicates."""
    originals = [a for a in articles if a.duplicate_of is None]
    if originals:
        tag_articles(session, originals)


def pending_story_ids(session: Session) -> list[int]:
    """Live stories changed since their last analysis (or never analysed)."""
    return list(
        session.scalars(
            select(Story.id)
            .where(Story.merged_into.is_(None), Story.article_count > 0)
            .where(or_(Story.analysed_at.is_(None), Story.analysed_at < Story.updated_at))
            .order_by(Story.id)
        )
    )


def analyse_story(session: Session, story: Story, settings: Settings) -> None:
    update_story_claims(session, story)
    update_story_summary(session, story, settings)
    assign_story_hubs(session, story)
    check_story(session, story)
    story.analysed_at = max(utcnow(), story.updated_at)


def analyse_pending_stories(
    db: Database, settings: Settings, *, progress: Callable[[int], None] | None = None
) -> int:
    """Analyse every pending story, each in its own transaction; returns how many were done."""
    with db.session() as session:
        ensure_builtin_hubs(session)
        ids = pending_story_ids(session)
    done = 0
    for story_id in ids:
        try:
            with db.session() as session:
                story = session.get(Story, story_id)
                if story is None or story.merged_into is not None:
                    continue
                analyse_story(session, story, settings)
            done += 1
        except Exception:  # one story's failure must not stop the others
            log.exception("analysis of story %s failed; it stays pending", story_id)
        if progress:
            progress(1)
    return done
