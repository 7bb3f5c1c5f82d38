"""Runs the analysis stages over stories whose articles changed since they were last analysed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from newssearcher.alerts.match import check_story
from newssearcher.analysis.claims_store import update_story_claims
from newssearcher.analysis.entities_store import tag_articles
from newssearcher.config import Settings
from newssearcher.hubs.assign import assign_story_hubs
from newssearcher.hubs.builtin import ensure_builtin_hubs
from newssearcher.store import Database
from newssearcher.store.models import Article, Story
from newssearcher.summary.story_summary import update_story_summary

log = logging.getLogger(__name__)
#: first key of the per-story analysis lock (``pg_try_advisory_xact_lock(ns, story_id)``)
ANALYSIS_LOCK_NS = 0x6E73616E  # "nsan"


def tag_new_articles(session: Session, articles: list[Article]) -> None:
    """Entities of the articles that are not plain duplicates."""
    originals = [a for a in articles if a.duplicate_of is None]
    if originals:
        tag_articles(session, originals)


def pending_story_ids(session: Session, among: Iterable[int] | None = None) -> list[int]:
    """Live stories (all, or those of ``among``) changed since their last analysis (or never
    analysed)."""
    query = (
        select(Story.id)
        .where(Story.merged_into.is_(None), Story.article_count > 0)
        .where(or_(Story.analysed_at.is_(None), Story.analysed_at < Story.updated_at))
        .order_by(Story.id)
    )
    if among is not None:
        query = query.where(Story.id.in_(list(among)))
    return list(session.scalars(query))


@dataclass
class AnalysisRun:
    """What one pass of :func:`analyse_pending_stories` did."""

    analysed: int = 0
    #: skipped: another worker was analysing them, possibly from a state before this change
    busy: list[int] = field(default_factory=list)
    #: their analysis raised (logged); they stay pending
    failed: list[int] = field(default_factory=list)


def analyse_story(session: Session, story: Story, settings: Settings) -> None:
    """Claims, summary, hubs and alerts of one story.

    ``analysed_at`` records the story state analysed (its ``updated_at`` when read), so a
    change committed meanwhile by another worker leaves the story pending, never skipped.
    """
    seen_state = story.updated_at
    update_story_claims(session, story)
    update_story_summary(session, story, settings)
    assign_story_hubs(session, story, max_articles=settings.story_max_articles)
    check_story(session, story, max_articles=settings.story_max_articles)
    story.analysed_at = seen_state


def analyse_pending_stories(
    db: Database,
    settings: Settings,
    *,
    story_ids: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> AnalysisRun:
    """Analyse pending stories (all, or those of ``story_ids``), each in its own transaction.

    On PostgreSQL a per-story advisory lock is taken first; a story another worker is
    analysing right now is skipped here (that worker, or the next pass, will see this change).
    Not a row lock: analysis can take long, and placing an article into the story needs a
    key-share lock on its row (the foreign key) while holding the story lock, so a row lock
    held for the whole analysis would stop all placement. The caller decides when to look
    again at the stories reported ``busy``.
    """
    with db.session() as session:
        ensure_builtin_hubs(session)
        ids = pending_story_ids(session, story_ids)
    run = AnalysisRun()
    for story_id in ids:
        try:
            with db.session() as session:
                if db.is_postgres and not session.scalar(
                    select(func.pg_try_advisory_xact_lock(ANALYSIS_LOCK_NS, story_id))
                ):
                    run.busy.append(story_id)
                    continue
                story = session.get(Story, story_id)
                if story is None or story.merged_into is not None:
                    continue
                if story.analysed_at is not None and story.analysed_at >= story.updated_at:
                    continue  # done by another worker meanwhile
                analyse_story(session, story, settings)
            run.analysed += 1
        except Exception:  # one story's failure must not stop the others
            log.exception("analysis of story %s failed; it stays pending", story_id)
            run.failed.append(story_id)
        if progress:
            progress(1)
    return run
