"""Train the pair combiner shipped as ``pair_model.npz`` (reproducible: fixed seeds).

    python -m newssearcher.stories.train_model [--shared ../shared] [--out PATH] [--cv]
        [--folds K [K ...]]

Run as a script, it makes the shipped file byte for byte on any x86-64 CPU: it runs itself
again under :data:`TRAINING_ENV` (the BLAS kernels and numpy's SIMD paths the file was made
with) when its environment differs; with others the networks come out different in more than
the last bits (see ``tests/stages/stories/test_shipped_models.py``).

Training pairs, read at run time from ``shared/eval/dev``:
- similarity-semeval: every pair, target (4 - gold_overall) / 3 (1 = same story);
- clustering-multinews / clustering-gnews: each article with its 16 nearest articles by
  embedding, target 1 when both share ``gold_story`` (gnews subsampled to 8,000 pairs);
- the multinews reports again, cut to their first 40 words (feed-summary length: few words,
  but names and numbers, which gnews' lower-cased text lacks).
Near-copies labelled as different stories are left out (:func:`without_copies_apart`).
The model is the average of ``ENSEMBLE`` small networks that differ only in their seed (one
network's semeval CV moved by up to 0.009 with the seed; the average is steadier and scores
higher, on semeval and in clustering), shipped as one wider network.
``--cv`` also prints 5-fold cross-validated Pearson r on semeval (model trained on the other
folds plus all clustering pairs) next to the full-data figure; ``--folds 2 3 5 10`` prints it
for each of those numbers of folds (``--cv`` implied), over one shuffle of the pairs: a
learning curve, for the figure a model trained on every dev pair can be expected to reach on
pairs it has not seen.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from newssearcher.labelled import read_jsonl
from newssearcher.stories.features import FEATURE_NAMES, ArticleRep, build_reps, pair_features
from newssearcher.stories.metrics import pearson
from newssearcher.stories.model import MODEL_PATH, PairModel
from newssearcher.stories.similarity import pair_feature_matrix
from newssearcher.stories.text import TermStats

NEIGHBOURS = 16
GNEWS_PAIRS = 8000
SEMEVAL_REPEAT = 6
ENSEMBLE = 10  # networks averaged (seeds SEED .. SEED + ENSEMBLE - 1)
NEAR_COPY = 0.85  # word Jaccard above which two texts are near-copies (see without_copies_apart)
LEAD_WORDS = 40  # short copies of the multinews reports: names and numbers in a few words
SEED = 0

# The numeric environment the shipped models were trained in. OpenBLAS picks its kernels by CPU
# and numpy its SIMD paths (exp, tanh, ... on AVX-512 machines take their own), each rounding
# its own way, and training amplifies the last bits: retrained under another kernel the pair
# model scored semeval pairs up to 0.045 apart, and on an AVX-512 machine numpy's own paths
# moved the story model's weights by up to 0.08. Held to OpenBLAS's AVX2 kernels, one thread,
# and numpy's AVX2 paths, the files come out the same on an AVX2 machine (where they were made,
# and where numpy has no AVX-512 paths to leave) and on an AVX-512 one (checked).
TRAINING_ENV = {
    "OPENBLAS_CORETYPE": "Haswell",
    "OPENBLAS_NUM_THREADS": "1",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}


def neighbour_pairs(reps: list[ArticleRep]) -> list[tuple[int, int]]:
    """Each article with its :data:`NEIGHBOURS` nearest by embedding, as sorted index pairs."""
    means = np.stack([r.mean for r in reps])
    pairs: set[tuple[int, int]] = set()
    for i in range(len(reps)):
        sims = means @ means[i]
        sims[i] = -9.0
        for j in np.argsort(-sims)[: min(NEIGHBOURS, len(reps) - 1)]:  # never i itself
            pairs.add((min(i, int(j)), max(i, int(j))))
    return sorted(pairs)


def clustering_pairs(records: list[dict], reps: list[ArticleRep]) -> tuple[np.ndarray, np.ndarray]:
    stats = TermStats.of(rep.lex for rep in reps)
    ordered = neighbour_pairs(reps)
    x = np.stack([pair_features(reps[i], reps[j], stats) for i, j in ordered])
    y = np.array(
        [records[i]["gold_story"] == records[j]["gold_story"] for i, j in ordered], dtype=float
    )
    return x, y


def clustering_rows(
    records: list[dict], reps: list[ArticleRep], cap: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`clustering_pairs`, subsampled to at most ``cap`` rows (None: all)."""
    return capped(*clustering_pairs(records, reps), cap, rng)


def capped(
    x: np.ndarray, y: np.ndarray, cap: int | None, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """At most ``cap`` of the rows, drawn from ``rng`` (None: all of them)."""
    if cap is not None and len(y) > cap:
        keep = rng.choice(len(y), cap, replace=False)
        x, y = x[keep], y[keep]
    return x, y


def semeval_pairs(records: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Features exactly as ``similarity`` computes them (languages detected, not given)."""
    x = pair_feature_matrix([(r["text1"], r["text2"]) for r in records])
    return x, semeval_gold(records)


def semeval_gold(records: list[dict]) -> np.ndarray:
    """Each semeval pair's ``gold_overall`` (1 = same story ... 4 = unrelated)."""
    return np.array([float(r["gold_overall"]) for r in records])


def semeval_target(gold_overall: np.ndarray) -> np.ndarray:
    """semeval's gold (1 = same story ... 4 = unrelated) as the pair model's target (1 ... 0)."""
    return (4.0 - gold_overall) / 3.0


def without_copies_apart(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Training rows less the near-copies labelled as different stories.

    Two texts with a word Jaccard above :data:`NEAR_COPY` labelled as different stories are
    crawl notices, cookie walls and the like: one page text captured in place of articles
    about different events (126 such pairs in the clustering files, 2 in semeval). Kept, they
    taught the network that past a point the more alike two texts are, the less likely they
    report one story: an identical copy of a short report scored 0.15 and a copy with one word
    changed 0.49. Telling such a page from a report is the extractor's job, not the pair
    model's."""
    near = x[:, FEATURE_NAMES.index("words_jaccard")] > NEAR_COPY
    keep = ~(near & (y < 0.5))
    return x[keep], y[keep]


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...] = FEATURE_NAMES) -> PairModel:
    from sklearn.neural_network import MLPRegressor
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    nets = [
        MLPRegressor(hidden_layer_sizes=(32,), alpha=1e-2, max_iter=800, random_state=seed).fit(
            xs, y
        )
        for seed in range(SEED, SEED + ENSEMBLE)
    ]
    return PairModel.from_sklearn(scaler, nets, names)


def run_training(
    doc: str,
    out: Path,
    train: Callable[[argparse.Namespace], int],
    argv: list[str] | None,
    more_options: Callable[[argparse.ArgumentParser], None] | None = None,
) -> int:
    """The command line both training scripts share: ``[--shared DIR] [--out PATH] [--cv]``
    (and a script's own options, added by ``more_options``), then ``train(args)`` with one
    BLAS thread (the same bytes whatever the core count: two threads sum in another order)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared"
    )
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--cv", action="store_true")
    if more_options is not None:
        more_options(parser)
    args = parser.parse_args(argv)
    with threadpool_limits(limits=1):
        return train(args)


def _fold_count(value: str) -> int:
    folds = int(value)
    if folds < 2:
        raise argparse.ArgumentTypeError(f"a number of folds is 2 or more, not {value}")
    return folds


def _fold_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--folds",
        type=_fold_count,
        nargs="+",
        metavar="K",
        help="cross-validate (as --cv) with each of these numbers of folds (--cv alone: 5)",
    )


def main(argv: list[str] | None = None) -> int:
    return run_training(__doc__, MODEL_PATH, _train, argv, _fold_options)


def rerun_in_training_env(module: str | None = None) -> None:
    """Replace this process by ``python -m module`` (without ``module``: the same script) with
    the same arguments under :data:`TRAINING_ENV`, unless it already runs under it (numpy reads
    these variables only when it loads, so they cannot be set from inside). Benchmarks that
    train pair models call it too, so their figures are the ones the notes record."""
    if all(os.environ.get(k) == v for k, v in TRAINING_ENV.items()):
        return
    print(f"{module or sys.argv[0]}: running again under {TRAINING_ENV}", file=sys.stderr)
    sys.stderr.flush()
    start = ["-m", module] if module is not None else [sys.argv[0]]
    args = [sys.executable, *start, *sys.argv[1:]]
    os.execve(sys.executable, args, {**os.environ, **TRAINING_ENV})


def lead_copies(records: list[dict]) -> list[dict]:
    """The reports cut to their first :data:`LEAD_WORDS` words (feed-summary length)."""
    return [dict(r, text=" ".join(r["text"].split()[:LEAD_WORDS])) for r in records]


def clustering_training_rows(
    multinews: tuple[list[dict], list[ArticleRep]],
    multinews_leads: tuple[list[dict], list[ArticleRep]],
    gnews: tuple[list[dict], list[ArticleRep]],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """The pair model's clustering rows: neighbour pairs of the multinews reports, of the same
    reports cut to a lead, and of gnews (at most :data:`GNEWS_PAIRS`), near-copies apart left
    out. Each part is ``(records, reps)``: a whole file, or the records of some of its stories."""
    parts_x, parts_y = [], []
    for name, (recs, reps), cap in (
        ("clustering-multinews", multinews, None),
        ("clustering-multinews, leads", multinews_leads, None),
        ("clustering-gnews", gnews, GNEWS_PAIRS),
    ):
        x, y = clustering_rows(recs, reps, cap, rng)
        print(f"{name}: {len(y)} pairs, {y.mean():.2f} positive", file=sys.stderr)
        parts_x.append(x)
        parts_y.append(y)
    return without_copies_apart(np.vstack(parts_x), np.concatenate(parts_y))


def fit_pair_model(
    x_se: np.ndarray,
    y_se: np.ndarray,
    x_cl: np.ndarray,
    y_cl: np.ndarray,
    names: tuple[str, ...] = FEATURE_NAMES,
) -> PairModel:
    """The pair model from semeval rows (each counted :data:`SEMEVAL_REPEAT` times) and
    clustering rows, over the features ``names``."""
    x_tr, y_tr = without_copies_apart(x_se, y_se)
    xs = np.vstack([np.repeat(x_tr, SEMEVAL_REPEAT, 0), x_cl])
    ys = np.concatenate([np.repeat(y_tr, SEMEVAL_REPEAT), y_cl])
    return fit(xs, ys, names)


def semeval_cross_validated(
    x_se: np.ndarray,
    gold_se: np.ndarray,
    x_cl: np.ndarray,
    y_cl: np.ndarray,
    rng: np.random.Generator,
    folds: int = 5,
) -> float:
    """Cross-validated Pearson r on semeval: each of ``folds`` folds scored by a pair model
    trained on the other folds and all clustering rows (folds drawn from ``rng``)."""
    pred = semeval_cross_predictions(x_se, gold_se, x_cl, y_cl, rng, folds=folds)
    return pearson(list(pred), list(-gold_se))


def semeval_cross_predictions(
    x_se: np.ndarray,
    gold_se: np.ndarray,
    x_cl: np.ndarray,
    y_cl: np.ndarray,
    rng: np.random.Generator,
    names: tuple[str, ...] = FEATURE_NAMES,
    folds: int = 5,
) -> np.ndarray:
    """Each semeval pair's score by the pair model trained without its fold (of ``folds``)."""
    y_se = semeval_target(gold_se)
    if not 2 <= folds <= len(y_se):
        raise ValueError(f"folds must be 2 to {len(y_se)} (the semeval pairs), not {folds}")
    order = rng.permutation(len(y_se))
    pred = np.zeros(len(y_se))
    for fold in np.array_split(order, folds):
        rest = np.setdiff1d(order, fold)
        pred[fold] = fit_pair_model(x_se[rest], y_se[rest], x_cl, y_cl, names)(x_se[fold])
    return pred


def labelled_reps(records: list[dict]) -> list[ArticleRep]:
    """The reps of labelled records: their ``text`` (no title) in their ``lang`` where given."""
    return build_reps([(None, r["text"]) for r in records], None, [r.get("lang") for r in records])


def _train(args: argparse.Namespace) -> int:
    dev = args.shared / "eval" / "dev"
    rng = np.random.default_rng(SEED)

    sem = read_jsonl(dev / "similarity-semeval.jsonl")
    too_many = [k for k in args.folds or [] if k > len(sem)]
    if too_many:  # before the minutes the features take
        print(
            f"--folds: at most {len(sem)} (the semeval pairs), not {too_many[0]}", file=sys.stderr
        )
        return 2
    x_se, gold_se = semeval_pairs(sem)
    y_se = semeval_target(gold_se)
    print(f"semeval pairs: {len(y_se)}", file=sys.stderr)
    multinews = read_jsonl(dev / "clustering-multinews.jsonl")
    leads = lead_copies(multinews)
    gnews = read_jsonl(dev / "clustering-gnews.jsonl")
    x_cl, y_cl = clustering_training_rows(
        (multinews, labelled_reps(multinews)),
        (leads, labelled_reps(leads)),
        (gnews, labelled_reps(gnews)),
        rng,
    )

    if args.cv or args.folds:
        # every number of folds splits the same shuffle: the rng as the 5-fold figure drew it
        state = rng.bit_generator.state
        for folds in args.folds or [5]:
            rng.bit_generator.state = state
            r = semeval_cross_validated(x_se, gold_se, x_cl, y_cl, rng, folds)
            print(f"semeval {folds}-fold CV Pearson r: {r:.4f}")
    model = fit_pair_model(x_se, y_se, x_cl, y_cl)
    print(f"semeval full-dev Pearson r: {pearson(list(model(x_se)), list(-gold_se)):.4f}")
    model.save(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    rerun_in_training_env("newssearcher.stories.train_model")
    raise SystemExit(main())
