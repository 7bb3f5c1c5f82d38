"""Per-host politeness shared by every worker process on one PostgreSQL database.

Why a table and not a job lock: a Procrastinate ``lock=f"host:{host}"`` serialises whole *jobs*
(a feed poll with its pages), not requests, and a job touches several hosts (a feed on one,
its pages on others, redirects, robots.txt). Spacing has to hold per *request*, so it lives
where every request passes: the fetcher's ``limiter.slot(host)``. ``SharedHostLimiter`` keeps
the in-process limiter's interface and adds one row per host in ``host_slots``:

- **take**: one conditional ``UPDATE`` marks the slot held (``held_by``, ``held_until``) only
  if ``next_allowed_at`` has passed and nobody holds it; row locking makes it atomic, so of two
  workers racing for a host exactly one wins;
- **send**, then **mark**: once the request has left, ``next_allowed_at = now + delay`` (from
  the database clock, after the send) and the hold is dropped. The next request to the host,
  from any worker on any machine, leaves at least ``delay`` after this one;
- a loser sleeps until ``next_allowed_at`` (or briefly while the slot is held) and tries again;
- a worker that dies holding a slot blocks the host only until ``held_until`` (connect timeout
  plus a margin).

Spacing is taken from the moment a request leaves, not from when its slot was reserved, because
a reserved start time (``greatest(next_allowed_at, now()) + delay``) lets a late request (busy
event loop, slow connect) land closer than ``delay`` to the next worker's punctual one. The cost
is two or three short queries per request, well below what one fetch costs. All times come from
the database clock, so workers on machines with skewed clocks still agree. The per-host cap on
requests in flight stays per process (``per_host_concurrency``); across processes the spacing
is the limit. A robots.txt ``Crawl-delay`` learnt by one worker is stored in ``delay_s`` and
obeyed by all.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from newssearcher.config import Settings
from newssearcher.sources.politeness import HostLimiter, MarkSent
from newssearcher.store.db import PG_CONNECT_ARGS, psycopg_conninfo

# Longest a request may hold a host's slot between "take" and "sent" (connect time, mostly),
# added to the connect timeout.
HOLD_MARGIN_S = 5.0
# Shortest sleep between two tries on a host whose slot is held by someone else.
MIN_WAIT_S = 0.002

_ENSURE = """
INSERT INTO host_slots (host, next_allowed_at, delay_s)
VALUES (%(host)s, clock_timestamp(), %(delay)s)
ON CONFLICT (host) DO NOTHING
"""

# The outer SELECT sees the row as it was before the UPDATE: when the take failed, it says how
# long to wait for the spacing and for the holder.
_TAKE = """
WITH took AS (
    UPDATE host_slots
       SET held_by = %(token)s,
           held_until = clock_timestamp() + make_interval(secs => %(hold)s)
     WHERE host = %(host)s
       AND next_allowed_at <= clock_timestamp()
       AND (held_until IS NULL OR held_until <= clock_timestamp())
    RETURNING host
)
SELECT (SELECT count(*) FROM took) AS took,
       extract(epoch FROM next_allowed_at - clock_timestamp())::float8 AS spacing_s,
       extract(epoch FROM held_until - clock_timestamp())::float8 AS held_s,
       delay_s
  FROM host_slots
 WHERE host = %(host)s
"""

_MARK = """
UPDATE host_slots
   SET delay_s = greatest(delay_s, %(delay)s),
       next_allowed_at = greatest(
           next_allowed_at,
           clock_timestamp() + make_interval(secs => greatest(delay_s, %(delay)s))
       ),
       held_by = CASE WHEN held_by = %(token)s THEN NULL ELSE held_by END,
       held_until = CASE WHEN held_by = %(token)s THEN NULL ELSE held_until END
 WHERE host = %(host)s
"""


class SharedHostLimiter(HostLimiter):
    """``HostLimiter`` whose spacing holds across processes, through the ``host_slots`` table.

    ``conninfo`` is a psycopg connection string (``postgresql://…``). Use inside one event loop;
    ``aclose()`` closes its connection pool. With a zero delay (and no ``Crawl-delay``) for a
    host there is nothing to share and no query is made.
    """

    def __init__(
        self,
        conninfo: str,
        delay_s: float,
        concurrency: int,
        *,
        hold_s: float = 30.0,
        pool_size: int = 4,
    ) -> None:
        super().__init__(delay_s, concurrency)
        self.conninfo = conninfo
        self.hold_s = hold_s
        self.pool_size = pool_size
        self._pool: Any = None
        self._pool_lock: asyncio.Lock | None = None
        self._known: set[str] = set()
        self.queries = 0  # round trips to the database, for the benchmark

    @classmethod
    def for_settings(cls, settings: Settings) -> SharedHostLimiter:
        """The limiter for ``settings.database_url`` (a PostgreSQL URL) and its delays."""
        return cls(
            psycopg_conninfo(settings.database_url),
            settings.per_host_delay_s,
            settings.per_host_concurrency,
            hold_s=settings.connect_timeout_s + HOLD_MARGIN_S,
        )

    async def _connections(self) -> Any:
        from psycopg_pool import AsyncConnectionPool

        if self._pool is None:
            if self._pool_lock is None:
                self._pool_lock = asyncio.Lock()
            async with self._pool_lock:
                if self._pool is None:
                    pool = AsyncConnectionPool(
                        self.conninfo,
                        min_size=1,
                        max_size=self.pool_size,
                        kwargs={"autocommit": True, **PG_CONNECT_ARGS},
                        check=AsyncConnectionPool.check_connection,
                        open=False,
                        name="host-slots",
                    )
                    await pool.open(wait=True, timeout=30)
                    self._pool = pool
        return self._pool

    async def _execute(self, query: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        pool = await self._connections()
        self.queries += 1
        async with pool.connection() as conn:
            cur = await conn.execute(query, params)
            return await cur.fetchone() if cur.description else None

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def _try_take(self, host: str, token: str, delay: float) -> float:
        """Take the slot: 0.0 when taken, else seconds to wait before trying again."""
        if host not in self._known:
            await self._execute(_ENSURE, {"host": host, "delay": delay})
            self._known.add(host)
        row = await self._execute(_TAKE, {"host": host, "token": token, "hold": self.hold_s})
        if row is None:  # the row was deleted meanwhile: create it again
            self._known.discard(host)
            return MIN_WAIT_S
        took, spacing_s, held_s, shared_delay = row
        if took:
            return 0.0
        if held_s is not None and held_s > 0:
            # the holder sends, then spaces the next request a delay later
            return max(MIN_WAIT_S, min(held_s, max(delay, float(shared_delay or 0.0))))
        return max(MIN_WAIT_S, spacing_s or 0.0)

    @asynccontextmanager
    async def slot(
        self, host: str, gate: asyncio.Semaphore | None = None
    ) -> AsyncIterator[MarkSent]:
        state = self._state(host)
        if state.delay_s <= 0:
            async with super().slot(host, gate) as mark_sent:
                yield mark_sent
            return
        token = uuid.uuid4().hex
        async with state.semaphore:
            # one waiter per host and process asks the database; the gate is held only while
            # taking the slot, never while waiting for another worker's spacing
            async with state.lock:
                while True:
                    if gate is not None:
                        await gate.acquire()
                    try:
                        wait = await self._try_take(host, token, state.delay_s)
                    except BaseException:
                        if gate is not None:
                            gate.release()
                        raise
                    if wait == 0.0:
                        break
                    if gate is not None:
                        gate.release()
                    await asyncio.sleep(wait)
            marked = False

            async def mark_sent() -> None:
                nonlocal marked
                if not marked:
                    marked = True
                    await self._execute(
                        _MARK, {"host": host, "token": token, "delay": state.delay_s}
                    )

            try:
                yield mark_sent
            finally:
                if gate is not None:
                    gate.release()
                if not marked:  # the request never left (connection refused, …): space anyway
                    with contextlib.suppress(Exception):
                        await asyncio.shield(mark_sent())
