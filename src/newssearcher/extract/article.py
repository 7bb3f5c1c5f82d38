"""One HTML page in, one :class:`~newssearcher.records.Extracted` article out — or :class:`NoArticle`.

Steps: bound the input, decode it (:mod:`.charset`), parse it once with lxml, read the head
(:mod:`.metadata`), cut the boilerplate boxes (:mod:`.boilerplate`), let trafilatura find the
main text, title, author and date (htmldate, with the time of day when the page gives one),
then identify the language (:mod:`.language`).
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newssearcher.extract.boilerplate import drop_cta_lines, prune_boxes
from newssearcher.extract.charset import decode_html, is_binary_media_type, media_type
from newssearcher.extract.errors import NoArticle, NotHTML
from newssearcher.extract.language import detect_language
from newssearcher.extract.metadata import (
    language_code,
    normalise_page_url,
    parse_date,
    read_head,
)
from newssearcher.extract.not_article import non_article_reason
from newssearcher.records import Extracted, FetchedDocument

log = logging.getLogger(__name__)

#: Bytes (or characters) of a page that are looked at; the rest is cut off. Article text sits
#: near the top of any real page, and parse time grows with the size.
MAX_HTML_BYTES = 5 * 1024 * 1024
#: Elements of the parsed page that are kept (in document order); the rest is cut off.
MAX_ELEMENTS = 30_000
#: Above this many block elements trafilatura runs without its justext/readability fallbacks,
#: whose cost grows with the square of the paragraph count.
FULL_MODE_MAX_BLOCKS = 1500
#: An article has at least this many words of main text.
MIN_WORDS = 25
#: How far down the text a repeated headline is looked for.
LEAD_LINES = 3
#: htmldate output: the date and, where the page gives it, the time and offset.
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

_MARKUP = re.compile(r"<\s*[a-zA-Z!?/]")
_WS = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")

for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def _decode(content: bytes | str, content_type: str | None, max_bytes: int) -> str:
    mtype = media_type(content_type)
    if is_binary_media_type(mtype):
        raise NotHTML(f"not HTML ({mtype})")
    if isinstance(content, str):
        return content[:max_bytes]
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_article needs bytes or str, got {type(content).__name__}")
    raw = bytes(content)
    if not raw.strip():
        raise NoArticle("empty page")
    if len(raw) > max_bytes:
        raw = _cut_utf8_safely(raw[:max_bytes])
    return decode_html(raw, content_type)


def _cut_utf8_safely(raw: bytes) -> bytes:
    """Drop a UTF-8 sequence left incomplete by a cut at the end of ``raw``."""
    for back in range(1, min(4, len(raw)) + 1):
        byte = raw[-back]
        if byte & 0xC0 == 0x80:  # continuation byte: look further back for the lead
            continue
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if needed > back:
                return raw[:-back]
        break
    return raw


def _parse(text: str) -> HtmlElement:
    if not text.strip():
        raise NoArticle("empty page")
    if not _MARKUP.search(text[:65536]):
        raise NoArticle("not HTML (no markup found)")
    try:
        tree = load_html(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises several kinds on hostile input
        raise NoArticle(f"unparseable HTML ({exc.__class__.__name__})") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise NoArticle("unparseable HTML")
    return tree


_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "td",
        "th",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "aside",
    ]
)


def _cut_tree(tree: HtmlElement, max_elements: int) -> bool:
    """Drop every element after the first ``max_elements`` (document order); True if cut."""
    beyond = None
    for i, node in enumerate(tree.iter()):
        if i >= max_elements:
            beyond = node
            break
    if beyond is None:
        return False
    current = beyond
    while current is not None and current is not tree:
        parent = current.getparent()
        if parent is None:
            break
        for sibling in list(current.itersiblings()):
            parent.remove(sibling)
        current = parent
    parent = beyond.getparent()
    if parent is not None:
        parent.remove(beyond)
    return True


def _block_count(tree: HtmlElement) -> int:
    return sum(1 for node in tree.iter() if node.tag in _BLOCK_TAGS)


def _same(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _tidy(text: str, title: str | None, description: str | None) -> str:
    """Whitespace tidied; the headline (and any label above it) and the standfirst removed.

    trafilatura keeps the ``<h1>`` and the summary line under it; ``title`` holds the first,
    the page's description the second, and neither is article text.
    """
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    for i, line in enumerate(lines[:LEAD_LINES]):
        if _same(line, title) and all(len(before.split()) <= 4 for before in lines[:i]):
            lines = lines[i + 1 :]
            break
    while lines and not lines[0]:
        lines = lines[1:]
    if lines and _same(lines[0], description) and len(lines) > 1:
        lines = lines[1:]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def extract_article(
    content: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    *,
    max_bytes: int = MAX_HTML_BYTES,
    max_elements: int = MAX_ELEMENTS,
    min_words: int = MIN_WORDS,
) -> Extracted:
    """Extract the article from one page; raises :class:`NoArticle` (reason inside) if none."""
    if isinstance(content, str) and not content.strip():
        raise NoArticle("empty page")
    text = _decode(content, content_type, max_bytes)
    tree = _parse(text)
    head = read_head(tree, url)
    if _cut_tree(tree, max_elements):
        log.debug("page %s cut to its first %d elements", url, max_elements)
    prune_boxes(tree)
    fast = _block_count(tree) > FULL_MODE_MAX_BLOCKS
    date_params = {
        "extensive_search": True,
        "original_date": True,
        "outputformat": DATE_FORMAT,
        "url": url,
    }
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=date_params,
        )
    except (RecursionError, MemoryError) as exc:
        raise NoArticle(f"page too complex to parse ({exc.__class__.__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - trafilatura can trip over odd trees
        log.debug("trafilatura failed on %s", url, exc_info=True)
        raise NoArticle(f"extraction failed ({exc.__class__.__name__}: {exc})") from exc
    if doc is None:
        raise NoArticle("no main text found (only 0 words)")
    title = (doc.title or head.title or "").strip() or None
    body = _tidy(drop_cta_lines(doc.text or ""), title, head.description)
    n_words = len(body.split())
    if n_words < min_words:
        raise NoArticle(f"no main text found (only {n_words} words)")
    not_article = non_article_reason(body, title)
    if not_article is not None:
        raise NoArticle(not_article)
    lang = detect_language(f"{title or ''}\n{body}") or head.declared_lang
    image = head.image
    if image is None and doc.image:
        image = normalise_page_url(doc.image, url or head.canonical_url)
    return Extracted(
        text=body,
        title=title,
        author=(doc.author or "").strip() or None,
        published=head.published or parse_date(doc.date),
        lang=language_code(lang),
        image=image,
        canonical_url=head.canonical_url,
        site_name=head.site_name or ((doc.sitename or "").strip() or None),
    )


def extract_document(doc: FetchedDocument, **kwargs: int) -> Extracted:
    """:func:`extract_article` on a fetched response: its bytes, final URL and Content-Type.

    ``doc.encoding`` is not used: the charset the server sent is in the Content-Type, and an
    HTTP client's own guess would override the page's ``<meta charset>``.
    """
    return extract_article(
        doc.content, url=doc.final_url or doc.url, content_type=doc.content_type, **kwargs
    )
