"""A scriptable web site on 127.0.0.1 for the sources and fetch tests.

Each path maps to a handler; every request is recorded server-side (path, headers, monotonic
arrival time), so tests assert on what the server saw, not on how long the test took.

The arrival time is the kernel's (``SO_TIMESTAMPNS``): when the request's first bytes reached
the socket, not when a handler thread got round to reading them. On a loaded machine the
server's threads can be held up (they share the test process's GIL) and then read several
requests in one burst; the cross-worker politeness test once saw requests 0.5 ms apart under
load, and a handler's clock is one way that happens.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


# Linux: ask the kernel for a receive timestamp (struct timespec, CLOCK_REALTIME) per read
SO_TIMESTAMPNS = 35
_TIMESPEC = struct.Struct("@qq")


def _arrival(sock: socket.socket) -> float | None:
    """Monotonic time at which the next unread bytes reached ``sock`` (waits for them); None at
    end of stream or where the kernel gives no timestamp."""
    try:
        data, ancillary, _, _ = sock.recvmsg(1, socket.CMSG_SPACE(_TIMESPEC.size), socket.MSG_PEEK)
    except OSError:
        return None
    now_mono, now_real = time.monotonic(), time.time()
    for level, kind, value in ancillary:
        if data and level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            sec, nsec = _TIMESPEC.unpack(value[: _TIMESPEC.size])
            return now_mono - max(0.0, now_real - (sec + nsec / 1e9))
    return None


Handler = Callable[["Site", Hit, "BaseHTTPRequestHandler"], Reply | None]


class Site:
    """Routes, a request log and counters. Unknown paths (robots.txt included) answer 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: list[Hit] = []
        self.stats: dict[str, int] = {}
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    # --- route helpers -------------------------------------------------------------------
    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda site, hit, req: Reply(
            status, data, dict(headers or {}), content_type
        )

    def handler(self, path: str, fn: Handler) -> None:
        self.routes[path] = fn

    def redirect(self, path: str, target: str, status: int = 302) -> None:
        self.routes[path] = lambda site, hit, req: Reply(status, b"", {"Location": target})

    def fail_then(
        self,
        path: str,
        failures: int,
        body: bytes | str,
        status: int = 500,
        content_type: str = "application/rss+xml",
        retry_after: str | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        counter = {"n": 0}

        def fn(site: Site, hit: Hit, req: BaseHTTPRequestHandler) -> Reply:
            with site.lock:
                counter["n"] += 1
                n = counter["n"]
            if n <= failures:
                headers = {"Retry-After": retry_after} if retry_after else {}
                return Reply(status, b"server trouble", headers, "text/plain")
            return Reply(200, data, {}, content_type)

        self.routes[path] = fn

    def slow(self, path: str, delay_s: float, body: bytes | str = b"late") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def fn(site: Site, hit: Hit, req: BaseHTTPRequestHandler) -> Reply:
            time.sleep(delay_s)
            return Reply(200, data)

        self.routes[path] = fn

    def conditional(
        self,
        path: str,
        body: bytes | str,
        etag: str,
        last_modified: str,
        content_type: str = "application/rss+xml",
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def fn(site: Site, hit: Hit, req: BaseHTTPRequestHandler) -> Reply:
            validators = {"ETag": etag, "Last-Modified": last_modified}
            if hit.headers.get("if-none-match") == etag:
                return Reply(304, b"", validators)
            return Reply(200, data, validators, content_type)

        self.routes[path] = fn

    def huge(self, path: str, size: int, *, declare_length: bool) -> None:
        """A body of ``size`` bytes written in 64 KiB chunks; ``stats[path]`` = bytes sent."""

        def fn(site: Site, hit: Hit, req: BaseHTTPRequestHandler) -> None:
            req.send_response(200)
            req.send_header("Content-Type", "text/html; charset=utf-8")
            if declare_length:
                req.send_header("Content-Length", str(size))
            req.end_headers()
            chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
            sent = 0
            try:
                while sent < size:
                    piece = chunk[: size - sent]
                    req.wfile.write(piece)
                    req.wfile.flush()
                    sent += len(piece)
                    with site.lock:
                        site.stats[hit.path] = sent
            except (BrokenPipeError, ConnectionResetError):
                pass
            with site.lock:
                site.stats[hit.path] = sent
            return None

        self.routes[path] = fn


@contextmanager
def serve_site(site: Site | None = None) -> Iterator[Site]:
    site = site or Site()

    class RequestHandler(BaseHTTPRequestHandler):
        arrived: float | None = None

        def handle_one_request(self) -> None:
            # a keep-alive client sends its next request only after reading this response, so
            # the handler's read buffer is empty here and the peek sees the next request
            self.arrived = _arrival(self.connection)
            super().handle_one_request()

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = self.path.split("?", 1)[0]
            at = self.arrived if self.arrived is not None else time.monotonic()
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, at)
            with site.lock:
                site.hits.append(hit)
            fn = site.routes.get(self.path) or site.routes.get(path)
            reply = fn(site, hit, self) if fn else Reply(404, b"not here", {}, "text/plain")
            if reply is None:
                return
            try:
                self.send_response(reply.status)
                if reply.status != 304:
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.status != 304:
                    self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    # accepted connections inherit it, so even bytes sent before accept() carry a timestamp
    server.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
