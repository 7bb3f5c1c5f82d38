"""robots.txt rules, fetched once per host and cached (RFC 9309 semantics).

- 2xx: the rules apply (``Crawl-delay`` raises the host's spacing).
- 4xx: no rules, everything allowed.
- 5xx or unreachable: nothing allowed for now (cached briefly, then asked again).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from newssearcher.records import FetchedDocument
from newssearcher.sources.errors import FetchError

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: crawlers must read at least 500 KiB
RULES_TTL_S = 24 * 3600.0
ERROR_TTL_S = 300.0

RobotsFetch = Callable[[str], Awaitable[FetchedDocument]]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


@dataclass
class RobotsRules:
    parser: RobotFileParser | None  # None: everything allowed
    error: FetchError | None  # set: nothing allowed until ``expires``
    expires: float

    def allows(self, user_agent: str, url: str) -> bool:
        if self.error is not None:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def parse_rules(content: bytes) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(content.decode("utf-8", errors="replace").splitlines())
    return parser


class RobotsCache:
    """robots.txt per ``scheme://host:port``; concurrent callers wait for one fetch."""

    def __init__(self, user_agent: str, *, enabled: bool = True) -> None:
        self.user_agent = user_agent
        self.enabled = enabled
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0

    async def rules_for(self, url: str, fetch: RobotsFetch) -> RobotsRules:
        key = robots_url(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            rules = self._rules.get(key)
            if rules is None or rules.expires < time.monotonic():
                rules = await self._load(key, fetch)
                self._rules[key] = rules
            return rules

    async def _load(self, key: str, fetch: RobotsFetch) -> RobotsRules:
        self.fetches += 1
        now = time.monotonic()
        try:
            doc = await fetch(key)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return RobotsRules(None, None, now + RULES_TTL_S)
            return RobotsRules(None, exc, now + ERROR_TTL_S)
        return RobotsRules(parse_rules(doc.content), None, now + RULES_TTL_S)

    async def check(self, url: str, fetch: RobotsFetch) -> RobotsRules:
        """Raise ``FetchError`` when robots.txt forbids ``url`` (or cannot be read)."""
        rules = await self.rules_for(url, fetch)
        if rules.error is not None:
            raise FetchError(
                "robots_unavailable",
                f"robots.txt could not be read ({rules.error.message}); "
                "not fetching from this host for now (RFC 9309)",
                url,
                status=rules.error.status,
                retry_after=rules.error.retry_after,
            )
        if not rules.allows(self.user_agent, url):
            raise FetchError("robots_disallowed", "disallowed by robots.txt", url)
        return rules
