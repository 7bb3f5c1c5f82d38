"""The bundled sample corpus: ten fictional outlets (English and Spanish) and a loopback server.

``corpus`` reads the shipped files and the gold ``manifest.json``; ``server`` serves them over
real HTTP for the demo and the tests; ``generate`` rebuilds them from ``source/*.toml``.
The names below are loaded on first use, so ``python -m newssearcher.sample.server`` runs clean.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newssearcher.sample.corpus import iter_articles, load_manifest, write_jsonl
    from newssearcher.sample.server import SampleServer, serve_corpus

_EXPORTS = {
    "iter_articles": "newssearcher.sample.corpus",
    "load_manifest": "newssearcher.sample.corpus",
    "write_jsonl": "newssearcher.sample.corpus",
    "SampleServer": "newssearcher.sample.server",
    "serve_corpus": "newssearcher.sample.server",
}

__all__ = ["SampleServer", "iter_articles", "load_manifest", "serve_corpus", "write_jsonl"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newssearcher.sample' has no attribute {name!r}")
    return getattr(import_module(module), name)
