"""ROUGE floor on the first 20 Multi-News dev stories (the full figure: bench/eval_summary.py).

Measured with ``bench/eval_summary.py --limit 20``: ROUGE-1 46.29, ROUGE-2 16.89 (F x100;
46.26 / 16.90 before candidates were capped at 12 per document).
The floor sits 1 point below, so a change that loses quality fails here.
"""

import json
from pathlib import Path

from rouge_score import rouge_scorer

from newssearcher.summary.extractive import summarise

SUBSET = 20
FLOOR_R1 = 45.2
FLOOR_R2 = 15.9


def test_rouge_floor_on_multinews_subset(shared_dir: Path) -> None:
    path = shared_dir / "eval/dev/summarization-multinews.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(SUBSET), fh, strict=False)]
    assert len(rows) == SUBSET
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    r1 = r2 = 0.0
    lengths = []
    for row in rows:
        summary = summarise(row["documents"])
        lengths.append(summary.word_count)
        scores = scorer.score(row["gold_summary"], summary.text)
        r1 += scores["rouge1"].fmeasure
        r2 += scores["rouge2"].fmeasure
    # one length for every story: the budget (250 words) plus at most one sentence
    assert max(lengths) <= 250 + 60
    assert sum(lengths) / SUBSET >= 200
    r1, r2 = 100 * r1 / SUBSET, 100 * r2 / SUBSET
    assert r1 >= FLOOR_R1, f"ROUGE-1 {r1:.2f} < {FLOOR_R1}"
    assert r2 >= FLOOR_R2, f"ROUGE-2 {r2:.2f} < {FLOOR_R2}"
