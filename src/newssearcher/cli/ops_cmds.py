"""Running at scale: ``worker``, ``scheduler``, ``status``."""

from __future__ import annotations

import logging

import typer
from rich.console import Console
from rich.table import Table

from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import emit
from newssearcher.jobs.status import collect_status

stdout = Console()


def _run_worker(
    ctx: typer.Context, queues: list[str] | None, concurrency: int, heartbeat_s: float, name: str
) -> None:
    from newssearcher.jobs.app import make_app
    from newssearcher.jobs.runtime import Runtime

    app_ctx = app_context(ctx)
    app_ctx.database()  # applies pending migrations (serialised by an advisory lock)
    logging.basicConfig(
        level=logging.INFO,
        format='{"time":"%(asctime)s","level":"%(levelname)s","logger":"%(name)s","msg":%(message)r}',
    )
    app = make_app(app_ctx.settings)
    runtime = Runtime(app_ctx.settings)
    with app.open():
        app.run_worker(
            name=name,
            queues=queues,
            concurrency=concurrency,
            additional_context={"runtime": runtime},
            update_heartbeat_interval=heartbeat_s,
            stalled_worker_timeout=heartbeat_s * 3,
            shutdown_graceful_timeout=30,
            install_signal_handlers=True,
        )


def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, help="Jobs run at once."),
    queue: list[str] = typer.Option([], "--queue", "-q", help="Only these queues (repeatable)."),
    heartbeat_s: float = typer.Option(10.0, "--heartbeat", help="Seconds between heartbeats."),
) -> None:
    """Run pipeline jobs from the PostgreSQL queue until stopped (SIGTERM finishes current jobs)."""
    _run_worker(ctx, queue or None, concurrency, heartbeat_s, "worker")


def scheduler(
    ctx: typer.Context,
    heartbeat_s: float = typer.Option(10.0, "--heartbeat", help="Seconds between heartbeats."),
) -> None:
    """Queue periodic work: due sources, stalled-job recovery, alert delivery, analysis sweeps."""
    _run_worker(ctx, ["schedule"], 1, heartbeat_s, "scheduler")


def status(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Queue depths, lag, failing sources, pending analyses and deliveries."""
    info = collect_status(app_context(ctx).database())
    if as_json:
        emit(info)
        return
    table = Table("what", "value", title="NewsSearcher status")
    for key, value in info.items():
        if key == "failing_sources":
            continue
        table.add_row(key, str(value))
    stdout.print(table)
    for f in info["failing_sources"]:
        stdout.print(f"[red]failing[/red] #{f['id']} {f['url']} ×{f['failures']}: {f['error']}")


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("scheduler")(scheduler)
    app.command("status")(status)
