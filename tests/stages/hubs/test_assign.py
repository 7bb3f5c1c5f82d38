"""Hub assignment on SQLite and PostgreSQL: built-in hubs, clear cases, user hubs, seeds."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newssearcher.analysis.entities_store import tag_articles
from newssearcher.hubs.assign import apply_user_hub, assign_story_hubs, story_hubs
from newssearcher.hubs.builtin import BUILTIN_SLUGS, ensure_builtin_hubs
from newssearcher.hubs.manage import HubError, add_user_hub, list_hubs, remove_hub
from newssearcher.store import Database
from newssearcher.store.models import Article, Hub, Story, StoryHub
from tests.seeds import seed_records


def make_story(session: Session, docs: list[tuple[str, str, str]], tag: bool = True) -> Story:
    """A story of articles given as (title, text, lang)."""
    story = Story(title=docs[0][0])
    session.add(story)
    session.flush()
    arts = []
    for i, (title, text, lang) in enumerate(docs):
        art = Article(
            external_id=f"s{story.id}-{i}",
            title=title,
            text=text,
            lang=lang,
            content_hash=hashlib.sha256(f"{story.id}{i}{text}".encode()).hexdigest(),
            story_id=story.id,
            meta={},
        )
        session.add(art)
        arts.append(art)
    session.flush()
    if tag:
        tag_articles(session, arts)
    return story


def slugs(session: Session, story: Story) -> list[str]:
    return [hub.slug for hub, _ in story_hubs(session, story.id)]


def test_builtin_hubs_created_once(db: Database) -> None:
    with db.session() as s:
        first = ensure_builtin_hubs(s)
        again = ensure_builtin_hubs(s)
        assert set(first) == set(BUILTIN_SLUGS) == set(again)
        assert {h.id for h in first.values()} == {h.id for h in again.values()}
        assert s.scalar(select(func.count()).select_from(Hub)) == len(BUILTIN_SLUGS)
        assert {"cybersecurity", "cloud-ai", "geopolitics", "business", "science", "sport",
                "politics", "other"} <= set(first)  # fmt: skip
        assert first["cloud-ai"].name == "Cloud & AI" and first["cloud-ai"].name_es == "Nube e IA"
        assert all(h.builtin and h.query is None for h in first.values())


CLEAR_CASES = [
    (
        "cybersecurity",
        "Ransomware attack shuts down port terminals",
        "Hackers encrypted the operator's systems and demanded a ransom; a malware sample "
        "was shared with national cyber authorities.",
        "en",
    ),
    (
        "sport",
        "El Sevilla gana la final de la Copa con un gol de cabeza",
        "El delantero marcó en la prórroga y el equipo levantó el título ante su afición en el estadio.",
        "es",
    ),
    (
        "science",
        "Astronomers find water vapour on a distant planet",
        "Observations with a space telescope show the exoplanet's atmosphere holds water, "
        "scientists wrote in a peer-reviewed journal.",
        "en",
    ),
    (
        "politics",
        "El Parlamento aprueba la reforma electoral con los votos de la oposición",
        "Los diputados votaron la ley tras meses de negociación entre los partidos; las próximas "
        "elecciones se celebrarán con el nuevo sistema.",
        "es",
    ),
    (
        "other",
        "Summer recipe: chilled tomato soup with basil",
        "Blend ripe tomatoes, a clove of garlic and olive oil, chill for an hour and serve with "
        "fresh basil leaves.",
        "en",
    ),
]


def test_clear_cases_and_idempotency(db: Database) -> None:
    with db.session() as s:
        stories = [
            (hub, make_story(s, [(title, text, lang)])) for hub, title, text, lang in CLEAR_CASES
        ]
        for _, story in stories:
            assign_story_hubs(s, story)
        for hub, story in stories:
            assert slugs(s, story)[0] == hub, (hub, slugs(s, story))
        rows = s.scalar(select(func.count()).select_from(StoryHub))
        scores = sorted((r.story_id, r.hub_id, r.score) for r in s.scalars(select(StoryHub)))
        for _, story in stories:
            assign_story_hubs(s, story)
        assert s.scalar(select(func.count()).select_from(StoryHub)) == rows
        assert (
            sorted((r.story_id, r.hub_id, r.score) for r in s.scalars(select(StoryHub))) == scores
        )
        assert all(0.0 < score <= 1.0 for _, _, score in scores)


def test_user_hub_by_query(db: Database) -> None:
    with db.session() as s:
        pla_story = make_story(
            s,
            [
                (
                    "Drills near the strait",
                    "The People's Liberation Army held drills near the strait.",
                    "en",
                ),
                (
                    "Maniobras",
                    "El Ejército Popular de Liberación realizó maniobras cerca de la isla.",
                    "es",
                ),
            ],
        )
        other = make_story(
            s, [("Market rally", "Stocks rose on Wall Street as investors cheered.", "en")]
        )
        hub = add_user_hub(s, "PLA watch", "entity:PLA -tourism", name_es="Vigilancia EPL")
        assert hub.slug == "pla-watch" and not hub.builtin
        assert apply_user_hub(s, hub) == 1
        assert "pla-watch" in slugs(s, pla_story)
        assert "pla-watch" not in slugs(s, other)
        assign_story_hubs(s, pla_story)
        assign_story_hubs(s, other)
        assert "pla-watch" in slugs(s, pla_story) and "pla-watch" not in slugs(s, other)
        score = dict((h.slug, sc) for h, sc in story_hubs(s, pla_story.id))["pla-watch"]
        assert score == 1.0  # both articles match
        # a query with OR and an exclusion
        add_user_hub(s, "Markets", '"wall street" OR bolsa -crypto')
        assign_story_hubs(s, other)
        assert "markets" in slugs(s, other)
        info = {i.slug: i for i in list_hubs(s)}
        assert info["pla-watch"].stories == 1 and info["pla-watch"].query == "entity:PLA -tourism"
        assert info["sport"].builtin
        remove_hub(s, "pla-watch")
        assert "pla-watch" not in slugs(s, pla_story)
        for bad_name, bad_query, why in [
            ("Sport", "football", "built-in"),
            ("Markets", "stocks", "already exists"),
            ("!!!", "stocks", "no letters"),
        ]:
            try:
                add_user_hub(s, bad_name, bad_query)
            except HubError as exc:
                assert why in str(exc)
            else:  # pragma: no cover
                raise AssertionError(f"{bad_name} accepted")
        try:
            remove_hub(s, "sport")
        except HubError as exc:
            assert "built in" in str(exc)
        else:  # pragma: no cover
            raise AssertionError("built-in hub removed")


def test_user_hub_with_stale_bad_query_is_skipped(db: Database) -> None:
    with db.session() as s:
        story = make_story(
            s, [("Ransomware hits council", "Ransomware hit the council's systems.", "en")]
        )
        s.add(Hub(slug="broken", name="Broken", query='"unclosed', builtin=False))
        s.flush()
        assign_story_hubs(s, story)
        assert slugs(s, story)[0] == "cybersecurity"
        assert "broken" not in slugs(s, story)


def test_seed_story_hubs(db: Database, shared_dir: Path) -> None:
    records = seed_records(shared_dir)
    with db.session() as s:
        story = make_story(s, [(r["title"], r["text"], "en") for r in records])
        assign_story_hubs(s, story)
        got = slugs(s, story)
        assert {"cybersecurity", "geopolitics"} & set(got), got
        assert "cloud-ai" in got, got
        assert "other" not in got and "sport" not in got
