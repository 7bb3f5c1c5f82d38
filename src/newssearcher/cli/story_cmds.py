"""``stories list``, ``story show`` and ``search``."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.analysis.claims_store import stored_claims
from newssearcher.analysis.entities_store import resolve_entity, story_entities
from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import emit
from newssearcher.cli.progress import stderr
from newssearcher.pipeline.records_in import parse_datetime
from newssearcher.store.models import (
    Article,
    Hub,
    Story,
    StoryHub,
)
from newssearcher.store.search import SearchFilters, search_articles
from newssearcher.stories.resolve import resolve_story_id, story_moves
from newssearcher.summary.timeline import first_report
from newssearcher.summary.voices import story_articles

stories_app = typer.Typer(help="Browse stories.", no_args_is_help=True)
story_app = typer.Typer(help="One story.", no_args_is_help=True)
stdout = Console()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def story_hubs(session: Session, story_id: int) -> list[str]:
    stmt = (
        select(Hub.slug)
        .join(StoryHub, StoryHub.hub_id == Hub.id)
        .where(StoryHub.story_id == story_id)
        .order_by(StoryHub.score.desc())
    )
    return list(session.scalars(stmt))


def story_brief(session: Session, story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "lang": story.title_lang,
        "articles": story.article_count,
        "outlets": story.outlet_count,
        "first_published": _iso(story.first_published_at),
        "last_published": _iso(story.last_published_at),
        "updated": _iso(story.updated_at),
        "hubs": story_hubs(session, story.id),
    }


def story_detail(session: Session, story: Story) -> dict[str, Any]:
    """Everything the story page shows, as plain JSON."""
    articles = story_articles(session, story.id)
    by_id = {a.id: a for a in articles}
    claims = [
        {
            "id": claim.id,
            "text": claim.text,
            "speaker": claim.speaker,
            "verb": claim.verb,
            "status": claim.status,
            "stances": [
                {
                    "article": article.external_id,
                    "outlet": article.outlet,
                    "stance": s.stance,
                    "speaker": s.speaker,
                    "evidence": s.evidence,
                }
                for s, article in stances
            ],
        }
        for claim, stances in stored_claims(session, [story.id])
    ]
    entities = story_entities(session, story.id, 30)
    first = first_report(articles)
    summary = dict(story.summary or {})
    if summary.get("sentences"):
        summary["sentences"] = [
            {
                **sent,
                "sources": [by_id[c].external_id for c in sent.get("citations", []) if c in by_id],
            }
            for sent in summary["sentences"]
        ]
    detail = story_brief(session, story)
    detail.update(
        {
            "first_reported_by": (
                {"article": first.external_id, "outlet": first.outlet, "url": first.url}
                if first
                else None
            ),
            "summary": summary or None,
            "claims": claims,
            "entities": [{"name": e.name, "kind": e.kind, "mentions": m} for e, m in entities],
            "sources": [
                {
                    "article": a.external_id,
                    "outlet": a.outlet,
                    "title": a.title,
                    "url": a.url,
                    "lang": a.lang,
                    "published": _iso(a.published_at),
                    "duplicate_of": by_id[a.duplicate_of].external_id
                    if a.duplicate_of in by_id
                    else a.duplicate_of,
                    "rewrite_of": by_id[a.rewrite_of].external_id
                    if a.rewrite_of in by_id
                    else a.rewrite_of,
                }
                for a in articles
            ],
            "moves": _moves(session, story.id),
        }
    )
    return detail


def _moves(session: Session, story_id: int) -> list[dict[str, Any]]:
    """Reports moved out of (``out``) or into (``in``) the story, newest first."""
    moves = story_moves(session, story_id)
    if not moves:
        return []
    external = dict(
        session.execute(
            select(Article.id, Article.external_id).where(
                Article.id.in_({m.article_id for m in moves})
            )
        ).all()
    )
    return [
        {
            "article": external.get(m.article_id),
            "direction": m.direction,
            "story": m.other_story_id,
            "moved_at": _iso(m.moved_at),
        }
        for m in moves
    ]


@stories_app.command("list")
def list_stories(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line on stdout."),
    limit: int = typer.Option(50, "--limit", min=1),
    hub: str | None = typer.Option(None, "--hub", help="Only stories in this hub (slug)."),
) -> None:
    """Latest stories, newest first."""
    db = app_context(ctx).database()
    with db.session() as session:
        stmt = select(Story).where(Story.merged_into.is_(None), Story.article_count > 0)
        if hub:
            stmt = (
                stmt.join(StoryHub, StoryHub.story_id == Story.id)
                .join(Hub, Hub.id == StoryHub.hub_id)
                .where(Hub.slug == hub)
            )
        stmt = stmt.order_by(
            func.coalesce(Story.last_published_at, Story.updated_at).desc(), Story.id.desc()
        ).limit(limit)
        briefs = [story_brief(session, s) for s in session.scalars(stmt)]
    if as_json:
        for brief in briefs:
            emit(brief)
        return
    table = Table("id", "title", "articles", "outlets", "hubs", "last published")
    for b in briefs:
        table.add_row(
            str(b["id"]),
            b["title"] or "",
            str(b["articles"]),
            str(b["outlets"]),
            ", ".join(b["hubs"]),
            (b["last_published"] or "")[:16],
        )
    stdout.print(table)


@story_app.command("show")
def show_story(
    ctx: typer.Context,
    story_id: int = typer.Argument(..., help="Story id (ids of merged stories still resolve)."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
) -> None:
    """A story: summary with citations, claims and stances, sources."""
    db = app_context(ctx).database()
    with db.session() as session:
        resolved = resolve_story_id(session, story_id)
        story = session.get(Story, resolved) if resolved is not None else None
        if story is None:
            stderr.print(f"[red]error:[/red] no story with id {story_id}")
            raise typer.Exit(1)
        if resolved != story_id:
            stderr.print(f"story {story_id} was merged into story {resolved}")
        detail = story_detail(session, story)
    if as_json:
        emit(detail)
        return
    _print_story(detail)


def _print_story(d: dict[str, Any]) -> None:
    stdout.rule(f"[bold]{d['title'] or '(untitled)'}[/bold]  #{d['id']}")
    stdout.print(
        f"{d['articles']} articles from {d['outlets']} outlets · hubs: {', '.join(d['hubs']) or '-'}"
    )
    if d["first_reported_by"]:
        stdout.print(f"First reported by: {d['first_reported_by']['outlet']}")
    cite = {s["article"]: i + 1 for i, s in enumerate(d["sources"])}
    summary = d.get("summary") or {}
    if summary.get("sentences"):
        stdout.print("\n[bold]Summary[/bold]")
        for sent in summary["sentences"]:
            marks = "".join(f"[{cite[a]}]" for a in sent.get("sources", []) if a in cite)
            stdout.print(f"• {sent['text']} {marks}", highlight=False)
    if d["claims"]:
        table = Table("claim", "speaker", "status", "stances", title="Claims")
        for c in d["claims"]:
            st = ", ".join(f"{s['outlet']}: {s['stance']}" for s in c["stances"])
            table.add_row(c["text"], c["speaker"] or "", c["status"], st)
        stdout.print(table)
    table = Table("#", "outlet", "published", "lang", "title", "note", title="Sources")
    for s in d["sources"]:
        note = (
            f"duplicate of {s['duplicate_of']}"
            if s["duplicate_of"]
            else (f"rewrite of {s['rewrite_of']}" if s["rewrite_of"] else "")
        )
        table.add_row(
            str(cite[s["article"]]),
            s["outlet"] or "",
            (s["published"] or "")[:10],
            s["lang"] or "",
            s["title"] or "",
            note,
        )
    stdout.print(table)
    for mv in d["moves"]:
        where = "moved to" if mv["direction"] == "out" else "came from"
        stdout.print(f"Report {mv['article']} {where} story {mv['story']}", highlight=False)


def _day(value: str | None, option: str) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        stderr.print(f"[red]error:[/red] {option} is not an ISO 8601 date: {value!r}")
        raise typer.Exit(2) from None


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find in titles and texts."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per hit on stdout."),
    hub: str | None = typer.Option(None, "--hub", help="Only stories in this hub (slug)."),
    source: str | None = typer.Option(None, "--source", help="Only this outlet."),
    lang: str | None = typer.Option(None, "--lang", help="Only this language (en, es, …)."),
    entity: str | None = typer.Option(None, "--entity", help="Only articles naming this entity."),
    date_from: str | None = typer.Option(None, "--from", help="Published on or after (ISO)."),
    date_to: str | None = typer.Option(None, "--to", help="Published on or before (ISO)."),
    limit: int = typer.Option(20, "--limit", min=1, max=500),
) -> None:
    """Full-text search over every stored article (duplicates left out)."""
    db = app_context(ctx).database()
    filters = SearchFilters(
        outlet=source, lang=lang, date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to")
    )
    with db.session() as session:
        if hub:
            hub_row = session.scalars(select(Hub).where(Hub.slug == hub)).first()
            if hub_row is None:
                stderr.print(f"[red]error:[/red] no hub {hub!r} (see `newssearcher hubs list`)")
                raise typer.Exit(2)
            filters.hub_id = hub_row.id
        if entity:
            found = resolve_entity(session, entity)
            if found is None:
                stderr.print(f"no entity known as {entity!r}: no results")
                return
            filters.entity_id = found.id
        page = search_articles(session, query, filters, limit=limit)
        articles = {
            a.id: a
            for a in session.scalars(
                select(Article).where(Article.id.in_([h.article_id for h in page.hits] or [-1]))
            )
        }
        rows = []
        for hit in page.hits:
            art = articles[hit.article_id]
            rows.append(
                {
                    "id": art.external_id,
                    "title": art.title,
                    "source": art.outlet,
                    "url": art.url,
                    "lang": art.lang,
                    "published": _iso(art.published_at),
                    "story_id": resolve_story_id(session, art.story_id) if art.story_id else None,
                    "score": round(hit.score, 4),
                    "snippet": _plain(hit.snippet_html),
                }
            )
    stderr.print(f"{page.total} match(es)")
    if as_json:
        for row in rows:
            emit(row)
        return
    table = Table("story", "title", "source", "published", "snippet")
    for r in rows:
        table.add_row(str(r["story_id"]), r["title"] or "", r["source"] or "",
                      (r["published"] or "")[:10], r["snippet"])  # fmt: skip
    stdout.print(table)


def _plain(snippet_html: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", snippet_html))


def register(app: typer.Typer) -> None:
    app.add_typer(stories_app, name="stories")
    app.add_typer(story_app, name="story")
    app.command("search")(search)
