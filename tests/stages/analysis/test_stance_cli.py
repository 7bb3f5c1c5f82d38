"""``newssearcher stance FILE.jsonl``: one answer per good line, bad lines reported.

The command module is registered on its own Typer app (as ``cli.main`` does for every
command module), so this test does not depend on the other commands' stages.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from newssearcher.cli import stance_cmd

app = typer.Typer()


@app.callback()
def _root() -> None:
    """Test app holding the stance command only."""


stance_cmd.register(app)
runner = CliRunner()
LABELS = {"agree", "disagree", "discuss", "unrelated"}


def test_stance_command_answers_each_good_line_and_reports_bad_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "p1",
                "claim": "The bridge in Eldmoor collapsed after the storm",
                "text": "The Eldmoor bridge collapsed on Sunday after a violent storm, "
                "officials said. Nobody was hurt when the bridge fell into the river.",
            }
        ),
        "{not json",
        json.dumps({"id": "p2", "claim": "Only a claim"}),
        json.dumps({"id": 3, "claim": "Chess champion retires", "text": "Frogs live in ponds."}),
        json.dumps({"id": "p4", "claim": 5, "text": "wrong type"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["stance", str(path), "--proba"])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [o["id"] for o in out] == ["p1", 3]
    assert all(o["stance"] in LABELS for o in out)
    assert out[1]["stance"] == "unrelated"
    assert abs(sum(out[0]["proba"].values()) - 1.0) < 1e-3
    assert "line 2" in result.stderr and "line 3" in result.stderr and "line 5" in result.stderr


def test_stance_command_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stance", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in " ".join(result.stderr.split())
