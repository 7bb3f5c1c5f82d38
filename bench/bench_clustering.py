"""Import + dedup + clustering throughput on 10,000 articles, with the time split by stage.

    .venv/bin/python bench/bench_clustering.py [--n 10000] [--db URL]

Articles: clustering-multinews then clustering-gnews from ../shared/eval/dev, repeated with
fresh ids (later rounds are exact duplicates, as re-posted wire copy) until N. Runs the real
ingest pipeline (pipeline.ingest.Ingestor, analysis off) on a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from newssearcher.config import Settings
from newssearcher.labelled import read_jsonl
from newssearcher.pipeline.ingest import Ingestor
from newssearcher.records import ArticleInput
from newssearcher.store import Database

SHARED = Path(os.environ.get("NEWSSEARCHER_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def articles(n: int) -> list[ArticleInput]:
    rows = []
    for name in ("clustering-multinews.jsonl", "clustering-gnews.jsonl"):
        rows.extend(read_jsonl(SHARED / "eval/dev" / name))
    out: list[ArticleInput] = []
    round_ = 0
    while len(out) < n:
        for r in rows:
            if len(out) >= n:
                break
            out.append(ArticleInput(external_id=f"{r['id']}#{round_}", text=r["text"], lang="en"))
        round_ += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    items = articles(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.migrate()
        ingestor = Ingestor(db, Settings(), analyse=False)
        done = 0
        started = time.perf_counter()
        marks = []

        def progress(k: int) -> None:
            nonlocal done
            done += k
            if done % 2000 == 0 or done == len(items):
                marks.append((done, time.perf_counter() - started))
                print(f"{done} articles, {time.perf_counter() - started:.1f}s", file=sys.stderr)

        ingestor.ingest(items, progress=progress)
        total = time.perf_counter() - started
        timings = dict(ingestor.engine.timings)
        db.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine_s = sum(timings.values())
    report = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "articles": len(items),
        "seconds": round(total, 1),
        "articles_per_s": round(len(items) / total, 1),
        "peak_rss_mb": round(peak_mb),
        "stage_seconds": {k: round(v, 1) for k, v in sorted(timings.items())}
        | {"store+other": round(total - engine_s, 1)},
        "per_2000_block_s": [
            round(b[1] - a[1], 1) for a, b in zip([(0, 0.0), *marks], marks, strict=False)
        ],
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
