"""The sample corpus served on loopback, added as sources and fetched through the real CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.config import Settings
from newssearcher.dedup.fingerprints import canonical_url
from newssearcher.sample.server import serve_corpus
from newssearcher.sources.registry import now_utc
from newssearcher.store import Database
from newssearcher.store.models import Article, PageFailure, Source

runner = CliRunner()


@pytest.mark.slow
def test_sample_corpus_fetch_once_is_complete_and_idempotent(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSEARCHER_PER_HOST_DELAY_S", "0")
    monkeypatch.setenv("NEWSSEARCHER_PER_HOST_CONCURRENCY", "8")
    cli = ["--db", db.url]
    with serve_corpus() as server:
        manifest = server.manifest
        for _key, _kind, url in server.feeds():
            added = runner.invoke(app, [*cli, "sources", "add", url, "--hub", "sample"])
            assert added.exit_code == 0, added.output

        first = runner.invoke(app, [*cli, "fetch", "--once", "--json"])
        assert first.exit_code == 0, first.output
        report = json.loads(first.stdout)
        assert report["sources_failed"] == 0, report["errors"]
        assert report["articles_stored"] == len(manifest["articles"])

        with db.session() as session:
            stored = {a.url: a for a in session.scalars(select(Article))}
            assert session.scalars(select(PageFailure)).all() == []
            sources = session.scalars(select(Source)).all()
        assert all(s.consecutive_failures == 0 and s.etag for s in sources)
        for article in manifest["articles"]:
            url = canonical_url(server.url(article["path"]))
            assert url in stored, f"{article['id']} not stored"
            row = stored[url]
            assert row.outlet == article["source"], article["id"]
            assert row.lang == article["lang"], article["id"]
            assert row.published_at is not None

        with db.session() as session:
            session.execute(update(Source).values(next_poll_at=now_utc()))
        page_requests = sum(1 for r in server.requests if r.path.endswith(".html"))
        second = runner.invoke(app, [*cli, "fetch", "--once", "--json"])
        assert second.exit_code == 0, second.output
        again = json.loads(second.stdout)
        assert again["articles_stored"] == 0
        assert again["sources_not_modified"] == len(manifest["outlets"])  # conditional GET: 304
        assert sum(1 for r in server.requests if r.path.endswith(".html")) == page_requests
        with db.session() as session:
            assert len(session.scalars(select(Article)).all()) == len(manifest["articles"])
