"""``stance FILE.jsonl``: the stance of each text toward its claim.

In: ``{"id", "claim", "text"}`` per line; out: ``{"id", "stance"}`` with stance one of
``agree``, ``disagree``, ``discuss``, ``unrelated`` (``--proba`` adds the probabilities).
"""

from __future__ import annotations

from typing import Any

import typer

from newssearcher.cli.jsonl import LineError, emit, open_input, read_records
from newssearcher.cli.progress import progress_bar, stderr

BATCH = 256
_REQUIRED: dict[str, type | tuple[type, ...]] = {"id": (str, int), "claim": str, "text": str}


def stance_command(
    file: str = typer.Argument(..., help="JSONL file of {id, claim, text}; - reads stdin."),
    proba: bool = typer.Option(False, "--proba", help="Add the class probabilities."),
) -> None:
    """Classify each text's stance toward its claim (agree, disagree, discuss, unrelated)."""
    from newssearcher.analysis.stance.model import StanceModelError
    from newssearcher.analysis.stance.predict import predict_stance_proba

    try:
        stream = open_input(file)
    except FileNotFoundError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    errors: list[LineError] = []
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if not batch:
            return
        try:
            results = predict_stance_proba([(r["claim"], r["text"]) for r in batch])
        except StanceModelError as exc:
            stderr.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        for record, result in zip(batch, results, strict=True):
            out: dict[str, Any] = {"id": record["id"], "stance": result.stance}
            if proba:
                out["proba"] = {k: round(v, 4) for k, v in result.proba.items()}
            emit(out)
        batch.clear()

    with progress_bar() as bars:
        task = bars.add_task("stance", total=None)
        for _lineno, obj in read_records(stream, _REQUIRED, errors):
            batch.append(obj)
            if len(batch) >= BATCH:
                bars.update(task, advance=len(batch))
                flush()
        bars.update(task, advance=len(batch))
        flush()
    if errors:
        stderr.print(f"{len(errors)} line(s) skipped")


def register(app: typer.Typer) -> None:
    app.command("stance")(stance_command)
