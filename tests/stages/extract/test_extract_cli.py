"""``newssearcher extract FILE.html [--url URL]``: JSON on stdout, reasons on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from newssearcher.cli.extract_cmd import register
from tests.stages.extract.pages import EN_PARAGRAPHS, news_page

KEYS = ["title", "text", "author", "published", "lang", "image", "canonical_url", "site_name"]


def extract_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:  # keeps "extract" a sub-command, as in the real CLI
        pass

    register(app)
    return app


def test_extract_prints_json(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    head = '<meta property="og:image" content="/lead.jpg">'
    page.write_bytes(news_page(head_extra=head).encode("utf-8"))
    result = CliRunner().invoke(
        extract_app(), ["extract", str(page), "--url", "https://ledger.example/n/1?utm_source=x"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == KEYS
    assert out["title"] == "Harbour city approves new flood barrier"
    assert EN_PARAGRAPHS[1] in out["text"]
    assert out["published"] == "2024-03-14T09:30:00+01:00"
    assert out["lang"] == "en"
    assert out["image"] == "https://ledger.example/lead.jpg"
    assert out["canonical_url"] == "https://ledger.example/n/1"


def test_extract_no_article_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    result = CliRunner().invoke(extract_app(), ["extract", str(page)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty page" in result.stderr


def test_extract_binary_file_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "photo.html"
    page.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500))
    result = CliRunner().invoke(extract_app(), ["extract", str(page)])
    assert result.exit_code == 1
    assert "not HTML (image/jpeg)" in result.stderr


def test_extract_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(extract_app(), ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_real_entry_point(tmp_path: Path) -> None:
    """The installed command line, end to end, in a separate process (stdin input too)."""
    page = tmp_path / "story.html"
    page.write_bytes(news_page(lang="es").encode("cp1252"))
    cmd = [sys.executable, "-m", "newssearcher.cli.main", "extract"]
    done = subprocess.run(
        [*cmd, str(page)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["lang"] == "es"
    done = subprocess.run(
        [*cmd, "-"],
        input="<html><body><p>Too short.</p></body></html>",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "no main text found (only 2 words)" in done.stderr
