"""Delivering alerts to a real webhook receiver and a real SMTP server on loopback."""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from newssearcher.alerts.deliver import deliver_due, verify
from newssearcher.alerts.feed import watchlist_atom
from newssearcher.alerts.match import check_story
from newssearcher.alerts.watchlists import ItemSpec, get_watchlist, upsert_watchlist
from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.store.models import Story, utcnow
from newssearcher.store.models.alerts import Delivery
from tests.loopback import webhook_receiver
from tests.stages.alerts.conftest import StoryIds, add_story


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        alert_retry_base_s=10,
        webhook_max_attempts=3,
        connect_timeout_s=2,
        read_timeout_s=5,
        **kw,
    )


def _watch(db: Database, ids: StoryIds, **kw: object) -> None:
    with db.session() as s:
        upsert_watchlist(s, "vendors", [ItemSpec("entity", "Nimbus Cloud")], **kw)
    with db.session() as s:
        assert check_story(s, s.get(Story, ids.story))


def test_webhook_signed_retried_and_delivered_once(
    db: Database, story_ids: StoryIds, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    with webhook_receiver() as rx:
        rx.responses = [500, 503]
        _watch(db, story_ids, webhook_url=rx.url, webhook_secret="s3cret")
        now = utcnow()
        first = deliver_due(db, settings, now=now)
        assert (first.delivered, first.failed) == (0, 1)
        assert "HTTP 500" in first.errors[0]
        # not due yet: the back-off holds it
        assert deliver_due(db, settings, now=now + timedelta(seconds=5)).failed == 0
        assert len(rx.requests) == 1
        assert deliver_due(db, settings, now=now + timedelta(seconds=11)).failed == 1
        # the second back-off is twice the first
        assert deliver_due(db, settings, now=now + timedelta(seconds=25)).delivered == 0
        done = deliver_due(db, settings, now=now + timedelta(seconds=32))
        assert done.delivered == 1
        assert deliver_due(db, settings, now=now + timedelta(days=1)).delivered == 0

        assert len(rx.requests) == 3
        keys = {r.headers["x-newssearcher-idempotency-key"] for r in rx.requests}
        assert len(keys) == 1, "retries carry the same idempotency key"
        last = rx.requests[-1]
        assert verify(
            "s3cret",
            last.headers["x-newssearcher-timestamp"],
            last.body,
            last.headers["x-newssearcher-signature"],
        )
        assert not verify("wrong", last.headers["x-newssearcher-timestamp"], last.body,
                          last.headers["x-newssearcher-signature"])  # fmt: skip
        alert = last.json()["alerts"][0]
        assert alert["story_id"] == story_ids.story
        assert alert["matched"][0]["value"] == "Nimbus Cloud"
        assert alert["claims"][0]["status"] == "alleged"


def test_poison_delivery_is_parked(db: Database, story_ids: StoryIds, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with webhook_receiver() as rx:
        rx.responses = [500] * 10
        _watch(db, story_ids, webhook_url=rx.url)
        now = utcnow()
        for step in range(5):
            deliver_due(db, settings, now=now + timedelta(hours=step))
        assert len(rx.requests) == 3
    with db.session() as s:
        d = s.scalars(select(Delivery)).one()
        assert (d.status, d.attempts) == ("parked", 3)
        assert "HTTP 500" in d.last_error


def test_unreachable_webhook_is_a_clear_error(
    db: Database, story_ids: StoryIds, tmp_path: Path
) -> None:
    _watch(db, story_ids, webhook_url="http://127.0.0.1:9/hook")
    report = deliver_due(db, _settings(tmp_path))
    assert report.failed == 1
    assert "ConnectError" in report.errors[0]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port: aiosmtpd cannot start on port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_email_delivery_over_real_smtp(
    db: Database, story_ids: StoryIds, tmp_path: Path, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    settings = _settings(tmp_path, smtp_port=port)
    _watch(db, story_ids, email="team@example.org")
    assert deliver_due(db, settings).delivered == 1
    assert deliver_due(db, settings).delivered == 0
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "team@example.org"
    assert "vendors" in msg["Subject"] and "Nimbus" in msg["Subject"]
    body = msg.get_payload(decode=True).decode()
    assert "claim [alleged]" in body and "Harbour Daily" in body
    assert msg["X-NewsSearcher-Idempotency-Key"].endswith(":email")


def test_digest_bundles_alerts(db: Database, tmp_path: Path) -> None:
    ids_a = add_story(db)
    with webhook_receiver() as rx:
        with db.session() as s:
            upsert_watchlist(
                s, "daily", [ItemSpec("entity", "Nimbus"), ItemSpec("query", "chess")],
                mode="daily", webhook_url=rx.url,
            )  # fmt: skip
        with db.session() as s:
            assert len(check_story(s, s.get(Story, ids_a.story))) == 1
            assert len(check_story(s, s.get(Story, ids_a.other_story))) == 1
            assert s.scalars(select(Delivery)).all() == [], "digest mode sends nothing at once"
        settings = _settings(tmp_path)
        now = utcnow()
        assert deliver_due(db, settings, now=now).delivered == 1
        assert len(rx.requests) == 1
        assert len(rx.requests[0].json()["alerts"]) == 2
        # within the day nothing more, even with new alerts pending
        assert deliver_due(db, settings, now=now + timedelta(hours=3)).delivered == 0


def test_crash_mid_delivery_resends_without_duplicate_at_receiver(
    db_url: str, tmp_path: Path
) -> None:
    """SIGKILL the delivering process after the receiver got the message but before it was
    marked delivered: on restart it is sent again with the same key, and the receiver keeps one."""
    db = Database(db_url)
    db.migrate()
    ids = add_story(db)
    env = dict(os.environ, NEWSSEARCHER_CONFIG=str(tmp_path / "none.toml"))
    cmd = [sys.executable, "-m", "newssearcher.cli.main", "--db", db_url, "watch", "deliver"]
    with webhook_receiver() as rx:
        _watch(db, ids, webhook_url=rx.url)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        rx.on_request = lambda _r: os.kill(proc.pid, signal.SIGKILL)
        proc.wait(60)
        assert proc.returncode == -signal.SIGKILL
        with db.session() as s:
            assert s.scalars(select(Delivery.status)).one() == "pending"
        rx.on_request = None
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert len(rx.requests) == 2
        assert len(rx.unique_deliveries) == 1
    with db.session() as s:
        assert s.scalars(select(Delivery.status)).one() == "delivered"
    db.dispose()


def test_atom_feed_lists_alerts(db: Database, story_ids: StoryIds) -> None:
    _watch(db, story_ids)
    with db.session() as s:
        xml = watchlist_atom(s, get_watchlist(s, "vendors"), "http://hub.example")
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.link == f"http://hub.example/story/{story_ids.story}"
    assert "[alleged]" in entry.summary
