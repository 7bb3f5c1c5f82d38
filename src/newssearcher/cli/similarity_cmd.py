"""``similarity FILE.jsonl``: same-story score of text pairs (the story clusterer's pair score).

In: ``{"id", "text1", "text2"}`` per line; out: ``{"id", "score"}`` with score in [0, 1],
1 = the two texts report the same story. The TF-IDF weights of the lexical signals come from
every text of the file, as the clusterer's come from every article it has placed: a pair can
score a little differently among other texts (``eval similarity --batch`` measures it).
"""

from __future__ import annotations

from typing import Any

import typer

from newssearcher.cli.jsonl import LineError, emit, open_input, read_records
from newssearcher.cli.progress import stderr

_REQUIRED: dict[str, type | tuple[type, ...]] = {"id": (str, int), "text1": str, "text2": str}


def similarity_command(
    file: str = typer.Argument(..., help="JSONL file of {id, text1, text2}; - reads stdin."),
) -> None:
    """Score how likely each pair of texts reports the same story (0..1). Word weights come
    from all the texts of the file: score related pairs in one file."""
    from newssearcher.stories.similarity import pair_scores

    try:
        stream = open_input(file)
    except FileNotFoundError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    errors: list[LineError] = []
    records: list[dict[str, Any]] = [obj for _, obj in read_records(stream, _REQUIRED, errors)]
    # one batch: TF-IDF document frequencies come from every text of the file
    scores = pair_scores([(r["text1"], r["text2"]) for r in records])
    for rec, score in zip(records, scores, strict=True):
        emit({"id": rec["id"], "score": round(score, 4)})
    if errors:
        stderr.print(f"{len(errors)} bad line(s) skipped")


def register(app: typer.Typer) -> None:
    app.command("similarity")(similarity_command)
