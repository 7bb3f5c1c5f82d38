"""Cheap, exact fingerprints of an article: its canonical URL and its content hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from courlan import normalize_url

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Unicode NFKC, case-folded, whitespace collapsed: what "the same content" means."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Normalised URL (scheme/host case, default ports, tracking parameters, fragments removed)."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        return normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return None
