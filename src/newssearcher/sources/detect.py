"""Tell a feed from a sitemap from an HTML page by looking at the bytes (not the URL)."""

from __future__ import annotations

import json
import re
import zlib

from newssearcher.sources.errors import FetchError

# formats -> the kind stored on a Source row
FORMAT_KIND = {
    "rss": "feed",
    "rdf": "feed",
    "atom": "feed",
    "jsonfeed": "feed",
    "sitemap": "sitemap",
    "sitemapindex": "sitemap",
    "html": "page",
}

_PROLOG = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|\s+)*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(r"<([A-Za-z_][\w:.\-]*)")
_HTML_HINT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def gunzip_capped(content: bytes, max_bytes: int, url: str) -> bytes:
    """Decompress a gzip body (``sitemap.xml.gz``) without letting a bomb past ``max_bytes``."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError("bad_content", f"corrupt gzip data: {exc}", url) from exc
    if len(out) > max_bytes:
        raise FetchError("too_large", f"gzip content exceeds {max_bytes} bytes uncompressed", url)
    return out


def _text_head(content: bytes, size: int = 8192) -> str:
    head = content[:size]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace").lstrip("\ufeff")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def root_element(content: bytes) -> str | None:
    """The local name (lower case) of the first element of an XML/HTML document."""
    text = _text_head(content)
    pos = _PROLOG.match(text)
    start = pos.end() if pos else 0
    match = _ROOT.match(text, start)
    if match is None:
        match = _ROOT.search(text, start)
    if match is None:
        return None
    return match.group(1).rsplit(":", 1)[-1].lower()


def detect_format(content: bytes, content_type: str = "") -> str | None:
    """``rss``, ``rdf``, ``atom``, ``jsonfeed``, ``sitemap``, ``sitemapindex``, ``html`` or None."""
    head = _text_head(content, 512).lstrip()
    ctype = content_type.split(";", 1)[0].strip().lower()
    if head.startswith(("{", "[")):
        try:
            data = json.loads(content.decode("utf-8-sig", errors="replace"))
        except ValueError:
            return "jsonfeed" if b"jsonfeed.org/version/" in content[:2048] else None
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, str) and "jsonfeed.org/version/" in version:
            return "jsonfeed"
        return None
    root = root_element(content)
    if root in ("rss", "channel"):
        return "rss"
    if root == "rdf":
        return "rdf"
    if root == "feed":
        return "atom"
    if root == "urlset":
        return "sitemap"
    if root == "sitemapindex":
        return "sitemapindex"
    if root in ("html", "head", "body") or _HTML_HINT.search(content[:4096]):
        return "html"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    return None
