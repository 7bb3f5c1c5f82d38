"""``newssearcher hubs add NAME --query Q``, ``hubs list [--json]``, ``hubs remove SLUG``."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from newssearcher.cli.context import app_context
from newssearcher.cli.progress import stderr as err
from newssearcher.hubs.assign import apply_user_hub
from newssearcher.hubs.manage import HubError, add_user_hub, list_hubs, remove_hub
from newssearcher.hubs.query import QueryError


def register(app: typer.Typer) -> None:
    hubs = typer.Typer(help="Topic hubs: built in, or defined by a query.", no_args_is_help=True)
    app.add_typer(hubs, name="hubs")

    @hubs.command("add")
    def add(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="Hub name (its slug is made from it)."),
        query: str = typer.Option(
            ...,
            "--query",
            "-q",
            help='Words, "phrases", a OR b, -exclusions, entity:NAME.',
        ),
        name_es: str | None = typer.Option(None, "--name-es", help="Spanish name."),
        description: str | None = typer.Option(None, "--description", help="What it is for."),
        apply: bool = typer.Option(
            True, "--apply/--no-apply", help="Match the stories already stored now."
        ),
    ) -> None:
        """Add a hub defined by a query."""
        app = app_context(ctx)
        database = app.database()
        limit = app.settings.story_max_articles
        try:
            with database.session() as session:
                hub = add_user_hub(session, name, query, name_es=name_es, description=description)
                matched = apply_user_hub(session, hub, max_articles=limit) if apply else 0
                slug = hub.slug
        except (HubError, QueryError) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(code=2) from None
        err.print(f"added hub [bold]{slug}[/bold] ({matched} stories match)", highlight=False)
        typer.echo(slug)

    @hubs.command("list")
    def list_(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="One JSON array on stdout."),
    ) -> None:
        """List hubs with their number of stories."""
        database = app_context(ctx).database()
        with database.session() as session:
            infos = list_hubs(session)
        if as_json:
            typer.echo(json.dumps([i.as_dict() for i in infos], ensure_ascii=False))
            return
        table = Table("slug", "name", "nombre", "kind", "stories", "query")
        for i in infos:
            table.add_row(
                i.slug,
                i.name,
                i.name_es or "",
                "built-in" if i.builtin else "user",
                str(i.stories),
                i.query or "",
            )
        Console().print(table)

    @hubs.command("remove")
    def remove(
        ctx: typer.Context, slug: str = typer.Argument(..., help="Slug of a user hub.")
    ) -> None:
        """Remove a user-defined hub."""
        database = app_context(ctx).database()
        try:
            with database.session() as session:
                remove_hub(session, slug)
        except HubError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(code=2) from None
        err.print(f"removed hub [bold]{slug}[/bold]", highlight=False)
