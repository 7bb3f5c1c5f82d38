"""Page metadata read straight from the HTML head: canonical URL, lead image, site name, language.

trafilatura finds title, author and date well; these fields need finer rules than it has
(a canonical link pointing at the home page is a site bug, not a duplicate of every article).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url
from lxml.html import HtmlElement

_LANG_CODE = re.compile(r"^[a-z]{2}$")


@dataclass(slots=True)
class HeadMeta:
    """What the ``<head>`` (and JSON-LD) of a page says about it."""

    canonical_url: str | None = None
    image: str | None = None
    site_name: str | None = None
    title: str | None = None
    description: str | None = None
    declared_lang: str | None = None
    published: datetime | None = None


def normalise_page_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute, normalised http(s) URL (courlan: case, ports, tracking parameters) sans fragment."""
    if not url:
        return None
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:", "mailto:")):
        return None
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    try:
        normalised = normalize_url(url)
    except (ValueError, TypeError):
        return None
    parts = urlsplit(normalised)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    """First non-empty ``content`` of ``<meta property|name|itemprop=KEY>``, in key order."""
    found: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        content = (node.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (node.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    for key in keys:
        if key in found:
            return found[key]
    return None


def _link(tree: HtmlElement, rel: str) -> str | None:
    for node in tree.iterfind(".//link"):
        rels = (node.get("rel") or "").lower().split()
        href = (node.get("href") or "").strip()
        if rel in rels and href:
            return href
    return None


def _json_ld(tree: HtmlElement) -> list[dict]:
    """The objects of every ``application/ld+json`` block (``@graph`` flattened); junk ignored."""
    out: list[dict] = []
    for node in tree.iterfind(".//script"):
        if (node.get("type") or "").strip().lower() != "application/ld+json" or not node.text:
            continue
        try:
            data = json.loads(node.text)
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack[:50]:
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    out.extend(g for g in graph[:50] if isinstance(g, dict))
    return out


def _ld_image(objects: list[dict]) -> str | None:
    for obj in objects:
        image = obj.get("image") or obj.get("thumbnailUrl")
        if isinstance(image, list) and image:
            image = image[0]
        if isinstance(image, dict):
            image = image.get("url") or image.get("contentUrl")
        if isinstance(image, str) and image.strip():
            return image.strip()
    return None


def language_code(value: str | None) -> str | None:
    """``"es-ES"`` -> ``"es"``; None when not an ISO 639-1 code."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0].split(",")[0].strip()
    return code if _LANG_CODE.match(code) else None


def _is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def canonical_from(tree: HtmlElement, page_url: str | None) -> str | None:
    """``<link rel=canonical>``, else ``og:url``, else the page URL itself — normalised.

    A declared canonical that is the site's home page while the page is deeper down is a
    template bug; it is ignored rather than making every article a copy of the home page.
    """
    page = normalise_page_url(page_url)
    for raw in (_link(tree, "canonical"), _meta(tree, "og:url")):
        found = normalise_page_url(raw, page_url)
        if found is None:
            continue
        if page and _is_home_page(found) and not _is_home_page(page):
            continue
        return found
    return page


def read_head(tree: HtmlElement, page_url: str | None) -> HeadMeta:
    canonical = canonical_from(tree, page_url)
    base = page_url or canonical
    ld = _json_ld(tree)
    image_raw = (
        _meta(
            tree,
            "og:image:secure_url",
            "og:image",
            "og:image:url",
            "twitter:image",
            "twitter:image:src",
        )
        or _link(tree, "image_src")
        or _ld_image(ld)
    )
    image = normalise_page_url(image_raw, base) if image_raw else None
    site_name = _meta(tree, "og:site_name", "application-name", "twitter:site")
    if site_name is None:
        for obj in ld:
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                site_name = publisher["name"].strip() or None
                break
    if site_name and site_name.startswith("@") and " " not in site_name:
        site_name = site_name[1:] or None
    title = _meta(tree, "og:title", "twitter:title")
    if title is None:
        node = tree.find(".//title")
        if node is not None and node.text_content().strip():
            title = " ".join(node.text_content().split())
    lang = language_code(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
    if lang is None:
        lang = language_code(_meta(tree, "og:locale", "content-language", "language"))
    if lang is None:
        for node in tree.iterfind(".//meta"):
            if (node.get("http-equiv") or "").lower() == "content-language":
                lang = language_code(node.get("content"))
                break
    return HeadMeta(
        canonical_url=canonical,
        image=image,
        site_name=site_name,
        title=title,
        description=_meta(tree, "og:description", "description", "twitter:description"),
        declared_lang=lang,
        published=published_from(tree, ld),
    )


# Where pages state their publication time, most explicit first.
_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
)
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage")


def _plausible(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    now = datetime.now(UTC)
    if value.year < 1990 or value > now.replace(microsecond=0) + timedelta(days=2):
        return None
    return value


def published_from(tree: HtmlElement, ld: list[dict] | None = None) -> datetime | None:
    """The publication time the page states explicitly (meta, JSON-LD, ``<time pubdate>``).

    htmldate reads a date from the URL first and then drops the time of day; these fields
    carry the full timestamp, so they are tried first.
    """
    found = _plausible(parse_date(_meta(tree, *_DATE_META_KEYS)))
    if found:
        return found
    for obj in ld if ld is not None else _json_ld(tree):
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            continue
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str) and (found := _plausible(parse_date(value))):
            return found
    for node in tree.iterfind(".//time"):
        names = f"{node.get('class') or ''} {node.get('itemprop') or ''}".lower()
        explicit = node.get("pubdate") is not None or "publish" in names
        if explicit and (found := _plausible(parse_date(node.get("datetime")))):
            return found
    return None


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or datetime string as an aware datetime (UTC when no offset is given)."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # htmldate's ``%z`` writes +0100; fromisoformat wants +01:00.
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
