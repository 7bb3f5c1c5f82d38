"""Sitemaps (``urlset``), sitemap indexes and Google News sitemaps.

Parsed with defusedxml (no DTDs, no entities: no XML bombs, no external entities). A malformed
document is re-read by lxml in recover mode (entities and network off) and the problem reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError as XMLParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree

from newssearcher.records import FeedEntry
from newssearcher.sources.parsed import (
    ParsedSource,
    ParseError,
    absolute_http_url,
    clean_text,
    lang_code,
    newest_first,
)

MAX_SITEMAP_URLS = 50_000  # the sitemaps.org limit per file


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(node: Any, name: str) -> Iterable[Any]:
    return (child for child in node if _local(child.tag) == name)


def _child_text(node: Any, *path: str) -> str | None:
    current = node
    for name in path:
        current = next(iter(_children(current, name)), None)
        if current is None:
            return None
    return clean_text(current.text)


def parse_w3c_date(value: str | None) -> datetime | None:
    """W3C datetime as sitemaps use it: ``2024-05-01``, ``2024-05-01T10:00Z``, with offsets."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_xml(content: bytes, url: str, problems: list[str]) -> Any:
    try:
        return SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ParseError(url, f"sitemap refused: {type(exc).__name__} (DTDs/entities)") from exc
    except XMLParseError as exc:
        parser = etree.XMLParser(
            recover=True, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
        )
        try:
            root = etree.fromstring(content, parser)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise ParseError(url, f"malformed sitemap XML ({exc})") from exc
        problems.append(f"malformed sitemap XML ({exc}); used what could be recovered")
        return root


def parse_sitemap(content: bytes, url: str) -> ParsedSource:
    problems: list[str] = []
    root = _parse_xml(content, url, problems)
    name = _local(root.tag)
    if name == "sitemapindex":
        children: list[tuple[str, datetime | None]] = []
        for node in _children(root, "sitemap"):
            loc = absolute_http_url(url, _child_text(node, "loc"))
            if loc is None:
                problems.append("a <sitemap> without a usable <loc>; skipped")
                continue
            children.append((loc, parse_w3c_date(_child_text(node, "lastmod"))))
        children.sort(key=lambda c: (c[1] is None, -(c[1].timestamp() if c[1] else 0.0)))
        return ParsedSource(
            kind="sitemap",
            format="sitemapindex",
            url=url,
            sitemaps=[loc for loc, _ in children],
            problems=problems,
        )
    if name != "urlset":
        raise ParseError(url, f"not a sitemap (root element <{name}>)")
    entries: list[FeedEntry] = []
    dates: dict[int, datetime | None] = {}
    publications: set[str] = set()
    for count, node in enumerate(_children(root, "url"), start=1):
        if count > MAX_SITEMAP_URLS:
            problems.append(f"more than {MAX_SITEMAP_URLS} URLs; the rest ignored")
            break
        loc = absolute_http_url(url, _child_text(node, "loc"))
        if loc is None:
            problems.append(f"<url> #{count} has no usable <loc>; skipped")
            continue
        news = next(iter(_children(node, "news")), None)
        published = lastmod = parse_w3c_date(_child_text(node, "lastmod"))
        title = lang = None
        if news is not None:
            published = parse_w3c_date(_child_text(news, "publication_date"))
            title = _child_text(news, "title")
            lang = lang_code(_child_text(news, "publication", "language"))
            publication = _child_text(news, "publication", "name")
            if publication:
                publications.add(publication)
        image = None
        image_node = next(iter(_children(node, "image")), None)
        if image_node is not None:
            image = absolute_http_url(url, _child_text(image_node, "loc"))
        dates[len(entries)] = published or lastmod
        entries.append(
            FeedEntry(
                url=loc,
                title=title,
                published=published if news is not None else None,
                lang=lang,
                image=image,
            )
        )
    return ParsedSource(
        kind="sitemap",
        format="sitemap",
        url=url,
        title=publications.pop() if len(publications) == 1 else None,
        entries=newest_first(entries, dates),
        problems=problems,
    )
