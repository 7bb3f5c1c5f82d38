"""Paging, in one place: the API's parameter types and page envelope, the HTML pages' numbering."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

#: stories, articles or alerts on one HTML page
PAGE_SIZE = 20

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")]


def api_page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The API's page envelope (``Page[...]`` in the schemas)."""
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if offset + limit < total else None,
    }


def page_offset(page: int) -> tuple[int, int]:
    """``(page, offset)`` of a 1-based HTML page number."""
    page = max(1, page)
    return page, (page - 1) * PAGE_SIZE


def page_count(total: int) -> int:
    """How many HTML pages ``total`` items fill (at least one)."""
    return max(1, -(-total // PAGE_SIZE))
