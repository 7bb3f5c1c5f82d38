"""Quality floors on subsets of the dev data, through the real import -> export path.

Pinned at the figures measured when the pair and story models were trained, minus a small
margin (full-dev figures: ``newssearcher eval clustering|similarity FILE``).
"""

from __future__ import annotations

from pathlib import Path

from newssearcher.cli.eval_cmd import run_clustering_eval, run_similarity_eval

# measured: multinews[:200] F1 0.9297, gnews[:400] F1 0.8597, semeval[:300] r 0.8342
# (raised from 0.9270 / 0.8580 by the names_known / numbers_known features and the short
# multinews copies in the pair model's training; similarity unchanged)
MARGIN = 0.02


def test_clustering_floor_multinews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-multinews.jsonl", limit=200)
    assert res["items"] == 200
    assert res["f1"] >= 0.9297 - MARGIN


def test_clustering_floor_gnews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-gnews.jsonl", limit=400)
    assert res["f1"] >= 0.8597 - MARGIN


def test_similarity_floor(shared_dir: Path):
    res = run_similarity_eval(shared_dir / "eval/dev/similarity-semeval.jsonl", limit=300)
    assert res["pearson"] >= 0.8342 - MARGIN
