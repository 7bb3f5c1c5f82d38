"""Keeps a story's Claim and ClaimStance rows in step with its articles, and reads them back.

``update_story_claims`` recomputes the claims from the story's non-duplicate articles and
writes the difference: a claim keeps its row (and id) while its text and speaker stay the
same, stances are keyed by article, and rows no longer found are deleted. Running it twice
gives the same rows. ``stored_claims`` is the one read of them (web pages, API, ``story show``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newssearcher.analysis.claims import ClaimArticle, StoryClaim, analyse_claims
from newssearcher.store.article_order import article_time, time_order_sql
from newssearcher.store.models import Article, Claim, ClaimStance, Story

# Claims come from the earliest articles of very large stories (bounded cost per story).
MAX_ARTICLES = 60


def _cut(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def story_articles(session: Session, story: Story) -> list[ClaimArticle]:
    rows = session.scalars(
        select(Article)
        .where(Article.story_id == story.id, Article.duplicate_of.is_(None))
        .order_by(*time_order_sql())
        .limit(MAX_ARTICLES)
    )
    return [
        ClaimArticle(
            key=a.id,
            text=a.text or "",
            title=a.title,
            outlet=a.outlet,
            seen_at=article_time(a)[0],
            independent=a.rewrite_of is None,
        )
        for a in rows
    ]


def _write_stances(session: Session, claim: Claim, found: StoryClaim) -> None:
    existing = {
        s.article_id: s
        for s in session.scalars(select(ClaimStance).where(ClaimStance.claim_id == claim.id))
    }
    keep: set[int] = set()
    for st in found.stances:
        row = existing.get(st.article)
        if row is None:
            row = ClaimStance(claim_id=claim.id, article_id=st.article)
            session.add(row)
        row.stance = st.stance
        row.score = round(float(st.score), 6)
        row.speaker = _cut(st.speaker, 512)
        row.evidence = st.evidence
        keep.add(st.article)
    for article_id, row in existing.items():
        if article_id not in keep:
            session.delete(row)


def update_story_claims(session: Session, story: Story) -> None:
    """Recompute the story's claims and their per-article stances (idempotent)."""
    found = analyse_claims(story_articles(session, story))
    existing = list(session.scalars(select(Claim).where(Claim.story_id == story.id)))
    by_key = {(c.text, c.speaker): c for c in existing}
    keep: set[int] = set()
    seen: set[tuple[str, str | None]] = set()
    for item in found:
        key = (item.text, _cut(item.speaker, 512))
        if key in seen:
            continue  # two groups worded alike: the first (best supported) stands
        seen.add(key)
        claim = by_key.pop(key, None)
        if claim is None:
            claim = Claim(story_id=story.id, text=item.text, speaker=key[1])
            session.add(claim)
        claim.verb = _cut(item.verb, 64)
        claim.lang = _cut(item.lang, 16)
        claim.status = item.status[:32]
        claim.first_article_id = item.first_article
        claim.first_seen_at = item.first_seen_at
        session.flush()
        keep.add(claim.id)
        _write_stances(session, claim, item)
    stale = [c.id for c in existing if c.id not in keep]
    if stale:
        session.execute(delete(ClaimStance).where(ClaimStance.claim_id.in_(stale)))
        session.execute(delete(Claim).where(Claim.id.in_(stale)))
    session.flush()


def stored_claims(
    session: Session, story_ids: Sequence[int]
) -> list[tuple[Claim, list[tuple[ClaimStance, Article]]]]:
    """The stories' claims, first seen first, each with its stances and their articles, the
    oldest article first."""
    if not story_ids:
        return []
    claims = session.scalars(
        select(Claim)
        .where(Claim.story_id.in_(story_ids))
        .order_by(Claim.first_seen_at.is_(None), Claim.first_seen_at, Claim.id)
    ).all()
    stances: dict[int, list[tuple[ClaimStance, Article]]] = defaultdict(list)
    if claims:
        rows = session.execute(
            select(ClaimStance, Article)
            .join(Article, Article.id == ClaimStance.article_id)
            .where(ClaimStance.claim_id.in_([c.id for c in claims]))
            .order_by(*time_order_sql(), ClaimStance.id)
        ).all()
        for stance, article in rows:
            stances[stance.claim_id].append((stance, article))
    return [(claim, stances.get(claim.id, [])) for claim in claims]
