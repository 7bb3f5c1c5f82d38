"""``extract FILE.html [--url URL]``: the article in one saved page, as JSON on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from newssearcher.cli.progress import stderr
from newssearcher.extract.article import MAX_HTML_BYTES, extract_article
from newssearcher.extract.errors import NoArticle
from newssearcher.records import Extracted


def extracted_json(found: Extracted) -> dict[str, Any]:
    """The command's output object: the brief's six keys first, then the extras."""
    return {
        "title": found.title,
        "text": found.text,
        "author": found.author,
        "published": found.published.isoformat() if found.published else None,
        "lang": found.lang,
        "image": found.image,
        "canonical_url": found.canonical_url,
        "site_name": found.site_name,
    }


def _read(file: str) -> bytes:
    # Read one byte past the limit at most: extract_article cuts there anyway.
    if file == "-":
        return sys.stdin.buffer.read(MAX_HTML_BYTES + 1)
    path = Path(file)
    if not path.is_file():
        raise FileNotFoundError(f"{file}: no such file")
    with path.open("rb") as fh:
        return fh.read(MAX_HTML_BYTES + 1)


def extract_command(
    file: str = typer.Argument(..., help="Saved HTML page; - reads stdin."),
    url: str | None = typer.Option(
        None, "--url", help="The page's address: resolves relative links, helps dating."
    ),
    content_type: str | None = typer.Option(
        None,
        "--content-type",
        help='The HTTP Content-Type it was served with, e.g. "text/html; charset=utf-8".',
    ),
) -> None:
    """Extract the article from one HTML page.

    Prints one JSON object: title, text, author, published (ISO 8601), lang, image,
    canonical_url, site_name. A page with no article exits with status 1 and says why on stderr.
    """
    try:
        content = _read(file)
    except OSError as exc:
        stderr.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    try:
        found = extract_article(content, url=url, content_type=content_type)
    except NoArticle as exc:
        stderr.print(
            f"[red]no article[/red] in {escape(file)}: {escape(exc.reason)}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from exc
    sys.stdout.write(json.dumps(extracted_json(found), ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
