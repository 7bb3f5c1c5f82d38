"""The seed pair: the story lists the allegation, the company's denial, the embassy's rejection.

Reads the two seed articles from the shared folder at run time; assertions are on robust
properties (who speaks, with which stance, in which article), not on exact wording.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from newssearcher.analysis.claims_store import update_story_claims
from newssearcher.store import Database
from newssearcher.store.models import Article, Claim, ClaimStance, Story


def _seed_texts(shared_dir: Path) -> list[str]:
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    if len(files) < 2:
        pytest.skip("seed articles not found")
    return [f.read_text(encoding="utf-8") for f in files[:2]]


@pytest.fixture
def seeded_story(db: Database, shared_dir: Path) -> tuple[Database, int, list[int]]:
    texts = _seed_texts(shared_dir)
    with db.session() as s:
        story = Story(title="seed story")
        s.add(story)
        s.flush()
        ids = []
        for i, text in enumerate(texts):
            art = Article(
                external_id=f"seed-{i}",
                text=text,
                outlet=f"seed{i}.example",
                story_id=story.id,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            s.add(art)
            s.flush()
            ids.append(art.id)
        # the second article is a rewrite of the first: not an independent source
        s.get(Article, ids[1]).rewrite_of = ids[0]
        update_story_claims(s, story)
        return db, story.id, ids


def _claims(db: Database, story_id: int) -> list[tuple[Claim, dict[int, ClaimStance]]]:
    with db.session() as s:
        out = []
        for c in s.scalars(select(Claim).where(Claim.story_id == story_id)):
            stances = {
                st.article_id: st
                for st in s.scalars(select(ClaimStance).where(ClaimStance.claim_id == c.id))
            }
            out.append((c, stances))
        return out


def test_seed_story_lists_allegation_denial_and_rejection(seeded_story) -> None:
    db, story_id, (first, second) = seeded_story
    claims = _claims(db, story_id)

    # the allegation: the White House (memo / report / document) says Alibaba helps the military
    allegations = [
        (c, st)
        for c, st in claims
        if "white house" in (c.speaker or "").lower()
        and "alibaba" in c.text.lower()
        and c.status in ("alleged", "alleged-and-denied")
    ]
    assert allegations, [(c.speaker, c.status, c.text) for c, _ in claims]
    for claim, stances in allegations:
        assert claim.status == "alleged-and-denied"
        assert all(s.stance in ("agree", "discuss") for s in stances.values())
    # the core allegation is reported by both articles
    assert any({first, second} <= set(st) for _, st in allegations)

    # the company's denial, in both articles, with a disagreeing stance
    denials = [
        (c, st)
        for c, st in claims
        if "alibaba" in (c.speaker or "").lower() and c.status == "denial"
    ]
    assert len(denials) == 1
    claim, stances = denials[0]
    assert set(stances) == {first, second}
    assert all(s.stance == "disagree" for s in stances.values())
    assert all("alibaba" in (s.speaker or "").lower() for s in stances.values())

    # the embassy's rejection, in the first article only, disagreeing
    embassy = [
        (c, st)
        for c, st in claims
        if "embassy" in (c.speaker or "").lower()
        and c.status == "denial"
        and any(s.stance == "disagree" for s in st.values())
    ]
    assert embassy, [(c.speaker, c.status) for c, _ in claims]
    claim, stances = embassy[0]
    assert "chinese" in claim.speaker.lower()
    assert claim.first_article_id == first
    assert stances[first].stance == "disagree"
    assert "baseless" in (stances[first].evidence or "")
