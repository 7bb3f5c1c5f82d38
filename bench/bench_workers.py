"""Scale-out benchmark: N synthetic articles through 1, 2 and 4 worker processes on PostgreSQL.

For each worker count: a fresh database, `import --enqueue`, start the workers, wait until the
ingest and analysis queues are empty, and report articles/s and the speed-up over one worker.

    .venv/bin/python bench/bench_workers.py --articles 50000 --workers 1 2 4 \
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

SYLLABLES = [
    "ka",
    "lo",
    "mar",
    "ten",
    "vi",
    "su",
    "bra",
    "del",
    "no",
    "ri",
    "an",
    "tor",
    "es",
    "quil",
    "dun",
    "ber",
    "os",
    "la",
    "fen",
    "gor",
]
THINGS = [
    "flood", "strike", "election", "merger", "outage", "earthquake", "trial", "launch",
    "recall", "protest", "summit", "breach", "drought", "transfer", "verdict", "fire",
]  # fmt: skip


def name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def synthetic(n: int, per_event: int = 5, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for e in range(n // per_event):
        place, person, org = name(rng), f"{name(rng, 2)} {name(rng)}", f"{name(rng)} Group"
        thing = rng.choice(THINGS)
        num = rng.randint(10, 9000)
        facts = [
            f"A {thing} hit {place} on day {e % 28 + 1}, officials said.",
            f"{person} of {org} said {num} people were affected in {place}.",
            f"The {thing} in {place} is the largest since records began, {org} noted.",
            f"Authorities in {place} promised an inquiry into the {thing}.",
            f"{org} shares moved after the {thing}; {person} declined further comment.",
        ]
        for k in range(per_event):
            rng.shuffle(facts)
            rows.append(
                {
                    "id": f"b{e}-{k}",
                    "title": f"{thing.capitalize()} in {place}: {person} speaks",
                    "text": " ".join(facts[: 3 + k % 3]),
                    "source": f"Outlet {k}",
                }
            )
    rng.shuffle(rows)
    return rows


def run(admin_url: str, src: Path, workers: int, env: dict[str, str]) -> dict[str, float]:
    db_name = f"ns_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    url = admin_url.rsplit("/", 1)[0] + "/" + db_name
    cli = [sys.executable, "-m", "newssearcher.cli.main", "--db", url]
    procs = []
    try:
        subprocess.run([*cli, "import", str(src), "--enqueue", "--batch-size", "50"],
                       env=env, check=True, capture_output=True, timeout=3600)  # fmt: skip
        start = time.perf_counter()
        for _ in range(workers):
            procs.append(subprocess.Popen([*cli, "worker"], env=env, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))  # fmt: skip
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                left = conn.execute(
                    "SELECT count(*) FROM procrastinate_jobs WHERE queue_name IN "
                    "('ingest', 'analyse') AND status IN ('todo', 'doing')"
                ).fetchone()[0]
                if left == 0:
                    break
                time.sleep(1)
            elapsed = time.perf_counter() - start
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            stories = conn.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL"
            ).fetchone()[0]
        return {
            "workers": workers,
            "articles": articles,
            "stories": stories,
            "seconds": round(elapsed, 1),
            "articles_per_s": round(articles / elapsed, 1),
        }
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(60)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    env = dict(os.environ, NEWSSEARCHER_CONFIG="/nonexistent.toml")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in synthetic(args.articles)) + "\n")
        for n in args.workers:
            res = run(args.pg, src, n, env)
            results.append(res)
            print(res, file=sys.stderr)
    base = results[0]["articles_per_s"]
    for r in results:
        r["speedup"] = round(r["articles_per_s"] / base, 2)
    print(json.dumps({"machine": machine(), "results": results}))


if __name__ == "__main__":
    main()
