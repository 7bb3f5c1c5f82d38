"""Through the real pipeline: the seed articles raise one alert on an "Alibaba" watchlist."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newssearcher.cli.main import app
from tests.seeds import seed_records

runner = CliRunner()


def test_seed_story_raises_one_alert_with_allegation_and_denial(
    db_url: str, shared_dir: Path, tmp_path: Path
) -> None:
    def cli(*args: str) -> str:
        result = runner.invoke(app, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    cli("watch", "add", "my-stack", "--entity", "Alibaba", "--entity", "Amazon Web Services")
    src = tmp_path / "seeds.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in seed_records(shared_dir)) + "\n")
    cli("import", str(src))

    alerts = [json.loads(x) for x in cli("watch", "alerts", "my-stack", "--json").splitlines()]
    assert len(alerts) == 1, "both seeds are one story, so one alert"
    alert = alerts[0]
    assert alert["kind"] == "new"
    assert [m["value"] for m in alert["matched"]] == ["Alibaba"]
    assert len(alert["sources"]) == 2
    stances = {s["stance"] for c in alert["claims"] for s in c["stances"]}
    assert "disagree" in stances, "the company's denial is attached"
    assert stances & {"agree", "discuss"}, "the allegation is attached"

    # importing again changes nothing: no second alert
    cli("import", str(src))
    assert len(cli("watch", "alerts", "my-stack", "--json").splitlines()) == 1
