"""The sources table: add/list/remove, due order, leases, back-off (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from newssearcher.sources.errors import SourceError
from newssearcher.sources.registry import (
    PollOutcome,
    add_source,
    backoff_delay,
    claim_due,
    count_due,
    drop_lease,
    list_sources,
    next_due_at,
    normalise_source_url,
    now_utc,
    release,
    remove_source,
    source_status,
)
from newssearcher.store import Database


def test_add_list_remove(db: Database, tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text("<html></html>")
    a = add_source(db, "HTTP://News.Example/feed.xml#top", hub="cloud")
    b = add_source(db, str(page))
    assert a.url == "http://news.example/feed.xml"
    assert b.url == page.resolve().as_uri()
    listed = list_sources(db)
    assert [s.id for s in listed] == [a.id, b.id]
    assert listed[0].hub == "cloud" and source_status(listed[0]) == "new"
    with pytest.raises(SourceError, match=f"already source #{a.id}"):
        add_source(db, "http://news.example/feed.xml")
    removed = remove_source(db, a.id)
    assert removed.url == a.url
    assert [s.id for s in list_sources(db)] == [b.id]
    with pytest.raises(SourceError, match=f"no source with id {a.id}"):
        remove_source(db, a.id)


@pytest.mark.parametrize(
    "bad", ["", "ftp://x.example/feed", "http:///nohost", "/no/such/file.html", "http://x:99999/"]
)
def test_bad_source_urls(bad: str) -> None:
    with pytest.raises(SourceError):
        normalise_source_url(bad)


def test_claim_orders_by_due_time_and_leases(db: Database) -> None:
    now = now_utc()
    ids = [add_source(db, f"http://h{i}.example/feed").id for i in range(3)]
    # make source 2 the most overdue
    release(db, ids[0], PollOutcome(ok=True), now=now - timedelta(seconds=100))
    release(db, ids[2], PollOutcome(ok=True), now=now - timedelta(seconds=5000))
    assert count_due(db, now=now + timedelta(seconds=1)) == 2
    first = claim_due(db, now=now + timedelta(seconds=1), limit=1)
    assert [s.id for s in first] == [ids[2]]
    assert first[0].lease_until is not None
    rest = claim_due(db, now=now + timedelta(seconds=1), limit=5)
    assert [s.id for s in rest] == [ids[1]]  # ids[0] not due yet, ids[2] leased
    assert claim_due(db, now=now + timedelta(seconds=1), limit=5) == []
    drop_lease(db, ids[1])
    assert [s.id for s in claim_due(db, now=now + timedelta(seconds=1))] == [ids[1]]
    # an expired lease (a crashed poller) is claimable again
    later = now + timedelta(hours=1)
    assert {s.id for s in claim_due(db, now=later, limit=5)} == set(ids)


def test_concurrent_claims_never_share_a_source(db: Database) -> None:
    ids = {add_source(db, f"http://c{i}.example/feed").id for i in range(12)}
    got: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def poller() -> None:
        barrier.wait()
        while True:
            claimed = claim_due(db, limit=1)
            if not claimed:
                return
            with lock:
                got.append(claimed[0].id)

    threads = [threading.Thread(target=poller) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(got) == sorted(ids)  # each exactly once


def test_success_and_failure_schedule(db: Database) -> None:
    source = add_source(db, "http://f.example/feed", poll_interval_s=600)
    now = now_utc()
    claim_due(db, now=now)
    release(
        db,
        source.id,
        PollOutcome(ok=True, status=200, etag='"e"', title="F Times"),
        now=now,
    )
    (row,) = list_sources(db)
    assert row.lease_until is None and row.etag == '"e"' and row.title == "F Times"
    assert row.kind == "auto" and source_status(row) == "ok"
    assert abs((row.next_poll_at - now).total_seconds() - 600) < 1
    delays = []
    for _ in range(3):
        release(
            db,
            source.id,
            PollOutcome(ok=False, status=500, error="server_error: HTTP 500"),
            now=now,
        )
        (row,) = list_sources(db)
        delays.append((row.next_poll_at - now).total_seconds())
    assert row.consecutive_failures == 3 and source_status(row) == "failing"
    assert row.last_error == "server_error: HTTP 500"
    assert delays[0] < delays[1] < delays[2]
    assert row.etag == '"e"'  # validators survive failures
    release(db, source.id, PollOutcome(ok=False, retry_after=7 * 86400.0), now=now)
    (row,) = list_sources(db)
    assert (row.next_poll_at - now).total_seconds() >= 7 * 86400 - 1
    release(db, source.id, PollOutcome(ok=True, status=304), now=now)
    (row,) = list_sources(db)
    assert row.consecutive_failures == 0 and source_status(row) == "ok"


def test_next_due_at_counts_leases(db: Database) -> None:
    assert next_due_at(db) is None
    source = add_source(db, "http://n.example/feed")
    now = now_utc()
    assert next_due_at(db, now=now) <= now
    claim_due(db, now=now, lease_s=120)
    due = next_due_at(db, now=now)
    assert due is not None and (due - now).total_seconds() == pytest.approx(120, abs=1)
    release(db, source.id, PollOutcome(ok=True), now=now)
    assert (next_due_at(db, now=now) - now).total_seconds() == pytest.approx(900, abs=1)


def test_backoff_grows_and_is_capped() -> None:
    assert backoff_delay(900, 0) == 900
    assert backoff_delay(900, 1) == 1800
    assert backoff_delay(900, 3) == 7200
    assert backoff_delay(900, 50) == 86400
