"""The whole pipeline on the shipped sample corpus, read back through the CLI."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from newssearcher.cli.main import app
from newssearcher.sample.corpus import load_manifest, write_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite database with the sample corpus imported (shared by this module's tests)."""
    tmp = tmp_path_factory.mktemp("sample")
    src = tmp / "sample.jsonl"
    write_jsonl(src, gold=True)
    url = f"sqlite:///{tmp / 'sample.db'}"
    result = runner.invoke(app, ["--db", url, "import", str(src)])
    assert result.exit_code == 0, result.output
    return url


def cli(url: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_every_article_exported_with_its_relations(loaded: str) -> None:
    rows = cli(loaded, "export")
    manifest = load_manifest()
    assert len(rows) == len(manifest["articles"])
    by_id = {r["id"]: r for r in rows}
    exact = [a for a in manifest["articles"] if a["relation"] == "duplicate_of"]
    assert exact, "the corpus has verbatim reposts"
    for art in exact:
        row = by_id[f"sample:{art['id']}"]
        assert row["duplicate_of"] == f"sample:{art['of']}", f"{art['id']} is a verbatim repost"
    rewrites = [a for a in manifest["articles"] if a["relation"] == "rewrite_of"]
    found = sum(by_id[f"sample:{a['id']}"]["rewrite_of"] is not None for a in rewrites)
    assert found >= len(rewrites) // 2, f"only {found} of {len(rewrites)} rewrites recognised"


def test_story_partition_is_close_to_the_truth(loaded: str) -> None:
    rows = cli(loaded, "export", "--no-text")
    gold: dict[str, set[str]] = defaultdict(set)
    got: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        gold[r["metadata"]["gold_story"]].add(r["id"])
        got[r["story_id"]].add(r["id"])
    # B-cubed F1 over the 69 articles: every article's cluster against its gold story
    cluster_of = {i: frozenset(c) for c in got.values() for i in c}
    gold_of = {i: frozenset(c) for c in gold.values() for i in c}
    p = sum(len(cluster_of[i] & gold_of[i]) / len(cluster_of[i]) for i in cluster_of) / len(rows)
    r = sum(len(cluster_of[i] & gold_of[i]) / len(gold_of[i]) for i in cluster_of) / len(rows)
    assert 2 * p * r / (p + r) >= 0.9


def test_stories_list_and_show(loaded: str) -> None:
    stories = cli(loaded, "stories", "list", "--json", "--limit", "100")
    assert len(stories) >= 12
    biggest = max(stories, key=lambda s: s["articles"])
    assert biggest["outlets"] >= 5 and biggest["hubs"]
    detail = cli(loaded, "story", "show", str(biggest["id"]), "--json")[0]
    assert detail["first_reported_by"]["outlet"]
    assert detail["summary"]["sentences"], "a summary with sentences"
    cited = {a for s in detail["summary"]["sentences"] for a in s["sources"]}
    assert cited <= {s["article"] for s in detail["sources"]}, "citations point at its sources"
    assert detail["claims"] and any(
        st["stance"] == "disagree" for c in detail["claims"] for st in c["stances"]
    )


def test_search_with_filters(loaded: str) -> None:
    hits = cli(loaded, "search", "Nimbura", "--json")
    assert hits and all("nimbura" in (h["title"] + h["snippet"]).lower() for h in hits)
    spanish = cli(loaded, "search", "Nimbura", "--json", "--lang", "es")
    assert spanish and {h["lang"] for h in spanish} == {"es"}
    assert len(spanish) < len(hits)


def test_unknown_story_is_a_clear_error(loaded: str) -> None:
    result = runner.invoke(app, ["--db", loaded, "story", "show", "999999"])
    assert result.exit_code == 1
    assert "no story with id 999999" in result.stderr
