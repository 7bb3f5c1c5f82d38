"""Data flows one way: a stage never imports a stage above it (``store`` and the shared
modules below all of them, ``web`` and ``cli`` on top)."""

from __future__ import annotations

import ast
from pathlib import Path

import newssearcher

PACKAGE = Path(newssearcher.__file__).parent
#: bottom to top; a module may import its own stage and those listed before it
LAYERS = [
    "config",
    "records",
    "labelled",
    "store",
    "sources",
    "extract",
    "dedup",
    "stories",
    "analysis",
    "summary",
    "hubs",
    "alerts",
    "pipeline",
    "sample",
    "jobs",
    "web",
    "cli",
]


def _imported_stages(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "newssearcher" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def test_every_stage_has_a_layer() -> None:
    stages = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()}
    stages -= {"__init__", "__pycache__", "py.typed", "locale"}
    assert stages <= set(LAYERS), f"add {sorted(stages - set(LAYERS))} to LAYERS"


def test_no_stage_imports_a_stage_above_it() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if stage == "__init__":
            continue
        for target, line in sorted(_imported_stages(path)):
            if target not in LAYERS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports unknown {target}")
            elif LAYERS.index(target) > LAYERS.index(stage):
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {stage} imports {target}")
    assert not wrong, "\n".join(wrong)
