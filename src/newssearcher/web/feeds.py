"""RSS 2.0 and Atom out: one feed per hub, per story (its sources) and per search."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote_plus

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator
from sqlalchemy import select

from newssearcher.store.models import Hub
from newssearcher.web import queries
from newssearcher.web.deps import web_state
from newssearcher.web.i18n import N_
from newssearcher.web.rendering import request_lang
from newssearcher.web.schemas import ArticleCard, ErrorBody, StoryCard
from newssearcher.web.searching import FilterInput, UnknownFilter, resolve_filters, run_search

FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An Atom 1.0 or RSS 2.0 document",
        "content": {
            "application/atom+xml": {"schema": {"type": "string"}},
            "application/rss+xml": {"schema": {"type": "string"}},
        },
    },
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}
router = APIRouter(
    prefix="/feeds", tags=["feeds"], responses=FEED_RESPONSES, default_response_class=Response
)
Format = Literal["atom", "rss"]
MEDIA = {"atom": "application/atom+xml; charset=utf-8", "rss": "application/rss+xml; charset=utf-8"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# XML 1.0 forbids most control characters; strip them rather than fail on hostile input
_XML_BAD = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])


def _clean(text: str | None) -> str:
    return (text or "").translate(_XML_BAD)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _generator(
    request: Request, feed_id: str, title: str, subtitle: str, fmt: str
) -> FeedGenerator:
    fg = FeedGenerator()
    base = _base(request)
    fg.id(f"{base}{feed_id}")
    fg.title(_clean(title))
    fg.subtitle(_clean(subtitle) or _clean(title))
    fg.link(href=f"{base}{feed_id}", rel="alternate")
    fg.link(href=str(request.url), rel="self")
    fg.language(request_lang(request))
    fg.generator("NewsSearcher")
    fg.updated(datetime.now(UTC))
    return fg


def _add_story(fg: FeedGenerator, base: str, card: StoryCard) -> None:
    entry = fg.add_entry(order="append")
    link = f"{base}/story/{card.id}"
    entry.id(link)
    entry.title(_clean(card.title))
    entry.link(href=link)
    entry.summary(_clean(card.lead or card.title))
    stamp = card.last_published_at or card.first_published_at or EPOCH
    entry.updated(stamp)
    entry.published(card.first_published_at or stamp)


def _add_article(fg: FeedGenerator, base: str, card: ArticleCard, summary: str = "") -> None:
    entry = fg.add_entry(order="append")
    entry.id(f"{base}/article/{card.id}")
    entry.title(_clean(card.title or f"Article {card.id}"))
    entry.link(href=card.url or f"{base}/article/{card.id}")
    if summary:
        entry.summary(_clean(summary))
    if card.outlet:
        entry.author({"name": _clean(card.outlet)})
    stamp = card.published_at or EPOCH
    entry.updated(stamp)
    entry.published(stamp)


def _respond(fg: FeedGenerator, fmt: str) -> Response:
    body = fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
    return Response(body, media_type=MEDIA[fmt])


@router.get("/hub/{slug}.{fmt}", summary="A hub's newest stories")
def hub_feed(request: Request, slug: Annotated[str, Path(max_length=128)], fmt: Format) -> Response:
    lang = request_lang(request)
    with web_state(request).db.session() as s:
        hub = s.scalar(select(Hub).where(Hub.slug == slug))
        if hub is None:
            raise HTTPException(404, N_("No such hub."))
        stories, _ = queries.list_stories(s, lang, hub=hub, limit=50)
        name = queries.hub_name(hub, lang)
    fg = _generator(request, f"/hub/{slug}", f"{name} · NewsSearcher", hub.description or "", fmt)
    base = _base(request)
    for card in stories:
        _add_story(fg, base, card)
    return _respond(fg, fmt)


@router.get("/stories.{fmt}", summary="Newest stories of every hub")
def all_feed(request: Request, fmt: Format) -> Response:
    with web_state(request).db.session() as s:
        stories, _ = queries.list_stories(s, request_lang(request), limit=50)
    fg = _generator(request, "/", "NewsSearcher", "Latest stories", fmt)
    base = _base(request)
    for card in stories:
        _add_story(fg, base, card)
    return _respond(fg, fmt)


@router.get("/story/{story_id}.{fmt}", summary="A story's sources as they arrive")
def story_feed(
    request: Request, story_id: Annotated[int, Path(ge=1, le=2_147_483_647)], fmt: Format
) -> Response:
    lang = request_lang(request)
    with web_state(request).db.session() as s:
        story = queries.resolve_story(s, story_id)
        if story is None:
            raise HTTPException(404, N_("No such story."))
        card = queries.story_cards(s, [story], lang)[0]
        articles, _ = queries.list_articles(s, story_id=story.id, limit=100)
    fg = _generator(request, f"/story/{card.id}", card.title, card.lead or "", fmt)
    base = _base(request)
    for art in articles:
        _add_article(fg, base, art)
    return _respond(fg, fmt)


@router.get("/search.{fmt}", summary="Articles matching a search")
def search_feed(
    request: Request,
    fmt: Format,
    q: Annotated[str, Query(max_length=500)],
    hub: Annotated[str | None, Query(max_length=128)] = None,
    source: Annotated[str | None, Query(max_length=256)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    entity: Annotated[str | None, Query(max_length=256)] = None,
) -> Response:
    # a blank query (also one that was only control characters, which the middleware drops)
    # is a valid feed with no entries, not an error
    with web_state(request).db.session() as s:
        try:
            filters = resolve_filters(s, FilterInput(hub, source, language, entity))
        except UnknownFilter as exc:
            raise HTTPException(404, str(exc)) from exc
        result = run_search(s, q, filters, lang=request_lang(request), limit=50)
    fg = _generator(request, f"/search?q={quote_plus(q)}", f"“{q}” · NewsSearcher", "", fmt)
    base = _base(request)
    for hit in result.items:
        _add_article(fg, base, hit.article, hit.story_title or "")
    return _respond(fg, fmt)
