"""Removing the boxes news pages wrap around an article before the extractor sees them.

Paywall prompts, newsletter sign-ups, "breaking news" tickers, related-links lists, share
bars and cookie banners are found by their class/id/role names and removed from the tree —
unless a box holds most of the page's paragraph text (a paywall *wrapper* around the article
body is the article). A last pass over the extracted text drops short call-to-action lines
that carry no class at all ("Subscribe now for unlimited access…"), in English and Spanish.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Matched against the lower-cased class, id and data-* test ids of an element.
BOX_NAMES = re.compile(
    r"""(?x)
    pay-?wall | meter(ed)?-?(box|wall|banner|prompt) | subscri(be|ption|ber)-?(box|prompt|banner|cta|wall|promo|form|widget|block)
    | (^|[\s_-])(cta|promo|promos|promotion)([\s_-]|$) | newsletter | sign-?up | signup | opt-?in
    | breaking(-?news)? | news-?ticker | ticker | live-?(ticker|bar) | alert-?bar | top-?bar
    | related | recommend | more-?(stories|news|articles|from) | read-?(next|more|also) | also-?read
    | most-?(read|popular|viewed) | trending | popular-?(stories|posts) | outbrain | taboola
    | (^|[\s-])(share|sharing|social)([\s-]|$)
    | cookie | consent | gdpr | modal | popup | pop-?up | overlay
    | (^|[\s_-])ad(s|vert|vertisement|-?slot|-?unit|-?container|-?wrapper)?([\s_-]|$) | sponsor
    | (^|[\s-])comments?([\s-]|$) | disqus | author-?bio | tags?-?list
    | noticias?-?relacionadas? | relacionad | te-?puede-?interesar | lee-?tambien | suscri
    | boletin | publicidad | ultima-?hora
    """
)
_ROLES = {"complementary", "banner", "dialog", "alertdialog", "navigation", "contentinfo"}
_KEEP_TAGS = {"html", "body", "main", "article", "head"}
_PRUNE_TAGS = ("aside", "nav", "footer", "form", "dialog", "iframe", "noscript")
#: A box holding more than this share of the page's paragraph text is kept.
MAX_BOX_SHARE = 0.4

_CTA_LINE = re.compile(
    r"""(?ix)^\W*(
      subscribe (\s+(now|today|to))? | already\s+a\s+subscriber | become\s+a\s+(member|subscriber)
    | sign\s+up\s+(for|to|now) | get\s+(our|the)\s+.{0,40}newsletter | (our|the)\s+.{0,30}newsletter
    | you\s+have\s+(read|reached)\s+.{0,40}(free\s+)?(articles?|limit|stories)
    | (log|sign)\s+in\s+to\s+(continue|read|keep) | register\s+(now\s+)?to\s+(continue|read)
    | to\s+continue\s+reading | continue\s+reading\s+with | support\s+(our|independent)\s+journalism
    | this\s+(article|content)\s+is\s+(for|only\s+available\s+to)\s+(subscribers|members)
    | unlock\s+(this|unlimited|full) | start\s+your\s+(free\s+)?trial
    | breaking(\s+news)?\s*[:|-] | (read\s+more|related|see\s+also|more\s+on\s+this|also\s+read)\s*: | advertisement\s*$
    | share\s+(this|on)\b | follow\s+us\s+on | click\s+here\s+to
    | suscr[ií]bete | ya\s+eres\s+suscriptor | hazte\s+(socio|suscriptor) | reg[ií]strate
    | has\s+(le[ií]do|alcanzado)\s+.{0,40}(art[ií]culos|l[ií]mite)
    | (lee|lea)\s+tambi[eé]n | te\s+puede\s+interesar | noticia\s+relacionada | m[aá]s\s+noticias
    | [uú]ltima\s+hora\s*[:|-] | publicidad\s*$ | recibe\s+(nuestro|el)\s+bolet[ií]n
    )(?![^\W\d_])"""
)
#: Lines longer than this are prose, whatever they start with.
MAX_CTA_WORDS = 40


def _paragraph_chars(node: HtmlElement) -> int:
    return sum(len(p.text_content()) for p in node.iter("p"))


def _names(node: HtmlElement) -> str:
    parts = [node.get("class") or "", node.get("id") or ""]
    for attr in ("data-testid", "data-component", "data-module", "aria-label"):
        value = node.get(attr)
        if value:
            parts.append(value)
    return " ".join(parts).lower().replace("_", "-")


def is_box(node: HtmlElement) -> bool:
    """True when the element's tag, role or names say it is page furniture, not article."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _KEEP_TAGS:
        return False
    if tag in _PRUNE_TAGS:
        return True
    if (node.get("role") or "").lower() in _ROLES:
        return True
    if (node.get("aria-hidden") or "").lower() == "true" or node.get("hidden") is not None:
        return True
    names = _names(node)
    return bool(names) and BOX_NAMES.search(names) is not None


def prune_boxes(tree: HtmlElement) -> int:
    """Remove boilerplate boxes from ``tree`` in place; returns how many were removed."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    total = _paragraph_chars(root)
    removed = 0
    # Collect first: removing while iterating would skip siblings.
    candidates = [node for node in root.iter() if isinstance(node.tag, str) and is_box(node)]
    for node in candidates:
        parent = node.getparent()
        if parent is None:
            continue
        if total and _paragraph_chars(node) > MAX_BOX_SHARE * total:
            continue
        tail = node.tail
        if tail and tail.strip():
            prev = node.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(node)
        removed += 1
    return removed


def drop_cta_lines(text: str) -> str:
    """Remove short call-to-action lines (paywall, newsletter, "breaking", "read more")."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and len(stripped.split()) <= MAX_CTA_WORDS and _CTA_LINE.match(stripped):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
