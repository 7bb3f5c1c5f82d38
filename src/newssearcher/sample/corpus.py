"""Read the shipped sample corpus: its gold manifest, its files, its articles as records.

The corpus is package data under ``newssearcher/sample/corpus/`` (built by
``newssearcher.sample.generate``). Absolute URLs inside its files are written with the
``{{BASE}}`` placeholder; :mod:`newssearcher.sample.server` substitutes the real address.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from newssearcher.pipeline.records_in import record_to_json
from newssearcher.records import ArticleInput

PLACEHOLDER = "{{BASE}}"
EXTERNAL_ID_PREFIX = "sample:"


class CorpusError(RuntimeError):
    """The shipped corpus is missing or damaged (names the file that is wrong)."""


def corpus_root() -> Traversable:
    """The ``corpus`` folder inside the installed package."""
    return resources.files("newssearcher.sample").joinpath("corpus")


def _resolve(rel: str) -> Traversable:
    node = corpus_root()
    for part in rel.strip("/").split("/"):
        if part in ("", ".", ".."):
            raise CorpusError(f"corpus path {rel!r} is not allowed")
        node = node.joinpath(part)
    return node


def read_file(rel: str) -> bytes:
    """Raw bytes of one corpus file (still holding the ``{{BASE}}`` placeholder)."""
    node = _resolve(rel)
    if not node.is_file():
        raise CorpusError(f"sample corpus file {rel!r} is missing")
    return node.read_bytes()


def iter_files() -> Iterator[str]:
    """Relative paths of every file in the corpus, sorted."""
    found: list[str] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            elif child.is_file():
                found.append(rel)

    root = corpus_root()
    if not root.is_dir():
        raise CorpusError("the sample corpus folder is missing from the package")
    walk(root, "")
    yield from sorted(found)


@lru_cache(maxsize=1)
def _manifest_bytes() -> bytes:
    return read_file("manifest.json")


def load_manifest() -> dict[str, Any]:
    """The gold truth: outlets (with feeds), stories (claims), entities (aliases), articles.

    Each call returns a fresh copy, so callers may change it freely.
    """
    try:
        data = json.loads(_manifest_bytes())
    except json.JSONDecodeError as exc:
        raise CorpusError(f"sample corpus manifest.json is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or "articles" not in data or "outlets" not in data:
        raise CorpusError("sample corpus manifest.json lacks 'articles' or 'outlets'")
    return data


def substitute(data: bytes, base_url: str) -> bytes:
    """Replace the placeholder in a corpus file with ``base_url`` (no trailing slash)."""
    return data.replace(PLACEHOLDER.encode("ascii"), base_url.rstrip("/").encode("ascii"))


def article_url(article: dict[str, Any], outlet: dict[str, Any], base_url: str | None) -> str:
    """Where an article lives: on the sample server under ``base_url``, else on its domain."""
    if base_url:
        return base_url.rstrip("/") + article["path"]
    prefix = f"/{outlet['key']}"
    path = article["path"][len(prefix) :] if article["path"].startswith(prefix) else article["path"]
    return f"https://{outlet['domain']}{path}"


def iter_articles(
    base_url: str | None = None,
    *,
    gold: bool = False,
    manifest: dict[str, Any] | None = None,
) -> Iterator[ArticleInput]:
    """Every sample article as an :class:`ArticleInput`, oldest first.

    ``external_id`` is ``sample:<article id>``. URLs point at ``base_url`` (a running
    :class:`~newssearcher.sample.server.SampleServer`) or, without one, at the outlet's
    fictional domain. ``gold=True`` adds the gold story and relationship to ``metadata``
    (keys ``gold_story``, ``gold_relation``, ``gold_of``) for evaluation; leave it off when
    the pipeline itself is under test.
    """
    data = manifest if manifest is not None else load_manifest()
    outlets = {o["key"]: o for o in data["outlets"]}
    for art in sorted(data["articles"], key=lambda a: (a["published"], a["id"])):
        outlet = outlets[art["outlet"]]
        metadata: dict[str, Any] = {"outlet": outlet["key"], "section": art["section"]}
        if gold:
            metadata["gold_story"] = art["story"]
            metadata["gold_relation"] = art["relation"]
            metadata["gold_of"] = EXTERNAL_ID_PREFIX + art["of"] if art["of"] else None
        host = base_url.rstrip("/") if base_url else f"https://{outlet['domain']}"
        yield ArticleInput(
            external_id=EXTERNAL_ID_PREFIX + art["id"],
            text=art["text"],
            title=art["title"],
            url=article_url(art, outlet, base_url),
            source=outlet["name"],
            published=datetime.fromisoformat(art["published"]),
            lang=art["lang"],
            author=art["author"],
            image=host + art["image"],
            metadata=metadata,
        )


def write_jsonl(path: str | Path, base_url: str | None = None, *, gold: bool = False) -> int:
    """Write the corpus as JSONL for ``newssearcher import``; returns the number of lines."""
    count = 0
    target = Path(path)
    with target.open("w", encoding="utf-8") as fh:
        for article in iter_articles(base_url, gold=gold):
            fh.write(json.dumps(record_to_json(article), ensure_ascii=False) + "\n")
            count += 1
    return count
