"""update_story_claims on real SQLite and PostgreSQL databases: rows, idempotence, updates."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.analysis.claims_store import update_story_claims
from newssearcher.store import Database
from newssearcher.store.models import Article, Claim, ClaimStance, Story
from newssearcher.summary.timeline import first_report

FIRST = (
    "Regulators accused Globex Corp of hiding losses from investors for three years. "
    "According to the audit, the company moved debts into shell firms in Ruritania. "
    "Globex denied the accusations on Tuesday."
)
SECOND = (
    "An audit alleges that Globex Corp concealed losses from its investors for three years. "
    "The firm rejected the audit, calling it politically motivated. "
    "Markets fell after the news."
)


def _story(session: Session) -> Story:
    story = Story(title="Globex")
    session.add(story)
    session.flush()
    return story


def _article(story: Story, ext: str, text: str, outlet: str, day: int) -> Article:
    return Article(
        external_id=ext,
        text=text,
        outlet=outlet,
        story_id=story.id,
        published_at=datetime(2025, 3, day, tzinfo=UTC),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def _rows(db: Database, story_id: int) -> tuple[list[tuple], list[tuple]]:
    with db.session() as s:
        claims = [
            (c.text, c.speaker, c.verb, c.status, c.first_article_id)
            for c in s.scalars(select(Claim).where(Claim.story_id == story_id).order_by(Claim.id))
        ]
        stances = [
            (st.claim_id, st.article_id, st.stance, st.speaker)
            for st in s.scalars(
                select(ClaimStance)
                .join(Claim, Claim.id == ClaimStance.claim_id)
                .where(Claim.story_id == story_id)
                .order_by(ClaimStance.claim_id, ClaimStance.article_id)
            )
        ]
    return claims, stances


def test_claims_written_once_and_rewritten_identically(db: Database) -> None:
    with db.session() as s:
        story = _story(s)
        a1 = _article(story, "a1", FIRST, "one.example", 1)
        a2 = _article(story, "a2", SECOND, "two.example", 2)
        s.add_all([a1, a2])
        s.flush()
        story_id, a1_id, a2_id = story.id, a1.id, a2.id
        update_story_claims(s, story)

    claims, stances = _rows(db, story_id)
    assert claims, "no claims found"
    # the accusation, reported by both outlets, is one claim with a stance from each
    with db.session() as s:
        accusation = next(
            c
            for c in s.scalars(select(Claim).where(Claim.story_id == story_id))
            if "hiding losses" in c.text or "concealed losses" in c.text
        )
        assert accusation.first_article_id == a1_id
        assert accusation.status == "alleged-and-denied"
        by_article = {
            st.article_id: st.stance
            for st in s.scalars(select(ClaimStance).where(ClaimStance.claim_id == accusation.id))
        }
        assert by_article == {a1_id: "agree", a2_id: "agree"}
        denial = next(
            c
            for c in s.scalars(select(Claim).where(Claim.story_id == story_id))
            if c.status == "denial" and "Globex" in (c.speaker or "")
        )
        denial_stances = {
            st.article_id: st.stance
            for st in s.scalars(select(ClaimStance).where(ClaimStance.claim_id == denial.id))
        }
        assert denial_stances == {a1_id: "disagree", a2_id: "disagree"}

    # a second run changes nothing: same rows, same ids, no duplicates
    with db.session() as s:
        update_story_claims(s, s.get(Story, story_id))
    assert _rows(db, story_id) == (claims, stances)
    with db.session() as s:
        n_stances = s.scalar(select(func.count()).select_from(ClaimStance))
        pairs = s.scalar(
            select(func.count()).select_from(
                select(ClaimStance.claim_id, ClaimStance.article_id).distinct().subquery()
            )
        )
        assert n_stances == pairs == len(stances)


def test_duplicates_are_ignored_and_stale_rows_removed(db: Database) -> None:
    with db.session() as s:
        story = _story(s)
        a1 = _article(story, "a1", FIRST, "one.example", 1)
        s.add(a1)
        s.flush()
        copy = _article(story, "a1-copy", SECOND, "copy.example", 2)
        copy.duplicate_of = a1.id
        s.add(copy)
        s.flush()
        story_id, copy_id = story.id, copy.id
        update_story_claims(s, story)
    _, stances = _rows(db, story_id)
    assert stances and all(article != copy_id for _, article, _, _ in stances)

    # the first article turns out to be a duplicate too: nothing of the story is left
    with db.session() as s:
        for art in s.scalars(select(Article).where(Article.story_id == story_id)):
            if art.duplicate_of is None:
                art.duplicate_of = copy_id
        s.flush()
        update_story_claims(s, s.get(Story, story_id))
    assert _rows(db, story_id) == ([], [])


def test_story_without_articles_has_no_claims(db: Database) -> None:
    with db.session() as s:
        story = Story(title="empty")
        s.add(story)
        s.flush()
        update_story_claims(s, story)
        assert s.scalar(select(func.count()).select_from(Claim)) == 0


def test_a_claim_is_first_seen_where_the_story_was_first_reported(db: Database) -> None:
    # an undated report ingested on 1 March, then a dated one published on 2 March: the
    # claim both make was first seen in the undated one, at its ingestion time, as the
    # timeline's and the story page's "first reported by" say
    with db.session() as s:
        story = _story(s)
        undated = _article(story, "undated", FIRST, "one.example", 1)
        undated.published_at = None
        undated.ingested_at = datetime(2025, 3, 1, 8, tzinfo=UTC)
        dated = _article(story, "dated", SECOND, "two.example", 2)
        dated.ingested_at = datetime(2025, 3, 2, 9, tzinfo=UTC)
        s.add_all([dated, undated])  # the dated one gets the lower id
        s.flush()
        assert dated.id < undated.id
        story_id, undated_id = story.id, undated.id
        update_story_claims(s, story)
        assert first_report([dated, undated]).id == undated_id
    with db.session() as s:
        accusation = next(
            c
            for c in s.scalars(select(Claim).where(Claim.story_id == story_id))
            if "losses" in c.text
        )
        assert accusation.first_article_id == undated_id
        assert accusation.first_seen_at == datetime(2025, 3, 1, 8, tzinfo=UTC)
