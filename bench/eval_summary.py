"""ROUGE of the extractive summariser on Multi-News (dev half), with speed and machine.

    .venv/bin/python bench/eval_summary.py [--limit N] [--part all|even|odd] [--data FILE]

Reads ``../shared/eval/dev/summarization-multinews.jsonl`` at run time (not copied into the
repo). Scores with ``rouge-score`` (ROUGE-1/2/L F-measure, Porter stemming), one configuration
(``newssearcher.summary.extractive`` defaults) for every story.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from newssearcher.labelled import read_jsonl
from newssearcher.summary.extractive import WORD_BUDGET, summarise

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    Path(os.environ.get("NEWSSEARCHER_SHARED", REPO.parent / "shared"))
    / "eval/dev/summarization-multinews.jsonl"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}"


def load(path: Path, part: str, limit: int | None) -> list[dict]:
    rows = read_jsonl(path)
    if part == "even":
        rows = rows[0::2]
    elif part == "odd":
        rows = rows[1::2]
    return rows[:limit] if limit else rows


def evaluate(rows: list[dict]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F (× 100) and summarising speed over ``rows``."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    summarise(["Warm-up sentence so that the embedding model is loaded before timing."])
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    words = 0
    elapsed = 0.0
    for row in rows:
        start = time.perf_counter()
        summary = summarise(row["documents"])
        elapsed += time.perf_counter() - start
        words += summary.word_count
        scores = scorer.score(row["gold_summary"], summary.text)
        for key in totals:
            totals[key] += scores[key].fmeasure
    n = max(len(rows), 1)
    return {
        "stories": len(rows),
        "R1": 100 * totals["rouge1"] / n,
        "R2": 100 * totals["rouge2"] / n,
        "RL": 100 * totals["rougeL"] / n,
        "mean_words": words / n,
        "seconds": elapsed,
        "stories_per_s": len(rows) / elapsed if elapsed else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--part", choices=["all", "even", "odd"], default="all")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: not found", file=sys.stderr)
        return 2
    result = evaluate(load(args.data, args.part, args.limit))
    print(f"data: {args.data} (part={args.part}, stories={result['stories']})")
    print(f"config: word budget {WORD_BUDGET}")
    print(
        f"ROUGE-1 {result['R1']:.2f}  ROUGE-2 {result['R2']:.2f}  ROUGE-L {result['RL']:.2f}"
        f"  (F-measure x100, rouge-score, stemming)"
    )
    print(
        f"mean summary length {result['mean_words']:.0f} words; "
        f"{result['stories_per_s']:.1f} stories/s ({result['seconds']:.1f} s summarising)"
    )
    print(f"machine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
