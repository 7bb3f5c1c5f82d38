"""The gold manifest describes a corpus big and varied enough for the demo and the tests."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

from newssearcher.sample import corpus
from newssearcher.sample.generate import render_all

TOPICS = {"cybersecurity", "cloud", "ai", "geopolitics", "business", "science", "sport", "politics"}
FEED_KINDS = {"rss2", "atom", "rss1", "jsonfeed", "news-sitemap"}


def _by_id(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in manifest["articles"]}


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_sizes_languages_outlets_and_topics(manifest: dict[str, Any]) -> None:
    articles = manifest["articles"]
    assert len(articles) >= 64
    assert len(manifest["outlets"]) >= 8
    assert len(manifest["stories"]) >= 12
    langs = Counter(a["lang"] for a in articles)
    assert langs["es"] >= 15 and langs["en"] >= 30, langs
    es_outlets = [o for o in manifest["outlets"] if o["lang"] == "es"]
    assert len(es_outlets) >= 2
    assert {o["feed"]["kind"] for o in manifest["outlets"]} >= FEED_KINDS
    assert sum(o["feed"]["kind"] == "news-sitemap" for o in manifest["outlets"]) == 1
    topics = {t for s in manifest["stories"] for t in s["topics"]}
    assert topics >= TOPICS, TOPICS - topics
    counted = Counter(a["outlet"] for a in articles)
    for outlet in manifest["outlets"]:
        assert counted[outlet["key"]] == outlet["articles"] >= 3, outlet["key"]
        assert outlet["domain"].endswith(".example")


def test_ids_paths_and_files_are_unique_and_present(manifest: dict[str, Any]) -> None:
    articles = manifest["articles"]
    assert len({a["id"] for a in articles}) == len(articles)
    assert len({a["path"] for a in articles}) == len(articles)
    files = set(corpus.iter_files())
    for a in articles:
        assert a["path"].startswith(f"/{a['outlet']}/"), a["id"]
        assert a["file"] in files, a["file"]
        assert a["image"].lstrip("/") in files, a["image"]
        assert a["canonical"] in {x["path"] for x in articles}
    for o in manifest["outlets"]:
        assert o["feed"]["file"] in files, o["feed"]["file"]
        assert f"{o['key']}/index.html" in files
    for s in manifest["stories"]:
        assert s["image"].lstrip("/") in files


def test_word_counts_and_texts(manifest: dict[str, Any]) -> None:
    for a in manifest["articles"]:
        words = len(a["text"].split())
        assert 120 <= words <= 300, (a["id"], words)
        assert a["words"] == words
        assert "{{" not in a["text"] and "<" not in a["text"], a["id"]


def test_relationships_are_consistent(manifest: dict[str, Any]) -> None:
    by_id = _by_id(manifest)
    kinds = Counter(a["relation"] for a in manifest["articles"])
    assert kinds["duplicate_of"] >= 4 and kinds["near_duplicate_of"] >= 4, kinds
    assert kinds["rewrite_of"] >= 4 and kinds["translation_of"] >= 6, kinds
    directions = set()
    for a in manifest["articles"]:
        if a["relation"] == "original":
            assert a["of"] is None and a["earliest"] == a["id"]
            continue
        src = by_id[a["of"]]
        assert src["story"] == a["story"], a["id"]
        assert src["outlet"] != a["outlet"], a["id"]
        assert datetime.fromisoformat(src["published"]) < datetime.fromisoformat(a["published"])
        root = src
        while root["of"] is not None:
            root = by_id[root["of"]]
        assert a["earliest"] == root["id"]
        similarity = _jaccard(a["text"], src["text"])
        if a["relation"] == "duplicate_of":
            assert a["text"] == src["text"] and a["title"] == src["title"], a["id"]
        elif a["relation"] == "near_duplicate_of":
            assert a["text"] != src["text"] and a["lang"] == src["lang"]
            assert similarity >= 0.75, (a["id"], similarity)
        elif a["relation"] == "rewrite_of":
            assert a["lang"] == src["lang"]
            assert similarity < 0.25, (a["id"], similarity)  # really reworded
        elif a["relation"] == "translation_of":
            assert a["lang"] != src["lang"], a["id"]
            directions.add((src["lang"], a["lang"]))
    assert directions == {("en", "es"), ("es", "en")}


def test_seed_story_mirrors_the_product_brief(manifest: dict[str, Any]) -> None:
    story = [a for a in manifest["articles"] if a["story"] == "nimbura-memo"]
    assert len({a["outlet"] for a in story}) >= 6
    relations = Counter(a["relation"] for a in story)
    assert relations["rewrite_of"] >= 1 and relations["translation_of"] >= 1
    assert relations["duplicate_of"] >= 1 and relations["near_duplicate_of"] >= 1
    rewrite = next(a for a in story if a["relation"] == "rewrite_of")
    assert rewrite["published"] > _by_id(manifest)[rewrite["of"]]["published"]
    joined = " ".join(a["text"] for a in story)
    assert "completely false" in joined and "baseless" in joined
    assert "completamente falsas" in joined and "infundad" in joined
    assert {a["lang"] for a in story} == {"en", "es"}


def test_claims_denials_and_timelines(manifest: dict[str, Any]) -> None:
    by_story: dict[str, list[dict[str, Any]]] = {}
    for a in manifest["articles"]:
        by_story.setdefault(a["story"], []).append(a)
    attributed = re.compile(r"\b(said|told|denied|denies|según|negó|niega|afirmó|dijo)\b")
    denial = re.compile(r"\b(denied|denies|rejected|negó|niega|negaron)\b")
    with_denials = [
        k for k, arts in by_story.items() if any(denial.search(a["text"]) for a in arts)
    ]
    assert len(with_denials) >= 8, with_denials
    for key, arts in by_story.items():
        assert any(attributed.search(a["text"]) for a in arts), key
    days = {k: {a["published"][:10] for a in arts} for k, arts in by_story.items()}
    assert sum(len(d) >= 3 for d in days.values()) >= 4, days
    all_days = sorted({d for ds in days.values() for d in ds})
    assert len(all_days) >= 5
    claims = [c for s in manifest["stories"] for c in s["claims"]]
    assert len(claims) >= 12
    for c in claims:
        assert c["claim"] and (c["asserts"] or c["denies"])


def test_entity_aliases_occur_in_the_texts(manifest: dict[str, Any]) -> None:
    text = " ".join(a["text"] + " " + a["title"] for a in manifest["articles"])
    assert len(manifest["entities"]) >= 12
    for entity in manifest["entities"]:
        for name in [entity["name"], *entity["aliases"]]:
            assert name in text, name
    # an acronym and its Spanish full name both stand for one body
    zplf = next(e for e in manifest["entities"] if "ZPLF" in e["aliases"])
    assert "Fuerza Popular de Liberación de Zarovia" in zplf["aliases"]


def test_shipped_corpus_matches_its_sources() -> None:
    """The shipped files are exactly what ``generate`` renders from ``source/``."""
    rendered = render_all()
    shipped = set(corpus.iter_files())
    assert shipped == set(rendered), sorted(shipped ^ set(rendered))
    stale = [rel for rel, data in rendered.items() if corpus.read_file(rel) != data]
    assert not stale, f"run python -m newssearcher.sample.generate ({stale[:3]})"
