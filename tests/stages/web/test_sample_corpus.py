"""The hub over the real sample corpus, imported through the whole pipeline (SQLite)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from newssearcher.config import Settings
    from newssearcher.pipeline.ingest import Ingestor
    from newssearcher.sample.corpus import iter_articles
    from newssearcher.store import Database
    from newssearcher.web.app import create_app

    folder = tmp_path_factory.mktemp("sample")
    settings = Settings(data_dir=folder / "data", db=f"sqlite:///{folder / 'sample.db'}")
    db = Database(settings.database_url)
    db.migrate()
    report = Ingestor(db, settings).ingest(iter_articles(None))
    assert report.stored > 0
    with TestClient(create_app(settings, db), base_url="http://127.0.0.1") as client:
        yield client
    db.dispose()


def test_every_story_page_renders(sample_client: TestClient) -> None:
    stories = sample_client.get("/api/v1/stories", params={"limit": 100}).json()
    assert stories["total"] > 0
    for card in stories["items"]:
        resp = sample_client.get(f"/story/{card['id']}")
        assert resp.status_code == 200, card
        assert resp.text.count('class="original"') >= 1
    home = sample_client.get("/").text
    assert 'class="hub-section"' in home


def test_the_seed_story_shows_a_rewrite_and_a_denial(sample_client: TestClient) -> None:
    stories = sample_client.get("/api/v1/stories", params={"limit": 100}).json()["items"]
    found = False
    for card in stories:
        story = sample_client.get(f"/api/v1/stories/{card['id']}").json()
        rewrites = [a for a in story["articles"] if a["rewrite_of"]]
        denials = [s for c in story["claims"] for s in c["stances"] if s["stance"] == "disagree"]
        if rewrites and denials:
            found = True
            html = sample_client.get(f"/story/{card['id']}").text
            assert "rewrite of [" in html and "denies" in html
            break
    assert found, "no story with both a rewrite and a denial in the sample corpus"


def test_search_finds_titles_of_the_sample(sample_client: TestClient) -> None:
    articles = sample_client.get("/api/v1/articles", params={"limit": 20}).json()["items"]
    checked = 0
    for art in articles:
        words = [w for w in re.findall(r"\w{6,}", art["title"] or "")][:2]
        if not words:
            continue
        hits = sample_client.get("/api/v1/search", params={"q": " ".join(words), "limit": 50})
        ids = [h["article"]["id"] for h in hits.json()["items"]]
        assert art["id"] in ids or art["duplicate_of"] in ids, art["title"]
        checked += 1
    assert checked >= 5


def test_spanish_ui_over_the_sample(sample_client: TestClient) -> None:
    html = sample_client.get("/", headers={"Accept-Language": "es"}).text
    assert '<html lang="es"' in html and "Portada" in html


def test_semantic_search_over_embeddings_the_pipeline_stored(sample_client: TestClient) -> None:
    """The engine stores several views per article (headline, lead, body); meaning search must
    compare a query with them (it once compared a 512-d query with 1,024-d rows: no hits)."""
    articles = sample_client.get("/api/v1/articles", params={"limit": 30}).json()["items"]
    checked = 0
    for art in articles:
        if not art["title"] or art["duplicate_of"]:
            continue
        hits = sample_client.get(
            "/api/v1/search", params={"q": art["title"], "mode": "semantic", "limit": 5}
        ).json()
        assert hits["mode"] == "semantic"
        assert art["id"] in [h["article"]["id"] for h in hits["items"]], art["title"]
        checked += 1
        if checked == 5:
            break
    assert checked == 5
