"""The bundled sample corpus: ten fictional outlets (English and Spanish) and a loopback server.

``corpus`` reads the shipped files and the gold ``manifest.json``; ``server`` serves them over
real HTTP for the demo and the tests; ``generate`` rebuilds them from ``source/*.toml``.
"""

from newssearcher.sample.corpus import iter_articles, load_manifest, write_jsonl
from newssearcher.sample.server import SampleServer, serve_corpus

__all__ = ["SampleServer", "iter_articles", "load_manifest", "serve_corpus", "write_jsonl"]
