"""A real HTTP server, on loopback, that plays the ten fictional outlets of the sample corpus.

Each outlet lives under its own path prefix (``/meridian-herald/...``) on one server. Feeds
and pages are served with their real content types and charsets, ``robots.txt`` allows
everything, and every response carries an ``ETag`` and a ``Last-Modified`` so that a
conditional GET is answered ``304 Not Modified``.

    with serve_corpus() as server:
        print(server.base_url, server.feed_urls())
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from newssearcher.sample import corpus

SERVER_NAME = "NewsSearcherSample/1.0"
CACHE_CONTROL = "max-age=60"
CORPUS_EPOCH = datetime(2025, 11, 1, tzinfo=UTC)  # before the first sample article

_EXTENSION_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".txt": "text/plain",
}


@dataclass(frozen=True, slots=True)
class Resource:
    """One servable response body with its validators."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """What the server saw (header names lower-cased): for tests of a client's politeness.

    It is logged before the response is sent, so a client that has its answer finds it here.
    """

    method: str
    path: str
    status: int
    headers: dict[str, str]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _as_utc(moment: datetime | str) -> datetime:
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


@lru_cache(maxsize=1)
def _sources() -> tuple[list[Any], list[Any]]:
    """Outlets and articles as the generator sees them (for feeds cut at a moment)."""
    from newssearcher.sample import generate

    outlets, _stories, _entities, articles = generate.load_sources()
    return outlets, articles


def _rendered_at(as_of: datetime) -> dict[str, bytes]:
    """Feeds and outlet home pages listing only the articles published by ``as_of``."""
    from newssearcher.sample import generate

    outlets, articles = _sources()
    files: dict[str, bytes] = {}
    for outlet in outlets:
        visible = [a for a in articles if a.outlet.key == outlet.key and a.published <= as_of]
        feed = generate.FEED_RENDERERS[outlet.feed_kind](outlet, visible)
        home = generate.render_outlet_home(outlet, visible)
        for rel, text in (
            (outlet.feed_url_path.lstrip("/"), feed),
            (f"{outlet.key}/index.html", home),
        ):
            files[rel] = text.encode(outlet.encoding, errors="xmlcharrefreplace")
    return files


def build_routes(
    base_url: str,
    manifest: dict[str, Any] | None = None,
    as_of: datetime | str | None = None,
) -> dict[str, Resource]:
    """Map every URL path of the sample sites to its response, with ``base_url`` filled in.

    With ``as_of``, the sites look as they did at that moment: later articles answer 404
    and are missing from feeds and home pages (their validators change accordingly).
    """
    data = manifest if manifest is not None else corpus.load_manifest()
    cutoff = _as_utc(as_of) if as_of is not None else None
    base = base_url.rstrip("/")
    outlets = {o["key"]: o for o in data["outlets"]}
    feeds = {o["feed"]["file"]: o for o in data["outlets"]}
    published: dict[str, datetime] = {}
    outlet_latest: dict[str, datetime] = {}
    hidden: set[str] = set()
    for art in data["articles"]:
        when = datetime.fromisoformat(art["published"])
        if cutoff is not None and when > cutoff:
            hidden.add(art["file"])
            continue
        published[art["file"]] = when
        prev = outlet_latest.get(art["outlet"])
        outlet_latest[art["outlet"]] = when if prev is None or when > prev else prev
    corpus_latest = max(outlet_latest.values(), default=CORPUS_EPOCH)
    overrides = _rendered_at(cutoff) if cutoff is not None else {}

    routes: dict[str, Resource] = {}
    for rel in corpus.iter_files():
        if rel == "manifest.json" or rel in hidden:
            continue  # the gold truth is no part of any site; hidden articles are not out yet
        top = rel.split("/", 1)[0]
        outlet = outlets.get(top)
        charset = outlet["encoding"] if outlet else "utf-8"
        if rel in feeds:
            ctype = feeds[rel]["feed"]["content_type"]
        else:
            ext = rel[rel.rfind(".") :] if "." in rel else ""
            ctype = _EXTENSION_TYPES.get(ext, "application/octet-stream")
        if ctype.startswith("text/") or ctype.endswith(("+xml", "/xml", "json")):
            ctype = f"{ctype}; charset={charset}"
        if rel in published:
            modified = published[rel]
        elif outlet is not None:
            modified = outlet_latest.get(outlet["key"], CORPUS_EPOCH)
        else:
            modified = corpus_latest
        raw = overrides[rel] if rel in overrides else corpus.read_file(rel)
        body = corpus.substitute(raw, base)
        resource = Resource(body, ctype, _etag(body), modified)
        routes["/" + rel] = resource
        if rel == "index.html" or rel.endswith("/index.html"):
            routes["/" + rel[: -len("index.html")]] = resource

    sitemaps = "".join(
        f"Sitemap: {base}{o['feed']['path']}\n"
        for o in data["outlets"]
        if o["feed"]["kind"] == "news-sitemap"
    )
    robots = f"User-agent: *\nAllow: /\n\n{sitemaps}".encode("ascii")
    routes["/robots.txt"] = Resource(
        robots, "text/plain; charset=utf-8", _etag(robots), CORPUS_EPOCH
    )
    return routes


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = [c.strip() for c in header.split(",")]
    return any((c[2:] if c.startswith("W/") else c) == etag for c in candidates)


def _not_modified(headers: Any, resource: Resource) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since is used only without it."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        return _etag_matches(inm, resource.etag)
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified.replace(microsecond=0) <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    server_version = SERVER_NAME
    sys_version = ""
    protocol_version = "HTTP/1.1"
    server: _CorpusHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _method_not_allowed(self) -> None:
        # The request body is not read: close the connection so it is never taken for the
        # next request on a kept-alive connection.
        self.close_connection = True
        self._send_simple(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", True, "GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = _method_not_allowed  # noqa: N815

    def _respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        routes = self.server.routes
        resource = routes.get(path)
        if resource is None and not path.endswith("/") and path + "/" in routes:
            self._record(HTTPStatus.MOVED_PERMANENTLY)
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.server.base_url + path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if resource is None:
            self._send_simple(HTTPStatus.NOT_FOUND, b"<h1>404 Not Found</h1>\n", send_body)
            return
        if _not_modified(self.headers, resource):
            self._record(HTTPStatus.NOT_MODIFIED)
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(resource)
            self.end_headers()
            return
        self._record(HTTPStatus.OK)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self._validators(resource)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def _validators(self, resource: Resource) -> None:
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", _http_date(resource.last_modified))
        self.send_header("Cache-Control", CACHE_CONTROL)

    def _send_simple(
        self, status: HTTPStatus, body: bytes, send_body: bool, allow: str | None = None
    ) -> None:
        self._record(status)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _record(self, status: int) -> None:
        record = RequestRecord(
            self.command, self.path, int(status), {k.lower(): v for k, v in self.headers.items()}
        )
        with self.server.log_lock:
            self.server.request_log.append(record)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the request log is kept in memory instead (``SampleServer.requests``)."""


class _CorpusHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    routes: dict[str, Resource]
    base_url: str
    request_log: list[RequestRecord]
    log_lock: threading.Lock


class SampleServer:
    """The sample outlets served in a background thread; use as a context manager."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, as_of: datetime | str | None = None
    ) -> None:
        self._httpd = _CorpusHTTPServer((host, port), _Handler)
        bound_host, bound_port = self._httpd.server_address[:2]
        shown = f"[{bound_host}]" if ":" in str(bound_host) else str(bound_host)
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.base_url = f"http://{shown}:{self.port}"
        self.manifest = corpus.load_manifest()
        self.as_of: datetime | None = None
        self._httpd.routes = {}
        self.set_as_of(as_of)
        self._httpd.base_url = self.base_url
        self._httpd.request_log = []
        self._httpd.log_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> SampleServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sample-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- time
    def set_as_of(self, moment: datetime | str | None) -> None:
        """Show the sites as they were at ``moment`` (``None``: everything published).

        Articles published later answer 404 and are left out of feeds and home pages, so a
        client polling the feeds sees new articles appear as the moment moves forward.
        """
        self.as_of = _as_utc(moment) if moment is not None else None
        self._httpd.routes = build_routes(self.base_url, self.manifest, self.as_of)

    def visible_articles(self) -> list[dict[str, Any]]:
        """The manifest entries of the articles served at the current moment."""
        return [
            a
            for a in self.manifest["articles"]
            if self.as_of is None or datetime.fromisoformat(a["published"]) <= self.as_of
        ]

    # -- addresses
    def url(self, path: str) -> str:
        """Absolute URL of a path on this server (``/meridian-herald/feed.xml``)."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def feed_urls(self) -> list[str]:
        """One feed (or news sitemap) URL per outlet, in manifest order."""
        return [self.url(o["feed"]["path"]) for o in self.manifest["outlets"]]

    def feeds(self) -> list[tuple[str, str, str]]:
        """``(outlet key, feed kind, URL)`` for every outlet."""
        return [
            (o["key"], o["feed"]["kind"], self.url(o["feed"]["path"]))
            for o in self.manifest["outlets"]
        ]  # noqa: E501

    def article_url(self, article_id: str) -> str:
        for art in self.manifest["articles"]:
            if art["id"] == article_id:
                return self.url(art["path"])
        raise KeyError(f"no sample article {article_id!r}")

    def article_urls(self) -> Iterator[tuple[str, str]]:
        """``(article id, URL)`` for every article."""
        for art in self.manifest["articles"]:
            yield art["id"], self.url(art["path"])

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of every request answered so far."""
        with self._httpd.log_lock:
            return list(self._httpd.request_log)


def serve_corpus(
    host: str = "127.0.0.1", port: int = 0, *, as_of: datetime | str | None = None
) -> SampleServer:
    """Start the sample outlets on ``host:port`` (0 = any free port) and return the server.

    Use it as a context manager, or call ``close()`` when done. ``as_of`` shows the sites
    as they were at that moment (see :meth:`SampleServer.set_as_of`).
    """
    return SampleServer(host, port, as_of=as_of).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the NewsSearcher sample outlets.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--as-of", default=None, help="ISO time: serve only what was out then")
    args = parser.parse_args(argv)
    with serve_corpus(args.host, args.port, as_of=args.as_of) as server:
        print(f"sample outlets at {server.base_url}/ (Ctrl-C to stop)", flush=True)
        for key, kind, url in server.feeds():
            print(f"  {key:22} {kind:13} {url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
