"""Running at scale: ``worker``, ``scheduler``, ``status``."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from typing import Any

import psycopg
import sqlalchemy.exc
import typer
from procrastinate.exceptions import ConnectorException
from pythonjsonlogger.json import JsonFormatter
from rich.console import Console
from rich.table import Table

from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import emit
from newssearcher.jobs.status import collect_status

stdout = Console()
log = logging.getLogger("newssearcher.worker")
#: errors that mean "the database went away", after which a worker waits and starts again
DATABASE_DOWN = (ConnectorException, psycopg.OperationalError, sqlalchemy.exc.OperationalError)


def _json_logs() -> None:
    """One JSON object per line on stderr: time, level, logger, msg, and what the logger adds
    (Procrastinate's ``action`` and ``job`` with its id, task and attempts; exceptions)."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "message": "msg",
            },
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def _run_worker(
    ctx: typer.Context, queues: list[str] | None, concurrency: int, heartbeat_s: float, name: str
) -> None:
    from newssearcher.jobs.app import make_app
    from newssearcher.jobs.runtime import Runtime

    app_ctx = app_context(ctx)
    app_ctx.database()  # applies pending migrations (serialised by an advisory lock)
    _json_logs()
    runtime = Runtime(app_ctx.settings)
    options = {
        "name": name,
        "queues": queues,
        "concurrency": concurrency,
        "additional_context": {"runtime": runtime},
        "update_heartbeat_interval": heartbeat_s,
        "stalled_worker_timeout": heartbeat_s * 3,
        "shutdown_graceful_timeout": 30,
        "install_signal_handlers": False,  # ours below tell a stop request from a crash
    }
    stop = {"requested": False}
    delay = 1.0
    while not stop["requested"]:
        # A lost database (restart, failover) stops Procrastinate's worker: wait and start
        # again. Jobs it was running are retried (failed ones by their retry policy, unfinished
        # ones by the stalled-job sweep). SIGTERM/SIGINT finish the current jobs and exit.
        started = time.monotonic()
        try:
            asyncio.run(_work_once(make_app(app_ctx.settings), options, stop))
        except DATABASE_DOWN as exc:
            log.warning("database unavailable (%s)", exc)
        if stop["requested"]:
            return
        if time.monotonic() - started > 60:
            delay = 1.0
        log.warning("%s stopped without a stop request; restarting in %.0f s", name, delay)
        time.sleep(delay)
        delay = min(delay * 2, 30.0)


async def _work_once(app: Any, options: dict[str, Any], stop: dict[str, bool]) -> None:
    from procrastinate.worker import Worker

    loop = asyncio.get_running_loop()
    async with app.open_async():
        worker = Worker(app=app, **options)

        def request_stop() -> None:
            stop["requested"] = True
            worker.stop()

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, request_stop)
        try:
            await worker.run()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


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
