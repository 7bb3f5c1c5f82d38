"""A small, realistic hub written through the ORM, and clients for it.

The corpus: a cloud provider accused in a leaked memo (EN original, an EN rewrite, an ES
translation, an exact duplicate, the provider's denial), an EU cloud outage without a Spanish
summary, a Spanish-only ransomware story, a story merged into the first (an outage report
was moved out of it), two hubs, entities with aliases, claims with stances, and real
embeddings (the multilingual USE model).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from newssearcher.config import Settings
from newssearcher.dedup.fingerprints import content_hash
from newssearcher.store import Database
from newssearcher.store.models import (
    Article,
    ArticleEntity,
    ArticleMove,
    Claim,
    ClaimStance,
    Entity,
    EntityAlias,
    Hub,
    Story,
    StoryHub,
)
from newssearcher.stories.embedding import embed_texts, to_bytes
from newssearcher.web.app import create_app

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@dataclass
class Corpus:
    stories: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    hubs: dict[str, int] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)


ARTICLES = [
    # key, story, outlet, lang, hours after T0, title, text, extra
    (
        "memo",
        "cloud",
        "Daily Ledger",
        "en",
        0,
        "Leaked memo alleges Nimbus Cloud shared customer data with the PLA",
        "A leaked internal memo alleges that Nimbus Cloud shared customer data with the "
        "People's Liberation Army. The memo, dated January, describes transfers from a data "
        "centre in Shenzhen.\nSecurity researchers said the claims could not yet be verified.",
        {},
    ),
    (
        "rewrite",
        "cloud",
        "Content Farm",
        "en",
        3,
        "Cloud giant Nimbus accused of handing data to Chinese military",
        "Nimbus Cloud is accused in a leaked memo of handing customer data to China's military, "
        "the People's Liberation Army. According to the memo, the transfers came from a "
        "Shenzhen data centre. Researchers could not verify the allegations.",
        {"rewrite_of": "memo", "rewrite_score": 0.91},
    ),
    (
        "spanish",
        "cloud",
        "El Diario Digital",
        "es",
        5,
        "Un memorando filtrado acusa a Nimbus Cloud de compartir datos con el Ejército chino",
        "Un memorando interno filtrado afirma que Nimbus Cloud compartió datos de clientes con "
        "el Ejército Popular de Liberación. Los investigadores no pudieron verificarlo.",
        {"rewrite_of": "memo", "rewrite_score": 0.84},
    ),
    (
        "dup",
        "cloud",
        "Aggregator Now",
        "en",
        6,
        "Leaked memo alleges Nimbus Cloud shared customer data with the PLA",
        "A leaked internal memo alleges that Nimbus Cloud shared customer data with the "
        "People's Liberation Army. The memo, dated January, describes transfers from a data "
        "centre in Shenzhen.\nSecurity researchers said the claims could not yet be verified.",
        {"duplicate_of": "memo", "duplicate_kind": "exact"},
    ),
    (
        "denial",
        "cloud",
        "Tech Wire",
        "en",
        9,
        "Nimbus Cloud denies sharing data with Chinese military",
        "Nimbus Cloud denied on Tuesday that it had shared any customer data with the People's "
        "Liberation Army, calling the memo a forgery. The company said it would cooperate "
        "with regulators.",
        {},
    ),
    (
        "outage1",
        "outage",
        "Tech Wire",
        "en",
        30,
        "Hours-long outage takes down Stratus cloud region in Frankfurt",
        "A power failure took down the Frankfurt region of Stratus Cloud for six hours, "
        "interrupting banking apps and online shops across Germany.",
        {},
    ),
    (
        "outage2",
        "outage",
        "Daily Ledger",
        "en",
        33,
        "Stratus blames power failure for Frankfurt cloud outage",
        "Stratus Cloud said a power failure in its Frankfurt data centre caused the outage and "
        "promised credits to affected customers.",
        {},
    ),
    (
        "ransom",
        "ransom",
        "El Diario Digital",
        "es",
        48,
        "Un ataque de ransomware paraliza los hospitales de Valencia",
        "Un ataque de ransomware paralizó los sistemas informáticos de tres hospitales de "
        "Valencia. La Generalitat dijo que no se pagará ningún rescate.",
        {},
    ),
]


def populate(db: Database) -> Corpus:
    corpus = Corpus()
    texts = [f"{a[5]}\n{a[6]}" for a in ARTICLES]
    vectors = embed_texts(texts)
    with db.session() as s:
        cyber = Hub(
            slug="cybersecurity",
            name="Cybersecurity",
            name_es="Ciberseguridad",
            description="Attacks, breaches and the people behind them.",
            builtin=True,
        )
        cloud = Hub(
            slug="cloud",
            name="Cloud",
            name_es="Nube",
            description="Cloud providers and infrastructure.",
            builtin=True,
        )
        s.add_all([cyber, cloud])
        stories = {
            "cloud": Story(title=ARTICLES[0][5], title_lang="en"),
            "outage": Story(title=ARTICLES[5][5], title_lang="en"),
            "ransom": Story(title=ARTICLES[7][5], title_lang="es"),
            "merged": Story(title="Nimbus memo (early cluster)", title_lang="en"),
        }
        s.add_all(stories.values())
        s.flush()
        rows: dict[str, Article] = {}
        for i, (key, story, outlet, lang, hours, title, text, extra) in enumerate(ARTICLES):
            art = Article(
                external_id=f"fixture-{key}",
                url=f"https://{outlet.lower().replace(' ', '')}.example/{key}",
                canonical_url=f"https://{outlet.lower().replace(' ', '')}.example/{key}",
                outlet=outlet,
                title=title,
                text=text,
                published_at=T0 + timedelta(hours=hours),
                lang=lang,
                content_hash=content_hash(text),
                embedding=to_bytes(vectors[i]),
                story_id=stories[story].id,
                duplicate_kind=extra.get("duplicate_kind"),
                rewrite_score=extra.get("rewrite_score"),
                meta={},
            )
            if "rewrite_of" in extra:
                art.rewrite_of = rows[extra["rewrite_of"]].id
            if "duplicate_of" in extra:
                art.duplicate_of = rows[extra["duplicate_of"]].id
            s.add(art)
            s.flush()
            rows[key] = art
        for key, story in stories.items():
            members = [rows[a[0]] for a in ARTICLES if a[1] == key]
            if not members:
                continue
            idx = [i for i, a in enumerate(ARTICLES) if a[1] == key]
            story.first_article_id = members[0].id
            story.article_count = len(members)
            story.outlet_count = len({m.outlet for m in members})
            story.first_published_at = min(m.published_at for m in members)
            story.last_published_at = max(m.published_at for m in members)
            story.updated_at = story.last_published_at
            centroid = vectors[idx].mean(axis=0)
            story.centroid = to_bytes(centroid)
        stories["merged"].merged_into = stories["cloud"].id
        # the engine took the first outage report out of the early memo cluster (an id that now
        # resolves to the cloud story); a move between two ids that are now one story is moot
        for moved, into, hours in (("outage1", "outage", 30), ("rewrite", "cloud", 31)):
            s.add(
                ArticleMove(
                    article_id=rows[moved].id,
                    from_story_id=stories["merged"].id,
                    to_story_id=stories[into].id,
                    score=0.7,
                    moved_at=T0 + timedelta(hours=hours),
                )
            )
        stories["cloud"].summary = {
            "method": "extractive",
            "lang": "en",
            "title": "Leaked memo alleges Nimbus Cloud shared data with the PLA; Nimbus denies it",
            "sentences": [
                {
                    "text": "A leaked internal memo alleges that Nimbus Cloud shared customer data "
                    "with the People's Liberation Army.",
                    "citations": [rows["memo"].id, rows["rewrite"].id],
                },
                {
                    "text": "Nimbus Cloud denied that it had shared any customer data, calling the "
                    "memo a forgery.",
                    "citations": [rows["denial"].id],
                },
            ],
            "translations": {
                "es": {
                    "title": "Un memorando filtrado acusa a Nimbus Cloud de compartir datos con "
                    "el EPL; Nimbus lo niega",
                    "sentences": [
                        {
                            "text": "Un memorando interno filtrado afirma que Nimbus Cloud compartió "
                            "datos de clientes con el Ejército Popular de Liberación.",
                            "citations": [rows["memo"].id, rows["rewrite"].id],
                        },
                        {
                            "text": "Nimbus Cloud negó haber compartido datos y calificó el "
                            "memorando de falsificación.",
                            "citations": [rows["denial"].id],
                        },
                    ],
                }
            },
            "note": None,
        }
        stories["outage"].summary = {
            "method": "extractive",
            "lang": "en",
            "title": ARTICLES[5][5],
            "sentences": [{"text": ARTICLES[5][6], "citations": [rows["outage1"].id]}],
            "translations": {},
        }
        s.add_all(
            [
                StoryHub(story_id=stories["cloud"].id, hub_id=cyber.id, score=0.9),
                StoryHub(story_id=stories["cloud"].id, hub_id=cloud.id, score=0.8),
                StoryHub(story_id=stories["outage"].id, hub_id=cloud.id, score=0.9),
                StoryHub(story_id=stories["ransom"].id, hub_id=cyber.id, score=0.9),
            ]
        )
        nimbus = Entity(slug="nimbus-cloud", name="Nimbus Cloud", kind="ORG")
        pla = Entity(slug="peoples-liberation-army", name="People's Liberation Army", kind="ORG")
        stratus = Entity(slug="stratus-cloud", name="Stratus Cloud", kind="ORG")
        s.add_all([nimbus, pla, stratus])
        s.flush()
        s.add_all(
            [
                EntityAlias(alias="pla", entity_id=pla.id),
                EntityAlias(alias="ejército popular de liberación", entity_id=pla.id),
                EntityAlias(alias="nimbus", entity_id=nimbus.id),
            ]
        )
        for key in ("memo", "rewrite", "spanish", "denial"):
            s.add(ArticleEntity(article_id=rows[key].id, entity_id=nimbus.id, mentions=2))
        for key in ("memo", "rewrite", "spanish"):
            s.add(ArticleEntity(article_id=rows[key].id, entity_id=pla.id, mentions=1))
        for key in ("outage1", "outage2"):
            s.add(ArticleEntity(article_id=rows[key].id, entity_id=stratus.id, mentions=1))
        claim = Claim(
            story_id=stories["cloud"].id,
            text="Nimbus Cloud shared customer data with the People's Liberation Army",
            speaker="leaked memo",
            verb="alleges",
            lang="en",
            status="alleged-and-denied",
            first_article_id=rows["memo"].id,
            first_seen_at=rows["memo"].published_at,
        )
        s.add(claim)
        s.flush()
        for key, stance, speaker in (
            ("memo", "agree", "the memo"),
            ("rewrite", "agree", "the memo"),
            ("spanish", "discuss", None),
            ("denial", "disagree", "Nimbus Cloud"),
        ):
            s.add(
                ClaimStance(
                    claim_id=claim.id,
                    article_id=rows[key].id,
                    stance=stance,
                    speaker=speaker,
                    score=0.8,
                    evidence=rows[key].text[:120],
                )
            )
        corpus.stories = {k: v.id for k, v in stories.items()}
        corpus.articles = {k: v.id for k, v in rows.items()}
        corpus.hubs = {"cybersecurity": cyber.id, "cloud": cloud.id}
        corpus.entities = {"nimbus": nimbus.slug, "pla": pla.slug, "stratus": stratus.slug}
    return corpus


@pytest.fixture
def web_settings(tmp_path, monkeypatch) -> Settings:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSSEARCHER_CONFIG", str(tmp_path / "absent.toml"))
    return Settings(data_dir=tmp_path / "data", comment_rate_per_minute=5)


@pytest.fixture
def hub_db(db: Database) -> tuple[Database, Corpus]:
    """The fixture corpus on SQLite and on PostgreSQL."""
    return db, populate(db)


@pytest.fixture
def hub_sqlite(sqlite_db: Database) -> tuple[Database, Corpus]:
    return sqlite_db, populate(sqlite_db)


def make_client(settings: Settings, db: Database) -> TestClient:
    return TestClient(create_app(settings, db), base_url="http://127.0.0.1")


@pytest.fixture
def client(hub_db, web_settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with make_client(web_settings, hub_db[0]) as c:
        yield c


@pytest.fixture
def sclient(hub_sqlite, web_settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """A client on SQLite only (for tests whose subject does not depend on the backend)."""
    with make_client(web_settings, hub_sqlite[0]) as c:
        yield c


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient) -> str:
    return client.get("/api/v1/me").json()["csrf_token"]


def sign_up(client: TestClient, username: str, password: str = "correct horse battery") -> None:
    token = csrf_of(client)
    resp = client.post(
        "/signup",
        data={
            "username": username,
            "password": password,
            "password2": password,
            "csrf_token": token,
            "next": "/",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:500]


def form_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)
