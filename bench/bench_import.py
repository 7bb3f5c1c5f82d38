"""Import throughput: `newssearcher import` of clustering-multinews.jsonl into a fresh SQLite
file, as a user would run it. Reports articles/s, peak memory of the import process, and the
same with story analysis switched off (so the cost of analysis shows).

    .venv/bin/python bench/bench_import.py [--file PATH] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, shared_dir  # noqa: E402


def run_import(src: Path, db_url: str, *extra: str) -> dict[str, float]:
    cmd = [
        sys.executable,
        "-m",
        "newssearcher.cli.main",
        "--db",
        db_url,
        "import",
        str(src),
        *extra,
    ]
    env = dict(os.environ, NEWSSEARCHER_CONFIG="/nonexistent.toml")
    start = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode})")
    summary = json.loads(out.strip().splitlines()[-1])
    return {
        "articles": summary["stored"],
        "seconds": round(elapsed, 1),
        "articles_per_s": round(summary["stored"] / elapsed, 1),
        "peak_rss_mib": round(peak / 2**20),
        "stories": summary["stories_touched"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--file", type=Path, default=shared_dir() / "eval/dev/clustering-multinews.jsonl"
    )
    args = parser.parse_args()
    if not args.file.is_file():
        raise SystemExit(f"{args.file}: not found (set NEWSSEARCHER_SHARED)")
    print(f"machine: {machine()}", file=sys.stderr)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (("full pipeline", ()), ("without analysis", ("--no-analysis",))):
            db_url = f"sqlite:///{Path(tmp) / (label.replace(' ', '_') + '.db')}"
            results[label] = run_import(args.file, db_url, *extra)
            print(f"{label}: {results[label]}", file=sys.stderr)
    print(json.dumps({"file": args.file.name, "machine": machine(), "results": results}))


if __name__ == "__main__":
    main()
