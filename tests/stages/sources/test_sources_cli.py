"""``sources add/list/remove`` and ``fetch --once`` through the real CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.config import Settings
from tests.stages.sources.site import Site

runner = CliRunner()

FEED = (
    """<?xml version="1.0"?><rss version="2.0"><channel><title>Empty Feed</title></channel></rss>"""
)


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> list[str]:
    for key, value in {
        "PER_HOST_DELAY_S": "0",
        "RETRY_BACKOFF_S": "0.01",
        "MAX_RETRIES": "0",
        "CONNECT_TIMEOUT_S": "2",
        "READ_TIMEOUT_S": "2",
    }.items():
        monkeypatch.setenv(f"NEWSSEARCHER_{key}", value)
    return ["--db", f"sqlite:///{settings.data_dir / 'cli.db'}"]


def test_sources_commands(cli_env: list[str], site: Site) -> None:
    site.page("/feed.xml", FEED, "application/rss+xml")
    added = runner.invoke(
        app, [*cli_env, "sources", "add", site.url("/feed.xml"), "--hub", "cloud"]
    )
    assert added.exit_code == 0, added.output
    feed_id = int(added.stdout.strip())
    broken = runner.invoke(app, [*cli_env, "sources", "add", site.url("/broken.xml")])
    broken_id = int(broken.stdout.strip())

    dup = runner.invoke(app, [*cli_env, "sources", "add", site.url("/feed.xml")])
    assert dup.exit_code == 2 and f"already source #{feed_id}" in dup.stderr
    bad = runner.invoke(app, [*cli_env, "sources", "add", "gopher://old.example/"])
    assert bad.exit_code == 2 and "unsupported scheme" in bad.stderr

    fetched = runner.invoke(app, [*cli_env, "fetch", "--once", "--json"])
    assert fetched.exit_code == 0, fetched.output
    report = json.loads(fetched.stdout)
    assert report["sources_polled"] == 2 and report["sources_failed"] == 1
    assert any("HTTP 404" in e for e in report["errors"])
    assert "2 sources polled (1 failed" in fetched.stderr

    listed = runner.invoke(app, [*cli_env, "sources", "list", "--json"])
    rows = {r["id"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows[feed_id]["status"] == "ok" and rows[feed_id]["hub"] == "cloud"
    assert rows[feed_id]["title"] == "Empty Feed" and rows[feed_id]["kind"] == "auto"
    assert rows[broken_id]["status"] == "failing" and rows[broken_id]["consecutive_failures"] == 1
    table = runner.invoke(app, [*cli_env, "sources", "list"])
    assert "failing" in table.stdout and "404" in table.stdout

    removed = runner.invoke(app, [*cli_env, "sources", "remove", str(broken_id)])
    assert removed.exit_code == 0
    again = runner.invoke(app, [*cli_env, "sources", "remove", str(broken_id)])
    assert again.exit_code == 2 and f"no source with id {broken_id}" in again.stderr
    listed = runner.invoke(app, [*cli_env, "sources", "list", "--json"])
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [feed_id]


def test_help_everywhere() -> None:
    for args in (["sources", "--help"], ["sources", "add", "--help"], ["fetch", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.stdout
