"""``run_fetch`` end to end against a real loopback site, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select, update

from newssearcher.config import Settings
from newssearcher.pipeline.fetch_run import run_fetch
from newssearcher.sources.registry import add_source, list_sources, now_utc, source_status
from newssearcher.store import Database
from newssearcher.store.models import Article, PageFailure, Source
from tests.stages.sources.site import Site, serve_site

_TEXT = (
    "harbour council engineers inspected the northern seawall after the storm and reported that "
    "two sections had shifted by several centimetres while residents gathered at the pier to "
    "watch crews place temporary barriers along the promenade and officials promised a full "
    "survey before the autumn tides arrive next month"
)
WORDS = _TEXT.split()


def article_html(title: str, seed: int, *, lang: str = "en", published: str | None = None) -> str:
    """A plain article page with enough distinct text for extraction (about 150 words)."""
    paragraphs = []
    for p in range(4):
        words = [WORDS[(seed * 7 + p * 11 + i * 3) % len(WORDS)] for i in range(40)]
        paragraphs.append(f"<p>{title} update {p + 1}: {' '.join(words)}.</p>")
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'{meta}<meta property="og:site_name" content="Seaside Gazette"></head><body>'
        f"<header><nav>Home | World | Sport</nav></header><article><h1>{title}</h1>"
        f"{''.join(paragraphs)}</article><footer>© Seaside Gazette</footer></body></html>"
    )


def rss(title: str, items: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link>"
        f"<pubDate>Wed, 01 May 2024 0{i}:00:00 GMT</pubDate></item>"
        for i, (t, link) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link>{body}</channel></rss>"
    )


@pytest.fixture
def fetch_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "connect_timeout_s": 2.0,
            "read_timeout_s": 2.0,
            "retry_backoff_s": 0.05,
            "max_retries": 1,
            "per_host_delay_s": 0.0,
            "fetch_concurrency": 4,
            "max_response_bytes": 1024 * 1024,
        }
    )


def build_site(site: Site) -> None:
    stamp = format_datetime(now_utc() - timedelta(days=1), usegmt=True)
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    for i in range(3):
        site.page(f"/news/{i}.html", article_html(f"Seawall story {i}", i))
    site.page("/news/empty.html", "<html><body><p>Subscribe now.</p></body></html>")
    site.page("/private/secret.html", article_html("Secret", 9))
    feed = rss(
        "Seaside Gazette",
        [
            ("Seawall story 0", site.url("/news/0.html")),
            ("Seawall story 1", site.url("/news/1.html?utm_source=rss")),
            ("Empty", site.url("/news/empty.html")),
            ("Secret", site.url("/private/secret.html")),
        ],
    )
    site.conditional("/feed.xml", feed, etag='"feed-v1"', last_modified=stamp)
    site.fail_then("/broken.xml", failures=10**6, body="")
    site.page("/story-2.html", article_html("Seawall story 2", 2))


def make_due(db: Database) -> None:
    with db.session() as session:
        session.execute(update(Source).values(next_poll_at=now_utc() - timedelta(seconds=1)))


def test_fetch_stores_articles_records_failures_and_is_idempotent(
    db: Database, fetch_settings: Settings
) -> None:
    with serve_site() as site:
        build_site(site)
        feed = add_source(db, site.url("/feed.xml"), hub="local")
        broken = add_source(db, site.url("/broken.xml"))
        page = add_source(db, site.url("/news/2.html"))

        report = run_fetch(db, fetch_settings, once=True)

        assert report.sources_polled == 3 and report.sources_failed == 1
        assert report.articles_stored == 3, report
        with db.session() as session:
            articles = session.scalars(select(Article).order_by(Article.url)).all()
            failures = {f.url: f for f in session.scalars(select(PageFailure))}
        by_url = {a.url: a for a in articles}
        assert set(by_url) == {site.url(f"/news/{i}.html") for i in range(3)}
        story0 = by_url[site.url("/news/0.html")]
        assert story0.external_id == site.url("/news/0.html")
        assert story0.outlet == "Seaside Gazette" and story0.source_id == feed.id
        assert story0.title == "Seawall story 0"
        assert story0.published_at is not None
        assert "seawall" in story0.text.lower()
        assert story0.meta["entry_url"] == site.url("/news/0.html")
        # the tracking parameter of the feed link is gone from the stored identity
        assert by_url[site.url("/news/1.html")].external_id == site.url("/news/1.html")
        assert by_url[site.url("/news/2.html")].source_id == page.id
        assert failures[site.url("/news/empty.html")].reason.startswith("no_article:")
        secret = failures[site.url("/private/secret.html")]
        assert secret.reason.startswith("robots_disallowed")
        assert site.paths("/private/secret.html") == []

        states = {s.id: s for s in list_sources(db)}
        assert source_status(states[broken.id]) == "failing"
        assert states[broken.id].consecutive_failures == 1
        assert "HTTP 500" in (states[broken.id].last_error or "")
        interval = states[broken.id].poll_interval_s
        assert states[broken.id].next_poll_at > now_utc() + timedelta(seconds=interval)
        assert source_status(states[feed.id]) == "ok" and states[feed.id].etag == '"feed-v1"'
        assert states[feed.id].title == "Seaside Gazette"
        # the kind stays as added ("auto": detected from the content at every poll)
        assert states[page.id].kind == "auto" and states[feed.id].kind == "auto"

        page_hits = len(site.paths("/news/0.html"))
        make_due(db)
        again = run_fetch(db, fetch_settings, once=True)
        assert again.articles_stored == 0
        assert again.sources_not_modified == 1  # the feed answered 304
        assert site.paths("/feed.xml")[-1].headers["if-none-match"] == '"feed-v1"'
        assert len(site.paths("/news/0.html")) == page_hits  # nothing re-fetched
        with db.session() as session:
            assert len(session.scalars(select(Article)).all()) == 3
        states = {s.id: s for s in list_sources(db)}
        assert states[broken.id].consecutive_failures == 2


def test_known_pages_are_not_fetched_again_without_validators(
    sqlite_db: Database, fetch_settings: Settings
) -> None:
    with serve_site() as site:
        build_site(site)
        # a feed server that ignores conditional GET: the entries are filtered by URL instead
        site.page("/plain.xml", rss("Plain", [("S0", site.url("/news/0.html"))]), "text/xml")
        add_source(sqlite_db, site.url("/plain.xml"))
        assert run_fetch(sqlite_db, fetch_settings).articles_stored == 1
        make_due(sqlite_db)
        second = run_fetch(sqlite_db, fetch_settings)
        assert second.entries_seen == 1 and second.entries_new == 0
        assert len(site.paths("/news/0.html")) == 1
        assert len(site.paths("/plain.xml")) == 2


def test_no_source_polled_twice_at_once(sqlite_db: Database, fetch_settings: Settings) -> None:
    with serve_site() as site:
        build_site(site)
        for i in range(6):
            site.slow(f"/feed{i}.xml", 0.2, rss(f"Feed {i}", []))
            add_source(sqlite_db, site.url(f"/feed{i}.xml"))
        reports = []
        barrier = threading.Barrier(2)

        def poller() -> None:
            barrier.wait()
            reports.append(run_fetch(sqlite_db, fetch_settings, once=True))

        threads = [threading.Thread(target=poller) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for i in range(6):
            assert len(site.paths(f"/feed{i}.xml")) == 1
        assert sum(r.sources_polled for r in reports) == 6


def test_loop_mode_sleeps_until_due_and_stops(
    sqlite_db: Database, fetch_settings: Settings
) -> None:
    with serve_site() as site:
        site.page("/empty.xml", rss("Nothing", []), "application/rss+xml")
        add_source(sqlite_db, site.url("/empty.xml"))
        with sqlite_db.session() as session:
            session.execute(update(Source).values(poll_interval_s=1))
        stop = threading.Event()
        report = run_fetch(sqlite_db, fetch_settings, once=False, stop=stop, max_passes=2)
        assert report.passes == 2
        hits = site.paths("/empty.xml")
        assert len(hits) == 2
        assert hits[1].at - hits[0].at >= 0.9  # waited for the 1 s interval
