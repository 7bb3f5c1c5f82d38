"""Entities in the store, on SQLite and PostgreSQL: tagging, aliases, resolution, stories."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.analysis.entities_store import (
    ensure_entity,
    entity_aliases,
    resolve_entity,
    story_entities,
    tag_articles,
)
from newssearcher.store import Database
from newssearcher.store.models import Article, ArticleEntity, Entity, EntityAlias, Story
from tests.seeds import seed_records


def make_article(
    session: Session,
    ext: str,
    text: str,
    title: str = "",
    lang: str = "en",
    story: Story | None = None,
) -> Article:
    article = Article(
        external_id=ext,
        text=text,
        title=title or None,
        lang=lang,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        story_id=story.id if story else None,
        meta={},
    )
    session.add(article)
    session.flush()
    return article


def counts(session: Session) -> tuple[int, int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(Entity)) or 0,
        session.scalar(select(func.count()).select_from(EntityAlias)) or 0,
        session.scalar(select(func.count()).select_from(ArticleEntity)) or 0,
        session.scalar(select(func.sum(ArticleEntity.mentions))) or 0,
    )


EN = (
    "The White House accused the People's Liberation Army (PLA) of probing networks. "
    "The PLA denied it. Zentara Robotics Group (ZRG) said its systems were not affected."
)
ES = (
    "La Casa Blanca acusó al ejército chino de espiar redes. Pekín lo negó. "
    "ZRG, la empresa afectada, no hizo comentarios."
)


def test_tag_articles_merges_languages_and_is_idempotent(db: Database) -> None:
    with db.session() as s:
        a = make_article(s, "en-1", EN, title="Allegations against the PLA")
        b = make_article(
            s, "es-1", ES, title="Acusaciones contra el Ejército Popular de Liberación", lang="es"
        )
        tag_articles(s, [a, b])
        first = counts(s)
    with db.session() as s:
        arts = list(s.scalars(select(Article).order_by(Article.id)))
        tag_articles(s, arts)
        tag_articles(s, arts[:1])
        assert counts(s) == first
    with db.session() as s:
        wh = resolve_entity(s, "White House")
        assert wh is not None and wh.kind == "ORG"
        for name in ("casa blanca", "THE WHITE HOUSE", "Casa  Blanca"):
            assert resolve_entity(s, name) == wh
        pla = resolve_entity(s, "PLA")
        assert pla is not None and pla.name == "People's Liberation Army"
        assert resolve_entity(s, "Chinese military") == pla
        assert resolve_entity(s, "ejército chino") == pla
        # learned in the English article, used alone in the Spanish one
        zrg = resolve_entity(s, "ZRG")
        assert zrg is not None and zrg.name == "Zentara Robotics Group"
        assert "zrg" in entity_aliases(s, zrg)
        arts = list(s.scalars(select(Article).order_by(Article.id)))
        for art in arts:
            ids = set(
                s.scalars(select(ArticleEntity.entity_id).where(ArticleEntity.article_id == art.id))
            )
            assert {wh.id, pla.id, zrg.id} <= ids
        # one entity per name: slugs unique, aliases unique (enforced) and all point somewhere
        assert (
            s.scalar(select(func.count()).select_from(Entity).where(Entity.slug == "white-house"))
            == 1
        )
        assert resolve_entity(s, "Nobody Inc") is None
        assert resolve_entity(s, "") is None


def test_retagging_changed_text_drops_stale_rows(db: Database) -> None:
    with db.session() as s:
        a = make_article(s, "x-1", "Huawei and Tencent signed a deal in Shenzhen. Huawei said so.")
        tag_articles(s, [a])
        names = {e.name: n for e, n in _article_entities(s, a)}
        assert names["Huawei"] == 2 and "Tencent" in names
        a.text = "Huawei alone this time."
        tag_articles(s, [a])
        names = {e.name: n for e, n in _article_entities(s, a)}
        assert names == {"Huawei": 1}


def _article_entities(s: Session, a: Article) -> list[tuple[Entity, int]]:
    return list(
        s.execute(
            select(Entity, ArticleEntity.mentions)
            .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
            .where(ArticleEntity.article_id == a.id)
        ).all()
    )


def test_ensure_entity_for_watchlists(db: Database) -> None:
    with db.session() as s:
        ent = ensure_entity(s, "Alibaba Group")
        assert ent.name == "Alibaba" and ent.slug == "alibaba"
        assert ensure_entity(s, "alibaba") == ent
        custom = ensure_entity(s, "Nimbus Hosting", kind="ORG", aliases=["NimbusHost", "Nimbus"])
        assert resolve_entity(s, "nimbushost") == custom
        a = make_article(s, "n-1", "Nimbus Hosting and Alibaba Group compete in Europe.")
        tag_articles(s, [a])
        ids = {e.id for e, _ in _article_entities(s, a)}
        assert {ent.id, custom.id} <= ids
        try:
            ensure_entity(s, " ... ")
        except ValueError as exc:
            assert "no letters" in str(exc)
        else:  # pragma: no cover
            raise AssertionError("empty entity name accepted")


def test_seed_story_entities(db: Database, shared_dir: Path) -> None:
    records = seed_records(shared_dir)
    with db.session() as s:
        story = Story(title=records[0]["title"])
        s.add(story)
        s.flush()
        arts = [make_article(s, r["id"], r["text"], title=r["title"], story=story) for r in records]
        tag_articles(s, arts)
        ranked = story_entities(s, story.id)
        names = [e.name for e, _ in ranked]
        assert {"Alibaba", "White House", "People's Liberation Army", "Alibaba Cloud"} <= set(names)
        assert names[0] == "Alibaba"
        assert [n for _, n in ranked] == sorted((n for _, n in ranked), reverse=True)
        alibaba = resolve_entity(s, "Alibaba Group")
        assert alibaba is not None and alibaba.name == "Alibaba"
        cloud = resolve_entity(s, "Alibaba Cloud")
        assert cloud is not None and cloud.name == "Alibaba Cloud" and cloud != alibaba
        pla = resolve_entity(s, "PLA")
        assert pla is not None and pla.name == "People's Liberation Army"
        assert resolve_entity(s, "Casa Blanca") == resolve_entity(s, "White House")
        # both articles mention the PLA
        pla_articles = s.scalars(
            select(func.count()).select_from(ArticleEntity).where(ArticleEntity.entity_id == pla.id)
        ).one()
        assert pla_articles == 2
