"""A script that trains models runs itself again under the shipped models' numeric environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newssearcher.stories.train_model import TRAINING_ENV

SCRIPT = """
import json, os, sys
from newssearcher.stories.train_model import TRAINING_ENV, rerun_in_training_env
rerun_in_training_env()
print(json.dumps({"env": {k: os.environ.get(k) for k in TRAINING_ENV}, "args": sys.argv[1:]}))
"""


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "bench_like.py"
    script.write_text(SCRIPT, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_script_reruns_itself_under_the_training_env_with_its_arguments(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in TRAINING_ENV}
    done = _run(tmp_path, env, "--fold-seeds", "0", "a b")
    out = json.loads(done.stdout)
    assert out == {"env": TRAINING_ENV, "args": ["--fold-seeds", "0", "a b"]}
    assert "running again under" in done.stderr


def test_under_the_training_env_it_runs_once(tmp_path: Path) -> None:
    done = _run(tmp_path, {**os.environ, **TRAINING_ENV})
    assert json.loads(done.stdout)["env"] == TRAINING_ENV
    assert "running again" not in done.stderr
