"""The stance model: gradient-boosted trees and a linear model stored as plain arrays.

Stage 1 tells related from unrelated; stage 2 tells agree / disagree / discuss among related
pairs. Stage 1 and the tree half of stage 2 are scikit-learn ``HistGradientBoostingClassifier``
ensembles exported to flat node arrays; the other half of stage 2 is a strongly regularised
logistic regression over the standardised named features and the claim x sentence vector
block. Stage 2 averages the two halves' log-probabilities. A third, small tree ensemble is
trained on agree and disagree pairs only (which way a body that takes sides leans: the class
the 3-way models confuse most); its log-odds are blended into stage 2's agree-vs-disagree
split, leaving the share of "takes sides" vs "discuss" as it was. Loading the shipped model
needs numpy only, never a pickle. ``class_bias`` is added to stage 2's log-odds (tuned for
macro-F1 by ``bench/train_stance.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newssearcher.analysis.stance.features import FEATURE_NAMES, N_COLUMNS, Idf

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")
MODEL_PATH = Path(__file__).with_name("stance_model.npz")
LINEAR_WEIGHT = 0.5  # share of the linear model in stage 2's log-probabilities
LINEAR_C = 0.003  # inverse regularisation strength of the linear stage-2 model
POLARITY_WEIGHT = 0.75  # share of the agree-vs-disagree model in stage 2's agree/disagree split


class StanceModelError(RuntimeError):
    """The shipped model file is missing or does not match this code."""


@dataclass(slots=True)
class TreeEnsemble:
    """Gradient-boosted trees as flat arrays; ``raw(X)`` gives the per-class log-odds."""

    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64, per node: go left when x <= threshold
    left: np.ndarray  # int32, absolute node index
    right: np.ndarray  # int32
    value: np.ndarray  # float64, leaf value
    is_leaf: np.ndarray  # bool
    roots: np.ndarray  # int32, root node of each tree
    tree_class: np.ndarray  # int32, class column each tree adds to
    baseline: np.ndarray  # float64, (n_columns,)
    depth: int

    @classmethod
    def from_sklearn(cls, clf: Any) -> TreeEnsemble:
        feats, thr, left, right, val, leaf, roots, tclass = [], [], [], [], [], [], [], []
        offset = 0
        depth = 0
        for iteration in clf._predictors:
            for k, predictor in enumerate(iteration):
                nodes = predictor.nodes
                if np.any(nodes["is_categorical"]):
                    raise ValueError("categorical splits are not supported")
                roots.append(offset)
                tclass.append(k)
                feats.append(nodes["feature_idx"].astype(np.int32))
                thr.append(nodes["num_threshold"].astype(np.float64))
                left.append(nodes["left"].astype(np.int32) + offset)
                right.append(nodes["right"].astype(np.int32) + offset)
                val.append(nodes["value"].astype(np.float64))
                leaf.append(nodes["is_leaf"].astype(bool))
                depth = max(depth, int(nodes["depth"].max()))
                offset += len(nodes)
        return cls(
            feature=np.concatenate(feats),
            threshold=np.concatenate(thr),
            left=np.concatenate(left),
            right=np.concatenate(right),
            value=np.concatenate(val),
            is_leaf=np.concatenate(leaf),
            roots=np.array(roots, dtype=np.int32),
            tree_class=np.array(tclass, dtype=np.int32),
            baseline=np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
            depth=depth,
        )

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_feature": self.feature,
            f"{prefix}_threshold": self.threshold,
            f"{prefix}_left": self.left,
            f"{prefix}_right": self.right,
            f"{prefix}_value": self.value,
            f"{prefix}_is_leaf": self.is_leaf,
            f"{prefix}_roots": self.roots,
            f"{prefix}_tree_class": self.tree_class,
            f"{prefix}_baseline": self.baseline,
            f"{prefix}_depth": np.array([self.depth], dtype=np.int32),
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> TreeEnsemble:
        return cls(
            feature=data[f"{prefix}_feature"],
            threshold=data[f"{prefix}_threshold"],
            left=data[f"{prefix}_left"],
            right=data[f"{prefix}_right"],
            value=data[f"{prefix}_value"],
            is_leaf=data[f"{prefix}_is_leaf"],
            roots=data[f"{prefix}_roots"],
            tree_class=data[f"{prefix}_tree_class"],
            baseline=data[f"{prefix}_baseline"],
            depth=int(data[f"{prefix}_depth"][0]),
        )

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Summed leaf values plus the baseline: ``(n_rows, n_columns)`` log-odds."""
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        idx = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            x = X[rows, self.feature[idx]]
            nxt = np.where(x <= self.threshold[idx], self.left[idx], self.right[idx])
            idx = np.where(self.is_leaf[idx], idx, nxt)
        leaf_values = self.value[idx]
        out = np.tile(self.baseline, (n, 1))
        for k in range(len(self.baseline)):
            out[:, k] += leaf_values[:, self.tree_class == k].sum(axis=1)
        return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


@dataclass(slots=True)
class LinearStage:
    """Multinomial logistic regression on standardised rows: ``raw(X)`` gives log-odds."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (n_classes, n_columns)
    intercept: np.ndarray

    def raw(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return Z @ self.coef.T + self.intercept

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_mean": self.mean,
            f"{prefix}_scale": self.scale,
            f"{prefix}_coef": self.coef,
            f"{prefix}_intercept": self.intercept,
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> LinearStage:
        return cls(*(data[f"{prefix}_{k}"] for k in ("mean", "scale", "coef", "intercept")))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(slots=True)
class StanceModel:
    """Both stages, the idf table the features need, and the decision settings."""

    related: TreeEnsemble
    stance: TreeEnsemble
    linear: LinearStage
    polarity: TreeEnsemble  # agree (0) vs disagree (1), trained on those pairs only
    idf: Idf
    class_bias: np.ndarray  # added to stage 2 log-odds (agree, disagree, discuss)
    related_threshold: float = 0.5
    linear_weight: float = LINEAR_WEIGHT
    polarity_weight: float = POLARITY_WEIGHT

    def related_proba(self, X: np.ndarray) -> np.ndarray:
        return _sigmoid(self.related.raw(X)[:, 0])

    def stance_logits(self, X: np.ndarray) -> np.ndarray:
        """Stage 2's log-probabilities (agree, disagree, discuss), before ``class_bias``."""
        w = self.linear_weight
        three = (1 - w) * _log_softmax(self.stance.raw(X)) + w * _log_softmax(self.linear.raw(X))
        # keep log P(agree or disagree); blend the disagree-vs-agree log-odds with the
        # polarity model's
        sides = np.logaddexp(three[:, 0], three[:, 1])
        v = self.polarity_weight
        lean = (1 - v) * (three[:, 1] - three[:, 0]) + v * self.polarity.raw(X)[:, 0]
        return np.column_stack(
            [sides - np.logaddexp(0.0, lean), sides - np.logaddexp(0.0, -lean), three[:, 2]]
        )

    def proba(self, X: np.ndarray) -> np.ndarray:
        """``(n, 4)`` probabilities in ``LABELS`` order (``X``: rows of ``N_COLUMNS``)."""
        if X.ndim != 2 or X.shape[1] != N_COLUMNS:
            raise ValueError(f"stance rows must have {N_COLUMNS} columns, got shape {X.shape}")
        p_rel = self.related_proba(X)
        q = _softmax(self.stance_logits(X) + self.class_bias)
        return np.column_stack([q * p_rel[:, None], 1.0 - p_rel])

    def decide(self, proba: np.ndarray) -> list[str]:
        p_rel = 1.0 - proba[:, 3]
        best = proba[:, :3].argmax(axis=1)
        return [
            "unrelated" if r < self.related_threshold else RELATED_LABELS[b]
            for r, b in zip(p_rel, best, strict=True)
        ]

    def save(self, path: Path) -> None:
        arrays = {
            **self.related.to_arrays("related"),
            **self.stance.to_arrays("stance"),
            **self.linear.to_arrays("linear"),
            **self.polarity.to_arrays("polarity"),
            "linear_weight": np.array([self.linear_weight], dtype=np.float64),
            "polarity_weight": np.array([self.polarity_weight], dtype=np.float64),
            "idf_vocab": np.array(list(self.idf.table), dtype=str),
            "idf_values": np.array(list(self.idf.table.values()), dtype=np.float32),
            "idf_default": np.array([self.idf.default], dtype=np.float64),
            "class_bias": np.asarray(self.class_bias, dtype=np.float64),
            "decision_threshold": np.array([self.related_threshold], dtype=np.float64),
            "feature_names": np.array(FEATURE_NAMES, dtype=str),
        }
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> StanceModel:
        if not path.is_file():
            raise StanceModelError(f"{path}: stance model not found (run bench/train_stance.py)")
        with np.load(path, allow_pickle=False) as data:
            names = tuple(str(x) for x in data["feature_names"])
            if names != FEATURE_NAMES or "polarity_roots" not in data:
                raise StanceModelError(
                    f"{path}: trained on other features than this code computes "
                    "(retrain with bench/train_stance.py)"
                )
            idf = Idf(
                [str(x) for x in data["idf_vocab"]],
                data["idf_values"],
                float(data["idf_default"][0]),
            )
            return cls(
                related=TreeEnsemble.from_arrays(data, "related"),
                stance=TreeEnsemble.from_arrays(data, "stance"),
                linear=LinearStage.from_arrays(data, "linear"),
                polarity=TreeEnsemble.from_arrays(data, "polarity"),
                linear_weight=float(data["linear_weight"][0]),
                polarity_weight=float(data["polarity_weight"][0]),
                idf=idf,
                class_bias=np.array(data["class_bias"], dtype=np.float64),
                related_threshold=float(data["decision_threshold"][0]),
            )


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel:
    """The model shipped inside the package, loaded once."""
    return StanceModel.load(MODEL_PATH)


# --- training (scikit-learn is needed here only) ---------------------------------------

RELATED_PARAMS: dict[str, Any] = {
    "max_iter": 200,
    "learning_rate": 0.08,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
}
STANCE_PARAMS: dict[str, Any] = {
    "max_iter": 250,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 15,
    "l2_regularization": 1.0,
}
POLARITY_PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.05,
    "max_leaf_nodes": 7,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
}


def _balanced_weights(y: np.ndarray, power: float) -> np.ndarray:
    classes, counts = np.unique(y, return_counts=True)
    w = {c: (len(y) / (len(classes) * n)) ** power for c, n in zip(classes, counts, strict=True)}
    return np.array([w[c] for c in y], dtype=np.float64)


def fit_stance_model(
    X: np.ndarray,
    labels: list[str],
    idf: Idf,
    *,
    class_bias: np.ndarray | None = None,
    weight_power: float = 0.5,
    seed: int = 0,
    max_iter: int | None = None,
) -> StanceModel:
    """Train both stages on feature rows and gold labels (``LABELS`` values).

    ``max_iter`` overrides the number of boosting rounds (for quick tests only).
    """
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    related_params = dict(RELATED_PARAMS)
    stance_params = dict(STANCE_PARAMS)
    polarity_params = dict(POLARITY_PARAMS)
    if max_iter is not None:
        related_params["max_iter"] = stance_params["max_iter"] = max_iter
        polarity_params["max_iter"] = max_iter
    y = np.array(labels)
    related = (y != "unrelated").astype(int)
    if X.shape[1] != N_COLUMNS:
        raise ValueError(f"stance rows must have {N_COLUMNS} columns, got {X.shape[1]}")
    trees_X = X[:, : len(FEATURE_NAMES)]  # the trees see the named features only
    stage1 = HistGradientBoostingClassifier(random_state=seed, **related_params)
    stage1.fit(trees_X, related)
    mask = related == 1
    y2 = np.array([RELATED_LABELS.index(v) for v in y[mask]])
    stage2 = HistGradientBoostingClassifier(random_state=seed, **stance_params)
    stage2.fit(trees_X[mask], y2, sample_weight=_balanced_weights(y2, weight_power))
    sides = np.isin(y, ("agree", "disagree"))
    y3 = (y[sides] == "disagree").astype(int)
    stage3 = HistGradientBoostingClassifier(random_state=seed, **polarity_params)
    stage3.fit(trees_X[sides], y3, sample_weight=_balanced_weights(y3, weight_power))
    related_trees = TreeEnsemble.from_sklearn(stage1)
    stance_trees = TreeEnsemble.from_sklearn(stage2)
    polarity_trees = TreeEnsemble.from_sklearn(stage3)
    # the exported arrays must decide exactly as scikit-learn does
    probe = X[:300]
    if not np.allclose(
        _sigmoid(related_trees.raw(probe)[:, 0]), stage1.predict_proba(trees_X[:300])[:, 1]
    ):
        raise AssertionError("exported stage-1 trees disagree with scikit-learn")
    if not np.allclose(_softmax(stance_trees.raw(probe)), stage2.predict_proba(trees_X[:300])):
        raise AssertionError("exported stage-2 trees disagree with scikit-learn")
    if not np.allclose(
        _sigmoid(polarity_trees.raw(probe)[:, 0]), stage3.predict_proba(trees_X[:300])[:, 1]
    ):
        raise AssertionError("exported polarity trees disagree with scikit-learn")
    X2 = np.asarray(X[mask], dtype=np.float64)
    mean = X2.mean(axis=0)
    scale = X2.std(axis=0)
    scale[scale == 0] = 1.0
    lin = LogisticRegression(C=LINEAR_C, max_iter=2000, class_weight="balanced")
    lin.fit((X2 - mean) / scale, y2)
    linear = LinearStage(mean, scale, lin.coef_.astype(np.float64), lin.intercept_.astype(float))
    return StanceModel(
        related=related_trees,
        stance=stance_trees,
        linear=linear,
        polarity=polarity_trees,
        idf=idf,
        class_bias=np.zeros(3) if class_bias is None else np.asarray(class_bias, dtype=float),
    )
