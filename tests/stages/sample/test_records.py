"""The corpus as pipeline records and as JSONL for ``newssearcher import``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newssearcher.cli.jsonl import LineError, read_records
from newssearcher.records import ArticleInput
from newssearcher.sample import iter_articles, write_jsonl


def test_iter_articles_gives_article_inputs(manifest: dict[str, Any]) -> None:
    records = list(iter_articles())
    assert len(records) == len(manifest["articles"])
    assert all(isinstance(r, ArticleInput) for r in records)
    assert len({r.external_id for r in records}) == len(records)
    assert all(r.external_id.startswith("sample:") for r in records)
    assert [r.published for r in records] == sorted(r.published for r in records)
    for record in records:
        assert record.published is not None and record.published.tzinfo is not None
        assert record.lang in {"en", "es"} and record.title and record.source
        assert record.url and record.url.startswith("https://") and ".example/" in record.url
        assert not any(k.startswith("gold_") for k in record.metadata)


def test_iter_articles_with_server_urls_and_gold(manifest: dict[str, Any]) -> None:
    by_id = {a["id"]: a for a in manifest["articles"]}
    records = list(iter_articles("http://127.0.0.1:8123/", gold=True))
    for record in records:
        art = by_id[record.external_id.removeprefix("sample:")]
        assert record.url == "http://127.0.0.1:8123" + art["path"]
        assert record.metadata["gold_story"] == art["story"]
        assert record.metadata["gold_relation"] == art["relation"]
        if art["of"]:
            assert record.metadata["gold_of"] == "sample:" + art["of"]
        assert record.text == art["text"]


def test_write_jsonl_follows_the_import_contract(tmp_path: Path, manifest: dict) -> None:
    path = tmp_path / "sample.jsonl"
    count = write_jsonl(path)
    assert count == len(manifest["articles"])
    errors: list[LineError] = []
    with path.open(encoding="utf-8") as fh:
        rows = list(read_records(fh, {"id": str, "text": str}, errors))
    assert not errors and len(rows) == count
    for _, obj in rows:
        assert set(obj) >= {"id", "text", "title", "url", "source", "published", "lang"}
        assert obj["published"].endswith("+00:00")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "Fuerza Popular de Liberación de Zarovia" in "".join(lines)  # UTF-8, not escaped
    assert json.loads(lines[0])["id"].startswith("sample:")
