"""sources stage: where articles come from.

- :mod:`.http` — the polite HTTP fetcher (robots.txt, per-host limits, retries, caps)
- :mod:`.politeness` and :mod:`.robots` — per-host rate limits and robots.txt rules
- :mod:`.parse` — feeds (RSS/Atom, JSON Feed), sitemaps and single pages to ``FeedEntry`` records
- :mod:`.registry` — the ``sources`` table: add/list/remove, due-time order, leases, back-off
"""

from newssearcher.sources.errors import FetchError, SourceError
from newssearcher.sources.http import Fetcher
from newssearcher.sources.parse import ParsedSource, ParseError, parse_document

__all__ = [
    "FetchError",
    "Fetcher",
    "ParseError",
    "ParsedSource",
    "SourceError",
    "parse_document",
]
