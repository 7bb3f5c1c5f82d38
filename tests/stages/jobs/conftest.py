"""PostgreSQL databases and worker processes for the scale-out tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.postgres


class Workers:
    """Starts ``newssearcher worker`` processes; stops them all at the end of the test."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url = url
        self.env = dict(os.environ, NEWSSEARCHER_CONFIG=str(tmp / "none.toml"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs = tmp

    def cli_prefix(self, url: str) -> list[str]:
        return [sys.executable, "-m", "newssearcher.cli.main", "--db", url]

    def cli(
        self, *args: str, timeout: float = 300, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "newssearcher.cli.main", "--db", self.url, *args]
        return subprocess.run(
            cmd, env=self.env, capture_output=True, text=True, timeout=timeout, input=input
        )

    def start(self, *extra: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.procs)}.log").open("wb")
        cmd = [sys.executable, "-m", "newssearcher.cli.main", "--db", self.url, "worker",
               "--heartbeat", "1", *extra]  # fmt: skip
        proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(40)
            except subprocess.TimeoutExpired:
                p.kill()

    def sql(self, query: str) -> list[tuple]:
        with psycopg.connect(self.url.replace("+psycopg", "")) as conn:
            return conn.execute(query).fetchall()

    def wait_until(self, check: Callable[[], bool], timeout: float = 240, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            dead = [p for p in self.procs if p.poll() is not None and p.returncode not in (0, -9)]
            if dead:
                raise AssertionError(f"a worker died: see {self.logs}")
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what}; logs in {self.logs}")

    def queue_idle(self, queues: tuple[str, ...] = ("ingest", "analyse")) -> bool:
        names = ",".join(f"'{q}'" for q in queues)
        rows = self.sql(
            f"SELECT count(*) FROM procrastinate_jobs WHERE queue_name IN ({names}) "
            "AND status IN ('todo', 'doing')"
        )
        return rows[0][0] == 0


@pytest.fixture
def workers(pg_url: str, tmp_path: Path) -> Iterator[Workers]:
    w = Workers(pg_url, tmp_path)
    try:
        yield w
    finally:
        w.stop_all()
