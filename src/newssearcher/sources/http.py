"""The polite HTTP fetcher.

Every request: a clear User-Agent, robots.txt checked (cached per host), a slot from the
per-host limiter (concurrency cap + spacing) and from the overall cap, connect/read timeouts
plus an overall deadline, the body streamed and abandoned past the size cap, redirects followed
by hand (limit + loop detection, robots and politeness for every hop), and retries with
exponential back-off on 5xx, 429, timeouts and connection errors (``Retry-After`` honoured).
"""

from __future__ import annotations

import asyncio
import email.utils
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from newssearcher.config import Settings
from newssearcher.records import FetchedDocument
from newssearcher.sources.errors import FetchError
from newssearcher.sources.politeness import HostLimiter, host_key
from newssearcher.sources.robots import ROBOTS_MAX_BYTES, RobotsCache

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A server asking us to wait longer than this gets a failure now, retried on a later poll.
MAX_RETRY_WAIT_S = 120.0
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


@dataclass(slots=True)
class _Response:
    status: int
    headers: httpx.Headers
    content: bytes
    encoding: str | None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def check_http_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("invalid_url", "not an http(s) URL with a host", url)


def read_local_file(url: str, max_bytes: int, last_modified: str | None = None) -> FetchedDocument:
    """A ``file://`` URL read like a response (size cap; mtime as ``Last-Modified``)."""
    path = Path(url2pathname(unquote(urlsplit(url).path)))
    if not path.is_file():
        raise FetchError("not_found", f"no such file: {path}", url)
    stat = path.stat()
    modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
    now = datetime.now(UTC)
    if last_modified and last_modified == modified:
        return FetchedDocument(
            url, url, 304, b"", headers={"last-modified": modified}, fetched_at=now
        )
    if stat.st_size > max_bytes:
        raise FetchError(
            "too_large", f"file is {stat.st_size} bytes; the limit is {max_bytes}", url
        )
    with path.open("rb") as fh:
        content = fh.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise FetchError("too_large", f"file is larger than the limit of {max_bytes} bytes", url)
    ctype = "text/html" if path.suffix.lower() in (".html", ".htm") else ""
    headers = {"last-modified": modified}
    return FetchedDocument(url, url, 200, content, ctype, None, headers, now)


class Fetcher:
    """Fetches URLs politely; use as ``async with Fetcher(settings) as f: await f.fetch(url)``."""

    def __init__(
        self,
        settings: Settings,
        *,
        limiter: HostLimiter | None = None,
        robots: RobotsCache | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = limiter or HostLimiter(
            settings.per_host_delay_s, settings.per_host_concurrency
        )
        self.robots = robots or RobotsCache(settings.user_agent, enabled=settings.respect_robots)
        self._global = asyncio.Semaphore(max(1, settings.fetch_concurrency))
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        # a slow-drip server must not hold a request forever: an overall deadline per request
        self.deadline_s = settings.connect_timeout_s + 3 * settings.read_timeout_s
        self.requests = 0  # HTTP requests sent (including robots.txt and retries)

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent},
            timeout=httpx.Timeout(
                connect=s.connect_timeout_s,
                read=s.read_timeout_s,
                write=s.read_timeout_s,
                pool=None,
            ),
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max(2, s.fetch_concurrency * 2),
                max_keepalive_connections=max(2, s.fetch_concurrency),
            ),
            transport=self._transport,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str | None = None,
        check_robots: bool = True,
    ) -> FetchedDocument:
        """Fetch ``url``; a 304 comes back as a document with status 304 and no content.

        Raises ``FetchError`` with a kind and a message naming the URL.
        """
        limit = max_bytes if max_bytes is not None else self.settings.max_response_bytes
        url = urldefrag(url.strip())[0]
        if url.startswith("file:"):
            return await asyncio.to_thread(read_local_file, url, limit, last_modified)
        check_http_url(url)
        headers: dict[str, str] = {"Accept": accept or FEED_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            resp = await self._request(current, headers, limit, check_robots)
            if resp.status not in REDIRECT_STATUSES:
                return FetchedDocument(
                    url=url,
                    final_url=current,
                    status=resp.status,
                    content=resp.content,
                    content_type=resp.headers.get("content-type", ""),
                    encoding=resp.encoding,
                    headers={k.lower(): v for k, v in resp.headers.items()},
                    fetched_at=datetime.now(UTC),
                )
            location = resp.headers.get("location", "").strip()
            if not location:
                raise FetchError(
                    "http_status",
                    f"HTTP {resp.status} redirect without a Location header",
                    current,
                    status=resp.status,
                )
            target = urldefrag(urljoin(current, location))[0]
            try:
                check_http_url(target)
            except FetchError as exc:
                raise FetchError(
                    "invalid_url", f"redirected to a non-http URL {target!r}", url
                ) from exc
            if target in chain:
                loop = " -> ".join([*chain[chain.index(target) :], target])
                raise FetchError("redirect_loop", f"redirect loop: {loop}", url, status=resp.status)
            chain.append(target)
            current = target
        raise FetchError(
            "too_many_redirects",
            f"more than {self.settings.max_redirects} redirects (last: {current})",
            url,
        )

    async def _fetch_robots(self, url: str) -> FetchedDocument:
        return await self.fetch(
            url, max_bytes=ROBOTS_MAX_BYTES, accept="text/plain, */*;q=0.5", check_robots=False
        )

    async def _request(
        self, url: str, headers: dict[str, str], max_bytes: int, check_robots: bool
    ) -> _Response:
        """One URL with retries (exponential back-off, ``Retry-After`` honoured)."""
        attempt = 0
        while True:
            try:
                if check_robots and self.robots.enabled:
                    rules = await self.robots.check(url, self._fetch_robots)
                    delay = rules.crawl_delay(self.settings.user_agent)
                    if delay:
                        self.limiter.set_min_delay(host_key(url), delay)
                return await self._request_once(url, headers, max_bytes)
            except FetchError as exc:
                retryable = exc.transient and exc.kind != "robots_unavailable"
                if not retryable or attempt >= self.settings.max_retries:
                    if attempt and retryable:
                        exc.message += f" (after {attempt + 1} attempts)"
                        exc.args = (f"{exc.url}: {exc.message}",)
                    raise
                wait = self.settings.retry_backoff_s * (2**attempt)
                if exc.retry_after is not None:
                    wait = max(wait, exc.retry_after)
                if wait > MAX_RETRY_WAIT_S:
                    raise
                attempt += 1
                await asyncio.sleep(wait)

    async def _request_once(self, url: str, headers: dict[str, str], max_bytes: int) -> _Response:
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        async with self.limiter.slot(host_key(url), self._global) as mark_sent:
            self.requests += 1

            async def trace(event: str, info: dict[str, object]) -> None:
                # once the request line and headers are written: the request has left
                if event.endswith("send_request_headers.complete"):
                    marked = mark_sent()
                    if marked is not None:
                        await marked

            try:
                async with asyncio.timeout(self.deadline_s):
                    return await self._stream(url, headers, max_bytes, trace)
            except (TimeoutError, httpx.TimeoutException) as exc:
                what = type(exc).__name__ if isinstance(exc, httpx.TimeoutException) else "deadline"
                raise FetchError("timeout", f"timed out ({what})", url) from exc
            except httpx.DecodingError as exc:
                raise FetchError("bad_content", f"undecodable body: {exc}", url) from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise FetchError("invalid_url", str(exc), url) from exc
            except httpx.TransportError as exc:
                detail = str(exc) or type(exc).__name__
                raise FetchError("connection", f"connection failed: {detail}", url) from exc

    async def _stream(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        trace: Callable[[str, dict[str, object]], Awaitable[None]],
    ) -> _Response:
        assert self._client is not None
        request = self._client.build_request(
            "GET", url, headers=headers, extensions={"trace": trace}
        )
        resp = await self._client.send(request, stream=True)
        try:
            return await self._read(resp, url, max_bytes)
        finally:
            await resp.aclose()

    async def _read(self, resp: httpx.Response, url: str, max_bytes: int) -> _Response:
        status = resp.status_code
        if status in REDIRECT_STATUSES or status == 304:
            return _Response(status, resp.headers, b"", None)
        if status == 429 or status >= 500:
            kind = "rate_limited" if status == 429 else "server_error"
            raise FetchError(
                kind,
                f"HTTP {status} {resp.reason_phrase}".rstrip(),
                url,
                status=status,
                retry_after=parse_retry_after(resp.headers.get("retry-after")),
            )
        if not 200 <= status < 300:
            raise FetchError(
                "http_status",
                f"HTTP {status} {resp.reason_phrase}".rstrip(),
                url,
                status=status,
            )
        declared = resp.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > max_bytes:
            raise FetchError(
                "too_large",
                f"Content-Length {declared} exceeds the limit of {max_bytes} bytes; not read",
                url,
                status=status,
            )
        body = bytearray()
        async for chunk in resp.aiter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(
                    "too_large",
                    f"body exceeds the limit of {max_bytes} bytes; stopped reading",
                    url,
                    status=status,
                )
        return _Response(status, resp.headers, bytes(body), resp.charset_encoding)


def file_url(path: str | os.PathLike[str]) -> str:
    """The ``file://`` URL of a local path (made absolute)."""
    return Path(path).expanduser().resolve().as_uri()
