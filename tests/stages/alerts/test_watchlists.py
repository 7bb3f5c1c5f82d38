"""Watchlist definitions and matching stories against them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newssearcher.alerts.match import check_story
from newssearcher.alerts.watchlists import (
    ItemSpec,
    WatchlistError,
    parse_item_list,
    upsert_watchlist,
    watch_items,
)
from newssearcher.store import Database
from newssearcher.store.models import ClaimStance, Story
from newssearcher.store.models.alerts import Alert, Delivery
from tests.stages.alerts.conftest import StoryIds


def test_parse_plain_list_and_csv_with_aliases() -> None:
    specs = parse_item_list(
        'name,aliases\n# my stack\nAlibaba Cloud,Aliyun;Alibaba\nHuawei\nquery:"data centre" fire\nHuawei\n'
    )
    assert [(s.kind, s.value, s.aliases) for s in specs] == [
        ("entity", "Alibaba Cloud", ["Aliyun", "Alibaba"]),
        ("entity", "Huawei", []),
        ("query", '"data centre" fire', []),
    ]


def test_parse_errors_name_the_line() -> None:
    with pytest.raises(WatchlistError, match="stack.csv, line 2: empty name"):
        parse_item_list("AWS\n,alias\n", "stack.csv")


def test_upsert_merges_items_and_validates(db: Database) -> None:
    with db.session() as s:
        wl = upsert_watchlist(s, "stack", [ItemSpec("entity", "AWS", ["Amazon Web Services"])])
        upsert_watchlist(s, "stack", [ItemSpec("entity", "aws", ["Amazon"])], mode="daily")
        items = watch_items(s, wl.id)
        assert [(i.value, i.aliases) for i in items] == [("AWS", ["Amazon Web Services", "Amazon"])]
        assert wl.mode == "daily"
        with pytest.raises(WatchlistError, match="mode"):
            upsert_watchlist(s, "stack", [], mode="weekly")
        with pytest.raises(WatchlistError, match="webhook"):
            upsert_watchlist(s, "stack", [], webhook_url="ftp://x")


def test_entity_by_alias_matches_once_per_event(db: Database, story_ids: StoryIds) -> None:
    with db.session() as s:
        upsert_watchlist(
            s, "vendors", [ItemSpec("entity", "Nimbus")], webhook_url="http://127.0.0.1:9/x"
        )
        upsert_watchlist(s, "sport", [ItemSpec("entity", "Real Calder FC")])
    with db.session() as s:
        created = check_story(s, s.get(Story, story_ids.story))
        assert [a.kind for a in created] == ["new"]
        alert = created[0]
        assert alert.reason["matched"][0]["value"] == "Nimbus"
        assert set(alert.reason["matched"][0]["articles"]) == set(story_ids.articles)
        claim = alert.reason["claims"][0]
        assert claim["status"] == "alleged"
        assert claim["stances"][0]["outlet"] == "Harbour Daily"
        assert {src["outlet"] for src in alert.reason["sources"]} == {
            "Harbour Daily",
            "Diario del Puerto",
        }
        assert check_story(s, s.get(Story, story_ids.other_story)) == []
    with db.session() as s:  # the same state again: no second alert, no second delivery
        assert check_story(s, s.get(Story, story_ids.story)) == []
        assert len(s.scalars(select(Alert)).all()) == 1
        assert len(s.scalars(select(Delivery)).all()) == 1


def test_claim_status_change_raises_an_update(db: Database, story_ids: StoryIds) -> None:
    with db.session() as s:
        upsert_watchlist(s, "vendors", [ItemSpec("entity", "Nimbus Cloud")])
        check_story(s, s.get(Story, story_ids.story))
    with db.session() as s:
        from newssearcher.store.models import Claim

        claim = s.get(Claim, story_ids.claim)
        claim.status = "alleged-and-denied"
        s.add(
            ClaimStance(
                claim_id=claim.id,
                article_id=story_ids.articles[1],
                stance="disagree",
                speaker="Nimbus",
            )
        )
    with db.session() as s:
        created = check_story(s, s.get(Story, story_ids.story))
        assert [a.kind for a in created] == ["update"]
        stances = {st["stance"] for st in created[0].reason["claims"][0]["stances"]}
        assert stances == {"discuss", "disagree"}


def test_query_items(db: Database, story_ids: StoryIds) -> None:
    with db.session() as s:
        upsert_watchlist(s, "q1", [ItemSpec("query", '"customer data" memo')])
        upsert_watchlist(s, "q2", [ItemSpec("query", "Nimbus -navy")])
        upsert_watchlist(s, "q3", [ItemSpec("query", "earthquake OR memorando")])
    with db.session() as s:
        names = {
            a.watchlist_id: a.reason["matched"][0]["articles"]
            for a in check_story(s, s.get(Story, story_ids.story))
        }
    # q1: only the English article has the phrase; q2: both name Nimbus, only the English one
    # the navy; q3: only the Spanish one says "memorando"
    assert names == {
        1: [story_ids.articles[0]],
        2: [story_ids.articles[1]],
        3: [story_ids.articles[1]],
    }


def test_matching_reads_a_bounded_window_that_holds_the_newest_reports(db: Database) -> None:
    """A grown story is matched on its oldest and newest originals (``max_articles``), not
    all of them: a watched query that only its latest report meets still raises the alert."""
    from datetime import UTC, datetime, timedelta

    from newssearcher.alerts.match import load_story_view
    from newssearcher.store.models import Article

    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    with db.session() as s:
        story = Story(title="Harbour works go on", article_count=9)
        s.add(story)
        s.flush()
        for k in range(9):
            s.add(
                Article(
                    external_id=f"h{k}",
                    story_id=story.id,
                    title=f"Harbour works, day {k}",
                    text="The harbour works went on."
                    + (" Dockers walked out over the night shifts." if k == 8 else ""),
                    published_at=t0 + timedelta(days=k),
                    content_hash=f"h{k}",
                )
            )
        upsert_watchlist(s, "labour", [ItemSpec("query", "dockers")])
        story_id = story.id
    with db.session() as s:
        view = load_story_view(s, s.get(Story, story_id), 4)
        assert [a.external_id for a in view.articles] == ["h0", "h1", "h7", "h8"]
        (alert,) = check_story(s, s.get(Story, story_id), max_articles=4)
        assert alert.reason["sources"][0]["title"] == "Harbour works, day 8"
