"""One entry point: a fetched document -> ``ParsedSource`` (kind detected from the content)."""

from __future__ import annotations

import html
import re

from newssearcher.records import FeedEntry, FetchedDocument
from newssearcher.sources.detect import FORMAT_KIND, detect_format, gunzip_capped
from newssearcher.sources.feeds import parse_feed
from newssearcher.sources.jsonfeed import parse_json_feed
from newssearcher.sources.parsed import ParsedSource, ParseError, absolute_http_url
from newssearcher.sources.sitemaps import parse_sitemap

__all__ = ["ParseError", "ParsedSource", "parse_document"]

KINDS = ("auto", "feed", "sitemap", "page")


def parse_document(
    doc: FetchedDocument, kind: str = "auto", *, max_bytes: int = 50 * 1024 * 1024
) -> ParsedSource:
    """Parse a feed, a sitemap (index) or a single page.

    ``kind`` forces the family (``feed``/``sitemap``/``page``); ``auto`` decides from the bytes.
    Raises ``ParseError`` naming the URL when nothing usable is found.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    url = doc.final_url or doc.url
    content = doc.content
    if content[:2] == b"\x1f\x8b":  # a gzip file (sitemap.xml.gz), not Content-Encoding
        content = gunzip_capped(content, max_bytes, url)
    if not content.strip():
        raise ParseError(url, "empty document")
    fmt = detect_format(content, doc.content_type)
    if kind != "auto" and fmt is not None and FORMAT_KIND[fmt] != kind:
        if kind == "page":
            fmt = "html"
        else:
            raise ParseError(url, f"expected a {kind} but the content looks like {fmt}")
    if fmt is None:
        if kind == "page":
            fmt = "html"
        else:
            # last resort: feedparser reads some broken feeds no sniffing recognises
            try:
                parsed = parse_feed(content, url, doc.content_type)
            except ParseError:
                parsed = None
            if parsed is not None and parsed.entries:
                return parsed
            if content.lstrip()[:1] in (b"{", b"["):
                raise ParseError(url, "JSON, but not a JSON Feed (no jsonfeed.org version)")
            ctype = doc.content_type or "no Content-Type"
            raise ParseError(
                url, f"not a feed, sitemap or HTML page ({ctype}; starts {content[:40]!r})"
            )
    if fmt == "jsonfeed":
        return parse_json_feed(content, url)
    if fmt in ("rss", "rdf", "atom"):
        return parse_feed(content, url, doc.content_type, fmt)
    if fmt in ("sitemap", "sitemapindex"):
        return parse_sitemap(content, url)
    return ParsedSource(
        kind="page",
        format="html",
        url=url,
        entries=[FeedEntry(url=url)],
        page=doc,
        feed_links=feed_links(content, url),
    )


_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
FEED_TYPES = (b"application/rss+xml", b"application/atom+xml", b"application/feed+json")


def feed_links(content: bytes, base: str) -> list[str]:
    """Feeds an HTML page advertises with ``<link rel="alternate" type=...>`` (autodiscovery)."""
    found: list[str] = []
    for tag in _LINK_TAG.findall(content[: 256 * 1024]):
        attrs = {
            m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"").strip()
            for m in _ATTR.finditer(tag)
        }
        if b"alternate" not in attrs.get(b"rel", b"").lower().split():
            continue
        if attrs.get(b"type", b"").lower() not in FEED_TYPES:
            continue
        href = html.unescape(attrs.get(b"href", b"").decode("utf-8", "replace"))
        url = absolute_http_url(base, href)
        if url and url not in found:
            found.append(url)
    return found
