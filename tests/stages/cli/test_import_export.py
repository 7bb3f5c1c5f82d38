"""``import`` / ``export`` through the real CLI on both databases."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.store import Database
from newssearcher.store.models import Article

runner = CliRunner()

GOOD = [
    {
        "id": "wire-1",
        "title": "Flood barrier fails in river town",
        "text": "The flood barrier in the river town of Eldmoor failed on Tuesday night after "
        "three days of heavy rain, officials said. About 400 homes were evacuated.",
        "url": "https://harbour-daily.example/news/flood-barrier?utm_source=rss",
        "source": "Harbour Daily",
        "published": "2026-03-03T08:00:00Z",
        "lang": "en",
        "desk": "national",
    },
    {
        "id": "wire-2",
        "title": "Chess prodigy wins national title",
        "text": "A fourteen-year-old from Calder won the national chess championship on Sunday, "
        "beating the defending champion in a tense final game that lasted six hours.",
        "source": "Calder Courier",
        "published": "2026-03-05T10:30:00+01:00",
    },
    {
        "id": "wire-3",
        "title": "Se rompe la barrera contra inundaciones en Eldmoor",
        "text": "La barrera contra inundaciones de Eldmoor cedió el martes por la noche tras tres "
        "días de lluvias intensas, según las autoridades. Unas 400 viviendas fueron evacuadas.",
        "source": "Diario del Puerto",
        "lang": "es",
    },
]


def write_jsonl(path: Path, rows: list[object], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[1:1] = list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(db_url: str, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", db_url, *args], input=input)


def export(db_url: str) -> list[dict]:
    result = run(db_url, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_import_reports_bad_lines_and_keeps_the_good(db_url: str, tmp_path: Path) -> None:
    bad = [
        "{not json",
        '["a", "list"]',
        '{"title": "no id", "text": "x"}',
        '{"id": "b4", "text": "x", "published": "last Tuesday"}',
        '{"id": "b5", "text": ""}',
    ]
    src = write_jsonl(tmp_path / "in.jsonl", GOOD, bad)
    result = run(db_url, "import", str(src), "--no-analysis")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 3
    assert summary["rejected"] == 5
    # the bad lines are lines 2..6 of the file, each reported with its number and the problem
    assert summary["rejected_lines"] == [2, 3, 4, 5, 6]
    assert "line 2: invalid JSON" in result.stderr
    assert "line 3: expected a JSON object" in result.stderr
    assert 'line 4: "id" is required' in result.stderr
    assert 'line 5: "published" is not an ISO 8601 date' in result.stderr
    assert 'line 6: "text" is empty' in result.stderr

    rows = export(db_url)
    assert [r["id"] for r in rows] == ["wire-1", "wire-2", "wire-3"]
    first = rows[0]
    for key in ("id", "url", "story_id", "duplicate_of", "rewrite_of", "lang", "title"):
        assert key in first
    assert first["metadata"] == {"desk": "national"}
    assert first["canonical_url"] == "https://harbour-daily.example/news/flood-barrier"
    assert first["published"].startswith("2026-03-03T08:00:00")
    assert rows[1]["published"].startswith("2026-03-05T09:30:00")  # normalised to UTC
    assert rows[1]["lang"] == "en"  # detected: the line had no "lang"
    assert all(r["story_id"] is not None for r in rows)


def test_import_twice_stores_nothing_twice(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert run(db_url, "import", str(src), "--no-analysis").exit_code == 0
    before = export(db_url)
    again = run(db_url, "import", str(src), "--no-analysis")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 0 and summary["already_present"] == 3
    assert export(db_url) == before


def test_same_url_under_another_id_is_already_present(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", GOOD[:1])
    assert run(db_url, "import", str(src), "--no-analysis").exit_code == 0
    copy = dict(GOOD[0], id="other-id", url="https://HARBOUR-DAILY.example/news/flood-barrier")
    result = run(db_url, "import", "-", "--no-analysis", input=json.dumps(copy) + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["already_present"] == 1
    assert [r["id"] for r in export(db_url)] == ["wire-1"]


def test_missing_file_is_a_clear_error(sqlite_url: str, tmp_path: Path) -> None:
    result = run(sqlite_url, "import", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_export_unknown_format(sqlite_url: str) -> None:
    result = run(sqlite_url, "export", "--format", "xml")
    assert result.exit_code == 2
    assert "unknown format" in result.stderr


def test_killed_import_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    """SIGKILL mid-import, run it again: every line stored exactly once."""
    db_path = tmp_path / "k.db"
    url = f"sqlite:///{db_path}"
    topics = ["harbour", "election", "vaccine", "satellite", "football", "bank", "volcano", "chip"]
    rows = [
        {
            "id": f"k-{i}",
            "title": f"Report {i} on the {topics[i % 8]}",
            "text": f"Item {i}: the {topics[i % 8]} report number {i} says things about "
            f"{topics[(i * 3) % 8]} and {topics[(i * 5) % 8]} in detail {i * 7}.",
        }
        for i in range(400)
    ]
    src = write_jsonl(tmp_path / "big.jsonl", rows)
    cmd = [sys.executable, "-m", "newssearcher.cli.main", "--db", url, "import", str(src),
           "--no-analysis", "--batch-size", "20"]  # fmt: skip
    env = dict(os.environ, NEWSSEARCHER_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = Database(url)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db_path.exists():
            try:
                with db.session() as s:
                    stored = s.scalar(select(func.count(Article.id))) or 0
            except Exception:  # noqa: BLE001 - schema may not exist yet
                stored = 0
            if stored >= 40:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert 0 < stored < len(rows), "the import should have been killed midway"

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with db.session() as s:
        ids = list(s.scalars(select(Article.external_id)))
    assert sorted(ids) == sorted(r["id"] for r in rows)
    db.dispose()
