"""``watch``: watchlists of entities and queries, their alerts and deliveries."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from newssearcher.alerts.deliver import deliver_due
from newssearcher.alerts.dossier import entity_dossier
from newssearcher.alerts.feed import watchlist_atom
from newssearcher.alerts.match import check_story
from newssearcher.alerts.watchlists import (
    ItemSpec,
    WatchlistError,
    get_watchlist,
    parse_item_list,
    upsert_watchlist,
    watch_items,
)
from newssearcher.analysis.entities_store import resolve_entity
from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import emit
from newssearcher.cli.progress import stderr
from newssearcher.store.models import Story
from newssearcher.store.models.alerts import Alert, Delivery, Watchlist

watch_app = typer.Typer(
    help="Watchlists: follow entities and queries, get alerts.", no_args_is_help=True
)
stdout = Console()


def _fail(message: str, code: int = 1) -> None:
    stderr.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@watch_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Watchlist name (created if new, extended if not)."),
    entity: list[str] = typer.Option([], "--entity", "-e", help="Entity to follow (repeatable)."),
    query: list[str] = typer.Option(
        [], "--query", "-q", help="Search query to follow (repeatable)."
    ),
    mode: str | None = typer.Option(None, "--mode", help="immediate, hourly or daily."),
    webhook: str | None = typer.Option(None, "--webhook", help="POST alerts to this URL."),
    secret: str | None = typer.Option(None, "--secret", help="HMAC secret for the webhook."),
    email: str | None = typer.Option(None, "--email", help="Send alerts to this address."),
    backfill: bool = typer.Option(
        False, "--backfill", help="Also check the stories already stored."
    ),
) -> None:
    """Create or extend a watchlist."""
    db = app_context(ctx).database()
    items = [ItemSpec("entity", e) for e in entity] + [ItemSpec("query", q) for q in query]
    try:
        with db.session() as session:
            wl = upsert_watchlist(
                session,
                name,
                items,
                mode=mode,
                webhook_url=webhook,
                webhook_secret=secret,
                email=email,
            )
            wl_id = wl.id
    except WatchlistError as exc:
        _fail(str(exc), 2)
    stderr.print(f"watchlist {name!r} has {len(items)} new item(s)")
    if backfill:
        _backfill(ctx)
    emit({"id": wl_id, "name": name})


@watch_app.command("import")
def import_list(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Watchlist name."),
    file: Path = typer.Argument(..., help="Plain list (one name per line) or CSV name,alias;alias"),
    mode: str | None = typer.Option(None, "--mode"),
) -> None:
    """Import entities (and ``query:`` lines) into a watchlist."""
    if not file.is_file():
        _fail(f"{file}: no such file", 2)
    try:
        specs = parse_item_list(file.read_text(encoding="utf-8", errors="replace"), str(file))
        with app_context(ctx).database().session() as session:
            upsert_watchlist(session, name, specs, mode=mode)
    except WatchlistError as exc:
        _fail(str(exc), 2)
    stderr.print(f"imported {len(specs)} item(s) into {name!r}")
    emit({"name": name, "items": len(specs)})


def _backfill(ctx: typer.Context) -> int:
    app = app_context(ctx)
    db = app.database()
    with db.session() as session:
        ids = list(session.scalars(select(Story.id).where(Story.merged_into.is_(None))))
    count = 0
    for story_id in ids:
        with db.session() as session:
            story = session.get(Story, story_id)
            count += len(check_story(session, story, max_articles=app.settings.story_max_articles))
    stderr.print(f"{count} alert(s) from {len(ids)} stored stories")
    return count


@watch_app.command("check")
def check(ctx: typer.Context) -> None:
    """Check every stored story against every watchlist (new events only)."""
    emit({"alerts": _backfill(ctx)})


@watch_app.command("list")
def list_watchlists(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Watchlists with their items and alert counts."""
    with app_context(ctx).database().session() as session:
        rows = []
        for wl in session.scalars(select(Watchlist).order_by(Watchlist.id)):
            n = session.scalar(select(func.count(Alert.id)).where(Alert.watchlist_id == wl.id))
            rows.append(
                {
                    "id": wl.id,
                    "name": wl.name,
                    "mode": wl.mode,
                    "webhook": wl.webhook_url,
                    "email": wl.email,
                    "alerts": n,
                    "items": [
                        {"kind": i.kind, "value": i.value, "aliases": i.aliases}
                        for i in watch_items(session, wl.id)
                    ],
                }
            )
    if as_json:
        for row in rows:
            emit(row)
        return
    table = Table("id", "name", "mode", "items", "alerts")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            r["mode"],
            ", ".join(i["value"] for i in r["items"]),
            str(r["alerts"]),
        )
    stdout.print(table)


@watch_app.command("remove")
def remove(ctx: typer.Context, name: str) -> None:
    """Delete a watchlist with its alerts."""
    with app_context(ctx).database().session() as session:
        wl = get_watchlist(session, name)
        if wl is None:
            _fail(f"no watchlist named {name!r}")
        session.delete(wl)
    stderr.print(f"removed {name!r}")


@watch_app.command("alerts")
def alerts(
    ctx: typer.Context,
    name: str,
    as_json: bool = typer.Option(False, "--json"),
    limit: int = typer.Option(50, "--limit", min=1),
) -> None:
    """A watchlist's alerts, newest first, with what matched and the claims."""
    with app_context(ctx).database().session() as session:
        wl = get_watchlist(session, name)
        if wl is None:
            _fail(f"no watchlist named {name!r}")
        rows = list(
            session.scalars(
                select(Alert)
                .where(Alert.watchlist_id == wl.id)
                .order_by(Alert.id.desc())
                .limit(limit)
            )
        )
        out = [
            {
                "id": a.id,
                "kind": a.kind,
                "story_id": a.story_id,
                "title": a.title,
                "created_at": a.created_at.isoformat(),
                **a.reason,
            }
            for a in rows
        ]
    if as_json:
        for row in out:
            emit(row)
        return
    for a in out:
        stdout.print(f"[bold]#{a['id']}[/bold] {a['kind']}: {a['title']} (story {a['story_id']})")
        for c in a.get("claims", []):
            stdout.print(f"   [{c['status']}] {c['text']}", highlight=False)


@watch_app.command("deliver")
def deliver(ctx: typer.Context) -> None:
    """Send due alerts (webhooks, e-mail) and digests; failed ones are retried later."""
    app = app_context(ctx)
    report = deliver_due(app.database(), app.settings)
    for error in report.errors:
        stderr.print(f"[yellow]delivery failed[/yellow] {error}", highlight=False)
    emit({"delivered": report.delivered, "failed": report.failed, "parked": report.parked})


@watch_app.command("deliveries")
def deliveries(ctx: typer.Context, name: str) -> None:
    """Delivery state of a watchlist's alerts (JSON lines)."""
    with app_context(ctx).database().session() as session:
        wl = get_watchlist(session, name)
        if wl is None:
            _fail(f"no watchlist named {name!r}")
        for d in session.scalars(
            select(Delivery).where(Delivery.watchlist_id == wl.id).order_by(Delivery.id)
        ):
            emit(
                {
                    "key": d.idempotency_key,
                    "channel": d.channel,
                    "status": d.status,
                    "attempts": d.attempts,
                    "last_error": d.last_error,
                }
            )


@watch_app.command("feed")
def feed(
    ctx: typer.Context,
    name: str,
    base_url: str = typer.Option("http://127.0.0.1:8000", "--base-url"),
) -> None:
    """Print the watchlist's Atom feed."""
    with app_context(ctx).database().session() as session:
        wl = get_watchlist(session, name)
        if wl is None:
            _fail(f"no watchlist named {name!r}")
        typer.echo(watchlist_atom(session, wl, base_url).decode())


@watch_app.command("dossier")
def dossier(ctx: typer.Context, entity: str) -> None:
    """An entity's dossier as JSON: stories, claims with status, outlets, exposure by day."""
    with app_context(ctx).database().session() as session:
        found = resolve_entity(session, entity)
        if found is None:
            _fail(f"no entity known as {entity!r}")
        emit(asdict(entity_dossier(session, found.id)))


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
