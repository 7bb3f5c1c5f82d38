"""``summarize FILE.jsonl``: one multi-document summary per line."""

from __future__ import annotations

from typing import Any

import typer

from newssearcher.cli.context import app_context
from newssearcher.cli.jsonl import LineError, emit, open_input, read_records
from newssearcher.cli.progress import stderr
from newssearcher.summary.abstractive import summarise_abstractive
from newssearcher.summary.extractive import Summary, summarise
from newssearcher.summary.llm import ChatClient


def _check_documents(obj: dict[str, Any]) -> str | None:
    """Why the line's ``documents`` cannot be summarised, or None."""
    docs = obj["documents"]
    for i, doc in enumerate(docs):
        if not isinstance(doc, str):
            return f"documents[{i}] is {type(doc).__name__}, expected a string"
    if not any(doc.strip() for doc in docs):
        return "documents holds no text"
    return None


def summary_json(record_id: Any, summary: Summary, with_citations: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record_id, "summary": summary.text}
    if with_citations:
        out["sentences"] = [{"text": s.text, "citations": s.citations} for s in summary.sentences]
        out["method"] = summary.method
        out["note"] = summary.note
    return out


def summarize_command(
    ctx: typer.Context,
    file: str = typer.Argument(..., help='JSONL file of {"id", "documents": [str]}; - is stdin.'),
    abstractive: bool = typer.Option(
        False,
        "--abstractive",
        help="Rewrite through the configured chat endpoint (llm_base_url, llm_model); falls "
        "back to the extractive summary, with the reason on stderr, when it fails.",
    ),
    with_citations: bool = typer.Option(
        False,
        "--citations",
        help="Also output the sentences with the indices (0-based) of the documents they cite.",
    ),
) -> None:
    """Summarise each line's documents (one story) with sentences extracted from them.

    In: {"id", "documents": [str]}; out: {"id", "summary"}. A bad line is reported with its
    line number and skipped; the exit status is 1 when no line could be summarised.
    """
    settings = app_context(ctx).settings
    try:
        stream = open_input(file)
    except FileNotFoundError as exc:
        stderr.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    client = ChatClient.from_settings(settings) if abstractive else None
    if abstractive and client is None:
        stderr.print(
            "[yellow]warning:[/yellow] --abstractive needs llm_base_url and llm_model; "
            "writing extractive summaries",
            highlight=False,
        )
    errors: list[LineError] = []
    done = 0
    for lineno, obj in read_records(stream, {"id": (str, int), "documents": list}, errors):
        problem = _check_documents(obj)
        if problem is not None:
            error = LineError(lineno, problem)
            stderr.print(f"[yellow]skipped[/yellow] {error}", highlight=False)
            errors.append(error)
            continue
        summary = summarise(obj["documents"])
        if client is not None:
            summary = summarise_abstractive(obj["documents"], client, extractive=summary)
            if summary.note:
                stderr.print(f"line {lineno}: {summary.note}", highlight=False)
        emit(summary_json(obj["id"], summary, with_citations))
        done += 1
    stderr.print(f"summarised {done} line(s), skipped {len(errors)}", highlight=False)
    if errors and done == 0:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("summarize")(summarize_command)
