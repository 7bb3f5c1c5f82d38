"""Per-host politeness: at most N requests in flight per host, request starts spaced apart.

``HostLimiter`` is in-process. ``host_slots.SharedHostLimiter`` offers the same ``slot(host)``
async context manager and ``set_min_delay`` to several worker processes sharing a PostgreSQL
database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A robots.txt Crawl-delay above this is capped (a hostile value must not stall a run).
MAX_CRAWL_DELAY_S = 60.0

#: What ``slot`` yields: call it once the request has left; await the result when it is one.
MarkSent = Callable[[], Awaitable[None] | None]


def host_key(url: str) -> str:
    """The politeness key of a URL: scheme-less ``host:port`` in lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{host}:{port}"


@dataclass
class _HostState:
    semaphore: asyncio.Semaphore
    delay_s: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class HostLimiter:
    """Caps concurrency per host and spaces the starts of requests to one host."""

    def __init__(self, delay_s: float, concurrency: int) -> None:
        self.delay_s = max(0.0, delay_s)
        self.concurrency = max(1, concurrency)
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = _HostState(asyncio.Semaphore(self.concurrency), self.delay_s)
            self._hosts[host] = state
        return state

    def set_min_delay(self, host: str, delay_s: float) -> None:
        """Raise the spacing for one host (from robots.txt ``Crawl-delay``), never lower it."""
        state = self._state(host)
        state.delay_s = max(self.delay_s, min(delay_s, MAX_CRAWL_DELAY_S))

    def delay_for(self, host: str) -> float:
        return self._state(host).delay_s

    @asynccontextmanager
    async def slot(
        self, host: str, gate: asyncio.Semaphore | None = None
    ) -> AsyncIterator[MarkSent]:
        """Wait for a free slot on ``host`` and for its spacing, then hold the slot.

        ``gate`` (the fetcher's overall cap) is taken last, once the host may be hit, so that a
        request waiting for a slow host never holds up requests to other hosts.

        Yields ``mark_sent``: call it when the request actually leaves (after any connection
        set-up), so that the next request to the host is spaced from that moment, and the
        server sees requests at least ``delay`` apart whatever the connection latency.
        """
        state = self._state(host)
        loop = asyncio.get_running_loop()

        def mark_sent() -> None:
            state.next_start = max(state.next_start, loop.time() + state.delay_s)

        async with state.semaphore:
            async with state.lock:
                while (wait := state.next_start - loop.time()) > 0:
                    await asyncio.sleep(wait)
                state.next_start = loop.time() + state.delay_s
            async with gate or contextlib.nullcontext():
                yield mark_sent
