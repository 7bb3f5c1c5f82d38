"""Quality floors on subsets of the dev data, through the real import -> export path.

Pinned at the figures measured when the pair and story models were trained, minus a small
margin (full-dev figures: ``newssearcher eval clustering|similarity FILE``).
"""

from __future__ import annotations

from pathlib import Path

from newssearcher.cli.eval_cmd import run_clustering_eval, run_similarity_eval

# measured: multinews[:200] F1 0.9486, gnews[:400] F1 0.8690, semeval[:300] r 0.8615, of which
# 14 pairs flagged as rewrites, all 14 the same story by gold (multinews rose from 0.9415 when
# import began to refuse pages that are not articles, 6 of the 200, and the story model was
# retrained without them; semeval fell from 0.8622 when
# both models were retrained with OpenBLAS's AVX2 kernels, OPENBLAS_CORETYPE=Haswell (now part
# of ``train_model.TRAINING_ENV``), so that any machine can reproduce them: the whole file 0.838 -> 0.837; semeval rose from 0.8599 when
# near-copies labelled as different stories left the pair model's training; all three rose,
# from 0.9343 / 0.8666 / 0.8342, when the pair model became the average of ten networks
# trained with different seeds, and semeval counted six times instead of four;
# gnews[:400] rose from 0.8632, the whole file 0.9189 -> 0.9219, when a move began to take out
# of the old story's centroid what the moved articles had added to it instead of rebuilding
# it; before that, weak joiners could leave their story, ``ClusterConfig.weak_join``:
# multinews[:200] rose from 0.9312, gnews[:400] fell from 0.8757 while the whole gnews dev file
# rose, 0.9153 -> 0.9189; before that, the pins rose from 0.9277 / 0.8601 when one bridging
# article stopped merging two grown stories: only a fragment of at most ``merge_fragment``
# articles is folded in)
MARGIN = 0.02


def test_clustering_floor_multinews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-multinews.jsonl", limit=200)
    assert res["items"] == 200
    assert res["f1"] >= 0.9486 - MARGIN
    assert res["refused"] == 6  # crawl notices and widget pages, each a story of its own


def test_clustering_floor_gnews(shared_dir: Path):
    res = run_clustering_eval(shared_dir / "eval/dev/clustering-gnews.jsonl", limit=400)
    assert res["f1"] >= 0.8690 - MARGIN


def test_similarity_floor(shared_dir: Path):
    res = run_similarity_eval(shared_dir / "eval/dev/similarity-semeval.jsonl", limit=300)
    assert res["pearson"] >= 0.8615 - MARGIN
    rewrites = res["rewrites"]
    assert rewrites["flagged"] >= 10
    assert rewrites["same_story"] >= 0.9
