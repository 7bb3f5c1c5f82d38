"""``sources add/list/remove`` and ``fetch [--once]``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newssearcher.cli.context import app_context
from newssearcher.cli.progress import stderr
from newssearcher.pipeline.fetch_run import FetchProgress, FetchReport, run_fetch
from newssearcher.sources.errors import SourceError
from newssearcher.sources.registry import (
    add_source,
    list_sources,
    now_utc,
    remove_source,
    source_status,
)
from newssearcher.store.models import Source

sources_app = typer.Typer(
    help="Feeds, sitemaps and pages that `fetch` polls.", no_args_is_help=True
)
stdout = Console()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _relative(when: datetime | None, now: datetime) -> str:
    if when is None:
        return ""
    seconds = (when - now).total_seconds()
    if seconds <= 0:
        return "due"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"in {seconds / size:.0f}{unit}"
    return f"in {seconds:.0f}s"


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "kind": source.kind,
        "title": source.title,
        "hub": source.hub,
        "status": source_status(source),
        "active": source.active,
        "poll_interval_s": source.poll_interval_s,
        "next_poll_at": _iso(source.next_poll_at),
        "last_polled_at": _iso(source.last_polled_at),
        "last_success_at": _iso(source.last_success_at),
        "last_status": source.last_status,
        "consecutive_failures": source.consecutive_failures,
        "last_error": source.last_error,
        "article_count": source.article_count,
    }


@sources_app.command("add")
def add_command(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="Feed, sitemap or article URL, or a local HTML file."),
    hub: str | None = typer.Option(None, "--hub", help="Topic hub to file its stories under."),
    kind: str = typer.Option(
        "auto", "--kind", help="auto (detect from content), feed, sitemap or page."
    ),
    interval: int | None = typer.Option(
        None, "--interval", min=1, help="Seconds between polls (default: settings)."
    ),
) -> None:
    """Add a source; it is due at once. Prints the new source's id on stdout."""
    app = app_context(ctx)
    try:
        source = add_source(
            app.database(),
            url,
            hub=hub,
            kind=kind,
            poll_interval_s=interval or app.settings.default_poll_interval_s,
        )
    except SourceError as exc:
        stderr.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    stderr.print(f"added source #{source.id}: {source.url}", highlight=False)
    typer.echo(source.id)


@sources_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per source on stdout."),
) -> None:
    """List sources with their state (ok, new, failing, paused) and next poll time."""
    sources = list_sources(app_context(ctx).database())
    if as_json:
        for source in sources:
            typer.echo(json.dumps(source_json(source), ensure_ascii=False))
        return
    if not sources:
        stderr.print("no sources yet; add one with: newssearcher sources add URL")
        return
    table = Table()
    table.add_column("id", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("url", overflow="fold", ratio=3)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("articles", justify="right")
    table.add_column("next poll", no_wrap=True)
    table.add_column("last error", overflow="fold", ratio=2)
    now = now_utc()
    for s in sources:
        status = source_status(s)
        style = {"failing": "red", "new": "cyan", "paused": "dim"}.get(status, "green")
        label = f"{status} ×{s.consecutive_failures}" if status == "failing" else status
        table.add_row(
            str(s.id),
            f"[{style}]{label}[/{style}]",
            s.url,
            s.title or "",
            str(s.article_count),
            _relative(s.next_poll_at, now),
            (s.last_error or "")[:160] if status == "failing" else "",
        )
    stdout.print(table)


@sources_app.command("remove")
def remove_command(
    ctx: typer.Context, source_id: int = typer.Argument(..., help="Source id (see `sources list`).")
) -> None:
    """Remove a source; articles already stored from it are kept."""
    try:
        source = remove_source(app_context(ctx).database(), source_id)
    except SourceError as exc:
        stderr.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    stderr.print(f"removed source #{source.id}: {source.url}", highlight=False)


class RichFetchProgress(FetchProgress):
    """Two bars on stderr (sources, pages) and one line per finished source."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.sources = progress.add_task("sources", total=0)
        self.pages = progress.add_task("pages", total=0)

    def pass_started(self, due_sources: int) -> None:
        self.progress.reset(self.sources, total=due_sources)
        self.progress.reset(self.pages, total=0)

    def source_done(self, url: str, ok: bool, message: str) -> None:
        self.progress.advance(self.sources)
        mark = "[green]ok[/green]" if ok else "[red]failed[/red]"
        self.progress.console.print(f"{mark} {url}: {message}", highlight=False)

    def pages_found(self, count: int) -> None:
        task = self.progress.tasks[self.pages]
        self.progress.update(self.pages, total=(task.total or 0) + count)

    def page_done(self, url: str, ok: bool, message: str | None = None) -> None:
        self.progress.advance(self.pages)
        if not ok:
            self.progress.console.print(f"  [yellow]no article[/yellow] {url}: {message}")

    def idle(self, seconds: float, next_due: datetime | None) -> None:
        self.progress.console.print(f"next source due in {seconds:.0f} s; waiting (Ctrl-C stops)")


def _summary(report: FetchReport) -> str:
    return (
        f"{report.sources_polled} sources polled ({report.sources_failed} failed, "
        f"{report.sources_not_modified} not modified), {report.entries_new} new entries, "
        f"{report.articles_stored} articles stored, {report.page_failures} pages without article"
    )


def fetch_command(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="One pass over the due sources, then exit."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
) -> None:
    """Poll due sources and run the pipeline on what is new.

    Without --once it keeps running, sleeping until the next source is due.
    """
    app = app_context(ctx)
    db = app.database()
    report = FetchReport()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
    ) as bars:
        try:
            report = run_fetch(db, app.settings, once=once, progress=RichFetchProgress(bars))
        except KeyboardInterrupt:
            stderr.print("stopped")
    stderr.print(_summary(report), highlight=False)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, default=str))


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("fetch")(fetch_command)
