"""Article search: full text (SQLite FTS5 / PostgreSQL tsvector) and vector similarity.

Both share :class:`SearchFilters` (hub, outlet, language, entity, date range), applied as
indexed sub-queries on ``articles`` so that the full-text index drives the plan. Snippets
come back as safe HTML: the stored text is escaped here and only ``<mark>`` is added.

Vector search takes a query vector (the caller embeds the text; ``store`` sits below the
stage that owns the model) and compares it with ``Article.embedding`` or ``Story.centroid``
held in an in-process matrix that is reloaded when the stored rows change. A stored embedding
may hold several vectors of the query's size (views of one article: headline, lead, body);
it is compared through their normalised sum.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

import numpy as np
from sqlalchemy import Select, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from newssearcher.store.models import Article, ArticleEntity, Story, StoryHub

# the expression the GIN index of migration 0002 is built on; queries must use it verbatim
PG_TSVECTOR: str = importlib.import_module(
    "newssearcher.store.migrations.versions.0002_full_text_search"
).PG_TSVECTOR

_MARK_OPEN = "\ue000"
_MARK_CLOSE = "\ue001"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_FTS = table("articles_fts", column("rowid"))


@dataclass(slots=True)
class SearchFilters:
    hub_id: int | None = None
    outlet: str | None = None
    lang: str | None = None
    entity_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(slots=True)
class SearchHit:
    article_id: int
    score: float
    snippet_html: str = ""


@dataclass(slots=True)
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    mode: str = "text"


def _apply_filters(stmt: Select, filters: SearchFilters) -> Select:  # type: ignore[type-arg]
    stmt = stmt.where(Article.duplicate_of.is_(None))
    if filters.hub_id is not None:
        stmt = stmt.where(
            Article.story_id.in_(select(StoryHub.story_id).where(StoryHub.hub_id == filters.hub_id))
        )
    if filters.entity_id is not None:
        stmt = stmt.where(
            Article.id.in_(
                select(ArticleEntity.article_id).where(ArticleEntity.entity_id == filters.entity_id)
            )
        )
    if filters.outlet:
        stmt = stmt.where(Article.outlet == filters.outlet)
    if filters.lang:
        stmt = stmt.where(Article.lang == filters.lang)
    if filters.date_from is not None:
        stmt = stmt.where(Article.published_at >= filters.date_from)
    if filters.date_to is not None:
        stmt = stmt.where(Article.published_at <= filters.date_to)
    return stmt


def sqlite_match_expression(query: str) -> str | None:
    """User text → an FTS5 expression of quoted terms (all required; the last one a prefix).

    Quoting every token means FTS5 operators typed by the user (``NEAR``, ``*``, ``:``,
    unbalanced quotes) are searched as words, never parsed.
    """
    tokens = _TOKEN.findall(query)[:32]
    if not tokens:
        return None
    parts = [f'"{t}"' for t in tokens[:-1]]
    last = tokens[-1]
    parts.append(f'"{last}"*' if len(last) >= 3 else f'"{last}"')
    return " ".join(parts)


def render_snippet(raw: str | None) -> str:
    """Escape a snippet and turn the private-use markers into ``<mark>`` elements."""
    if not raw:
        return ""
    safe = escape(raw.replace("\n", " "), quote=True)
    return safe.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def _page_with_total(
    session: Session,
    base: Select,  # type: ignore[type-arg]
    ordered: Select,  # type: ignore[type-arg]
    limit: int,
    offset: int,
) -> tuple[list[tuple[int, float]], int]:
    """One page of ``(id, rank)`` and the number of all matches, in one pass when possible."""
    rows = session.execute(
        ordered.add_columns(func.count().over().label("total")).limit(limit).offset(offset)
    ).all()
    if rows:
        return [(r[0], r[1]) for r in rows], int(rows[0][-1])
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    return [], total


def search_articles(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Full-text search over article titles and texts, best matches first."""
    filters = filters or SearchFilters()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _search_sqlite(session, query, filters, limit, offset)
    return _search_postgres(session, query, filters, limit, offset)


def _search_sqlite(
    session: Session, query: str, filters: SearchFilters, limit: int, offset: int
) -> SearchPage:
    expr = sqlite_match_expression(query)
    if expr is None:
        return SearchPage()
    fts = literal_column("articles_fts")
    # the full-text index must drive the plan: matches are materialised first, then filtered
    # (otherwise SQLite may walk a filter's index and re-run the MATCH for every row)
    matches = (
        select(_FTS.c.rowid.label("id"), func.bm25(fts, 4.0, 1.0).label("rank"))
        .where(fts.op("MATCH")(expr))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    base = _apply_filters(
        select(matches.c.id, matches.c.rank).join(Article, Article.id == matches.c.id), filters
    )
    rows, total = _page_with_total(
        session, base, base.order_by(matches.c.rank, matches.c.id), limit, offset
    )
    ids = [r[0] for r in rows]
    snippets: dict[int, str] = {}
    if ids:
        snip = func.snippet(fts, -1, _MARK_OPEN, _MARK_CLOSE, "…", 24)
        for rowid, text in session.execute(
            select(_FTS.c.rowid, snip).where(fts.op("MATCH")(expr), _FTS.c.rowid.in_(ids))
        ):
            snippets[rowid] = text
    hits = [SearchHit(r[0], -float(r[1]), render_snippet(snippets.get(r[0]))) for r in rows]
    return SearchPage(hits=hits, total=total, mode="text")


def _search_postgres(
    session: Session, query: str, filters: SearchFilters, limit: int, offset: int
) -> SearchPage:
    if not _TOKEN.search(query):
        return SearchPage()
    tsv = literal_column(PG_TSVECTOR)
    tsq = func.websearch_to_tsquery("simple", query)
    rank = func.ts_rank(tsv, tsq)
    base = _apply_filters(select(Article.id).where(tsv.op("@@")(tsq)), filters)
    ranked = base.add_columns(rank.label("rank")).order_by(rank.desc(), Article.id)
    rows, total = _page_with_total(session, base, ranked, limit, offset)
    ids = [r[0] for r in rows]
    snippets: dict[int, str] = {}
    if ids:
        options = f"StartSel={_MARK_OPEN}, StopSel={_MARK_CLOSE}, MaxWords=35, MinWords=15"
        head = func.ts_headline("simple", Article.text, tsq, options)
        for aid, text in session.execute(select(Article.id, head).where(Article.id.in_(ids))):
            snippets[aid] = text
    hits = [SearchHit(r[0], float(r[1]), render_snippet(snippets.get(r[0]))) for r in rows]
    return SearchPage(hits=hits, total=total, mode="text")


# ---------------------------------------------------------------- vector similarity


@dataclass
class _Matrix:
    signature: tuple[object, ...]
    ids: np.ndarray
    vectors: np.ndarray
    checked_at: float


_cache: dict[tuple[str, str, int], _Matrix] = {}
_cache_lock = threading.Lock()
RECHECK_S = 2.0


def _signature(session: Session, kind: str) -> tuple[object, ...]:
    if kind == "article":
        row = session.execute(
            select(func.count(Article.id), func.max(Article.id)).where(
                Article.embedding.is_not(None), Article.duplicate_of.is_(None)
            )
        ).one()
    else:
        row = session.execute(
            select(func.count(Story.id), func.max(Story.id), func.max(Story.updated_at)).where(
                Story.centroid.is_not(None), Story.merged_into.is_(None)
            )
        ).one()
    return tuple(row)


def _load(session: Session, kind: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
    if kind == "article":
        stmt = select(Article.id, Article.embedding).where(
            Article.embedding.is_not(None), Article.duplicate_of.is_(None)
        )
    else:
        stmt = select(Story.id, Story.centroid).where(
            Story.centroid.is_not(None), Story.merged_into.is_(None)
        )
    ids: list[int] = []
    vecs: list[np.ndarray] = []
    for rid, blob in session.execute(stmt):
        vec = np.frombuffer(blob, dtype=np.float32)
        if not vec.size or vec.size % dim:
            continue
        ids.append(rid)
        vecs.append(vec.reshape(-1, dim).sum(axis=0))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)
    mat = np.vstack(vecs)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(ids, dtype=np.int64), (mat / norms).astype(np.float32)


def _matrix(session: Session, kind: str, dim: int) -> _Matrix:
    key = (str(session.get_bind().url), kind, dim)
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached.checked_at < RECHECK_S:
            return cached
        sig = _signature(session, kind)
        if cached is not None and cached.signature == sig:
            cached.checked_at = now
            return cached
        ids, vecs = _load(session, kind, dim)
        fresh = _Matrix(sig, ids, vecs, now)
        _cache[key] = fresh
        return fresh


def nearest(
    session: Session, vector: np.ndarray, kind: str = "article", *, k: int = 500
) -> list[tuple[int, float]]:
    """The ``k`` stored vectors most similar to ``vector``: ``(id, cosine)`` best first."""
    vec = np.asarray(vector, dtype=np.float32).ravel()
    if not vec.size:
        return []
    mat = _matrix(session, kind, vec.shape[0])
    if mat.ids.size == 0:
        return []
    norm = float(np.linalg.norm(vec)) or 1.0
    scores = mat.vectors @ (vec / norm)
    k = min(k, scores.shape[0])
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(mat.ids[i]), float(scores[i])) for i in top]


def similar_articles(
    session: Session,
    vector: np.ndarray,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    min_score: float = 0.3,
) -> SearchPage:
    """Articles by cosine similarity to ``vector``, filtered like full-text search."""
    filters = filters or SearchFilters()
    candidates = [(i, s) for i, s in nearest(session, vector, "article") if s >= min_score]
    if not candidates:
        return SearchPage(mode="semantic")
    allowed: set[int] = set()
    ids = [i for i, _ in candidates]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = _apply_filters(select(Article.id).where(Article.id.in_(chunk)), filters)
        allowed.update(session.scalars(stmt))
    kept = [(i, s) for i, s in candidates if i in allowed]
    page = kept[offset : offset + limit]
    return SearchPage(hits=[SearchHit(i, s) for i, s in page], total=len(kept), mode="semantic")


def similar_stories(
    session: Session, vector: np.ndarray, *, limit: int = 5, min_score: float = 0.3
) -> list[tuple[int, float]]:
    """Live stories whose centroid is closest to ``vector``."""
    return [(i, s) for i, s in nearest(session, vector, "story", k=limit * 4) if s >= min_score][
        :limit
    ]
