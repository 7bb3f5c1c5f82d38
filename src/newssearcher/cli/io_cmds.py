"""``import`` and ``export``: JSON Lines in, JSON Lines out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import aliased

from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import LineError, emit, open_input, read_records
from newssearcher.cli.progress import progress_bar, stderr
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.pipeline.records_in import BadRecord, record_from_json
from newssearcher.records import ArticleInput
from newssearcher.store.models import Article, Story
from newssearcher.stories.resolve import resolve_story_id


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with Path(path).open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def import_command(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="JSONL file, one article per line; - reads stdin."),
    no_analysis: bool = typer.Option(
        False, "--no-analysis", help="Store, dedup and cluster only; analyse stories later."
    ),
    batch_size: int = typer.Option(100, "--batch-size", min=1, help="Articles per transaction."),
    enqueue: bool = typer.Option(
        False, "--enqueue", help="Queue the work for `newssearcher worker` (PostgreSQL only)."
    ),
) -> None:
    """Import articles from JSON Lines and run the whole pipeline on them.

    Each line: {"id", "text", "title", "url", "source", "published", "lang"}; unknown keys are
    kept as metadata. A bad line is reported with its line number and skipped. Importing the
    same file twice stores nothing twice.
    """
    app = app_context(ctx)
    try:
        stream = open_input(file)
    except FileNotFoundError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    total = _count_lines(file)
    errors: list[LineError] = []

    def records() -> Iterator[ArticleInput]:
        for lineno, obj in read_records(stream, {}, errors):
            try:
                yield record_from_json(obj)
            except BadRecord as exc:
                error = LineError(lineno, str(exc))
                stderr.print(f"[yellow]skipped[/yellow] {error}", highlight=False)
                errors.append(error)

    db = app.database()
    if enqueue:
        from newssearcher.jobs.enqueue import enqueue_import

        jobs = enqueue_import(app.settings, records(), batch_size, analyse=not no_analysis)
        stderr.print(f"queued {jobs} job(s); rejected {len(errors)} line(s)")
        emit({"jobs": jobs, "rejected": len(errors), "rejected_lines": [e.lineno for e in errors]})
        return
    ingestor = Ingestor(db, app.settings, batch_size=batch_size, analyse=not no_analysis)
    with progress_bar() as bars:
        task = bars.add_task("importing", total=total)
        analysis_task = bars.add_task("analysing stories", total=None, visible=False)

        def on_analysis(n: int) -> None:
            bars.update(analysis_task, advance=n, visible=True)

        report = ingestor.ingest(
            records(),
            progress=lambda n: bars.advance(task, n),
            analysis_progress=on_analysis,
        )
    summary: dict[str, Any] = report.as_dict()
    summary["rejected"] = len(errors)
    summary["rejected_lines"] = [e.lineno for e in errors]
    stderr.print(
        f"stored {report.stored}, already present {report.already_present}, "
        f"rejected {len(errors)} line(s); {len(report.touched_story_ids)} stories touched"
    )
    emit(summary)
    if errors and report.stored == 0 and report.already_present == 0:
        raise typer.Exit(1)


def export_rows(session: Any) -> Iterator[dict[str, Any]]:
    """One dict per article in storage order, with story ids resolved through merges."""
    dup = aliased(Article)
    rew = aliased(Article)
    stmt = (
        select(Article, dup.external_id, rew.external_id, Story.merged_into)
        .outerjoin(dup, Article.duplicate_of == dup.id)
        .outerjoin(rew, Article.rewrite_of == rew.id)
        .outerjoin(Story, Article.story_id == Story.id)
        .order_by(Article.id)
        .execution_options(yield_per=500)
    )
    for art, dup_ext, rew_ext, merged_into in session.execute(stmt):
        story_id = art.story_id
        if merged_into is not None:
            story_id = resolve_story_id(session, story_id)
        yield {
            "id": art.external_id,
            "url": art.url,
            "canonical_url": art.canonical_url,
            "story_id": story_id,
            "duplicate_of": dup_ext,
            "duplicate_kind": art.duplicate_kind,
            "rewrite_of": rew_ext,
            "lang": art.lang,
            "title": art.title,
            "source": art.outlet,
            "author": art.author,
            "published": art.published_at.isoformat() if art.published_at else None,
            "image": art.image,
            "text": art.text,
            "metadata": art.meta or {},
        }


def export_command(
    ctx: typer.Context,
    fmt: str = typer.Option("jsonl", "--format", help="Output format (jsonl)."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the article text out."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
) -> None:
    """Export every article as JSON Lines: id, url, story_id, duplicate_of, rewrite_of, lang, …"""
    if fmt != "jsonl":
        stderr.print(f"[red]error:[/red] unknown format {fmt!r} (supported: jsonl)")
        raise typer.Exit(2)
    db = app_context(ctx).database()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    count = 0
    try:
        with db.session() as session:
            for row in export_rows(session):
                if no_text:
                    row.pop("text")
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if output:
            out.close()
    stderr.print(f"exported {count} article(s)")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)
