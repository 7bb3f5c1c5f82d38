"""Real HTTP servers on 127.0.0.1 for tests: a recording webhook receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every request; ``responses`` gives the status for each one in turn (then 200)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    responses: list[int] = field(default_factory=list)
    on_request: Callable[[Received], None] | None = None
    seen_keys: set[str] = field(default_factory=set)

    @property
    def unique_deliveries(self) -> list[Received]:
        """Requests after dropping repeats of an idempotency key, as a receiver should."""
        out, keys = [], set()
        for r in self.requests:
            key = r.headers.get("x-newssearcher-idempotency-key")
            if key in keys:
                continue
            keys.add(key)
            out.append(r)
        return out


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", "0"))
            got = Received(
                self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
            )
            with lock:
                receiver.requests.append(got)
                status = receiver.responses.pop(0) if receiver.responses else 200
            if receiver.on_request:
                receiver.on_request(got)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
