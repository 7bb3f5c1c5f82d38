from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.stories.similarity import pair_score

EN = "Floods in Valencia: heavy rain killed 12 people on Monday and cut power to 40,000 homes."
ES = "Inundaciones en Valencia: las lluvias mataron a 12 personas el lunes y dejaron sin luz a 40.000 hogares."
OTHER = "The central bank kept its interest rate at 4.5 percent, citing slowing inflation."


def test_pair_score_ranks_same_story_above_unrelated():
    same = pair_score(EN, ES)
    other = pair_score(EN, OTHER)
    assert 0.0 <= other < same <= 1.0
    assert same - other > 0.3


def test_similarity_cli_skips_bad_lines(tmp_path: Path):
    src = tmp_path / "pairs.jsonl"
    src.write_text(
        json.dumps({"id": "p1", "text1": EN, "text2": ES})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": 2, "text1": EN})
        + "\n"
        + json.dumps({"id": "p3", "text1": EN, "text2": OTHER})
        + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["similarity", str(src)])
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert [o["id"] for o in out] == ["p1", "p3"]
    assert out[0]["score"] > out[1]["score"]
    assert "line 2" in res.stderr and "line 3" in res.stderr
