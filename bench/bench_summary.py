"""Speed of the summary stage (and of the whole story analysis) on 10-article stories.

    .venv/bin/python bench/bench_summary.py [--stories 5] [--db sqlite:///...]

Builds 10-article stories from the Multi-News clustering dev set (read from ../shared at run
time; real news articles, ≈ 650 words each: the largest gold stories, topped up with the next
ones to make exactly 10), stores them in a fresh SQLite database, and times, per story, with
the sentence-embedding cache emptied first (as for a story the process has never seen):

* ``summarise`` alone (the extractive summary of the 10 texts: what ``newssearcher summarize``
  does per story),
* ``update_story_summary`` (extractive, the default without an endpoint; it also computes what
  each later article added, for the timeline, which embeds every candidate sentence),
* ``build_timeline`` (as a page does: reading what the summary stored),
* ``pipeline.analyse.analyse_story`` (claims, summary, hubs, alerts) when it can be imported
  (it recomputes the summary: the sum of the lines below double-counts it).

The embedding model is loaded once before timing (a one-off cost per process).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newssearcher.config import Settings
from newssearcher.labelled import read_jsonl
from newssearcher.store import Database
from newssearcher.store.models import Article, Story
from newssearcher.stories import embedding
from newssearcher.summary.extractive import summarise
from newssearcher.summary.story_summary import update_story_summary
from newssearcher.summary.timeline import build_timeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_summary import machine  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = (
    Path(os.environ.get("NEWSSEARCHER_SHARED", REPO.parent / "shared"))
    / "eval/dev/clustering-multinews.jsonl"
)
ARTICLES_PER_STORY = 10


def story_groups(path: Path, count: int) -> list[list[dict]]:
    by_story: dict[str, list[dict]] = defaultdict(list)
    for row in read_jsonl(path):
        by_story[row["gold_story"]].append(row)
    pool = [r for rows in sorted(by_story.values(), key=len, reverse=True) for r in rows]
    groups = [
        pool[i : i + ARTICLES_PER_STORY]
        for i in range(0, len(pool) - ARTICLES_PER_STORY + 1, ARTICLES_PER_STORY)
    ]
    return groups[:count]


def store(db: Database, rows: list[dict], tag: str) -> int:
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    with db.session() as session:
        story = Story(article_count=len(rows))
        session.add(story)
        session.flush()
        for k, row in enumerate(rows):
            text = row["text"]
            session.add(
                Article(
                    external_id=f"{tag}-{row['id']}",
                    text=text,
                    title=text.split("\n", 1)[0][:120],
                    lang=row.get("lang") or "en",
                    outlet=f"outlet-{k}",
                    published_at=t0 + timedelta(hours=k),
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    story_id=story.id,
                )
            )
        return story.id


CPU: dict[str, list[float]] = defaultdict(list)


def timed(fn, name: str) -> float:  # type: ignore[no-untyped-def]
    """Wall seconds of ``fn()`` (its CPU seconds, all threads, go to ``CPU[name]``)."""
    embedding.clear_cache()
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    CPU[name].append(time.process_time() - cpu)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: not found", file=sys.stderr)
        return 2
    try:
        from newssearcher.pipeline.analyse import analyse_story
    except ImportError as exc:
        analyse_story = None
        print(f"(whole analysis not timed: {exc})")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEWSSEARCHER_CONFIG"] = str(Path(tmp) / "absent.toml")
        settings = Settings(data_dir=Path(tmp))
        db = Database(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.migrate()
        summarise(["Warm-up sentence so that the embedding model is loaded before timing."])
        rows = {"extractive": [], "summary": [], "timeline": [], "analysis": []}
        words = []
        for n, group in enumerate(story_groups(args.data, args.stories)):
            sid = store(db, group, f"s{n}")
            words.append(sum(len(r["text"].split()) for r in group))
            texts = [r["text"] for r in group]
            rows["extractive"].append(timed(lambda t=texts: summarise(t), "extractive"))
            with db.session() as session:
                story = session.get(Story, sid)
                rows["summary"].append(
                    timed(
                        lambda s=session, st=story: update_story_summary(s, st, settings), "summary"
                    )
                )
            with db.session() as session:
                rows["timeline"].append(
                    timed(lambda s=session, i=sid: build_timeline(s, i), "timeline")
                )
            if analyse_story is not None:
                try:
                    with db.session() as session:
                        story = session.get(Story, sid)
                        rows["analysis"].append(
                            timed(
                                lambda s=session, st=story, f=analyse_story: f(s, st, settings),
                                "analysis",
                            )
                        )
                except Exception as exc:  # noqa: BLE001 - another stage's failure: report it
                    print(f"(whole analysis not timed: {type(exc).__name__}: {exc})")
                    analyse_story = None
        db.dispose()
    print(
        f"{len(words)} stories of {ARTICLES_PER_STORY} articles "
        f"({statistics.mean(words):.0f} words per story on average), cold embedding cache"
    )
    for name, values in rows.items():
        if values:
            print(
                f"{name:>9}: median {statistics.median(values) * 1000:.0f} ms, "
                f"max {max(values) * 1000:.0f} ms per story wall; "
                f"median {statistics.median(CPU[name]) * 1000:.0f} ms CPU (all threads)"
            )
    if rows["summary"] and rows["timeline"]:
        both = [a + b for a, b in zip(rows["summary"], rows["timeline"], strict=True)]
        print(f"summary + timeline: median {statistics.median(both) * 1000:.0f} ms per story")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} (contention inflates wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
