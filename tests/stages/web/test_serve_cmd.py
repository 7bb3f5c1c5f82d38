"""``newssearcher serve`` answers on loopback; ``users make-admin`` promotes an account."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import typer
from typer.testing import CliRunner

from newssearcher.cli.context import AppContext
from newssearcher.cli.serve_cmd import register
from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.store.models.community import User
from newssearcher.web.community import sign_up


def _cli() -> typer.Typer:
    """Only this module's commands, under the same root options as the real CLI."""
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context, db: str = typer.Option(None, "--db")) -> None:
        ctx.obj = AppContext(settings=Settings(db=db))

    register(app)
    return app


def test_users_make_admin_and_list(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    db.migrate()
    with db.session() as s:
        sign_up(s, "first", "password one")
        sign_up(s, "second", "password two")
    runner = CliRunner()
    result = runner.invoke(_cli(), ["--db", sqlite_url, "users", "make-admin", "Second"])
    assert result.exit_code == 0, result.output
    with db.session() as s:
        second = s.query(User).filter_by(username="second").one()
        assert second.is_admin and second.session_version == 2
    listed = runner.invoke(_cli(), ["--db", sqlite_url, "users", "list"])
    assert '"username": "second", "is_admin": true' in listed.stdout
    missing = runner.invoke(_cli(), ["--db", sqlite_url, "users", "make-admin", "nobody"])
    assert missing.exit_code == 1 and "No user named" in missing.output


def test_serve_answers_on_loopback(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "NEWSSEARCHER_DATA_DIR": str(tmp_path / "data"),
        "NEWSSEARCHER_CONFIG": str(tmp_path / "absent.toml"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newssearcher.cli.main",
            "--db",
            sqlite_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        resp = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert resp is not None, proc.stderr.read().decode() if proc.poll() is not None else ""
        assert resp.status_code == 200 and "NewsSearcher" in resp.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/stories").json()["total"] == 0
        assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
