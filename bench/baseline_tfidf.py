"""Reference point for the clustering figures: single-pass TF-IDF clustering.

Each article, in file order, joins the story whose TF-IDF centroid is most similar (cosine) if
that similarity reaches the threshold, else starts a story. TF-IDF from scikit-learn (sublinear
tf, English stop words) over the whole file. Prints B-cubed precision/recall/F1 per threshold,
one JSON object per line, so the engine's figures can be read against it.

    .venv/bin/python bench/baseline_tfidf.py ../shared/eval/dev/clustering-multinews.jsonl \
        --thresholds 0.15 0.2 0.25 0.3
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newssearcher.labelled import read_jsonl
from newssearcher.stories.metrics import bcubed


def single_pass(x: np.ndarray, threshold: float) -> list[int]:
    """Story index of each row of ``x`` (L2-normalised TF-IDF rows, in arrival order)."""
    sums = np.zeros((64, x.shape[1]), dtype=np.float32)
    cents = np.zeros_like(sums)
    k = 0
    out = []
    for row in x:
        if k:
            sims = cents[:k] @ row
            best = int(sims.argmax())
            if sims[best] >= threshold:
                sums[best] += row
                cents[best] = sums[best] / np.linalg.norm(sums[best])
                out.append(best)
                continue
        if k == len(sums):  # grow by doubling
            sums = np.vstack([sums, np.zeros_like(sums)])
            cents = np.vstack([cents, np.zeros_like(cents)])
        sums[k] = row
        cents[k] = row
        out.append(k)
        k += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.1, 0.15, 0.2, 0.25])
    args = parser.parse_args()
    rows = read_jsonl(args.file)
    print(f"{args.file.name}: {len(rows)} articles", file=sys.stderr)
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    x = vec.fit_transform([r["text"] for r in rows]).astype(np.float32).toarray()
    gold = [r["gold_story"] for r in rows]
    for t in args.thresholds:
        pred = single_pass(x, t)
        res = bcubed(pred, gold).as_dict()
        print(
            json.dumps({"file": args.file.name, "threshold": t, "stories": len(set(pred)), **res})
        )


if __name__ == "__main__":
    main()
