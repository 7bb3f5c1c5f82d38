"""A small run of bench/bench_extract.py's quality half: figures that must not fall."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_extract.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_extract"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_token_f1_helper(bench: ModuleType) -> None:
    assert bench.token_f1("a b c", "a b c") == 1.0
    assert bench.token_f1("a b", "c d") == 0.0
    assert 0.0 < bench.token_f1("a b c d", "a b") < 1.0


def test_sample_corpus_floor(bench: ModuleType) -> None:
    pages = bench.corpus_pages()
    if not pages:
        pytest.skip("sample corpus not present")
    q = bench.quality(pages)
    assert q["no_article"] == 0
    assert q["token_f1_mean"] >= 0.98
    assert q["token_f1_min"] >= 0.9
    for key in ("title", "author", "published", "lang", "image", "canonical_url"):
        assert q[f"{key}_exact"] >= 0.95, key


def test_generated_pages_floor(bench: ModuleType) -> None:
    # 48 pages: every layout x charset combination, in both languages.
    q = bench.quality(bench.generated_pages(48))
    assert q["no_article"] == 0
    assert q["box_leaks"] == 0
    assert q["token_f1_mean"] >= 0.98
    assert q["lang_exact"] == 1.0
    assert q["canonical_url_exact"] == 1.0
    assert q["title_exact"] >= 0.95
