from datetime import timedelta

import pytest
from sqlalchemy import select

from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.store.models import Article, Claim, ClaimStance, Story
from newssearcher.summary.story_summary import update_story_summary
from newssearcher.summary.timeline import build_timeline, first_report

from .stored_story import T0, store_story


def test_timeline_on_both_backends(db: Database) -> None:
    with db.session() as session:
        ids = store_story(session)
        late = Claim(
            story_id=ids.story_id,
            text="the bridge is safe",
            speaker="the mayor",
            verb="denied",
            status="disputed",
            first_article_id=ids.b,
            first_seen_at=T0 + timedelta(hours=2),
        )
        early = Claim(
            story_id=ids.story_id,
            text="deep cracks were found in the supports",
            speaker="engineers",
            verb="said",
            status="confirmed",
            first_article_id=ids.a,
            first_seen_at=T0,
        )
        session.add_all([late, early])
        session.flush()
        session.add_all(
            [
                ClaimStance(claim_id=early.id, article_id=ids.a, stance="agree"),
                ClaimStance(claim_id=early.id, article_id=ids.b, stance="agree"),
                ClaimStance(claim_id=late.id, article_id=ids.b, stance="disagree", speaker="mayor"),
            ]
        )
        early_id, late_id = early.id, late.id
    with db.session() as session:
        tl = build_timeline(session, ids.story_id)

    assert [e.article_id for e in tl.articles] == [
        ids.a,
        ids.rewrite,
        ids.b,
        ids.d,
        ids.copy,
        ids.c,
    ]
    roles = {e.article_id: e.role for e in tl.articles}
    assert roles == {
        ids.a: "first-report",
        ids.rewrite: "rewrite",
        ids.b: "report",
        ids.d: "report",
        ids.copy: "duplicate",
        ids.c: "report",
    }
    assert tl.first_reported_by is not None and tl.first_reported_by.article_id == ids.a
    assert tl.first_reported_by.outlet == "Daily A"
    assert tl.rewrites_of_first == [ids.rewrite]
    entries = {e.article_id: e for e in tl.articles}
    assert entries[ids.c].time_source == "ingested"
    assert entries[ids.a].time_source == "published"
    # what later originals added
    added_b = " ".join(entries[ids.b].added)
    assert "ferry service" in added_b and "ring road" in added_b
    assert "city council" not in added_b  # already in the first report
    assert entries[ids.b].new_sentences == 3
    assert entries[ids.d].added == []  # a translation of the first report adds nothing
    assert any("complained" in s for s in entries[ids.c].added)
    assert entries[ids.copy].added == [] and entries[ids.rewrite].added == []
    # claims by first_seen_at, with stances
    assert [c.claim_id for c in tl.claims] == [early_id, late_id]
    assert [(s.article_id, s.stance) for s in tl.claims[0].stances] == [
        (ids.a, "agree"),
        (ids.b, "agree"),
    ]
    # one dated event list, in time order
    events = list(tl)
    assert len(events) == 8
    times = [e.at for e in events]
    assert times == sorted(times)
    assert events[0].kind == "first-report" and events[0].article_id == ids.a
    assert events[1].kind == "claim" and events[1].claim_id == early_id
    assert "engineers said" in events[1].text
    assert events[-1].article_id == ids.c


def test_merged_and_missing_stories(sqlite_db: Database) -> None:
    with sqlite_db.session() as session:
        ids = store_story(session)
        old = Story(title="old", merged_into=ids.story_id)
        session.add(old)
        session.flush()
        old_id = old.id
    with sqlite_db.session() as session:
        tl = build_timeline(session, old_id)
        assert tl.story_id == ids.story_id and len(tl.articles) == 6
        with pytest.raises(LookupError, match="story 999999 not found"):
            build_timeline(session, 999_999)
        empty = Story(title="empty")
        session.add(empty)
        session.flush()
        nothing = build_timeline(session, empty.id)
        assert nothing.articles == [] and nothing.first_reported_by is None and list(nothing) == []


def test_timeline_reads_additions_stored_with_the_summary(
    sqlite_db: Database, settings: Settings
) -> None:
    with sqlite_db.session() as session:
        ids = store_story(session)
        computed = build_timeline(session, ids.story_id)
        update_story_summary(session, session.get(Story, ids.story_id), settings)
    with sqlite_db.session() as session:
        story = session.get(Story, ids.story_id)
        stored = story.summary["added"]
        assert stored["voices"] == [ids.a, ids.b, ids.d, ids.c]
        from_store = build_timeline(session, ids.story_id)
        assert [e.added for e in from_store.articles] == [e.added for e in computed.articles]
        # the stored copy is what the timeline shows (no embedding at page time) ...
        marked = dict(story.summary)
        marked["added"] = {**stored, "articles": {**stored["articles"]}}
        marked["added"]["articles"][str(ids.b)] = {"sentences": ["(stored)"], "count": 1}
        story.summary = marked
        session.flush()
        assert build_timeline(session, ids.story_id).articles[2].added == ["(stored)"]
        # ... until the story's voices change: then it is computed afresh
        session.get(Article, ids.c).story_id = None
        session.flush()
        fresh = build_timeline(session, ids.story_id)
        b_entry = next(e for e in fresh.articles if e.article_id == ids.b)
        assert b_entry.added != ["(stored)"] and "ferry service" in " ".join(b_entry.added)


# --- first_report: the one "first reported by" rule (timeline, ``story show``, web page) ---


def _art(aid: int, hours: float | None, **kw: object) -> Article:
    """An unsaved article ``hours`` after T0 (None: undated, ingested at ``ingested``)."""
    published = None if hours is None else T0 + timedelta(hours=hours)
    return Article(id=aid, external_id=f"x{aid}", text="t", published_at=published, **kw)


def test_first_report_is_the_oldest_article_that_is_no_copy() -> None:
    original = _art(3, 2)
    rewrite = _art(2, 1, rewrite_of=3)  # dated before its source: still a rewrite
    duplicate = _art(1, 0, duplicate_of=3)
    later = _art(4, 5)
    for order in ([duplicate, rewrite, original, later], [later, original, rewrite, duplicate]):
        assert first_report(order) is original


def test_first_report_uses_ingestion_time_for_undated_articles() -> None:
    undated = _art(1, None, ingested_at=T0 - timedelta(days=1))
    dated = _art(2, 0)
    assert first_report([dated, undated]) is undated
    undated.ingested_at = T0 + timedelta(days=1)
    assert first_report([dated, undated]) is dated


def test_first_report_counts_a_rewrite_of_an_article_outside_the_story_as_original() -> None:
    outside_copy = _art(1, 0, rewrite_of=99)
    other = _art(2, 3)
    assert first_report([other, outside_copy]) is outside_copy


def test_first_report_falls_back_when_every_article_is_a_copy() -> None:
    assert first_report([]) is None
    a, b = _art(1, 0, rewrite_of=2), _art(2, 1, rewrite_of=1)  # a rewrite cycle
    assert first_report([b, a]) is a
    dup1, dup2 = _art(3, 4, duplicate_of=8), _art(4, 2, duplicate_of=9)
    assert first_report([dup1, dup2]) is dup2


def test_first_report_agrees_with_the_timeline(db: Database) -> None:
    with db.session() as session:
        ids = store_story(session)
        articles = list(session.scalars(select(Article).where(Article.story_id == ids.story_id)))
        first = first_report(reversed(articles))
        tl = build_timeline(session, ids.story_id)
    assert first is not None and first.id == ids.a
    assert tl.first_reported_by is not None and tl.first_reported_by.article_id == first.id
