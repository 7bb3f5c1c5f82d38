"""The polite fetcher against a real HTTP server on 127.0.0.1, hostile cases included."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from newssearcher.config import Settings
from newssearcher.records import FetchedDocument
from newssearcher.sources.errors import FetchError
from newssearcher.sources.http import Fetcher, file_url, parse_retry_after
from tests.stages.sources.site import Hit, Reply, Site, serve_site

T = TypeVar("T")

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><item><title>A</title>
<link>http://example.org/a</link></item></channel></rss>"""


def run(settings: Settings, job: Callable[[Fetcher], Awaitable[T]]) -> T:
    async def main() -> T:
        async with Fetcher(settings) as fetcher:
            return await job(fetcher)

    return asyncio.run(main())


def fetch(settings: Settings, url: str, **kwargs: object) -> FetchedDocument:
    return run(settings, lambda f: f.fetch(url, **kwargs))


def fetch_error(settings: Settings, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(settings, url, **kwargs)
    return info.value


def test_plain_fetch_sends_user_agent(fast_settings: Settings, site: Site) -> None:
    site.page("/feed.xml", RSS, "application/rss+xml; charset=utf-8")
    doc = fetch(fast_settings, site.url("/feed.xml"))
    assert doc.status == 200
    assert doc.content == RSS
    assert doc.content_type.startswith("application/rss+xml")
    assert doc.encoding == "utf-8"
    (hit,) = site.paths("/feed.xml")
    assert hit.headers["user-agent"] == fast_settings.user_agent
    assert "NewsSearcher" in hit.headers["user-agent"]


def test_conditional_get_sends_validators_and_handles_304(
    fast_settings: Settings, site: Site
) -> None:
    stamp = "Wed, 01 May 2024 10:00:00 GMT"
    site.conditional("/feed.xml", RSS, etag='"v1"', last_modified=stamp)
    first = fetch(fast_settings, site.url("/feed.xml"))
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    second = fetch(
        fast_settings,
        site.url("/feed.xml"),
        etag=first.headers["etag"],
        last_modified=first.headers["last-modified"],
    )
    assert second.status == 304
    assert second.content == b""
    hits = site.paths("/feed.xml")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers["if-none-match"] == '"v1"'
    assert hits[1].headers["if-modified-since"] == stamp


def test_robots_disallow_is_honoured_and_cached(fast_settings: Settings, site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/public/a.html", "<html><body>ok</body></html>")
    site.page("/private/b.html", "<html><body>secret</body></html>")

    async def job(fetcher: Fetcher) -> tuple[list[FetchedDocument], FetchError]:
        docs = [await fetcher.fetch(site.url("/public/a.html")) for _ in range(3)]
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(site.url("/private/b.html"))
        return docs, info.value

    docs, error = run(fast_settings, job)
    assert all(d.status == 200 for d in docs)
    assert error.kind == "robots_disallowed"
    assert "robots.txt" in str(error) and "/private/b.html" in str(error)
    assert site.paths("/private/b.html") == []  # never requested
    assert len(site.paths("/robots.txt")) == 1  # cached per host


def test_robots_rules_for_our_agent_only(fast_settings: Settings, site: Site) -> None:
    site.page(
        "/robots.txt",
        "User-agent: OtherBot\nDisallow: /\n\nUser-agent: NewsSearcher\nDisallow: /news/\n",
        "text/plain",
    )
    site.page("/blog.html", "<html></html>")
    assert fetch(fast_settings, site.url("/blog.html")).status == 200
    assert fetch_error(fast_settings, site.url("/news/x.html")).kind == "robots_disallowed"


def test_robots_server_error_means_no_fetching(fast_settings: Settings, site: Site) -> None:
    site.page("/robots.txt", "down", "text/plain", status=503)
    site.page("/a.html", "<html></html>")
    error = fetch_error(fast_settings, site.url("/a.html"))
    assert error.kind == "robots_unavailable" and error.transient
    assert site.paths("/a.html") == []


def test_robots_can_be_switched_off(fast_settings: Settings, site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /\n", "text/plain")
    site.page("/a.html", "<html></html>")
    settings = fast_settings.model_copy(update={"respect_robots": False})
    assert fetch(settings, site.url("/a.html")).status == 200
    assert site.paths("/robots.txt") == []


def test_per_host_rate_limit_spaces_requests_server_side(
    fast_settings: Settings, site: Site
) -> None:
    delay = 0.25
    settings = fast_settings.model_copy(update={"per_host_delay_s": delay})
    for i in range(5):
        site.page(f"/p{i}.html", "<html></html>")
    with serve_site() as other:
        other.page("/q.html", "<html></html>")

        async def job(fetcher: Fetcher) -> None:
            await asyncio.gather(
                *(fetcher.fetch(site.url(f"/p{i}.html")) for i in range(5)),
                fetcher.fetch(other.url("/q.html")),
            )

        run(settings, job)
        other_hit = other.paths("/q.html")[0]
    times = sorted(h.at for h in site.hits if h.path != "/robots.txt")
    times_all = sorted(h.at for h in site.hits)
    assert len(times) == 5
    gaps = [b - a for a, b in zip(times_all, times_all[1:], strict=False)]
    # The limiter spaces the moments requests leave the client (after connection set-up).
    # The server stamps arrival in its handler thread after parsing the request, so its
    # stamps carry thread-scheduling jitter on a loaded machine: 10 ms are allowed for that.
    assert min(gaps) >= delay - 0.01, gaps
    # the other host is not held up behind the first host's queue
    assert other_hit.at < times[-1]


def test_per_host_concurrency_cap(fast_settings: Settings, site: Site) -> None:
    settings = fast_settings.model_copy(update={"per_host_concurrency": 2})
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(s: Site, hit: Hit, req: object) -> Reply:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Reply(200, b"<html></html>")

    for i in range(6):
        site.handler(f"/s{i}", slow)

    async def job(fetcher: Fetcher) -> None:
        await asyncio.gather(*(fetcher.fetch(site.url(f"/s{i}")) for i in range(6)))

    run(settings, job)
    assert state["max"] == 2


def test_overall_concurrency_cap(fast_settings: Settings, site: Site) -> None:
    settings = fast_settings.model_copy(update={"per_host_concurrency": 10, "fetch_concurrency": 3})
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(s: Site, hit: Hit, req: object) -> Reply:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Reply(200, b"<html></html>")

    for i in range(8):
        site.handler(f"/s{i}", slow)

    async def job(fetcher: Fetcher) -> None:
        await asyncio.gather(*(fetcher.fetch(site.url(f"/s{i}")) for i in range(8)))

    run(settings, job)
    assert state["max"] == 3


def test_retries_with_exponential_backoff_then_success(fast_settings: Settings, site: Site) -> None:
    site.fail_then("/feed.xml", failures=2, body=RSS)
    doc = fetch(fast_settings, site.url("/feed.xml"))
    assert doc.status == 200 and doc.content == RSS
    hits = site.paths("/feed.xml")
    assert len(hits) == 3
    backoff = fast_settings.retry_backoff_s
    assert hits[1].at - hits[0].at >= backoff * 0.95
    assert hits[2].at - hits[1].at >= 2 * backoff * 0.95  # doubled


def test_retry_after_is_honoured(fast_settings: Settings, site: Site) -> None:
    site.fail_then("/feed.xml", failures=1, body=RSS, status=429, retry_after="1")
    assert fetch(fast_settings, site.url("/feed.xml")).status == 200
    first, second = site.paths("/feed.xml")
    assert second.at - first.at >= 0.95


def test_server_error_forever_gives_up(fast_settings: Settings, site: Site) -> None:
    site.fail_then("/feed.xml", failures=10**6, body=RSS)
    error = fetch_error(fast_settings, site.url("/feed.xml"))
    assert error.kind == "server_error" and error.status == 500 and error.transient
    assert "after 3 attempts" in error.message
    assert len(site.paths("/feed.xml")) == fast_settings.max_retries + 1


def test_client_error_is_not_retried(fast_settings: Settings, site: Site) -> None:
    error = fetch_error(fast_settings, site.url("/missing.xml"))
    assert error.kind == "http_status" and error.status == 404 and not error.transient
    assert len(site.paths("/missing.xml")) == 1


def test_slow_response_times_out(fast_settings: Settings, site: Site) -> None:
    settings = fast_settings.model_copy(update={"read_timeout_s": 0.2, "max_retries": 1})
    site.slow("/slow.xml", 1.5)
    started = time.monotonic()
    error = fetch_error(settings, site.url("/slow.xml"))
    assert error.kind == "timeout" and error.transient
    assert "timed out" in error.message
    assert len(site.paths("/slow.xml")) == 2  # one retry
    assert time.monotonic() - started < 3.0  # did not wait for the server's 1.5 s twice


def test_slow_drip_hits_overall_deadline(fast_settings: Settings, site: Site) -> None:
    settings = fast_settings.model_copy(
        update={"read_timeout_s": 0.3, "connect_timeout_s": 0.3, "max_retries": 0}
    )

    def drip(s: Site, hit: Hit, req: object) -> None:
        req.send_response(200)  # type: ignore[attr-defined]
        req.send_header("Content-Type", "text/html")  # type: ignore[attr-defined]
        req.end_headers()  # type: ignore[attr-defined]
        try:
            for _ in range(40):  # one byte every 0.1 s: never idle long enough for a read timeout
                req.wfile.write(b"x")  # type: ignore[attr-defined]
                req.wfile.flush()  # type: ignore[attr-defined]
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    site.handler("/drip", drip)
    error = fetch_error(settings, site.url("/drip"))
    assert error.kind == "timeout" and "deadline" in error.message


def test_redirect_is_followed(fast_settings: Settings, site: Site) -> None:
    site.redirect("/old.xml", "/new.xml", status=301)
    site.page("/new.xml", RSS, "application/rss+xml")
    doc = fetch(fast_settings, site.url("/old.xml"))
    assert doc.url == site.url("/old.xml")
    assert doc.final_url == site.url("/new.xml")
    assert doc.content == RSS


def test_redirect_loop_is_a_clear_error(fast_settings: Settings, site: Site) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    error = fetch_error(fast_settings, site.url("/a"))
    assert error.kind == "redirect_loop"
    assert "redirect loop" in error.message and "/a -> " in error.message
    assert len(site.paths("/a")) == 1 and len(site.paths("/b")) == 1


def test_too_many_redirects(fast_settings: Settings, site: Site) -> None:
    for i in range(10):
        site.redirect(f"/r{i}", f"/r{i + 1}")
    error = fetch_error(fast_settings, site.url("/r0"))
    assert error.kind == "too_many_redirects"
    assert f"more than {fast_settings.max_redirects} redirects" in error.message
    assert (
        len([h for h in site.hits if h.path.startswith("/r") and h.path != "/robots.txt"])
        == fast_settings.max_redirects + 1
    )


def _wait_for(site: Site, path: str, timeout: float = 10.0) -> int:
    """Bytes the server managed to send once its handler has given up (or finished)."""
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        time.sleep(0.2)
        with site.lock:
            sent = site.stats.get(path, 0)
        if sent == last:
            return sent
        last = sent
    return last


@pytest.mark.parametrize("declare_length", [True, False])
def test_fifty_megabyte_body_is_refused_without_reading_it(
    fast_settings: Settings, site: Site, declare_length: bool
) -> None:
    size = 50 * 1024 * 1024
    site.huge("/huge.html", size, declare_length=declare_length)
    error = fetch_error(fast_settings, site.url("/huge.html"))
    assert error.kind == "too_large"
    assert str(fast_settings.max_response_bytes) in error.message
    sent = _wait_for(site, "/huge.html")
    # the connection was dropped: the server could not push the 50 MB through
    assert sent < size // 4, sent


def test_huge_gzip_body_is_capped_after_decoding(fast_settings: Settings, site: Site) -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * (20 * 1024 * 1024))
    assert len(bomb) < fast_settings.max_response_bytes
    site.page("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    error = fetch_error(fast_settings, site.url("/bomb.html"))
    assert error.kind == "too_large"


def test_connection_refused_is_clear(fast_settings: Settings) -> None:
    with serve_site() as gone:
        url = gone.url("/feed.xml")
    settings = fast_settings.model_copy(update={"max_retries": 1})
    error = fetch_error(settings, url)
    assert error.kind in ("connection", "robots_unavailable")
    assert error.transient and "127.0.0.1" in str(error)


def test_invalid_url(fast_settings: Settings) -> None:
    assert fetch_error(fast_settings, "ftp://example.org/feed").kind == "invalid_url"
    assert fetch_error(fast_settings, "http:///nohost").kind == "invalid_url"


def test_local_file_and_its_conditional_read(fast_settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>local</body></html>")
    doc = fetch(fast_settings, file_url(page))
    assert doc.status == 200 and doc.content.startswith(b"<html>")
    assert doc.content_type == "text/html"
    again = fetch(fast_settings, file_url(page), last_modified=doc.headers["last-modified"])
    assert again.status == 304
    assert fetch_error(fast_settings, file_url(tmp_path / "nope.html")).kind == "not_found"


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("¹") is None  # str.isdigit() holds, float() refuses
    from datetime import UTC, datetime

    now = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 May 2024 10:00:30 GMT", now) == 30.0
