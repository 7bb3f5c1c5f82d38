"""Workers on the real PostgreSQL: concurrency, crashes, poison jobs, database restarts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stages.jobs.conftest import Workers
from tests.synthetic import partition, synthetic_articles

pytestmark = pytest.mark.postgres

PENDING_STORIES = (
    "SELECT count(*) FROM stories WHERE merged_into IS NULL AND article_count > 0 "
    "AND (analysed_at IS NULL OR analysed_at < updated_at)"
)


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _export(w: Workers) -> list[dict]:
    out = w.cli("export", "--no-text")
    assert out.returncode == 0, out.stderr
    return [json.loads(x) for x in out.stdout.splitlines()]


def test_several_workers_give_the_same_stories_as_one_process(
    workers: Workers, tmp_path: Path
) -> None:
    rows = synthetic_articles(per_event=6, events=8)
    src = _jsonl(tmp_path / "in.jsonl", rows + rows[:10])  # overlapping: 10 lines twice
    queued = workers.cli("import", str(src), "--enqueue", "--batch-size", "5")
    assert queued.returncode == 0, queued.stderr
    assert json.loads(queued.stdout)["jobs"] == 12
    for _ in range(3):
        workers.start("--concurrency", "2")
    workers.wait_until(workers.queue_idle, what="the queue to drain")
    workers.stop_all()
    distributed = _export(workers)
    assert sorted(r["id"] for r in distributed) == sorted(r["id"] for r in rows)

    # the same file through one process on SQLite
    single = subprocess.run(
        [*workers.cli_prefix(f"sqlite:///{tmp_path / 'one.db'}"), "import", str(src)],
        env=workers.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert single.returncode == 0, single.stderr
    one = subprocess.run(
        [*workers.cli_prefix(f"sqlite:///{tmp_path / 'one.db'}"), "export", "--no-text"],
        env=workers.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    one_rows = [json.loads(x) for x in one.stdout.splitlines()]
    assert partition(distributed) == partition(one_rows)
    # and both equal the truth
    assert partition(distributed) == partition(rows, "gold_story")
    # every story was analysed
    assert workers.sql(PENDING_STORIES)[0][0] == 0


def test_no_analysis_jobs_leave_stories_to_the_analyse_queue(
    workers: Workers, tmp_path: Path
) -> None:
    rows = synthetic_articles(per_event=3, events=4)
    src = _jsonl(tmp_path / "in.jsonl", rows)
    queued = workers.cli("import", str(src), "--enqueue", "--no-analysis", "--batch-size", "6")
    assert queued.returncode == 0, queued.stderr
    # ingest-only workers: stored and clustered, no story analysed
    workers.start("--queue", "ingest")
    workers.wait_until(lambda: workers.queue_idle(("ingest",)), what="the ingest queue to drain")
    assert workers.sql("SELECT count(*) FROM articles")[0][0] == len(rows)
    assert workers.sql(PENDING_STORIES)[0][0] == 4
    # the scheduler's sweep queues the analysis; a worker on that queue does it
    workers.start("--queue", "analyse", "--queue", "schedule")
    workers.wait_until(lambda: workers.sql(PENDING_STORIES)[0][0] == 0, what="the analysis")
    assert partition(_export(workers)) == partition(rows, "gold_story")
    # structured logs: every line a JSON object; job events carry the job's id and task
    workers.stop_all()
    lines = [
        json.loads(line)
        for log in sorted(tmp_path.glob("worker-*.log"))
        for line in log.read_text(encoding="utf-8").splitlines()
    ]
    assert all({"time", "level", "logger", "msg"} <= set(x) for x in lines)
    tasks = {x["job"]["task_name"] for x in lines if isinstance(x.get("job"), dict)}
    assert {"ingest_records", "analyse_pending"} <= tasks


def test_killed_worker_job_is_retried_nothing_lost_or_doubled(
    workers: Workers, tmp_path: Path
) -> None:
    rows = synthetic_articles(per_event=5, events=6)
    src = _jsonl(tmp_path / "in.jsonl", rows)
    assert workers.cli("import", str(src), "--enqueue", "--batch-size", "30").returncode == 0
    victim = workers.start()
    workers.wait_until(
        lambda: (
            workers.sql(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing' "
                "AND queue_name = 'ingest'"
            )[0][0]
            > 0
        ),  # fmt: skip
        what="a job to start",
    )
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    workers.start()  # its sweep finds the dead worker's job and retries it
    workers.wait_until(workers.queue_idle, what="the retried job")
    workers.stop_all()
    stored = _export(workers)
    assert sorted(r["id"] for r in stored) == sorted(r["id"] for r in rows)
    assert partition(stored) == partition(rows, "gold_story")


def test_poison_job_is_parked_after_its_tries(workers: Workers) -> None:
    # a record that fails validation inside the job (it skipped the CLI's checks)
    code = (
        "from newssearcher.config import Settings\n"
        "from newssearcher.jobs.app import make_app\n"
        "app = make_app(Settings())\n"
        "with app.open():\n"
        "    app.tasks['ingest_records'].defer(records=[{'id': 'p1', 'text': ''}])\n"
    )
    env = dict(workers.env, NEWSSEARCHER_DB=workers.url)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    workers.start()
    workers.wait_until(
        lambda: workers.sql("SELECT count(*) FROM parked_jobs")[0][0] == 1, timeout=120,
        what="the job to be parked",
    )  # fmt: skip
    time.sleep(3)
    task, attempts, error = workers.sql("SELECT task, attempts, error FROM parked_jobs")[0]
    assert task == "ingest_records" and attempts == 4
    assert '"text" is empty' in error
    assert workers.sql("SELECT status::text FROM procrastinate_jobs WHERE task_name = "
                       "'ingest_records'") == [("failed",)]  # fmt: skip
    status = json.loads(workers.cli("status", "--json").stdout)
    assert status["parked_jobs"] == 1


@pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("NEWSSEARCHER_TEST_PG_RESTART")),
    reason="restarts the machine's PostgreSQL server: runs in CI or with NEWSSEARCHER_TEST_PG_RESTART=1",
)
def test_database_restart_mid_import_resumes(workers: Workers, tmp_path: Path) -> None:
    rows = synthetic_articles(per_event=6, events=10)
    src = _jsonl(tmp_path / "in.jsonl", rows)
    assert workers.cli("import", str(src), "--enqueue", "--batch-size", "4").returncode == 0
    workers.start("--concurrency", "2")
    workers.wait_until(
        lambda: workers.sql("SELECT count(*) FROM articles")[0][0] > 0, what="the import to start"
    )
    version = subprocess.run(
        ["ls", "/etc/postgresql"], capture_output=True, text=True
    ).stdout.split()[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True, timeout=120,
    )  # fmt: skip
    workers.wait_until(
        workers.queue_idle, timeout=300, what="the import to finish after the restart"
    )
    workers.stop_all()
    stored = _export(workers)
    assert sorted(r["id"] for r in stored) == sorted(r["id"] for r in rows)


def test_status_on_sqlite(tmp_path: Path, workers: Workers) -> None:
    out = subprocess.run(
        [*workers.cli_prefix(f"sqlite:///{tmp_path / 's.db'}"), "status", "--json"],
        env=workers.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["backend"] == "sqlite" and info["articles"] == 0 and "queues" not in info
