"""Why a page yields no article."""

from __future__ import annotations


class NoArticle(ValueError):
    """The page holds no article; ``reason`` says why in a few words (shown to users)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotHTML(NoArticle):
    """The content is not an HTML (or text) document at all: an image, a PDF, binary junk."""
