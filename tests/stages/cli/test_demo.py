"""``newssearcher demo``: the sample outlets fetched over loopback into the demo's own database,
and a second run that fetches nothing twice and says what the database already holds."""

from __future__ import annotations

import socket
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.sample.corpus import load_manifest
from newssearcher.store import Database
from newssearcher.store.models import Article


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_loads_the_sample_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSSEARCHER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSSEARCHER_DB", raising=False)
    args = ["demo", "--no-serve", "--corpus-port", str(_free_port())]
    runner = CliRunner()

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    db = Database(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        with db.session() as session:
            stored = session.scalar(select(func.count(Article.id)))
        assert stored == len(load_manifest()["articles"])
        assert "nothing due" not in first.output

        second = runner.invoke(app, args)
        assert second.exit_code == 0, second.output
        assert "\n0 sources polled" in second.output
        assert f"already holds {stored} articles" in second.output
        with db.session() as session:
            assert session.scalar(select(func.count(Article.id))) == stored
    finally:
        db.dispose()
