"""Entry point: ``newssearcher [--db URL] COMMAND``."""

from __future__ import annotations

import importlib

import typer

from newssearcher.cli.context import AppContext
from newssearcher.config import Settings

app = typer.Typer(
    name="newssearcher",
    help="NewsSearcher: one page per story, from many outlets, offline by default.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Each module defines ``register(app)``; the list is the whole command surface.
COMMAND_MODULES = [
    "newssearcher.cli.similarity_cmd",  # similarity FILE.jsonl
    "newssearcher.cli.eval_cmd",  # eval clustering|similarity FILE.jsonl
    "newssearcher.cli.demo_cmd",  # demo
    "newssearcher.cli.io_cmds",  # import, export
    "newssearcher.cli.serve_cmd",  # serve, users make-admin/list
    "newssearcher.cli.sources_cmds",  # sources add/list/remove, fetch
    "newssearcher.cli.story_cmds",  # stories list, story show, search
    "newssearcher.cli.extract_cmd",  # extract FILE.html
    "newssearcher.cli.ops_cmds",  # worker, scheduler, status
    "newssearcher.cli.watch_cmds",  # watch add/import/list/alerts/deliver/feed/dossier
    "newssearcher.cli.summarize_cmd",  # summarize FILE.jsonl
    "newssearcher.cli.hubs_cmd",  # hubs add/list/remove
    "newssearcher.cli.stance_cmd",  # stance FILE.jsonl
]


@app.callback()
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", envvar="NEWSSEARCHER_DB", help="Database URL (sqlite:///… or postgresql://…)."
    ),
) -> None:
    overrides = {"db": db} if db else {}
    ctx.obj = AppContext(settings=Settings(**overrides))


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
