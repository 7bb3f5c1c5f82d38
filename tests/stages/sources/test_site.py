"""The loopback test site records when a request reached its socket, not when it was read."""

from __future__ import annotations

import socket
import time

from tests.stages.sources.site import serve_site


def test_a_hit_is_timed_by_its_first_bytes_not_by_when_the_handler_parsed_it() -> None:
    with serve_site() as site:
        site.page("/slow", "ok")
        port = int(site.base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sent = time.monotonic()
            sock.sendall(b"GET /slow HTTP/1.1\r\n")
            time.sleep(0.3)  # the handler can parse the request only after the rest arrives
            sock.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.0 200")
        (hit,) = site.hits
    # the handler ran 0.3 s after the first bytes; a timestamp taken there would fail this
    assert hit.at - sent < 0.15, hit.at - sent
    assert hit.at >= sent - 0.01
