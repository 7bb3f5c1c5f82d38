"""A small run of bench/bench_web.py: the generated hub serves every page kind without error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newssearcher.store import Database

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_web.py"


@pytest.mark.slow
def test_bench_web_small_run(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_web", BENCH)
    bench = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(bench)
    url = f"sqlite:///{tmp_path / 'b.db'}"
    db = Database(url)
    db.migrate()
    story_ids, queries = bench.build(db, 300)
    db.dispose()
    assert len(story_ids) >= 20
    proc, base = bench.serve(url, tmp_path)
    try:
        for paths in (
            [f"/story/{i}" for i in story_ids[:20]],
            [f"/search?q={q}" for q in queries[:20]],
            [f"/api/v1/search?mode=semantic&q={q}" for q in queries[:10]],
        ):
            result = bench.load(base, paths, concurrency=2)  # raises on any non-200 answer
            assert result["n"] == len(paths) and result["rps"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
