"""The two seed articles (read from ../shared at run time) as import records."""

from __future__ import annotations

from pathlib import Path


def seed_records(shared: Path) -> list[dict[str, str]]:
    """One record per seed file: first non-empty line as title, the rest as text."""
    records = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        if lines and lines[0].lower() == "back to hub":
            lines = lines[1:]
        records.append({"id": path.stem, "title": lines[0], "text": "\n\n".join(lines[1:])})
    return records
