"""The shapes the hub shows: pydantic models used by the JSON API and by the HTML templates."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, object]] | None = None


class ErrorBody(BaseModel):
    """Every error of the API has this body."""

    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of items across all pages")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last")


class HubRef(BaseModel):
    slug: str
    name: str


class HubOut(HubRef):
    description: str | None = None
    builtin: bool = False
    story_count: int = 0


class EntityRef(BaseModel):
    slug: str
    name: str
    kind: str
    mentions: int = 0


class EntityOut(EntityRef):
    aliases: list[str] = []
    story_count: int = 0


class ArticleCard(BaseModel):
    id: int
    title: str | None
    outlet: str | None
    url: str | None = Field(description="Link to the original article")
    published_at: datetime | None
    lang: str | None
    story_id: int | None
    duplicate_of: int | None = None
    duplicate_kind: str | None = None
    rewrite_of: int | None = None
    rewrite_score: float | None = None
    is_first: bool = Field(False, description="First report of its story")


class ArticleOut(ArticleCard):
    author: str | None = None
    text: str
    image: str | None = None
    entities: list[EntityRef] = []


class SummarySentence(BaseModel):
    text: str
    citations: list[int] = []


class SummaryOut(BaseModel):
    method: str | None = None
    lang: str | None = None
    title: str | None = None
    sentences: list[SummarySentence] = []
    note: str | None = None
    translated: bool = Field(False, description="Shown in a translation, not the original")


class StoryCard(BaseModel):
    id: int
    title: str
    title_lang: str | None = None
    translated: bool = False
    lead: str | None = Field(None, description="First sentence of the summary")
    first_published_at: datetime | None
    last_published_at: datetime | None
    article_count: int
    outlet_count: int
    hubs: list[HubRef] = []


class StanceOut(BaseModel):
    article_id: int
    outlet: str | None
    stance: str = Field(description="agree | disagree | discuss | unrelated")
    speaker: str | None = None
    evidence: str | None = None
    score: float | None = None


class ClaimOut(BaseModel):
    id: int
    story_id: int
    text: str
    speaker: str | None
    verb: str | None
    lang: str | None
    status: str
    first_article_id: int | None
    first_seen_at: datetime | None
    stances: list[StanceOut] = []


class TimelineEvent(BaseModel):
    at: datetime | None
    text: str
    article_id: int | None = None
    outlet: str | None = None
    kind: str = "report"


class StoryMoveOut(BaseModel):
    """A report the story engine moved out of this story or into it (a correction)."""

    direction: str = Field(description="out: moved from this story to `story`; in: the reverse")
    article: ArticleCard
    story_id: int = Field(description="The story on the other side of the move")
    story_title: str
    moved_at: datetime


class StoryOut(StoryCard):
    summary: SummaryOut | None = None
    first_reported_by: ArticleCard | None = None
    articles: list[ArticleCard] = []
    claims: list[ClaimOut] = []
    entities: list[EntityRef] = []
    timeline: list[TimelineEvent] = []
    moves: list[StoryMoveOut] = Field(
        [], description="Reports moved out of or into this story, newest first"
    )


class CommentOut(BaseModel):
    id: int
    story_id: int
    parent_id: int | None
    author: str
    body_html: str = Field(description="Escaped, sanitised HTML")
    created_at: datetime
    edited_at: datetime | None = None
    status: str
    replies: list[CommentOut] = []


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    parent_id: int | None = None


class SearchHitOut(BaseModel):
    article: ArticleCard
    score: float
    snippet_html: str = ""
    story_title: str | None = None


class SearchOut(Page[SearchHitOut]):
    query: str
    mode: str = Field(description="text | semantic")
    stories: list[StoryCard] = []


class OutletStats(BaseModel):
    outlet: str
    articles: int
    stories: int
    first_reports: int
    rewrites: int
    duplicates: int
