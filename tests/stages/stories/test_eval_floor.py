"""Quality floors on subsets of the dev data, through the real import -> export path.

Pinned at the figures measured when the pair and story models were trained, minus a small
margin (full-dev figures: ``newssearcher eval clustering|similarity FILE``).
"""

from __future__ import annotations

from pathlib import Path

from newssearcher.cli.eval_cmd import run_clustering_eval, run_similarity_eval

# measured: multinews[:200] F1 0.9613, gnews[:400] F1 0.8676, semeval[:300] r 0.8745, of which
# 14 pairs flagged as rewrites, all 14 the same story by gold. With the shared phrases (word
# bigrams) in the pair model, multinews rose from 0.9563 and semeval from 0.8661, and gnews fell
# from 0.8690 (lowered on purpose: its first 400 articles; the cross-validated gnews figures
# rose, docs/story-engine-notes.md). The history of each earlier move is in that file too.
MARGIN = 0.02


def test_clustering_floor_multinews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-multinews.jsonl", limit=200)
    assert res["items"] == 200
    assert res["f1"] >= 0.9613 - MARGIN
    assert res["refused"] == 9  # crawl notices, widget pages, a sign-in form: stories of their own


def test_clustering_floor_gnews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-gnews.jsonl", limit=400)
    assert res["f1"] >= 0.8676 - MARGIN


def test_similarity_floor(shared_dir: Path):
    res = run_similarity_eval(shared_dir / "eval/dev/similarity-semeval.jsonl", limit=300)
    assert res["pearson"] >= 0.8745 - MARGIN
    rewrites = res["rewrites"]
    assert rewrites["flagged"] >= 10
    assert rewrites["same_story"] >= 0.9
