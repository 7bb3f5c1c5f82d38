"""``newssearcher demo``: the bundled sample outlets, fetched through the real path, served."""

from __future__ import annotations

import contextlib

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from newssearcher.cli.context import AppContext, app_context
from newssearcher.cli.progress import stderr
from newssearcher.cli.sources_cmds import RichFetchProgress, _summary
from newssearcher.pipeline.fetch_run import run_fetch
from newssearcher.sample.server import serve_corpus
from newssearcher.sources.errors import SourceError
from newssearcher.sources.registry import add_source
from newssearcher.store.models import Article, Story


def demo(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address of the hub."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port of the hub."),
    corpus_port: int = typer.Option(
        8001,
        "--corpus-port",
        min=1,
        max=65535,
        help="Port of the sample outlets (loopback). Their URLs carry it: keep it between runs "
        "on one demo database, or the sample is fetched again (as duplicates).",
    ),
    no_serve: bool = typer.Option(False, "--no-serve", help="Load the corpus, then exit."),
) -> None:
    """Serve the sample outlets on loopback, fetch them into a demo database, serve the hub.

    Without --db the demo keeps its own database (demo.db in the data directory), so it never
    mixes with your own. Running it again fetches nothing twice.
    """
    app = app_context(ctx)
    settings = app.settings
    overrides = {"per_host_delay_s": 0.0}  # the outlets are our own loopback server
    if not settings.db:
        overrides["db"] = f"sqlite:///{settings.data_dir / 'demo.db'}"
    settings = settings.model_copy(update=overrides)
    demo_ctx = AppContext(settings=settings)
    db = demo_ctx.database()
    stderr.print(f"demo database: {settings.database_url}")

    with serve_corpus("127.0.0.1", corpus_port) as outlets:
        stderr.print(f"sample outlets on {outlets.base_url}/")
        for url in outlets.feed_urls():
            with contextlib.suppress(SourceError):  # added by an earlier run
                add_source(db, url, poll_interval_s=3600)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr,
        ) as bars:
            report = run_fetch(db, settings, once=True, progress=RichFetchProgress(bars))
        stderr.print(_summary(report), highlight=False)
        if not report.sources_polled:
            with db.session() as session:
                articles = session.scalar(select(func.count(Article.id))) or 0
                stories = session.scalar(
                    select(func.count(Story.id)).where(
                        Story.merged_into.is_(None), Story.article_count > 0
                    )
                )
            stderr.print(
                f"nothing due: the demo database already holds {articles} articles in "
                f"{stories or 0} stories (its sources are polled again an hour after the last "
                "run; delete it to start afresh)",
                highlight=False,
            )
        if no_serve:
            return
        import uvicorn

        from newssearcher.web.app import create_app

        web = create_app(settings, db)
        address = f"http://{host}:{port}/"
        typer.echo(address)
        stderr.print(f"NewsSearcher demo hub on [bold]{address}[/bold] (Ctrl-C stops)")
        uvicorn.run(web, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
