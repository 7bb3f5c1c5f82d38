"""``newssearcher hubs add/list/remove`` through Typer, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from newssearcher.cli import hubs_cmd
from newssearcher.cli.context import AppContext
from newssearcher.config import Settings


def make_app() -> typer.Typer:
    """The root of ``cli.main`` with only the hubs commands registered."""
    app = typer.Typer()

    @app.callback()
    def _root(ctx: typer.Context, db: str = typer.Option(..., "--db")) -> None:
        ctx.obj = AppContext(settings=Settings(db=db))

    hubs_cmd.register(app)
    return app


def test_hubs_cli_round_trip(tmp_path: Path, settings: Settings) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    app, runner = make_app(), CliRunner()

    out = runner.invoke(
        app,
        ["--db", url, "hubs", "add", "Vendor risk", "--query", 'entity:"Alibaba Cloud" OR huawei'],
    )
    assert out.exit_code == 0, out.output
    assert out.stdout.strip() == "vendor-risk"

    listed = runner.invoke(app, ["--db", url, "hubs", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    hubs = {h["slug"]: h for h in json.loads(listed.stdout)}
    assert {"cybersecurity", "cloud-ai", "geopolitics", "business", "science", "sport",
            "politics", "other", "vendor-risk"} <= set(hubs)  # fmt: skip
    assert hubs["vendor-risk"]["query"] == 'entity:"Alibaba Cloud" OR huawei'
    assert hubs["vendor-risk"]["builtin"] is False and hubs["sport"]["name_es"] == "Deportes"

    table = runner.invoke(app, ["--db", url, "hubs", "list"])
    assert table.exit_code == 0 and "vendor-risk" in table.stdout

    bad = runner.invoke(app, ["--db", url, "hubs", "add", "Broken", "--query", '"oops'])
    assert bad.exit_code == 2 and "unbalanced quote" in bad.output
    dup = runner.invoke(app, ["--db", url, "hubs", "add", "Vendor Risk", "--query", "x"])
    assert dup.exit_code == 2 and "already exists" in dup.output
    builtin = runner.invoke(app, ["--db", url, "hubs", "remove", "sport"])
    assert builtin.exit_code == 2 and "built in" in builtin.output
    missing = runner.invoke(app, ["--db", url, "hubs", "remove", "nope"])
    assert missing.exit_code == 2 and "no hub" in missing.output

    gone = runner.invoke(app, ["--db", url, "hubs", "remove", "vendor-risk"])
    assert gone.exit_code == 0, gone.output
    after = json.loads(runner.invoke(app, ["--db", url, "hubs", "list", "--json"]).stdout)
    assert "vendor-risk" not in {h["slug"] for h in after}
