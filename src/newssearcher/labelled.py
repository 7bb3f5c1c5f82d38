"""The labelled files quality is measured on (JSON Lines, one record a line).

Every stage's evaluation reads them the same way: blank lines skipped, and a bad line (invalid
JSON, not an object, a missing or wrong field) raises :class:`BadLabelledFile` (a
``ValueError``) naming the file and line, for a measurement on a partly read file would be
wrong without saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class BadLabelledFile(ValueError):
    """A labelled file that cannot be measured on; the message names the file (and line)."""


def read_labelled(path: Path, parse: Callable[[dict[str, Any]], T], what: str) -> list[T]:
    """``parse`` applied to each record of ``path``; ``what`` names a record in errors."""
    out: list[T] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise TypeError(f"expected a JSON object, got {type(obj).__name__}")
                out.append(parse(obj))
            except (KeyError, ValueError, TypeError) as exc:
                raise BadLabelledFile(f"{path}:{lineno}: bad {what} ({exc})") from exc
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a labelled file as they are."""
    return read_labelled(path, dict, "record")
