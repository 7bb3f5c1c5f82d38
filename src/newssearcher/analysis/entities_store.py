"""Entities in the store: tagging articles, resolving any alias, a story's entities.

``Entity.slug`` and ``EntityAlias.alias`` (a normalised name, see ``entity_normalise``) are
unique, so one name always leads to one entity; every form an entity was seen under, every
alias of the shipped table and every acronym learned from "Full Name (ACR)" becomes an alias.
An alias already held by another entity is never taken over. Tagging is idempotent: running
it again on the same articles leaves the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newssearcher.analysis.entities import EntityMention, extract_entities_many
from newssearcher.analysis.entity_aliases import KINDS, lookup
from newssearcher.analysis.entity_normalise import normalise, slugify
from newssearcher.store.models import Article, ArticleEntity, Entity, EntityAlias

_MAX_ALIAS_LEN = 512
_MAX_SLUG_LEN = 256


def article_text(article: Article) -> str:
    """What entities are read from: the title, then the text."""
    title = (article.title or "").strip()
    return f"{title}\n\n{article.text or ''}" if title else (article.text or "")


def tag_articles(session: Session, articles: list[Article]) -> None:
    """Extract and store the entities of ``articles`` (ArticleEntity rows replaced idempotently)."""
    articles = [a for a in articles if a is not None]
    if not articles:
        return
    for a in articles:
        if a.id is None:
            session.flush()
            break
    mentions = extract_entities_many(
        [article_text(a) for a in articles], [a.lang for a in articles]
    )
    resolver = _Resolver(session)
    resolver.prefetch(m for ms in mentions for m in ms)
    wanted: dict[int, dict[int, int]] = {}
    for article, ms in zip(articles, mentions, strict=True):
        counts = wanted.setdefault(article.id, {})
        for m in ms:
            entity = resolver.entity_for(m)
            counts[entity.id] = counts.get(entity.id, 0) + m.count
    _sync_rows(session, wanted)


def _sync_rows(session: Session, wanted: dict[int, dict[int, int]]) -> None:
    existing = session.scalars(
        select(ArticleEntity).where(ArticleEntity.article_id.in_(list(wanted)))
    ).all()
    have: dict[tuple[int, int], ArticleEntity] = {(r.article_id, r.entity_id): r for r in existing}
    for (article_id, entity_id), row in have.items():
        count = wanted[article_id].get(entity_id)
        if count is None:
            session.delete(row)
        elif row.mentions != count:
            row.mentions = count
    for article_id, counts in wanted.items():
        for entity_id, count in counts.items():
            if (article_id, entity_id) not in have:
                session.add(
                    ArticleEntity(article_id=article_id, entity_id=entity_id, mentions=count)
                )
    session.flush()


class _Resolver:
    """Finds or creates the Entity of each mention, caching alias lookups for one batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_alias: dict[str, int | None] = {}
        self.entities: dict[int, Entity] = {}

    def prefetch(self, mentions: Iterable[EntityMention]) -> None:
        keys: set[str] = set()
        for m in mentions:
            keys.update(k for k in _lookup_keys(m) if k not in self.by_alias)
        self._load(keys)

    def _load(self, keys: set[str]) -> None:
        keys = {k for k in keys if k and k not in self.by_alias}
        if not keys:
            return
        key_list = sorted(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            rows = self.session.execute(
                select(EntityAlias.alias, EntityAlias.entity_id).where(EntityAlias.alias.in_(chunk))
            ).all()
            for alias, entity_id in rows:
                self.by_alias[alias] = entity_id
        for k in keys:
            self.by_alias.setdefault(k, None)

    def _entity(self, entity_id: int) -> Entity:
        entity = self.entities.get(entity_id)
        if entity is None:
            entity = self.session.get(Entity, entity_id)
            assert entity is not None
            self.entities[entity_id] = entity
        return entity

    def entity_for(self, m: EntityMention) -> Entity:
        keys = _lookup_keys(m)
        self._load(set(keys))
        entity: Entity | None = None
        for key in keys:
            entity_id = self.by_alias.get(key)
            if entity_id is not None:
                entity = self._entity(entity_id)
                break
        if entity is None:
            entity = _get_or_create(self.session, m.canonical, m.kind)
            self.entities[entity.id] = entity
        self.add_aliases(entity, _alias_keys(m))
        return entity

    def add_aliases(self, entity: Entity, keys: Iterable[str]) -> None:
        for key in keys:
            if not key or len(key) > _MAX_ALIAS_LEN:
                continue
            self._load({key})
            if self.by_alias.get(key) is not None:
                continue
            if _insert_alias(self.session, key, entity.id):
                self.by_alias[key] = entity.id
            else:  # someone else holds it now
                self.by_alias.pop(key, None)
                self._load({key})


def _lookup_keys(m: EntityMention) -> list[str]:
    """Keys tried, in order, to find the stored entity of a mention."""
    keys = [normalise(m.canonical)]
    known = lookup(m.canonical) if m.known else None
    if known is not None:
        keys.extend(known.keys)
    for alias in m.aliases:
        key = normalise(alias)
        # a lone surname is too ambiguous to resolve across articles
        if m.kind == "PERSON" and " " not in key:
            continue
        keys.append(key)
    return list(dict.fromkeys(k for k in keys if k))


def _alias_keys(m: EntityMention) -> list[str]:
    """Keys a mention's entity answers to from now on (the same keys it is looked up by)."""
    return _lookup_keys(m)


def _insert_alias(session: Session, key: str, entity_id: int) -> bool:
    try:
        with session.begin_nested():
            session.add(EntityAlias(alias=key, entity_id=entity_id))
        return True
    except IntegrityError:
        return False


def _get_or_create(session: Session, name: str, kind: str | None) -> Entity:
    """The entity whose slug is ``name``'s slug, created when missing (race-safe)."""
    kind = kind if kind in KINDS else "ORG"
    name = name.strip()[:512]
    slug = slugify(name)[:_MAX_SLUG_LEN]
    entity = session.scalar(select(Entity).where(Entity.slug == slug))
    if entity is not None:
        return entity
    try:
        with session.begin_nested():
            entity = Entity(slug=slug, name=name, kind=kind)
            session.add(entity)
        return entity
    except IntegrityError:
        entity = session.scalar(select(Entity).where(Entity.slug == slug))
        if entity is None:  # pragma: no cover - the conflicting row vanished again
            raise
        return entity


def resolve_entity(session: Session, name: str) -> Entity | None:
    """The stored entity that ``name`` refers to, by any alias (case, accents ignored)."""
    key = normalise(name or "")
    if not key:
        return None
    keys = [key]
    known = lookup(name)
    if known is not None:
        keys.extend(known.keys)
    for k in dict.fromkeys(keys):
        entity = session.scalar(
            select(Entity)
            .join(EntityAlias, EntityAlias.entity_id == Entity.id)
            .where(EntityAlias.alias == k)
        )
        if entity is not None:
            return entity
    slug = slugify(known.canonical if known else name)
    return session.scalar(select(Entity).where(Entity.slug == slug))


def ensure_entity(
    session: Session, name: str, kind: str | None = None, aliases: Iterable[str] = ()
) -> Entity:
    """Resolve ``name`` or create its entity (for watchlists); ``aliases`` are added to it.

    Raises ``ValueError`` for a name with nothing to match on (empty, only punctuation).
    """
    if not normalise(name or ""):
        raise ValueError(f"entity name {name!r} has no letters or digits to match on")
    entity = resolve_entity(session, name)
    known = lookup(name)
    if entity is None:
        canonical = known.canonical if known else name.strip()
        entity = _get_or_create(session, canonical, kind or (known.kind if known else None))
    resolver = _Resolver(session)
    keys = [normalise(name), *(known.keys if known else []), *(normalise(a) for a in aliases)]
    resolver.add_aliases(entity, dict.fromkeys(k for k in keys if k))
    session.flush()
    return entity


def entity_aliases(session: Session, entity: Entity) -> list[str]:
    """Every normalised alias of an entity."""
    return list(
        session.scalars(
            select(EntityAlias.alias)
            .where(EntityAlias.entity_id == entity.id)
            .order_by(EntityAlias.alias)
        )
    )


def story_entities(
    session: Session, story_id: int, limit: int | None = None
) -> list[tuple[Entity, int]]:
    """The entities of a story's articles with their total mentions, most mentioned first
    (the first ``limit`` of them; None: all)."""
    total = func.sum(ArticleEntity.mentions).label("total")
    rows = session.execute(
        select(Entity, total)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .join(Article, Article.id == ArticleEntity.article_id)
        .where(Article.story_id == story_id)
        .group_by(Entity.id)
        .order_by(total.desc(), Entity.name, Entity.id)
        .limit(limit)
    ).all()
    return [(entity, int(count)) for entity, count in rows]
