"""How a story developed: its articles and claims in time order.

``build_timeline(session, story_id)`` gives a :class:`Timeline`:

* ``articles``: every article of the story, oldest first (published time, else ingestion time),
  each with its role — ``first-report`` (:func:`first_report`: the earliest original, not a
  duplicate, not a rewrite),
  ``report``, ``rewrite`` (a paraphrased/translated copy; ``rewrite_of_first`` when it copies the
  first report) or ``duplicate`` — and, for originals after the first, what it ``added``: its
  sentences that no earlier article covered (multilingual embedding similarity, so a translation
  adds nothing).
* ``claims``: the story's claims by ``first_seen_at`` with each article's stance.
* ``events``: both merged into one dated list for display; iterating a Timeline yields them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session

from newssearcher.analysis.claims_store import stored_claims
from newssearcher.store.article_order import article_time, time_order
from newssearcher.store.models import Article, Story
from newssearcher.stories.embedding import embed_cached as embed_sentences
from newssearcher.summary.extractive import MAX_CANDIDATES_PER_DOC, is_candidate
from newssearcher.summary.sentences import split_document
from newssearcher.summary.voices import rewrite_roots, story_articles

#: a sentence at least this close to an earlier one says nothing new
COVERED_COSINE = 0.75
#: at most this many new sentences are listed per article (all are counted)
MAX_ADDED = 3


@dataclass
class ArticleEntry:
    article_id: int
    at: datetime | None
    time_source: str  # published|ingested
    title: str | None
    outlet: str | None
    url: str | None
    lang: str | None
    role: str  # first-report|report|rewrite|duplicate
    duplicate_of: int | None = None
    rewrite_of: int | None = None
    rewrite_of_first: bool = False
    added: list[str] = field(default_factory=list)
    new_sentences: int = 0


@dataclass
class StanceEntry:
    article_id: int
    stance: str
    speaker: str | None = None
    evidence: str | None = None


@dataclass
class ClaimEntry:
    claim_id: int
    at: datetime | None
    text: str
    speaker: str | None
    verb: str | None
    status: str
    first_article_id: int | None
    stances: list[StanceEntry] = field(default_factory=list)


@dataclass
class TimelineEvent:
    """One dated line of the timeline, ready to render."""

    at: datetime | None
    kind: str  # first-report|report|rewrite|duplicate|claim
    text: str
    article_id: int | None = None
    outlet: str | None = None
    claim_id: int | None = None


@dataclass
class Timeline:
    story_id: int
    articles: list[ArticleEntry] = field(default_factory=list)
    claims: list[ClaimEntry] = field(default_factory=list)
    first_reported_by: ArticleEntry | None = None
    rewrites_of_first: list[int] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)

    def __iter__(self) -> Iterator[TimelineEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)


def _live_story(session: Session, story_id: int) -> Story:
    story = session.get(Story, story_id)
    seen: set[int] = set()
    while story is not None and story.merged_into is not None and story.id not in seen:
        seen.add(story.id)
        story = session.get(Story, story.merged_into)
    if story is None:
        raise LookupError(f"story {story_id} not found")
    return story


def first_report(articles: Iterable[Article]) -> Article | None:
    """The article that first reported a story: the oldest (published time, else ingestion
    time; then id) that is neither a duplicate nor a rewrite of another article of the story.

    When every article is a copy (rewrite cycles, duplicates only) the oldest non-duplicate,
    else the oldest article, stands in. The timeline's ``first-report``, ``story show``'s
    ``first_reported_by`` and the web story page all come from here.
    """
    ordered = sorted(articles, key=time_order)
    roots = rewrite_roots(ordered)
    pool = (
        [a for a in ordered if roots.get(a.id) == a.id]
        or [a for a in ordered if a.id in roots]
        or ordered
    )
    return pool[0] if pool else None


def compute_additions(originals: list[Article]) -> dict[int, tuple[list[str], int]]:
    """For each original after the first (oldest first): its uncovered sentences (listed,
    counted). Like the summary, it reads each article's first ``MAX_CANDIDATES_PER_DOC``
    candidate sentences (news puts what is new first), which bounds the embedding cost."""
    per_article = [
        [s.text for s in split_document(a.text or "") if is_candidate(s.text)][
            :MAX_CANDIDATES_PER_DOC
        ]
        for a in originals
    ]
    flat = [t for texts in per_article for t in texts]
    vectors = embed_sentences(flat)
    out: dict[int, tuple[list[str], int]] = {}
    start = 0
    for k, (article, texts) in enumerate(zip(originals, per_article, strict=True)):
        end = start + len(texts)
        if k > 0 and texts:
            earlier = vectors[:start]
            mine = vectors[start:end]
            if earlier.shape[0]:
                covered = (mine @ earlier.T).max(axis=1) >= COVERED_COSINE
            else:
                covered = np.zeros(len(texts), dtype=bool)
            new = [t for t, c in zip(texts, covered, strict=True) if not c]
            out[article.id] = (new[:MAX_ADDED], len(new))
        elif k > 0:
            out[article.id] = ([], 0)
        start = end
    return out


def additions_json(additions: dict[int, tuple[list[str], int]], voices: list[int]) -> dict:
    """What ``update_story_summary`` keeps in ``Story.summary`` so pages need no embedding."""
    return {
        "voices": voices,
        "articles": {
            str(aid): {"sentences": added, "count": count}
            for aid, (added, count) in additions.items()
        },
    }


def _stored_additions(
    story: Story, voice_roots: list[Article]
) -> dict[int, tuple[list[str], int]] | None:
    """The additions stored with the summary, if they were computed for these same voices."""
    data = story.summary.get("added") if isinstance(story.summary, dict) else None
    if not isinstance(data, dict) or data.get("voices") != [a.id for a in voice_roots]:
        return None
    try:
        return {
            int(aid): (list(v["sentences"]), int(v["count"])) for aid, v in data["articles"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _claims(session: Session, story_id: int) -> list[ClaimEntry]:
    """The story's claims, first seen first, with their stances (oldest article first)."""
    return [
        ClaimEntry(
            claim_id=c.id,
            at=c.first_seen_at,
            text=c.text,
            speaker=c.speaker,
            verb=c.verb,
            status=c.status,
            first_article_id=c.first_article_id,
            stances=[
                StanceEntry(st.article_id, st.stance, st.speaker, st.evidence) for st, _ in sts
            ],
        )
        for c, sts in stored_claims(session, [story_id])
    ]


def _article_text(entry: ArticleEntry) -> str:
    title = entry.title or f"Article {entry.article_id}"
    if entry.role == "first-report":
        return f"First reported: {title}"
    if entry.role == "duplicate":
        return f"{title} (copy of article {entry.duplicate_of})"
    if entry.role == "rewrite":
        of = "the first report" if entry.rewrite_of_first else f"article {entry.rewrite_of}"
        return f"{title} (rewrite of {of})"
    if entry.added:
        more = entry.new_sentences - len(entry.added)
        extra = f" (+{more} more)" if more > 0 else ""
        return f"{title}. Adds: {' '.join(entry.added)}{extra}"
    return f"{title}. Adds nothing new."


def _claim_text(claim: ClaimEntry) -> str:
    who = " ".join(p for p in (claim.speaker, claim.verb) if p)
    return f"{who}: {claim.text}" if who else claim.text


def build_timeline(session: Session, story_id: int) -> Timeline:
    """The timeline of a story (a merged story's id gives the survivor's)."""
    story = _live_story(session, story_id)
    articles = story_articles(session, story.id)
    roots = rewrite_roots(articles)
    voice_roots = [a for a in articles if roots.get(a.id) == a.id]
    # articles are in time order: the oldest voice is first_report()'s answer
    first = voice_roots[0] if voice_roots else None
    additions = _stored_additions(story, voice_roots)
    if additions is None:
        additions = compute_additions(voice_roots)

    timeline = Timeline(story_id=story.id)
    for article in articles:
        at, source = article_time(article)
        if article.duplicate_of is not None:
            role = "duplicate"
        elif roots.get(article.id) != article.id:
            role = "rewrite"
        elif first is not None and article.id == first.id:
            role = "first-report"
        else:
            role = "report"
        added, count = additions.get(article.id, ([], 0))
        entry = ArticleEntry(
            article_id=article.id,
            at=at,
            time_source=source,
            title=article.title,
            outlet=article.outlet,
            url=article.url,
            lang=article.lang,
            role=role,
            duplicate_of=article.duplicate_of,
            rewrite_of=article.rewrite_of,
            rewrite_of_first=bool(
                role == "rewrite" and first is not None and roots.get(article.id) == first.id
            ),
            added=added,
            new_sentences=count,
        )
        timeline.articles.append(entry)
        if role == "first-report":
            timeline.first_reported_by = entry
        if entry.rewrite_of_first:
            timeline.rewrites_of_first.append(article.id)
    timeline.claims = _claims(session, story.id)

    events = [
        TimelineEvent(e.at, e.role, _article_text(e), e.article_id, e.outlet)
        for e in timeline.articles
    ]
    outlets = {e.article_id: e.outlet for e in timeline.articles}
    events.extend(
        TimelineEvent(
            c.at,
            "claim",
            _claim_text(c),
            c.first_article_id,
            outlets.get(c.first_article_id) if c.first_article_id else None,
            c.claim_id,
        )
        for c in timeline.claims
    )
    order = {"first-report": 0, "report": 1, "rewrite": 2, "duplicate": 3, "claim": 4}
    events.sort(key=lambda ev: (ev.at is None, ev.at.timestamp() if ev.at else 0.0, order[ev.kind]))
    timeline.events = events
    return timeline
