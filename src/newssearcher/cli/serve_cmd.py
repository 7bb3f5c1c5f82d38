"""``newssearcher serve`` (the web hub and JSON API) and ``newssearcher users``."""

from __future__ import annotations

import typer
from sqlalchemy import select

from newssearcher.cli.context import app_context
from newssearcher.cli.progress import stderr as err

users_app = typer.Typer(help="Accounts of the web hub.", no_args_is_help=True)


def serve_app(ctx: typer.Context, host: str, port: int) -> None:
    import uvicorn

    from newssearcher.web.app import create_app

    context = app_context(ctx)
    db = context.database()
    app = create_app(context.settings, db)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"NewsSearcher hub on [bold]http://{shown}:{port}/[/bold] (API: /api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        ctx: typer.Context,
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    ) -> None:
        """Serve the web hub and the JSON API."""
        serve_app(ctx, host, port)

    @users_app.command("make-admin")
    def make_admin(ctx: typer.Context, username: str) -> None:
        """Give USERNAME the administrator role (moderation, sources)."""
        from newssearcher.web.community import CommunityError
        from newssearcher.web.community import make_admin as promote

        db = app_context(ctx).database()
        try:
            with db.session() as session:
                user = promote(session, username)
                user.session_version += 1  # the new role applies from the next sign-in
        except CommunityError as exc:
            err.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(1) from exc
        err.print(f"{username} is now an administrator (effective at the next sign-in).")

    @users_app.command("list")
    def list_users(ctx: typer.Context) -> None:
        """One JSON line per account."""
        from newssearcher.cli.jsonl import emit
        from newssearcher.store.models.community import User

        db = app_context(ctx).database()
        with db.session() as session:
            for user in session.scalars(select(User).order_by(User.id)):
                emit(
                    {
                        "id": user.id,
                        "username": user.username,
                        "is_admin": user.is_admin,
                        "created_at": user.created_at.isoformat(),
                    }
                )

    app.add_typer(users_app, name="users")
