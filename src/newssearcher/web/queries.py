"""Read side of the hub: database rows → the models of :mod:`newssearcher.web.schemas`.

Shared by the HTML pages, the JSON API and the feeds, so the three always agree.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from newssearcher.store.models import (
    Article,
    ArticleEntity,
    Claim,
    Entity,
    EntityAlias,
    Hub,
    Story,
    StoryHub,
)
from newssearcher.store.models.community import Comment, User
from newssearcher.web import integrations
from newssearcher.web.schemas import (
    ArticleCard,
    ArticleOut,
    ClaimOut,
    CommentOut,
    EntityOut,
    EntityRef,
    HubOut,
    HubRef,
    OutletStats,
    StanceOut,
    StoryCard,
    StoryMoveOut,
    StoryOut,
    SummaryOut,
    SummarySentence,
    TimelineEvent,
)

DEVELOPING_WINDOW = timedelta(hours=72)


# ------------------------------------------------------------------ stories


def resolve_story(session: Session, story_id: int) -> Story | None:
    """The live story for ``story_id``, following merges (None when unknown)."""
    live_id = integrations.resolve_story_id(session, story_id)
    if live_id is None:
        return None
    story = session.get(Story, live_id)
    if story is None or story.merged_into is not None:
        return None
    return story


def hub_name(hub: Hub, lang: str) -> str:
    return (hub.name_es or hub.name) if lang == "es" else hub.name


def _sentences(raw: Any) -> list[SummarySentence]:
    out: list[SummarySentence] = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(SummarySentence(text=item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            cites = [
                int(c)
                for c in item.get("citations") or []
                if isinstance(c, int | str) and str(c).isdecimal()
            ]
            out.append(SummarySentence(text=item["text"], citations=cites))
    return out


def localised_summary(story: Story, lang: str) -> SummaryOut | None:
    """The story's summary in ``lang`` when a translation exists, else the original."""
    data = story.summary if isinstance(story.summary, dict) else None
    if not data:
        return None
    original_lang = data.get("lang") or story.title_lang
    translations = data.get("translations") if isinstance(data.get("translations"), dict) else {}
    tr = translations.get(lang) if lang != original_lang else None
    if isinstance(tr, dict) and (tr.get("title") or tr.get("sentences")):
        sentences = _sentences(tr.get("sentences"))
        original = _sentences(data.get("sentences"))
        # a translation may carry plain strings: keep the citations of the original sentence
        if len(sentences) == len(original):
            for s, o in zip(sentences, original, strict=True):
                if not s.citations:
                    s.citations = o.citations
        return SummaryOut(
            method=data.get("method"),
            lang=lang,
            title=tr.get("title") or data.get("title") or story.title,
            sentences=sentences,
            note=data.get("note"),
            translated=True,
        )
    return SummaryOut(
        method=data.get("method"),
        lang=original_lang,
        title=data.get("title") or story.title,
        sentences=_sentences(data.get("sentences")),
        note=data.get("note"),
        translated=False,
    )


def _hubs_of(session: Session, story_ids: Sequence[int], lang: str) -> dict[int, list[HubRef]]:
    out: dict[int, list[HubRef]] = defaultdict(list)
    if not story_ids:
        return out
    rows = session.execute(
        select(StoryHub.story_id, Hub)
        .join(Hub, Hub.id == StoryHub.hub_id)
        .where(StoryHub.story_id.in_(story_ids))
        .order_by(StoryHub.score.desc())
    ).all()
    for sid, hub in rows:
        out[sid].append(HubRef(slug=hub.slug, name=hub_name(hub, lang)))
    return out


def story_cards(session: Session, stories: Iterable[Story], lang: str) -> list[StoryCard]:
    stories = list(stories)
    hubs = _hubs_of(session, [s.id for s in stories], lang)
    cards = []
    for s in stories:
        summary = localised_summary(s, lang)
        title = (summary.title if summary else None) or s.title or f"Story {s.id}"
        cards.append(
            StoryCard(
                id=s.id,
                title=title,
                title_lang=(summary.lang if summary else None) or s.title_lang,
                translated=bool(summary and summary.translated),
                lead=summary.sentences[0].text if summary and summary.sentences else None,
                first_published_at=s.first_published_at,
                last_published_at=s.last_published_at,
                article_count=s.article_count or 0,
                outlet_count=s.outlet_count or 0,
                hubs=hubs.get(s.id, []),
            )
        )
    return cards


def _live_stories():  # type: ignore[no-untyped-def]
    return select(Story).where(Story.merged_into.is_(None), Story.article_count > 0)


def list_stories(
    session: Session,
    lang: str,
    *,
    hub: Hub | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[StoryCard], int]:
    stmt = _live_stories()
    if hub is not None:
        stmt = stmt.where(Story.id.in_(select(StoryHub.story_id).where(StoryHub.hub_id == hub.id)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Story.last_published_at.desc().nulls_last(), Story.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return story_cards(session, rows, lang), total


@dataclass(slots=True)
class HubSection:
    hub: HubOut
    developing: list[StoryCard]
    latest: list[StoryCard]


def hub_out(hub: Hub, lang: str, story_count: int = 0) -> HubOut:
    return HubOut(
        slug=hub.slug,
        name=hub_name(hub, lang),
        description=hub.description,
        builtin=bool(hub.builtin),
        story_count=story_count,
    )


def list_hubs(session: Session, lang: str) -> list[HubOut]:
    counts = dict(
        session.execute(
            select(StoryHub.hub_id, func.count(StoryHub.id))
            .join(Story, Story.id == StoryHub.story_id)
            .where(Story.merged_into.is_(None))
            .group_by(StoryHub.hub_id)
        ).all()
    )
    hubs = session.scalars(select(Hub).order_by(Hub.builtin.desc(), Hub.name)).all()
    return [hub_out(h, lang, counts.get(h.id, 0)) for h in hubs]


def hub_section(session: Session, hub: Hub | None, lang: str, size: int = 4) -> HubSection | None:
    """Developing (most-reported of the last days) and latest stories of one hub (or all)."""
    base = _live_stories()
    if hub is not None:
        base = base.where(Story.id.in_(select(StoryHub.story_id).where(StoryHub.hub_id == hub.id)))
    newest = session.scalar(select(func.max(base.subquery().c.last_published_at)))
    if newest is None and hub is not None:
        return None
    developing: list[Story] = []
    if newest is not None:
        developing = list(
            session.scalars(
                base.where(
                    Story.last_published_at >= newest - DEVELOPING_WINDOW,
                    Story.article_count >= 2,
                )
                .order_by(Story.article_count.desc(), Story.last_published_at.desc())
                .limit(size)
            )
        )
    skip = [s.id for s in developing]
    latest_stmt = base.order_by(Story.last_published_at.desc().nulls_last(), Story.id.desc())
    if skip:
        latest_stmt = latest_stmt.where(Story.id.not_in(skip))
    latest = list(session.scalars(latest_stmt.limit(size + 2)))
    if not developing and not latest:
        return None
    return HubSection(
        hub=hub_out(hub, lang) if hub else HubOut(slug="", name=""),
        developing=story_cards(session, developing, lang),
        latest=story_cards(session, latest, lang),
    )


def article_card(article: Article, first_id: int | None = None) -> ArticleCard:
    return ArticleCard(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published_at=article.published_at,
        lang=article.lang,
        story_id=article.story_id,
        duplicate_of=article.duplicate_of,
        duplicate_kind=article.duplicate_kind,
        rewrite_of=article.rewrite_of,
        rewrite_score=article.rewrite_score,
        is_first=first_id is not None and article.id == first_id,
    )


def story_claims(session: Session, story_ids: Sequence[int]) -> list[ClaimOut]:
    return [
        ClaimOut(
            id=c.id,
            story_id=c.story_id,
            text=c.text,
            speaker=c.speaker,
            verb=c.verb,
            lang=c.lang,
            status=c.status,
            first_article_id=c.first_article_id,
            first_seen_at=c.first_seen_at,
            stances=[
                StanceOut(
                    article_id=st.article_id,
                    outlet=article.outlet,
                    stance=st.stance,
                    speaker=st.speaker,
                    evidence=st.evidence,
                    score=st.score,
                )
                for st, article in stances
            ],
        )
        for c, stances in integrations.stored_claims(session, story_ids)
    ]


def story_entities(session: Session, story_id: int, limit: int = 20) -> list[EntityRef]:
    return [
        EntityRef(slug=e.slug, name=e.name, kind=e.kind, mentions=n)
        for e, n in integrations.story_entities(session, story_id, limit)
    ]


_timeline_cache: OrderedDict[tuple[Any, ...], list[TimelineEvent]] = OrderedDict()
_timeline_lock = threading.Lock()
TIMELINE_CACHE_SIZE = 512


def story_timeline(
    session: Session, story: Story, articles: Sequence[Article]
) -> list[TimelineEvent]:
    """Dated events of the story (from the summary stage's timeline builder).

    Building it embeds the story's sentences, so it is cached per story *version*: any change
    to the story (new article, new analysis) changes the key.
    """
    key = (
        str(session.get_bind().url),
        story.id,
        story.version,
        story.updated_at,
        story.analysed_at,
        story.article_count,
        max((a.id for a in articles), default=0),
    )
    with _timeline_lock:
        cached = _timeline_cache.get(key)
        if cached is not None:
            _timeline_cache.move_to_end(key)
            return [e.model_copy() for e in cached]
    outlets = {a.id: a.outlet for a in articles}
    events: list[TimelineEvent] = []
    for ev in integrations.build_timeline(session, story.id):
        data = ev if isinstance(ev, dict) else getattr(ev, "__dict__", {}) or _slots_dict(ev)
        at = data.get("at") or data.get("date") or data.get("when") or data.get("published_at")
        text = data.get("text") or data.get("label") or data.get("title") or ""
        aid = data.get("article_id")
        events.append(
            TimelineEvent(
                at=at,
                text=str(text),
                article_id=aid,
                outlet=data.get("outlet") or outlets.get(aid),
                kind=str(data.get("kind") or "report"),
            )
        )
    with _timeline_lock:
        _timeline_cache[key] = events
        while len(_timeline_cache) > TIMELINE_CACHE_SIZE:
            _timeline_cache.popitem(last=False)
    return [e.model_copy() for e in events]


def _slots_dict(obj: object) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in getattr(obj, "__slots__", ()) if hasattr(obj, k)}


def story_detail(session: Session, story: Story, lang: str) -> StoryOut:
    card = story_cards(session, [story], lang)[0]
    articles = integrations.story_articles(session, story.id)
    first = integrations.first_report(articles)
    first_id = first.id if first is not None else None
    return StoryOut(
        **card.model_dump(),
        summary=localised_summary(story, lang),
        first_reported_by=article_card(first, first_id) if first else None,
        articles=[article_card(a, first_id) for a in articles],
        claims=story_claims(session, [story.id]),
        entities=story_entities(session, story.id),
        timeline=story_timeline(session, story, articles),
        moves=story_moves(session, story.id, lang),
    )


def story_moves(session: Session, story_id: int, lang: str) -> list[StoryMoveOut]:
    """The reports moved out of or into a story, with the story on the other side."""
    moves = integrations.story_moves(session, story_id)
    if not moves:
        return []
    articles = article_cards_by_id(session, [m.article_id for m in moves])
    others = session.scalars(select(Story).where(Story.id.in_({m.other_story_id for m in moves})))
    titles = {c.id: c.title for c in story_cards(session, others, lang)}
    return [
        StoryMoveOut(
            direction=m.direction,
            article=articles[m.article_id],
            story_id=m.other_story_id,
            story_title=titles[m.other_story_id],
            moved_at=m.moved_at,
        )
        for m in moves
        if m.article_id in articles and m.other_story_id in titles
    ]


# ------------------------------------------------------------------ articles


def article_detail(session: Session, article: Article) -> ArticleOut:
    first_id = None
    if article.story_id is not None:
        story = session.get(Story, article.story_id)
        if story is not None:
            first_id = story.first_article_id
    ents = session.execute(
        select(Entity, ArticleEntity.mentions)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article.id)
        .order_by(ArticleEntity.mentions.desc(), Entity.name)
    ).all()
    card = article_card(article, first_id)
    return ArticleOut(
        **card.model_dump(),
        author=article.author,
        text=article.text,
        image=article.image,
        entities=[EntityRef(slug=e.slug, name=e.name, kind=e.kind, mentions=m) for e, m in ents],
    )


def list_articles(
    session: Session,
    *,
    story_id: int | None = None,
    outlet: str | None = None,
    lang: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[ArticleCard], int]:
    stmt = select(Article)
    if story_id is not None:
        stmt = stmt.where(Article.story_id == story_id)
    if outlet:
        stmt = stmt.where(Article.outlet == outlet)
    if lang:
        stmt = stmt.where(Article.lang == lang)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    firsts = _first_ids(session, {a.story_id for a in rows if a.story_id})
    return [article_card(a, firsts.get(a.story_id)) for a in rows], total


def _first_ids(session: Session, story_ids: set[int]) -> dict[int | None, int | None]:
    if not story_ids:
        return {}
    return dict(
        session.execute(
            select(Story.id, Story.first_article_id).where(Story.id.in_(story_ids))
        ).all()
    )


def article_cards_by_id(session: Session, ids: Sequence[int]) -> dict[int, ArticleCard]:
    if not ids:
        return {}
    rows = session.scalars(select(Article).where(Article.id.in_(ids))).all()
    firsts = _first_ids(session, {a.story_id for a in rows if a.story_id})
    return {a.id: article_card(a, firsts.get(a.story_id)) for a in rows}


def outlet_stats(session: Session, outlet: str) -> OutletStats | None:
    row = session.execute(
        select(
            func.count(Article.id),
            func.count(func.distinct(Article.story_id)),
            func.count(Article.rewrite_of),
            func.count(Article.duplicate_of),
        ).where(Article.outlet == outlet)
    ).one()
    if not row[0]:
        return None
    firsts = session.scalar(
        select(func.count(Article.id))
        .join(Story, Story.first_article_id == Article.id)
        .where(Article.outlet == outlet)
    )
    return OutletStats(
        outlet=outlet,
        articles=row[0],
        stories=row[1],
        first_reports=firsts or 0,
        rewrites=row[2],
        duplicates=row[3],
    )


def list_outlets(session: Session, limit: int = 200) -> list[tuple[str, int]]:
    return [
        (o, n)
        for o, n in session.execute(
            select(Article.outlet, func.count(Article.id))
            .where(Article.outlet.is_not(None))
            .group_by(Article.outlet)
            .order_by(func.count(Article.id).desc(), Article.outlet)
            .limit(limit)
        ).all()
    ]


# ------------------------------------------------------------------ entities


def find_entity(session: Session, key: str) -> Entity | None:
    """An entity by slug, else by any of its names or aliases."""
    entity = session.scalar(select(Entity).where(Entity.slug == key))
    if entity is not None:
        return entity
    return integrations.resolve_entity(session, key)


def entity_detail(session: Session, entity: Entity) -> EntityOut:
    aliases = list(
        session.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id))
    )
    mentions, stories = session.execute(
        select(
            func.coalesce(func.sum(ArticleEntity.mentions), 0),
            func.count(func.distinct(Article.story_id)),
        )
        .join(Article, Article.id == ArticleEntity.article_id)
        .where(ArticleEntity.entity_id == entity.id)
    ).one()
    return EntityOut(
        slug=entity.slug,
        name=entity.name,
        kind=entity.kind,
        mentions=int(mentions or 0),
        aliases=aliases,
        story_count=int(stories or 0),
    )


def entity_story_ids(session: Session, entity: Entity) -> select:  # type: ignore[valid-type]
    return (
        select(Article.story_id)
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity.id, Article.story_id.is_not(None))
        .distinct()
    )


def entity_stories(
    session: Session, entity: Entity, lang: str, *, limit: int = 20, offset: int = 0
) -> tuple[list[StoryCard], int]:
    stmt = _live_stories().where(Story.id.in_(entity_story_ids(session, entity)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Story.last_published_at.desc().nulls_last()).limit(limit).offset(offset)
    )
    return story_cards(session, rows, lang), total


def entity_claims(session: Session, entity: Entity, limit: int = 50) -> list[ClaimOut]:
    """Claims of the entity's stories that name it (as speaker or in the text)."""
    names = [
        entity.name,
        *session.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id)),
    ]
    names = [n for n in names if n and len(n) >= 2][:20]
    conds = []
    for n in names:
        like = f"%{n}%"
        conds += [Claim.speaker.ilike(like), Claim.text.ilike(like)]
    if not conds:
        return []
    ids = list(
        session.scalars(
            select(Claim.id)
            .where(Claim.story_id.in_(entity_story_ids(session, entity)), or_(*conds))
            .limit(limit)
        )
    )
    if not ids:
        return []
    story_ids = list(session.scalars(select(Claim.story_id).where(Claim.id.in_(ids)).distinct()))
    return [c for c in story_claims(session, story_ids) if c.id in set(ids)]


# ------------------------------------------------------------------ comments


def story_comments(
    session: Session, story_id: int, *, include_hidden: bool = False
) -> list[CommentOut]:
    """Threaded comments: top level oldest first, replies under their parent."""
    rows = session.execute(
        select(Comment, User.username)
        .join(User, User.id == Comment.user_id)
        .where(Comment.story_id == story_id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    by_id: dict[int, CommentOut] = {}
    top: list[CommentOut] = []
    for c, username in rows:
        visible = c.status == "visible" or (include_hidden and c.status == "hidden")
        out = CommentOut(
            id=c.id,
            story_id=c.story_id,
            parent_id=c.parent_id,
            author=username,
            body_html=c.body_html if visible else "",
            created_at=c.created_at,
            edited_at=c.edited_at,
            status=c.status,
        )
        by_id[c.id] = out
        parent = by_id.get(c.parent_id) if c.parent_id else None
        if parent is not None:
            parent.replies.append(out)
        else:
            top.append(out)

    # drop removed/hidden comments that have no visible replies
    def keep(c: CommentOut) -> bool:
        c.replies = [r for r in c.replies if keep(r)]
        return bool(c.body_html) or bool(c.replies)

    return [c for c in top if keep(c)]


def comment_owner_ids(session: Session, story_id: int) -> dict[int, tuple[int, Any]]:
    """comment id → (author id, created_at), for edit buttons."""
    return {
        cid: (uid, created)
        for cid, uid, created in session.execute(
            select(Comment.id, Comment.user_id, Comment.created_at).where(
                Comment.story_id == story_id
            )
        )
    }
