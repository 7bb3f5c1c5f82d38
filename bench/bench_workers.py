"""Scale-out benchmark: N synthetic articles through 1, 2 and 4 worker processes on PostgreSQL.

For each worker count: a fresh database, `import --enqueue` (jobs of 50 articles; not timed),
start the workers (``newssearcher worker``, concurrency 1 each), wait until the ingest and
analysis queues are empty, and report articles/s and the speed-up over one worker. Each job
stores, dedups and clusters its articles, then analyses the stories it touched (claims,
summary, hubs), so this is the whole pipeline. Two clocks: ``seconds`` from starting the
workers (process start and model loading included) and ``job_seconds`` from the first job
starting to the last one finishing (``articles_per_s`` uses the latter). The 1-minute load
average before and after each run is reported: on a shared machine it says what else ran.

    .venv/bin/python bench/bench_workers.py --articles 50000 --workers 1 2 4 \
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--timeout 3600]

``--no-analysis`` queues the jobs with ``import --enqueue --no-analysis`` and starts the workers
on the ``ingest`` queue only: store, dedup and cluster, the stories left pending for the
``analyse`` queue's own workers (how a large deployment splits the two). This is the size the
50,000-article run fits in on a small machine; the stories left pending are reported. The
stored-article count is sampled every 10 s, so the rate over the first and the last fifth of the
articles shows whether the cost per article grows with the store; each worker's peak RSS is read
from /proc before it stops.

    .venv/bin/python bench/bench_workers.py --articles 50000 --workers 1 2 4 --no-analysis

``--story-lock`` instead imports the articles in this process (analysis off, batches of 50) and
splits the time into work done before the story lock (``Ingestor._prepare``: embeddings,
signals, MinHash, catch-up) and time holding it. Time under the lock per article bounds what
any number of workers can place: ``1 / locked_s_per_article`` articles/s. It imports them a
tenth at a time and reports each tenth's rate and the engine's stage clocks (embedding,
catch-up, dedup, clustering, placement's database work, and the rest: storing), which shows
what grows with the store.

    .venv/bin/python bench/bench_workers.py --articles 2000 --story-lock
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

SYLLABLES = ["ka", "lo", "mar", "ten", "vi", "su", "bra", "del", "no", "ri", "an", "tor", "es",
             "quil", "dun", "ber", "os", "la", "fen", "gor"]  # fmt: skip
THINGS = [
    "flood", "strike", "election", "merger", "outage", "earthquake", "trial", "launch",
    "recall", "protest", "summit", "breach", "drought", "transfer", "verdict", "fire",
    "landslide", "bankruptcy", "heatwave", "derailment", "hijacking", "audit", "lockout",
    "boycott", "epidemic", "eruption", "blackout", "acquisition", "scandal", "referendum",
]  # fmt: skip
# content words: each event draws its own handful, so two events rarely share their vocabulary
_NOUN_TEXT = """
harbour bridge tunnel reservoir hospital clinic school campus library museum stadium arena
railway airport ferry pipeline refinery factory warehouse mine quarry dam canal highway
vineyard orchard fishery dairy bakery brewery textile steel cement copper lithium cobalt
wheat barley coffee cocoa sugar cotton timber salmon tuna shrimp rice maize soybean
pension mortgage tariff subsidy budget bond currency inflation lending payroll dividend
satellite rocket drone robot vaccine antibiotic insulin chip battery turbine reactor
telescope submarine frigate helicopter tanker locomotive tram bus taxi bicycle scooter
lighthouse cathedral monastery castle palace theatre opera orchestra festival carnival
glacier volcano coral forest wetland desert prairie river lagoon island peninsula valley
police army navy customs court parliament senate ministry council regulator union guild
pharmacy laboratory observatory aquarium zoo botanical garden cemetery prison barracks
newspaper broadcaster studio publisher archive census ballot pollster referee umpire
"""
NOUNS = _NOUN_TEXT.split()
VERBS = ["approved", "delayed", "blocked", "expanded", "reviewed", "funded", "suspended",
         "criticised", "defended", "investigated"]  # fmt: skip


ORG_KINDS = ["Group", "Holdings", "Partners", "Institute", "Council", "Authority", "Trust",
             "Cooperative", "Foundation", "Agency", "Labs", "Federation"]  # fmt: skip
ROLES = ["mayor", "spokesperson", "chief executive", "union leader", "minister", "director",
         "inspector", "judge", "captain", "professor"]  # fmt: skip
# each event picks 6 of these facts; {p} place, {n}/{o} person/organisation, {a}/{b}/{c}
# numbers, {t} the event, {w0}… its own nouns, {v0}… its verbs, {d} the day, {r} a role
FACTS = [
    "A {t} hit the {w0} of {p} on {d}, affecting {a} {w1} workers.",
    "{n}, {r} of the {o}, said {a} people had been affected by the {t}.",
    "The {w2} and the {w3} were {v0} by the {w4} {w5} of {p}.",
    "In {p} the {w6} was {v1} after {b} {w7} inspections.",
    "The {o} {v2} the {w8} plan; {n} would not discuss the {w9}.",
    "Officials in {p} put the cost of the {t} at {c} million.",
    "{n} told reporters the {w1} would reopen within {b} days.",
    "Critics of the {o} said the {w3} had been {v3} for years before the {t}.",
    "The {t} is the worst to hit {p} since {e}, according to the {o}.",
    "About {b} {w5} teams from outside {p} arrived to help with the {w0}.",
    "The {w4} {w5} {v3} the {w6} and asked the {o} for {c} million.",
    "Residents of {p} described the {t} as sudden; {n} promised an inquiry.",
]


def name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def event(rng: random.Random, when: datetime) -> tuple[str, list[str]]:
    """One event on ``when``: its title and six facts. It draws its own place, people,
    organisation, nouns, numbers and six of :data:`FACTS`, so distinct events share little but
    grammar, as distinct news events do."""
    slots = {
        "p": name(rng),
        "n": f"{name(rng, 2)} {name(rng)}",
        "o": f"{name(rng)} {rng.choice(ORG_KINDS)}",
        "t": rng.choice(THINGS),
        "r": rng.choice(ROLES),
        "d": f"{when:%A}",
        "a": rng.randint(10, 9000),
        "b": rng.randint(2, 99),
        "c": rng.randint(2, 900),
        "e": rng.randint(1950, 2020),
        **{f"w{k}": w for k, w in enumerate(rng.sample(NOUNS, 10))},
        **{f"v{k}": v for k, v in enumerate(rng.sample(VERBS, 4))},
    }
    facts = [f.format(**slots) for f in rng.sample(FACTS, 6)]
    title = f"{slots['p']} {slots['w0']} {slots['t']}: {slots['n']} on the {slots['w2']}"
    return title, facts


def report_text(rng: random.Random, facts: list[str], k: int) -> str:
    """Outlet ``k``'s report: another order and subset (3 to 6) of the event's facts."""
    rng.shuffle(facts)
    return " ".join(facts[: 3 + k % 4])


def synthetic(n: int, per_event: int = 5, seed: int = 1) -> list[dict]:
    """``n`` articles: ``n / per_event`` events (:func:`event`), each reported by ``per_event``
    outlets in reworded texts (:func:`report_text`); an event every ``per_event`` minutes;
    shuffled, as imports arrive."""
    rng = random.Random(seed)
    rows = []
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for e in range(n // per_event):
        when = start + timedelta(minutes=e * per_event)
        title, facts = event(rng, when)
        for k in range(per_event):
            rows.append(
                {
                    "id": f"b{e}-{k}",
                    "title": title,
                    "text": report_text(rng, facts, k),
                    "source": f"Outlet {k}",
                    "published": (when + timedelta(minutes=7 * k)).isoformat(),
                    "event": f"e{e}",
                }
            )
    rng.shuffle(rows)
    return rows


def _peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _fifths(samples: list[tuple[float, int]], total: int) -> tuple[float | None, float | None]:
    """Articles/s over the first and the last fifth of ``total`` stored articles."""

    def rate(lo: int, hi: int) -> float | None:
        a = next(((t, n) for t, n in samples if n >= lo), None)
        b = next(((t, n) for t, n in samples if n >= hi), None)
        if a is None or b is None or b[0] <= a[0]:
            return None
        return round((b[1] - a[1]) / (b[0] - a[0]), 1)

    return rate(1, total // 5), rate(total - total // 5, total)


def run(
    admin_url: str,
    src: Path,
    workers: int,
    env: dict[str, str],
    timeout_s: float,
    analyse: bool = True,
) -> dict[str, float]:
    db_name = f"ns_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    url = admin_url.rsplit("/", 1)[0] + "/" + db_name
    cli = [sys.executable, "-m", "newssearcher.cli.main", "--db", url]
    procs = []
    try:
        flags = [] if analyse else ["--no-analysis"]
        subprocess.run([*cli, "import", str(src), "--enqueue", "--batch-size", "50", *flags],
                       env=env, check=True, capture_output=True, timeout=3600)  # fmt: skip
        queues = "('ingest', 'analyse')" if analyse else "('ingest')"
        worker_args = ["worker"] if analyse else ["worker", "--queue", "ingest"]
        load_before = round(os.getloadavg()[0], 2)
        start = time.perf_counter()
        for _ in range(workers):
            procs.append(subprocess.Popen([*cli, *worker_args], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        deadline = time.monotonic() + timeout_s
        samples: list[tuple[float, int]] = []
        next_sample = 0.0
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                left = conn.execute(
                    f"SELECT count(*) FROM procrastinate_jobs WHERE queue_name IN {queues} "
                    "AND status IN ('todo', 'doing')"
                ).fetchone()[0]
                now = time.perf_counter() - start
                if now >= next_sample:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                    samples.append((now, stored))
                    next_sample = now + 10
                if left == 0:
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{left} jobs left after {timeout_s} s")
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError("a worker died")
                time.sleep(1)
            elapsed = time.perf_counter() - start
            load_after = round(os.getloadavg()[0], 2)
            rss = [_peak_rss_mib(p.pid) for p in procs]
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            (distinct,) = conn.execute(
                "SELECT count(DISTINCT external_id) FROM articles"
            ).fetchone()
            stories = conn.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL AND article_count > 0"
            ).fetchone()[0]
            window = conn.execute(
                "SELECT extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded') "
                "- min(e.at) FILTER (WHERE e.type = 'started')) FROM procrastinate_events e "
                "JOIN procrastinate_jobs j ON j.id = e.job_id "
                f"WHERE j.queue_name IN {queues}"
            ).fetchone()[0]
            (pending,) = conn.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL AND article_count > 0 "
                "AND (analysed_at IS NULL OR analysed_at < updated_at)"
            ).fetchone()
            (mixed,) = conn.execute(
                "SELECT count(*) FROM (SELECT story_id FROM articles GROUP BY story_id "
                "HAVING count(DISTINCT meta->>'event') > 1) AS t"
            ).fetchone()
            (split,) = conn.execute(
                "SELECT count(*) FROM (SELECT meta->>'event' FROM articles GROUP BY 1 "
                "HAVING count(DISTINCT story_id) > 1) AS t"
            ).fetchone()
            failed = conn.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'"
            ).fetchone()[0]
        job_s = float(window)
        samples.append((elapsed, articles))
        first_fifth, last_fifth = _fifths(samples, articles)
        return {
            "workers": workers,
            "articles": articles,
            "articles_distinct": distinct,
            "stories": stories,
            "stories_mixing_events": mixed,
            "events_split": split,
            "failed_jobs": failed,
            "seconds": round(elapsed, 1),
            "job_seconds": round(job_s, 1),
            "articles_per_s": round(articles / job_s, 1),
            "articles_per_s_incl_startup": round(articles / elapsed, 1),
            "articles_per_s_first_fifth": first_fifth,
            "articles_per_s_last_fifth": last_fifth,
            "stories_pending_analysis": pending,
            "worker_peak_rss_mib": rss,
            "load_1min_before": load_before,
            "load_1min_after": load_after,
        }
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(60)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def story_lock(admin_url: str, rows: list[dict]) -> dict[str, float]:
    """One process, analysis off: seconds before the story lock vs. holding it."""
    from newssearcher.config import Settings
    from newssearcher.pipeline.ingest import Ingestor
    from newssearcher.pipeline.records_in import record_from_json
    from newssearcher.store import Database
    from newssearcher.stories.embedding import embed_texts

    db_name = f"ns_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    db = Database(admin_url.rsplit("/", 1)[0] + "/" + db_name)
    try:
        db.migrate()
        ingestor = Ingestor(db, Settings(), batch_size=50, analyse=False)
        outside = [0.0]
        prepare = getattr(ingestor, "_prepare", None)  # absent: everything ran under the lock
        if prepare is not None:

            def timed(batch: list) -> object:
                t = time.perf_counter()
                try:
                    return prepare(batch)
                finally:
                    outside[0] += time.perf_counter() - t

            ingestor._prepare = timed  # type: ignore[method-assign]
        records = [record_from_json(r) for r in rows]
        embed_texts(["warm-up"])  # load the model before the clock starts
        load_before = round(os.getloadavg()[0], 2)
        clocks = ingestor.engine.timings
        step = max(1, -(-len(records) // 10))
        tenths, n = [], 0
        t0 = time.perf_counter()
        for start in range(0, len(records), step):
            t, before = time.perf_counter(), dict(clocks)
            stored = ingestor.ingest(records[start : start + step]).stored
            took = time.perf_counter() - t
            n += stored
            spent = {k: round(clocks[k] - before.get(k, 0.0), 2) for k in sorted(clocks)}
            tenths.append(
                {
                    "articles": stored,
                    "articles_per_s": round(stored / took, 1),
                    "seconds": round(took, 2),
                    **spent,
                    # storing: existence checks and inserts (with their index upkeep)
                    "other": round(took - sum(spent.values()), 2),
                }
            )
        total = time.perf_counter() - t0
        locked = total - outside[0]
        return {
            "articles": n,
            "seconds": round(total, 1),
            "articles_per_s": round(n / total, 1),
            "before_lock_s": round(outside[0], 1),
            "under_lock_s": round(locked, 1),
            "under_lock_ms_per_article": round(1000 * locked / n, 2),
            "lock_bound_articles_per_s": round(n / locked, 1),
            "load_1min_before": load_before,
            "load_1min_after": round(os.getloadavg()[0], 2),
            # per tenth of the articles, the engine's stage clocks (seconds): what grows with
            # the store
            "tenths": tenths,
        }
    finally:
        db.dispose()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per worker count")
    parser.add_argument("--story-lock", action="store_true", help="time under the story lock")
    parser.add_argument("--no-analysis", action="store_true", help="ingest-queue workers only")
    args = parser.parse_args()
    env = dict(os.environ, NEWSSEARCHER_CONFIG="/nonexistent.toml")
    if args.story_lock:
        os.environ["NEWSSEARCHER_CONFIG"] = env["NEWSSEARCHER_CONFIG"]
        res = story_lock(args.pg, synthetic(args.articles))
        print(json.dumps({"machine": machine(), "story_lock": res}, indent=1))
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in synthetic(args.articles)) + "\n")
        for n in args.workers:
            res = run(args.pg, src, n, env, args.timeout, analyse=not args.no_analysis)
            results.append(res)
            print(json.dumps(res), file=sys.stderr, flush=True)
    base = results[0]["articles_per_s"]
    for r in results:
        r["speedup"] = round(r["articles_per_s"] / base, 2)
    print(
        json.dumps(
            {
                "machine": machine(),
                "articles": args.articles,
                "analysis": not args.no_analysis,
                "results": results,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
