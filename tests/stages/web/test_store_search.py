"""store.search below the web layer: query building, snippet escaping, vector search, and the
community migration on both backends."""

from __future__ import annotations

import numpy as np
from sqlalchemy import inspect

from newssearcher.store.models import Article
from newssearcher.store.search import (
    SearchFilters,
    render_snippet,
    search_articles,
    similar_articles,
    sqlite_match_expression,
)


def test_match_expression_quotes_every_token() -> None:
    assert sqlite_match_expression('memo NEAR("x" leak') == '"memo" "NEAR" "x" "leak"*'
    assert sqlite_match_expression("a") == '"a"'
    assert sqlite_match_expression("*** ::: ") is None
    assert sqlite_match_expression("Ejército título") == '"Ejército" "título"*'


def test_snippets_are_escaped_and_only_mark_is_added() -> None:
    raw = "<b>x</b> \ue000memo\ue001 & more"
    assert render_snippet(raw) == "&lt;b&gt;x&lt;/b&gt; <mark>memo</mark> &amp; more"
    assert render_snippet(None) == ""


def test_full_text_search_on_both_backends(hub_db) -> None:
    db, corpus = hub_db
    with db.session() as s:
        page = search_articles(s, "ejército", SearchFilters())
        assert [h.article_id for h in page.hits] == [corpus.articles["spanish"]]
        # accents are ignored on SQLite (unicode61 remove_diacritics) and the word matches as is
        prefix = search_articles(s, "Shenz", SearchFilters())
        assert page.total == 1 and prefix.total >= (1 if db.is_sqlite else 0)
        paged = search_articles(s, "Nimbus", SearchFilters(), limit=2, offset=0)
        rest = search_articles(s, "Nimbus", SearchFilters(), limit=10, offset=2)
        assert paged.total == rest.total == 4
        assert not {h.article_id for h in paged.hits} & {h.article_id for h in rest.hits}


def test_vector_search_follows_new_rows(hub_db) -> None:
    db, corpus = hub_db
    with db.session() as s:
        memo = s.get(Article, corpus.articles["memo"])
        vec = np.frombuffer(memo.embedding, dtype=np.float32)
        first = similar_articles(s, vec, SearchFilters(), limit=3)
        assert first.hits[0].article_id == memo.id and first.hits[0].score > 0.99
        only_es = similar_articles(s, vec, SearchFilters(lang="es"), limit=3)
        assert only_es.hits[0].article_id == corpus.articles["spanish"]
    with db.session() as s:
        s.add(
            Article(
                external_id="new",
                text="x",
                content_hash="0",
                lang="en",
                embedding=(-vec).astype(np.float32).tobytes(),
                meta={},
            )
        )
    import newssearcher.store.search as search_mod

    search_mod._cache.clear()
    with db.session() as s:
        opposite = similar_articles(s, -vec, SearchFilters(), limit=1, min_score=0.9)
        assert opposite.total == 1 and opposite.hits[0].article_id != memo.id


def test_community_tables_exist_after_migration(db) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"users", "comments", "comment_reports"} <= tables
    cols = {c["name"] for c in inspect(db.engine).get_columns("comments")}
    assert {"body", "body_html", "body_hash", "status", "parent_id", "edited_at"} <= cols
