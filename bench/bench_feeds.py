"""Simulated feed farm: N feeds on H loopback hosts, fetched in-process on SQLite and through 1, 2
and 4 worker processes on PostgreSQL.

A separate server process binds one asyncio HTTP server to each of 127.0.0.2 … 127.0.0.(H+1)
(all loopback on Linux; never 0.0.0.0). Feed ``n`` lives on host ``n % H`` and lists ``P``
small article pages on the same host; every host serves a permissive robots.txt. Item ``k`` of
feeds ``5g … 5g+4`` (five hosts) reports event ``(g, k)`` in each feed's own words, so a run has
``ceil(N / 5) * P`` events and, when clustering gets them right, as many stories. For each run:
a fresh database, the N sources inserted in bulk and due at once, then

- ``sqlite``: one ``fetch --once`` pass in this process (``run_fetch``);
- ``workers=k``: k ``newssearcher worker`` processes (all queues: the periodic scheduler queues
  ``fetch_source`` jobs; workers poll, store, dedup and cluster), until every source was polled
  and the fetch and ingest queues are empty. Story analysis (NER, claims, stance) runs on the
  same workers' ``analyse`` queue, queued by the periodic sweep, so it competes with fetching;
  the stories still waiting for it at the end are reported.
  The SQLite run leaves analysis for later too, unless ``--sqlite-analyse`` (what a plain
  ``fetch --once`` does: analyse after each source).

Reported: feeds/s, pages/s, articles stored, failures, and for the workers the scheduling lag
(from a source falling due to its job being queued and to its job starting: p50/p95/max).

    .venv/bin/python bench/bench_feeds.py --feeds 10000 --hosts 100 --pages 3 \
        [--workers 1 2 4] [--no-sqlite] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402
from bench_workers import event, report_text  # noqa: E402

#: feeds that report each event (consecutive feeds: on as many hosts)
PER_EVENT = 5
EPOCH = datetime(2025, 11, 1, tzinfo=UTC)


# ---------------------------------------------------------------------------------- server
def page_html(feed: int, k: int) -> bytes:
    """Item ``k`` of feed ``feed``: one report of event ``(feed // PER_EVENT, k)``. The
    :data:`PER_EVENT` feeds of a group report the same ``pages`` events, each in its own words
    (``bench_workers``' generator: distinct events share little but grammar)."""
    e = (feed // PER_EVENT) * 1000 + k
    when = EPOCH + timedelta(minutes=e)
    title, facts = event(random.Random(e), when)
    text = report_text(random.Random(feed * 1009 + k), facts, feed % PER_EVENT)
    paras = "".join(f"<p>{sentence}</p>" for sentence in re.split(r"(?<=\.) ", text))
    published = (when + timedelta(minutes=7 * (feed % PER_EVENT))).isoformat()
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='article:published_time' content='{published}'>"
        f"</head><body><article><h1>{title}</h1>{paras}</article></body></html>"
    ).encode()


def feed_xml(base: str, feed: int, pages: int) -> bytes:
    items = "".join(
        f"<item><title>Item {feed}-{k}</title><link>{base}/a/{feed}/{k}.html</link>"
        f"<guid>{base}/a/{feed}/{k}.html</guid>"
        f"<pubDate>Sat, 01 Nov 2025 {k % 24:02d}:00:00 GMT</pubDate></item>"
        for k in range(pages)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Feed {feed}</title><link>{base}/</link><description>bench</description>"
        f"{items}</channel></rss>"
    ).encode()


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: dict) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode()
            host["requests"] += 1
            status, ctype, body = 200, "text/html; charset=utf-8", b""
            if path == "/robots.txt":
                ctype, body = "text/plain", b"User-agent: *\nAllow: /\n"
            elif path.startswith("/feed/"):
                feed = int(path[6:].split(".")[0])
                ctype, body = "application/rss+xml", feed_xml(host["base"], feed, host["pages"])
            elif path.startswith("/a/"):
                _, _, feed, k = path.split("/")
                body = page_html(int(feed), int(k.split(".")[0]))
            else:
                status, ctype, body = 404, "text/plain", b"not here"
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                "Connection: keep-alive\r\n\r\n".encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _serve(hosts: int, pages: int) -> None:
    stats = []
    servers = []
    for h in range(hosts):
        addr = f"127.0.0.{h + 2}"
        state = {"requests": 0, "pages": pages, "base": ""}
        server = await asyncio.start_server(
            lambda r, w, s=state: _handle(r, w, s), addr, 0, backlog=512
        )
        port = server.sockets[0].getsockname()[1]
        state["base"] = f"http://{addr}:{port}"
        stats.append(state)
        servers.append(server)
    print(json.dumps([s["base"] for s in stats]), flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    print(json.dumps({"requests": sum(s["requests"] for s in stats)}), flush=True)


# ---------------------------------------------------------------------------------- runs
def insert_sources(url: str, bases: list[str], feeds: int, due_in_s: float = 0.0) -> None:
    from sqlalchemy import insert

    from newssearcher.store import Database
    from newssearcher.store.models import Source

    db = Database(url)
    db.migrate()
    now = datetime.now(UTC)
    due = now + timedelta(seconds=due_in_s)
    rows = [
        {
            "url": f"{bases[n % len(bases)]}/feed/{n}.xml",
            "kind": "feed",
            "poll_interval_s": 3600,
            "next_poll_at": due,
            "consecutive_failures": 0,
            "article_count": 0,
            "active": True,
            "added_at": now,
        }
        for n in range(feeds)
    ]
    with db.session() as s:
        for start in range(0, len(rows), 2000):
            s.execute(insert(Source), rows[start : start + 2000])
    db.dispose()


def bench_settings(db_url: str, delay: float) -> dict[str, str]:
    return {
        "NEWSSEARCHER_CONFIG": "/nonexistent.toml",
        "NEWSSEARCHER_DB": db_url,
        "NEWSSEARCHER_PER_HOST_DELAY_S": str(delay),
        "NEWSSEARCHER_PER_HOST_CONCURRENCY": "2",
        "NEWSSEARCHER_FETCH_CONCURRENCY": "16",
        "NEWSSEARCHER_CONNECT_TIMEOUT_S": "10",
        "NEWSSEARCHER_READ_TIMEOUT_S": "30",
    }


def run_sqlite(
    bases: list[str], feeds: int, delay: float, tmp: Path, analyse: bool
) -> dict[str, Any]:
    url = f"sqlite:///{tmp / f'feeds-{uuid.uuid4().hex[:6]}.db'}"
    insert_sources(url, bases, feeds)
    os.environ.update(bench_settings(url, delay))
    from newssearcher.config import Settings
    from newssearcher.pipeline.fetch_run import run_fetch
    from newssearcher.store import Database

    db = Database(url)
    settings = Settings()
    ingest = None
    if not analyse:  # like the workers: store, dedup and cluster now; analyse afterwards
        from newssearcher.pipeline.ingest import Ingestor

        ingestor = Ingestor(db, settings, analyse=False)

        def ingest(records: list, source_id: int) -> Any:
            return ingestor.ingest(records, source_id=source_id)

    start = time.perf_counter()
    report = run_fetch(db, settings, once=True, ingest=ingest)
    elapsed = time.perf_counter() - start
    return {
        "mode": "sqlite, fetch --once in-process"
        + (", analysis inline" if analyse else ", analysis left for later"),
        "feeds": report.sources_polled,
        "feeds_failed": report.sources_failed,
        "pages": report.pages_fetched,
        "articles_stored": report.articles_stored,
        "seconds": round(elapsed, 1),
        "feeds_per_s": round(report.sources_polled / elapsed, 1),
        "pages_per_s": round(report.pages_fetched / elapsed, 1),
        "fetch_concurrency": settings.fetch_concurrency,
    }


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def run_workers(
    admin_url: str,
    bases: list[str],
    feeds: int,
    workers: int,
    concurrency: int,
    delay: float,
    timeout_s: float,
) -> dict[str, Any]:
    import psycopg

    name = f"ns_feeds_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    procs: list[subprocess.Popen[bytes]] = []
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept for a post-mortem
        "wb", prefix=f"bench-feeds-{workers}w-", suffix=".log", delete=False
    )
    try:
        insert_sources(url, bases, feeds, due_in_s=86400)  # due once the workers are up
        env = dict(os.environ, **bench_settings(url, delay))
        cli = [sys.executable, "-m", "newssearcher.cli.main", "--db", url, "worker"]
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(workers):
                procs.append(
                    subprocess.Popen(
                        [*cli, "--concurrency", str(concurrency), "--heartbeat", "2"],
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            registered = "SELECT count(*) FROM procrastinate_workers"
            while conn.execute(registered).fetchone()[0] < workers:
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError(f"a worker died; see {log.name}")
                time.sleep(0.2)
            load_before = round(os.getloadavg()[0], 2)
            due = conn.execute("UPDATE sources SET next_poll_at = now() RETURNING 1").rowcount
            t0 = time.perf_counter()
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                time.sleep(1)
                left = conn.execute(
                    "SELECT (SELECT count(*) FROM sources WHERE last_polled_at IS NULL) + "
                    "(SELECT count(*) FROM procrastinate_jobs WHERE queue_name IN "
                    "('fetch', 'ingest') AND status IN ('todo', 'doing'))"
                ).fetchone()[0]
                if left == 0:
                    break
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError(f"a worker died; see {log.name}")
            elapsed = time.perf_counter() - t0
            load_after = round(os.getloadavg()[0], 2)
            polled = conn.execute(
                "SELECT count(*) FROM sources WHERE last_polled_at IS NOT NULL"
            ).fetchone()[0]
            failed = conn.execute(
                "SELECT count(*) FROM sources WHERE consecutive_failures > 0"
            ).fetchone()[0]
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            failures = conn.execute("SELECT count(*) FROM page_failures").fetchone()[0]
            stories, largest = conn.execute(
                "SELECT count(*), max(article_count) FROM stories "
                "WHERE merged_into IS NULL AND article_count > 0"
            ).fetchone()
            pending = conn.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL AND article_count > 0 "
                "AND (analysed_at IS NULL OR analysed_at < updated_at)"
            ).fetchone()[0]
            lags = conn.execute(
                "SELECT extract(epoch FROM d.at - (j.args->>'due_at')::timestamptz), "
                "extract(epoch FROM s.at - (j.args->>'due_at')::timestamptz) "
                "FROM procrastinate_jobs j "
                "JOIN procrastinate_events d ON d.job_id = j.id AND d.type = 'deferred' "
                "JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started' "
                "WHERE j.task_name = 'fetch_source'"
            ).fetchall()
            jobs = conn.execute(
                "SELECT count(*), count(DISTINCT worker_id) FROM procrastinate_jobs "
                "WHERE task_name = 'fetch_source'"
            ).fetchone()
            host_rows = conn.execute("SELECT count(*) FROM host_slots").fetchone()[0]
            errors = [
                r[0]
                for r in conn.execute(
                    "SELECT last_error FROM sources WHERE consecutive_failures > 0 LIMIT 3"
                )
            ]
        queued = [float(q) for q, _ in lags]
        started = [float(s) for _, s in lags]
        pages = articles + failures
        return {
            "mode": f"postgresql, {workers} worker(s) x concurrency {concurrency}",
            "workers": workers,
            "feeds_due": due,
            "feeds": polled,
            "feeds_failed": failed,
            "errors_sample": errors,
            "pages": pages,
            "articles_stored": articles,
            "page_failures": failures,
            "stories": stories,
            "largest_story": largest,
            "stories_pending_analysis": pending,
            "seconds": round(elapsed, 1),
            "feeds_per_s": round(polled / elapsed, 1),
            "pages_per_s": round(pages / elapsed, 1),
            "fetch_jobs": jobs[0],
            "hosts_in_host_slots": host_rows,
            "load_1min_before": load_before,
            "load_1min_after": load_after,
            "lag_due_to_queued_s": {
                "p50": _pct(queued, 0.5),
                "p95": _pct(queued, 0.95),
                "max": _pct(queued, 1.0),
            },  # fmt: skip
            "lag_due_to_started_s": {
                "p50": _pct(started, 0.5),
                "p95": _pct(started, 0.95),
                "max": _pct(started, 1.0),
            },  # fmt: skip
        }
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--pages", type=int, default=3, help="pages per feed")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--concurrency", type=int, default=8, help="jobs at once per worker")
    parser.add_argument("--delay", type=float, default=0.02, help="per-host delay, seconds")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--sqlite-feeds", type=int, help="feeds for the SQLite run (default: all)")
    parser.add_argument(
        "--sqlite-analyse", action="store_true",
        help="SQLite: analyse stories after each source, as plain `fetch --once` does",
    )  # fmt: skip
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be between 1 and 250 (127.0.0.2 … 127.0.0.251)")
    if args.serve:
        asyncio.run(_serve(args.hosts, args.pages))
        return
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--hosts", str(args.hosts), "--pages",
         str(args.pages)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    results: list[dict[str, Any]] = []
    try:
        assert server.stdout is not None
        bases = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            if not args.no_sqlite:
                res = run_sqlite(
                    bases, args.sqlite_feeds or args.feeds, args.delay, Path(tmp),
                    args.sqlite_analyse,
                )  # fmt: skip
                results.append(res)
                print(json.dumps(res), file=sys.stderr, flush=True)
            for n in args.workers:
                res = run_workers(
                    args.pg, bases, args.feeds, n, args.concurrency, args.delay, args.timeout
                )
                results.append(res)
                print(json.dumps(res), file=sys.stderr, flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    served = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    print(
        json.dumps(
            {
                "machine": machine(),
                "feeds": args.feeds,
                "hosts": args.hosts,
                "pages_per_feed": args.pages,
                # each reported by PER_EVENT feeds: ideally one story each
                "events": -(-args.feeds // PER_EVENT) * args.pages,
                "per_host_delay_s": args.delay,
                "requests_served": served.get("requests"),
                "results": results,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
