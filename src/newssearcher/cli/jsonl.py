"""Reading and writing JSON Lines for the batch commands.

A bad line is reported on stderr with its line number and skipped; good lines go on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from newssearcher.cli.progress import stderr as err


@dataclass(slots=True)
class LineError:
    lineno: int
    message: str

    def __str__(self) -> str:
        return f"line {self.lineno}: {self.message}"


def open_input(path: str) -> TextIO:
    """``-`` is stdin; anything else a file read as UTF-8 (undecodable bytes replaced)."""
    if path == "-":
        return sys.stdin
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    return p.open(encoding="utf-8", errors="replace")


def read_records(
    stream: TextIO,
    required: dict[str, type | tuple[type, ...]],
    errors: list[LineError] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each valid line; collect and print the bad ones."""
    for lineno, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            continue
        problem: str | None = None
        obj: Any = None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON ({exc.msg} at column {exc.colno})"
        if problem is None and not isinstance(obj, dict):
            problem = f"expected a JSON object, got {type(obj).__name__}"
        if problem is None:
            for key, typ in required.items():
                if key not in obj or obj[key] is None:
                    problem = f'missing required key "{key}"'
                    break
                if not isinstance(obj[key], typ):
                    problem = f'key "{key}" has the wrong type ({type(obj[key]).__name__})'
                    break
        if problem is not None:
            error = LineError(lineno, problem)
            err.print(f"[yellow]skipped[/yellow] {error}", highlight=False)
            if errors is not None:
                errors.append(error)
            continue
        yield lineno, obj


def emit(obj: dict[str, Any], out: TextIO | None = None) -> None:
    """One JSON object per line on stdout."""
    stream = out or sys.stdout
    stream.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
