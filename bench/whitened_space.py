"""Would a whitened embedding space help the story engine? Within-class covariance normalisation.

    .venv/bin/python bench/whitened_space.py [--lam 0.002] [--centre] [--splits 3]
                                             # ~15 min a setting

The embeddings (headline, lead, body) are multiplied by ``(S_w + lam * I) ** -0.5`` and scaled
back to unit length, where ``S_w`` is the covariance of clustering reports around their gold
story's mean embedding (lead and body together), each story weighing the same: directions in
which reports of one story differ count less, the rest more. Everything downstream (ANN
candidates, story centroids, every cosine feature) then works in that space. The transform is
closed-form and sees no semeval pair. ``--centre`` measures a milder change as well: each
stretch's embeddings less their mean over the semeval texts (ten languages; the texts, not their
gold), scaled back to unit length, the one direction all texts share taken out. It runs itself
again under ``train_model.TRAINING_ENV``, as the training scripts do. Prints one JSON object per
line on stdout, for the plain space, each ``--lam`` and the centred space:

- ``cosine``: semeval Pearson r of the plain cosine of the two texts' lead-and-body embeddings,
  the transform fitted on every clustering story (the centred space: on no story);
- ``semeval_5fold``: ``train_model``'s 5-fold cross-validation in that space (the pair model's
  clustering rows in it too; for the plain space this is the README's figure);
- ``halves``: ``train_story.cross_validate`` with the pair model retrained per half, the
  transform fitted on the training half's stories only; B-cubed F1 per half and the mean per
  file (for the plain space, ``train_story --cv --splits N --retrain-pairs``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import shared_dir  # noqa: E402

from newssearcher.stories.features import ArticleRep  # noqa: E402
from newssearcher.stories.metrics import pearson  # noqa: E402
from newssearcher.stories.similarity import reps_feature_matrix  # noqa: E402
from newssearcher.stories.train_model import (  # noqa: E402
    SEED,
    clustering_training_rows,
    rerun_in_training_env,
    semeval_cross_validated,
)
from newssearcher.stories.train_story import (  # noqa: E402
    Data,
    PairTraining,
    View,
    cross_validate,
    pair_training,
    read_files,
)


def whitening(data: Data, ids: dict[str, list[int]], lam: float) -> np.ndarray:
    """``(S_w + lam I) ** -0.5`` from the stories of the records ``ids`` names per file."""
    dim = data[0][2][0].mean.shape[0]
    scatter = np.zeros((dim, dim))
    stories = 0
    for name, recs, reps in data:
        members: dict[str, list[int]] = {}
        for i in ids[name]:
            members.setdefault(recs[i]["gold_story"], []).append(i)
        for group in members.values():
            if len(group) < 2:
                continue
            x = np.stack([reps[i].mean for i in group]).astype(np.float64)
            x -= x.mean(axis=0)
            scatter += x.T @ x / len(group)
            stories += 1
    values, vectors = np.linalg.eigh(scatter / stories)
    return (vectors / np.sqrt(np.clip(values, 0.0, None) + lam)) @ vectors.T


def mapped(change: Callable[[np.ndarray, str], np.ndarray]) -> View:
    """The view that puts each stretch's embedding (``"lead"``, ``"body"``, ``"head"``) through
    ``change`` and scales it back to unit length."""

    def unit(v: np.ndarray, stretch: str) -> np.ndarray:
        u = change(v, stretch)
        return u / np.linalg.norm(u)

    def view(reps: list[ArticleRep]) -> list[ArticleRep]:
        return [
            dataclasses.replace(
                r,
                lead=unit(r.lead, "lead"),
                body=unit(r.body, "body"),
                headline=unit(r.head, "head"),
            )
            for r in reps
        ]

    return view


def view_of(transform: np.ndarray) -> View:
    w = transform.astype(np.float32)
    return mapped(lambda v, _: v @ w)


def centring(reps: list[ArticleRep]) -> View:
    """Each stretch's embeddings less their mean over ``reps``."""
    means = {
        stretch: np.mean([getattr(r, stretch) for r in reps], axis=0).astype(np.float32)
        for stretch in ("lead", "body", "head")
    }
    return mapped(lambda v, stretch: v - means[stretch])


Setting = float | str | None  # a whitening's lam, "centred", or None for the plain space


def measure(data: Data, pairs: PairTraining, setting: Setting, splits: int) -> dict:
    everything = {name: list(range(len(recs))) for name, recs, _ in data}
    space: Callable[[dict[str, list[int]]], View] | None
    if setting is None:
        view, space, label = (lambda reps: reps), None, "plain"
    elif setting == "centred":
        view = centring(pairs.semeval_left + pairs.semeval_right)
        space, label = (lambda ids: view), "centred on the semeval texts' mean"
    else:
        lam = float(setting)
        view = view_of(whitening(data, everything, lam))
        space, label = (lambda ids: view_of(whitening(data, ids, lam))), f"whitened, lam {lam}"
    left, right = view(pairs.semeval_left), view(pairs.semeval_right)
    gold = pairs.semeval_gold
    cos = [float(a.mean @ b.mean) for a, b in zip(left, right, strict=True)]
    (_, mn_recs, mn_reps), (_, gn_recs, gn_reps) = data
    rng = np.random.default_rng(SEED)  # as train_model: clustering rows, then the folds
    x_cl, y_cl = clustering_training_rows(
        (mn_recs, view(mn_reps)),
        (pairs.leads[0], view(pairs.leads[1])),
        (gn_recs, view(gn_reps)),
        rng,
    )
    x_se = reps_feature_matrix(left, right)
    f1s = cross_validate(data, splits, pairs, space)
    return {
        "space": label,
        "cosine": round(pearson(cos, list(-gold)), 4),
        "semeval_5fold": round(semeval_cross_validated(x_se, gold, x_cl, y_cl, rng), 4),
        "halves": {name: [round(f, 4) for f in v] for name, v in f1s.items()},
        "mean_f1": {name: round(sum(v) / len(v), 4) for name, v in f1s.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lam", type=float, nargs="*", default=[0.002])
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--centre", action="store_true", help="the centred space as well")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain space")
    args = parser.parse_args()
    with threadpool_limits(limits=1):
        data = read_files(shared_dir())
        pairs = pair_training(data, shared_dir())
        settings: list[Setting] = [None] if not args.no_plain else []
        settings += [*args.lam, *(["centred"] if args.centre else [])]
        for setting in settings:
            print(json.dumps(measure(data, pairs, setting, args.splits)), flush=True)
    return 0


if __name__ == "__main__":
    rerun_in_training_env()  # the numeric environment the shipped models are trained in
    raise SystemExit(main())
