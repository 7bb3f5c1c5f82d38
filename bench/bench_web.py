"""Load benchmark of the web hub on loopback: story page and search with 10,000 stored articles.

    .venv/bin/python bench/bench_web.py [--articles 10000] [--requests 400] [--concurrency 8]
                                        [--db postgresql://…]

Builds a database through the ORM (synthetic articles in English and Spanish, grouped in
stories of 3–15 articles with rewrites, duplicates, claims, entities, hubs and summaries;
stored embeddings are random unit vectors, the query is embedded for real), serves it with
uvicorn in a separate process on 127.0.0.1, then drives a fixed number of requests per page
kind from a pool of threads (httpx, keep-alive) and prints p50/p95/p99 latency and requests/s,
with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np

from newssearcher.store import Database
from newssearcher.store.models import (
    Article,
    ArticleEntity,
    Claim,
    ClaimStance,
    Entity,
    Hub,
    Story,
    StoryHub,
)

WORDS_EN = [
    "cloud",
    "provider",
    "breach",
    "ransomware",
    "outage",
    "minister",
    "election",
    "court",
    "ruling",
    "data",
    "centre",
    "military",
    "memo",
    "leak",
    "denial",
    "regulator",
    "bank",
    "market",
    "energy",
    "pipeline",
    "satellite",
    "vaccine",
    "hospital",
    "union",
    "strike",
    "protest",
    "border",
    "treaty",
    "sanctions",
    "chip",
    "factory",
    "drought",
    "flood",
    "wildfire",
    "airline",
    "merger",
    "lawsuit",
    "privacy",
    "encryption",
    "hacker",
    "vendor",
    "patch",
    "vulnerability",
]
WORDS_ES = [
    "nube",
    "proveedor",
    "filtración",
    "ataque",
    "apagón",
    "ministro",
    "elecciones",
    "tribunal",
    "sentencia",
    "datos",
    "militar",
    "memorando",
    "negación",
    "regulador",
    "banco",
    "mercado",
    "energía",
    "satélite",
    "vacuna",
    "hospital",
    "huelga",
    "protesta",
    "frontera",
    "tratado",
    "sanciones",
    "fábrica",
    "sequía",
    "inundación",
    "incendio",
]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
HUBS = ["cybersecurity", "cloud", "geopolitics", "economy", "science", "climate"]
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(8, 18)
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def build(db: Database, n_articles: int, seed: int = 7) -> tuple[list[int], list[str]]:
    """Fill ``db``; returns the story ids and a list of search queries."""
    rng = random.Random(seed)
    vec_rng = np.random.default_rng(seed)
    story_ids: list[int] = []
    with db.session() as s:
        hubs = [Hub(slug=h, name=h.title(), name_es=h.title(), builtin=True) for h in HUBS]
        entities = [Entity(slug=f"entity-{i}", name=f"Entity {i}", kind="ORG") for i in range(300)]
        s.add_all(hubs + entities)
        s.flush()
        made = 0
        while made < n_articles:
            size = min(rng.randint(3, 15), n_articles - made)
            spanish = rng.random() < 0.3
            start = T0 + timedelta(hours=rng.randint(0, 24 * 120))
            story = Story(title=None, title_lang="es" if spanish else "en")
            s.add(story)
            s.flush()
            arts: list[Article] = []
            for i in range(size):
                lang = "es" if (spanish or rng.random() < 0.15) else "en"
                words = WORDS_ES if lang == "es" else WORDS_EN
                title = _sentence(rng, words)[:-1]
                text = "\n".join(_sentence(rng, words) for _ in range(rng.randint(6, 14)))
                vec = vec_rng.standard_normal(512).astype(np.float32)
                art = Article(
                    external_id=f"bench-{made + i}",
                    url=f"https://news{rng.randint(0, 39)}.example/{made + i}",
                    outlet=rng.choice(OUTLETS),
                    title=title,
                    text=text,
                    published_at=start + timedelta(minutes=30 * i),
                    lang=lang,
                    content_hash=f"{made + i:064x}",
                    embedding=(vec / np.linalg.norm(vec)).tobytes(),
                    story_id=story.id,
                    meta={},
                )
                if i and rng.random() < 0.2:
                    art.rewrite_of = arts[0].id
                    art.rewrite_score = 0.9
                elif i and rng.random() < 0.1:
                    art.duplicate_of = arts[0].id
                    art.duplicate_kind = "near"
                s.add(art)
                s.flush()
                arts.append(art)
            made += size
            story.title = arts[0].title
            story.first_article_id = arts[0].id
            story.article_count = len(arts)
            story.outlet_count = len({a.outlet for a in arts})
            story.first_published_at = arts[0].published_at
            story.last_published_at = arts[-1].published_at
            story.updated_at = arts[-1].published_at
            story.centroid = np.frombuffer(arts[0].embedding, dtype=np.float32).tobytes()
            story.summary = {
                "method": "extractive",
                "lang": story.title_lang,
                "title": story.title,
                "sentences": [
                    {"text": a.text.split("\n")[0], "citations": [a.id]} for a in arts[:3]
                ],
                "translations": {},
            }
            for hub in rng.sample(hubs, rng.randint(1, 2)):
                s.add(StoryHub(story_id=story.id, hub_id=hub.id, score=0.8))
            for ent in rng.sample(entities, 3):
                for a in arts[:3]:
                    s.add(ArticleEntity(article_id=a.id, entity_id=ent.id, mentions=1))
            claim = Claim(
                story_id=story.id,
                text=arts[0].text.split("\n")[0],
                speaker="a source",
                status=rng.choice(["alleged", "confirmed", "alleged-and-denied"]),
                first_article_id=arts[0].id,
                first_seen_at=arts[0].published_at,
            )
            s.add(claim)
            s.flush()
            for a in arts[: min(4, len(arts))]:
                s.add(
                    ClaimStance(
                        claim_id=claim.id,
                        article_id=a.id,
                        stance=rng.choice(["agree", "disagree", "discuss"]),
                    )
                )
            story_ids.append(story.id)
    queries = [" ".join(rng.sample(WORDS_EN, 2)) for _ in range(30)]
    queries += [" ".join(rng.sample(WORDS_ES, 2)) for _ in range(10)]
    return story_ids, queries


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db_url: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "NEWSSEARCHER_DB": db_url,
        "NEWSSEARCHER_DATA_DIR": str(data_dir),
        "NEWSSEARCHER_CONFIG": str(data_dir / "absent.toml"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "newssearcher.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/hubs", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


def load(base: str, paths: list[str], concurrency: int) -> dict[str, float]:
    """Request every path once (from ``concurrency`` threads); latency in ms and requests/s."""
    local = httpx.Client(base_url=base, timeout=60)
    clients = [httpx.Client(base_url=base, timeout=60) for _ in range(concurrency)]

    def one(i_path: tuple[int, str]) -> float:
        i, path = i_path
        client = clients[i % concurrency]
        t = time.perf_counter()
        resp = client.get(path)
        elapsed = time.perf_counter() - t
        if resp.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {resp.status_code}")
        return elapsed * 1000

    for path in paths[: min(10, len(paths))]:  # warm-up (model load, caches)
        local.get(path)
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        times = sorted(pool.map(one, enumerate(paths)))
    wall = time.perf_counter() - start
    for c in clients:
        c.close()
    local.close()
    q = statistics.quantiles(times, n=100)
    return {"p50": q[49], "p95": q[94], "p99": q[98], "rps": len(paths) / wall, "n": len(paths)}


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()} · {cpu} · {os.cpu_count()} logical CPUs · "
        f"Python {platform.python_version()} · SQLite {sqlite3.sqlite_version}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=400, help="requests per page kind")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    db_url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    db = Database(db_url)
    db.migrate()
    t = time.perf_counter()
    story_ids, queries = build(db, args.articles)
    print(
        f"built {args.articles} articles in {len(story_ids)} stories "
        f"in {time.perf_counter() - t:.1f} s ({db.dialect})",
        file=sys.stderr,
    )
    db.dispose()

    proc, base = serve(db_url, tmp)
    rng = random.Random(1)
    try:
        kinds = {
            "story page": [f"/story/{rng.choice(story_ids)}" for _ in range(args.requests)],
            "search page": [f"/search?q={rng.choice(queries)}" for _ in range(args.requests)],
            "search API": [f"/api/v1/search?q={rng.choice(queries)}" for _ in range(args.requests)],
            "search page, filtered": [
                f"/search?q={rng.choice(queries)}&hub={rng.choice(HUBS)}&language=en"
                for _ in range(args.requests)
            ],
            "semantic search API": [
                f"/api/v1/search?mode=semantic&q={rng.choice(queries)}"
                for _ in range(args.requests)
            ],
            "home page": ["/"] * max(50, args.requests // 4),
        }
        print(f"machine: {machine()}")
        print(
            f"database: {db.dialect}, {args.articles} articles, {len(story_ids)} stories; "
            f"uvicorn (1 worker) on loopback; {args.concurrency} concurrent clients"
        )
        print(
            f"{'endpoint':24} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'req/s':>8}"
        )
        for name, paths in kinds.items():
            r = load(base, paths, args.concurrency)
            print(
                f"{name:24} {r['n']:8d} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                f"{r['rps']:8.1f}"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
