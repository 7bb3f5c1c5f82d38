"""Fetching as jobs: worker processes on the real PostgreSQL polling real loopback servers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import func, select

from newssearcher.dedup.fingerprints import canonical_url
from newssearcher.sample import corpus
from newssearcher.sample.server import build_routes
from newssearcher.sources.registry import add_source, backoff_delay
from newssearcher.store import Database
from newssearcher.store.models import Article, PageFailure, Source
from tests.stages.jobs.conftest import Workers
from tests.stages.sources.site import Hit, Reply, Site, serve_site

pytestmark = pytest.mark.postgres

DELAY = 0.1


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    db = Database(pg_url)
    yield db
    db.dispose()


def _both_workers_up(workers: Workers, n: int = 2) -> None:
    workers.wait_until(
        lambda: workers.sql("SELECT count(*) FROM procrastinate_workers")[0][0] >= n,
        timeout=120, what=f"{n} workers to register",
    )  # fmt: skip


def _fetch_idle(workers: Workers) -> bool:
    return workers.queue_idle(("fetch", "ingest"))


def _serve_sample(site: Site) -> dict:
    manifest = corpus.load_manifest()
    for path, res in build_routes(site.base, manifest).items():
        site.page(path, res.body, res.content_type)
    return manifest


def test_workers_fetch_the_sample_corpus_once_politely_and_back_off_a_failing_source(
    workers: Workers, pg: Database
) -> None:
    workers.env.update(
        NEWSSEARCHER_PER_HOST_DELAY_S=str(DELAY),
        NEWSSEARCHER_PER_HOST_CONCURRENCY="4",
        NEWSSEARCHER_MAX_RETRIES="1",
        NEWSSEARCHER_RETRY_BACKOFF_S="0.05",
    )
    with serve_site() as site:
        manifest = _serve_sample(site)
        site.handler("/broken/feed.xml", lambda s, h, r: Reply(500, b"down", {}, "text/plain"))
        workers.start("--concurrency", "4")
        workers.start("--concurrency", "4")
        _both_workers_up(workers)
        good = [add_source(pg, site.url(o["feed"]["path"])).id for o in manifest["outlets"]]
        broken = add_source(pg, site.url("/broken/feed.xml")).id

        def done() -> bool:
            polled = workers.sql("SELECT count(*) FROM sources WHERE last_polled_at IS NOT NULL")
            return polled[0][0] == len(good) + 1 and _fetch_idle(workers)

        workers.wait_until(done, timeout=240, what="every source to be polled")
        time.sleep(3)  # a few more scheduler ticks: nothing may be polled again
        hits = list(site.hits)
        # which workers ran the polls (known until a worker stops and unregisters)
        ran_on = workers.sql(
            "SELECT count(DISTINCT worker_id) FROM procrastinate_jobs "
            "WHERE task_name = 'fetch_source' AND status = 'succeeded'"
        )[0][0]
    workers.stop_all()

    # each article stored exactly once, and its page fetched exactly once
    with pg.session() as s:
        urls = s.scalars(select(Article.canonical_url)).all()
        assert s.scalars(select(PageFailure)).all() == []
        sources = {x.id: x for x in s.scalars(select(Source))}
    assert len(urls) == len(set(urls)) == len(manifest["articles"])
    expected = {canonical_url(site.url(a["path"])) for a in manifest["articles"]}
    assert set(urls) == expected
    per_path = Counter(h.path for h in hits)
    for article in manifest["articles"]:
        assert per_path[article["path"]] == 1, article["path"]

    # politeness across both workers: the one host never saw two requests closer than DELAY
    times = sorted(h.at for h in hits)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= DELAY - 0.01, sorted(gaps)[:5]
    assert ran_on == 2  # both workers polled

    # the failing source: one poll (two requests: one retry), backed off, others unharmed
    assert per_path["/broken/feed.xml"] == 2
    bad = sources[broken]
    assert bad.consecutive_failures == 1 and "500" in (bad.last_error or "")
    wait = (bad.next_poll_at - bad.last_polled_at).total_seconds()
    assert wait == pytest.approx(backoff_delay(bad.poll_interval_s, 1), abs=1)
    assert all(sources[i].consecutive_failures == 0 and sources[i].last_success_at for i in good)
    for outlet in manifest["outlets"]:
        assert per_path[outlet["feed"]["path"]] == 1


def test_a_source_is_never_polled_twice_at_once(workers: Workers, pg: Database) -> None:
    """Duplicate jobs for one slow source, on two workers: one poll, never two in flight."""
    state = {"in_flight": 0, "most": 0}
    lock = threading.Lock()
    rss = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Slow</title>"
        b"<link>http://127.0.0.1/</link><description>d</description></channel></rss>"
    )

    def slow(site: Site, hit: Hit, req: BaseHTTPRequestHandler) -> Reply:
        with lock:
            state["in_flight"] += 1
            state["most"] = max(state["most"], state["in_flight"])
        time.sleep(1.5)
        with lock:
            state["in_flight"] -= 1
        return Reply(200, rss, {}, "application/rss+xml")

    with serve_site() as site:
        site.handler("/slow.xml", slow)
        source_id = add_source(pg, site.url("/slow.xml")).id
        # six jobs for the same source without a queueing lock (as if queued by a stale
        # scheduler), on top of what the scheduler itself queues
        code = (
            "from newssearcher.config import Settings\n"
            "from newssearcher.jobs.app import make_app\n"
            "app = make_app(Settings())\n"
            "with app.open():\n"
            "    for _ in range(6):\n"
            f"        app.tasks['fetch_source'].defer(source_id={source_id})\n"
        )
        env = dict(workers.env, NEWSSEARCHER_DB=workers.url)
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
        workers.start("--concurrency", "4")
        workers.start("--concurrency", "4")
        workers.wait_until(
            lambda: workers.sql("SELECT count(*) FROM procrastinate_jobs WHERE task_name = "
                                "'fetch_source' AND status = 'succeeded'")[0][0] >= 6
            and _fetch_idle(workers),
            timeout=180, what="the duplicate jobs to run",
        )  # fmt: skip
        time.sleep(2.5)  # another scheduler tick
        requests = len(site.paths("/slow.xml"))
    assert requests == 1
    assert state["most"] == 1
    with pg.session() as s:
        source = s.get(Source, source_id)
        assert source.consecutive_failures == 0 and source.last_polled_at is not None
        assert s.scalar(select(func.count(Article.id))) == 0
