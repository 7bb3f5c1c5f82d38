"""Accuracy and macro-F1 of the hub assigner on the labelled headlines in bench/data/.

Run: ``.venv/bin/python bench/eval_hubs.py [--errors]``. Prints figures for the full
assigner (keywords + entity hints + embeddings) and for ablations, on the dev half (odd
item numbers, the only half constants were tuned on), the test half and all items.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from newssearcher.analysis.entities import extract_entities_many
from newssearcher.hubs.classify import classify, embedding_margins
from newssearcher.hubs.evaluation import LabelledItem, evaluate, load_labelled
from newssearcher.stories.embedding import embed_texts

DATA = Path(__file__).resolve().parent / "data" / "hubs_labelled.jsonl"


def is_dev(item: LabelledItem) -> bool:
    digits = "".join(c for c in item.id if c.isdigit())
    return int(digits or "0") % 2 == 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list misassigned items")
    args = parser.parse_args()

    items = load_labelled(DATA)
    t0 = time.perf_counter()
    mentions = extract_entities_many(
        [f"{i.title}\n\n{i.text}" for i in items], [i.lang for i in items]
    )
    t_ent = time.perf_counter() - t0
    t0 = time.perf_counter()
    vectors = embed_texts([f"{i.title}. {i.text}" for i in items])
    t_emb = time.perf_counter() - t0
    entities = {i.id: [m.canonical for m in ms] for i, ms in zip(items, mentions, strict=True)}
    vec = {i.id: v for i, v in zip(items, vectors, strict=True)}

    variants = {
        "full (keywords+entities+embeddings)": lambda i: classify(
            i.title, i.text, entities[i.id], vec[i.id]
        ),
        "keywords+entities only, no embeddings": lambda i: classify(
            i.title, i.text, entities[i.id], None
        ),
        "nearest embedding prototype only": lambda i: [
            max(embedding_margins(vec[i.id]).items(), key=lambda kv: kv[1])
        ],
    }
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
        f"python={platform.python_version()}"
    )
    print(
        f"items: {len(items)} ({sum(is_dev(i) for i in items)} dev, "
        f"{sum(not is_dev(i) for i in items)} test); "
        f"entities {t_ent:.2f}s, embeddings {t_emb:.2f}s"
    )
    for name, predict in variants.items():
        t0 = time.perf_counter()
        parts = {
            "dev": evaluate([i for i in items if is_dev(i)], predict),
            "test": evaluate([i for i in items if not is_dev(i)], predict),
            "all": evaluate(items, predict),
        }
        elapsed = time.perf_counter() - t0
        line = "  ".join(
            f"{k}: acc={r.accuracy:.3f} macroF1={r.macro_f1:.3f}" for k, r in parts.items()
        )
        print(f"{name:38s} {line}  ({elapsed * 1000 / len(items) / 3:.2f} ms/item)")
        if name.startswith("full"):
            per_hub = " ".join(f"{k}={v:.2f}" for k, v in parts["all"].per_hub_f1.items())
            print(f"{'':38s} per-hub F1 (all): {per_hub}")
            if args.errors:
                for item_id, gold, pred in parts["all"].errors:
                    print(f"    {item_id}: gold={gold} predicted={pred}")
    seeds = Path(os.environ.get("NEWSSEARCHER_SHARED", DATA.parents[2].parent / "shared")) / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if texts:
        extract_entities_many(texts[:1], ["en"])  # model loaded
        t0 = time.perf_counter()
        rounds = 5
        for _ in range(rounds):
            extract_entities_many(texts, ["en"] * len(texts))
        per_article = (time.perf_counter() - t0) / (rounds * len(texts))
        chars = sum(len(t) for t in texts) / len(texts)
        print(
            f"entity extraction on the seed articles: {per_article * 1000:.1f} ms/article "
            f"(avg {chars:.0f} chars)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
