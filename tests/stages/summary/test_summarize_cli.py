"""``newssearcher summarize FILE.jsonl`` through the real CLI."""

import json
from pathlib import Path

from typer.testing import CliRunner

from newssearcher.cli.main import app

from .story_texts import EN_A, EN_B, EN_C

runner = CliRunner()


def _err(result: object) -> str:
    """stderr with rich's line wrapping undone."""
    return " ".join(result.stderr.split())  # type: ignore[attr-defined]


def test_summarize_good_and_bad_lines(tmp_path: Path, settings: object) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "s1", "documents": [EN_A, EN_B, EN_C]}),
        "{not json",
        json.dumps({"id": "s2", "documents": ["Only one short sentence here."]}),
        json.dumps({"id": "s3", "documents": [1, "text"]}),
        json.dumps({"id": "s4"}),
        json.dumps({"id": "s5", "documents": ["  ", ""]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["s1", "s2"]
    assert set(out[0]) == {"id", "summary"}
    assert out[0]["summary"].startswith("The city council of Northbridge voted")
    assert out[1]["summary"] == "Only one short sentence here."
    assert "line 2: invalid JSON" in _err(result)
    assert "line 4: documents[0] is int, expected a string" in _err(result)
    assert 'line 5: missing required key "documents"' in _err(result)
    assert "line 6: documents holds no text" in _err(result)


def test_summarize_citations_stdin_and_errors(tmp_path: Path, settings: object) -> None:
    line = json.dumps({"id": 7, "documents": [EN_A, EN_B]})
    result = runner.invoke(app, ["summarize", "-", "--citations"], input=line + "\n")
    assert result.exit_code == 0, result.output
    (obj,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert obj["id"] == 7 and obj["method"] == "extractive"
    council = next(s for s in obj["sentences"] if s["text"].startswith("The city council"))
    assert council["citations"] == [0, 1]
    assert obj["summary"] == " ".join(s["text"] for s in obj["sentences"])

    missing = runner.invoke(app, ["summarize", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 2 and "no such file" in _err(missing)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[]\n", encoding="utf-8")
    only_bad = runner.invoke(app, ["summarize", str(bad)])
    assert only_bad.exit_code == 1 and "line 1: expected a JSON object" in _err(only_bad)
