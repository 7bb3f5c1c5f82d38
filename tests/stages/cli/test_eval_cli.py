"""``eval``: a bad labelled file stops the measurement with its file and line, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newssearcher.cli.main import app

runner = CliRunner()

ARTICLE = {"id": "a", "text": "Flood barrier fails in Eldmoor.", "gold_story": "s1"}
PAIR = {"text1": "Flood barrier fails.", "text2": "Barrier fails in flood.", "gold_overall": 1.5}


@pytest.mark.parametrize(
    ("kind", "good", "bad", "why"),
    [
        ("clustering", ARTICLE, '{"id": "b", ', "bad article (Expecting"),
        ("clustering", ARTICLE, '{"id": "b", "gold_story": "s1"}', "bad article ('text')"),
        ("clustering", ARTICLE, '{"text": "no id", "gold_story": "s1"}', "bad article ('id')"),
        ("similarity", PAIR, '{"text1": "a", "gold_overall": 2}', "bad pair ('text2')"),
        (
            "similarity",
            PAIR,
            '{"text1": "a", "text2": "b", "gold_overall": "two"}',
            'bad pair ("gold_overall" is not a number)',
        ),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_measured(
    tmp_path: Path, kind: str, good: dict, bad: str, why: str
) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(f"{json.dumps(good)}\n\n{bad}\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", kind, str(path)])
    assert res.exit_code == 2, res.output
    assert f"dev.jsonl:3: {why}" in " ".join(res.stderr.split())
    assert res.stdout.strip() == ""  # no figures from a partly read file


def test_a_file_without_gold_stories_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x"}) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", "clustering", str(path)])
    assert res.exit_code == 2
    assert "no record has a gold_story" in res.stderr
