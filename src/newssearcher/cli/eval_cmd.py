"""``eval clustering|similarity FILE.jsonl``: the quality figures, reproducibly.

``clustering`` runs the real path: ``import`` of the file into a fresh temporary SQLite
database, then ``export --format jsonl``, and scores the exported ``story_id`` against each
record's ``gold_story`` with B-cubed precision / recall / F1. Records ``import`` refuses (a
page that is not an article: a crawl notice, a widget's text) are in no story, so each counts
as a story of its own, and ``refused`` says how many there were. ``similarity`` scores each pair
with the ``similarity`` command's scorer and prints Pearson r against -``gold_overall``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import typer

from newssearcher.cli.jsonl import emit
from newssearcher.cli.progress import stderr
from newssearcher.labelled import BadLabelledFile

eval_app = typer.Typer(help="Measure clustering and similarity quality on labelled JSONL.")


def _text(obj: dict[str, object], key: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise TypeError(f'"{key}" is not a string')
    return value


def _article(obj: dict[str, object]) -> dict[str, object]:
    """A record to import (``id`` and ``text`` required), with its ``gold_story`` if it has one."""
    if obj.get("id") is None:
        raise KeyError("id")
    _text(obj, "text")
    return obj


def _pair(obj: dict[str, object]) -> tuple[str, str, float]:
    gold = obj["gold_overall"]
    if isinstance(gold, bool) or not isinstance(gold, int | float):
        raise TypeError('"gold_overall" is not a number')
    return _text(obj, "text1"), _text(obj, "text2"), float(gold)


def _scored(
    run: Callable[[Path, int | None], dict[str, object]], file: Path, limit: int | None
) -> dict[str, object]:
    """``run``'s figures, or a clear error (file and line) and exit status 2 for a bad file."""
    try:
        return run(file, limit)
    except BadLabelledFile as exc:
        stderr.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(code=2) from None


def run_clustering_eval(file: Path, limit: int | None = None) -> dict[str, object]:
    """Import ``file`` through the CLI into a temp DB, export it, and score the export."""
    from typer.testing import CliRunner

    from newssearcher.cli.main import app
    from newssearcher.labelled import read_labelled
    from newssearcher.stories.metrics import bcubed

    gold_rows = read_labelled(file, _article, "article")
    if limit is not None:
        gold_rows = gold_rows[:limit]
    gold = {str(r["id"]): r["gold_story"] for r in gold_rows if "gold_story" in r}
    if not gold:
        raise BadLabelledFile(f"{file}: no record has a gold_story")
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="ns-eval-") as tmp:
        source = Path(tmp) / "input.jsonl"
        with source.open("w", encoding="utf-8") as fh:
            for row in gold_rows:
                fh.write(json.dumps({k: v for k, v in row.items() if k != "gold_story"}) + "\n")
        url = f"sqlite:///{Path(tmp) / 'eval.db'}"
        started = time.perf_counter()
        res = runner.invoke(app, ["--db", url, "import", str(source), "--no-analysis"])
        if res.exit_code != 0:
            raise RuntimeError(f"import failed ({res.exit_code}): {res.output[-2000:]}")
        elapsed = time.perf_counter() - started
        summary = json.loads(res.stdout.strip().splitlines()[-1])
        refused = {str(gold_rows[n - 1]["id"]) for n in summary["rejected_lines"]} & gold.keys()
        res = runner.invoke(app, ["--db", url, "export", "--format", "jsonl", "--no-text"])
        if res.exit_code != 0:
            raise RuntimeError(f"export failed ({res.exit_code}): {res.output[-2000:]}")
    exported = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    pred: list[object] = []
    truth = []
    for row in exported:
        if str(row["id"]) in gold:
            pred.append(row["story_id"])
            truth.append(gold[str(row["id"])])
    # what import refused (pages that are not articles) is placed in no story: each its own
    for ext in sorted(refused):
        pred.append(f"refused:{ext}")
        truth.append(gold[ext])
    if len(pred) != len(gold):
        raise RuntimeError(f"export has {len(pred)} of {len(gold)} labelled articles")
    scores = bcubed(pred, truth)
    return {
        "file": str(file),
        **scores.as_dict(),
        "stories": len(set(pred)),
        "gold_stories": len(set(truth)),
        "refused": len(refused),
        "import_seconds": round(elapsed, 1),
    }


def run_similarity_eval(
    file: Path, limit: int | None = None, batch: int | None = None
) -> dict[str, object]:
    """Pearson r and the rewrite shares; the pairs scored as one ``similarity`` input, or as
    inputs of ``batch`` pairs each (TF-IDF weights come from the texts of one input)."""
    from newssearcher.labelled import read_labelled
    from newssearcher.stories.metrics import pearson
    from newssearcher.stories.similarity import pair_verdicts

    rows = read_labelled(file, _pair, "pair")
    if limit is not None:
        rows = rows[:limit]
    pairs = [(text1, text2) for text1, text2, _ in rows]
    size = batch or max(len(pairs), 1)
    verdicts = [v for k in range(0, len(pairs), size) for v in pair_verdicts(pairs[k : k + size])]
    gold = [g for _, _, g in rows]
    r = pearson([score for score, _ in verdicts], [-g for g in gold])
    # the rewrite flag against the graded gold: 1 very similar, 2 somewhat similar (same story)
    flagged = [g for (_, rewrite), g in zip(verdicts, gold, strict=True) if rewrite]

    def share(most: float) -> float | None:
        return round(sum(g <= most for g in flagged) / len(flagged), 4) if flagged else None

    rewrites = {"flagged": len(flagged), "same_story": share(2.0), "very_similar": share(1.5)}
    return {
        "file": str(file),
        "pearson": round(r, 4),
        "pairs": len(rows),
        "batch": batch,
        "rewrites": rewrites,
    }


@eval_app.command("clustering")
def clustering_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL with gold_story."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N records."),
) -> None:
    """B-cubed P/R/F1 of import -> export story ids against gold_story."""
    stderr.print(f"importing {file} into a temporary SQLite database…")
    emit(_scored(run_clustering_eval, file, limit))


@eval_app.command("similarity")
def similarity_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL with gold_overall."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N pairs."),
    batch: int | None = typer.Option(
        None,
        "--batch",
        min=1,
        help="Score the pairs as inputs of N pairs each, as N-line similarity files would be "
        "(default: all in one).",
    ),
) -> None:
    """Pearson r between the pair score and -gold_overall; and of the pairs the clusterer would
    mark as rewrites, the share that gold calls the same story (gold_overall <= 2) and very
    similar (<= 1.5)."""
    emit(_scored(partial(run_similarity_eval, batch=batch), file, limit))


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
