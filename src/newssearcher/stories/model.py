"""The learned pair combiner: a one-hidden-layer network over :data:`FEATURE_NAMES` (or, for
a benchmark measuring more features, over the names it is given).

The trained networks are averaged (:meth:`PairModel.from_sklearn`): the mean of several
one-hidden-layer networks is itself one, with their hidden units side by side and each output
weight divided by their number, so the shipped file and the inference stay one network.

Trained by ``python -m newssearcher.stories.train_model`` (reproducible, seeded) and shipped
as ``pair_model.npz`` beside this file (about 30 KB). Inference is plain numpy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from newssearcher.stories.features import FEATURE_NAMES

MODEL_PATH = Path(__file__).with_name("pair_model.npz")
STORY_MODEL_PATH = Path(__file__).with_name("story_model.npz")


class PairModel:
    def __init__(
        self,
        mean: np.ndarray,
        scale: np.ndarray,
        w1: np.ndarray,
        b1: np.ndarray,
        w2: np.ndarray,
        b2: np.ndarray,
        names: tuple[str, ...] = FEATURE_NAMES,
    ) -> None:
        if mean.shape[0] != len(names):
            raise ValueError(
                f"pair model expects {mean.shape[0]} features, code has {len(names)}; "
                "retrain with python -m newssearcher.stories.train_model"
            )
        self.names = names
        self.mean = mean.astype(np.float32)
        self.scale = scale.astype(np.float32)
        self.w1, self.b1 = w1.astype(np.float32), b1.astype(np.float32)
        self.w2, self.b2 = w2.astype(np.float32), b2.astype(np.float32)

    def __call__(self, features: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] for an ``(n, len(self.names))`` feature matrix."""
        x = (np.atleast_2d(features).astype(np.float32) - self.mean) / self.scale
        h = np.maximum(x @ self.w1 + self.b1, 0.0)
        out = (h @ self.w2 + self.b2).reshape(-1)
        return np.clip(out, 0.0, 1.0)

    def save(self, path: Path) -> None:
        np.savez(
            path,
            mean=self.mean,
            scale=self.scale,
            w1=self.w1,
            b1=self.b1,
            w2=self.w2,
            b2=self.b2,
            names=np.array(self.names),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> PairModel:
        with np.load(path) as z:
            return cls(z["mean"], z["scale"], z["w1"], z["b1"], z["w2"], z["b2"])

    @classmethod
    def from_sklearn(
        cls, scaler: object, nets: list[object], names: tuple[str, ...] = FEATURE_NAMES
    ) -> PairModel:
        """The average of fitted one-hidden-layer ``MLPRegressor`` s sharing one scaler, over
        the features ``names``."""
        coefs = [net.coefs_ for net in nets]  # type: ignore[attr-defined]
        intercepts = [net.intercepts_ for net in nets]  # type: ignore[attr-defined]
        k = len(nets)
        return cls(
            scaler.mean_,  # type: ignore[attr-defined]
            scaler.scale_,  # type: ignore[attr-defined]
            np.hstack([c[0] for c in coefs]),
            np.concatenate([b[0] for b in intercepts]),
            np.vstack([c[1] for c in coefs]) / k,
            sum(b[1] for b in intercepts) / k,
            names,
        )


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    return PairModel.load()


class StoryModel:
    """Logistic combiner over :data:`STORY_FEATURE_NAMES`: P(article belongs to story)."""

    def __init__(
        self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float
    ) -> None:
        from newssearcher.stories.profile import STORY_FEATURE_NAMES

        if mean.shape[0] != len(STORY_FEATURE_NAMES):
            raise ValueError(
                f"story model expects {mean.shape[0]} features, code has "
                f"{len(STORY_FEATURE_NAMES)}; retrain with "
                "python -m newssearcher.stories.train_story"
            )
        self.mean = mean.astype(np.float32)
        self.scale = scale.astype(np.float32)
        self.coef = coef.astype(np.float32).reshape(-1)
        self.intercept = float(intercept)

    def __call__(self, features: np.ndarray) -> np.ndarray:
        x = (np.atleast_2d(features).astype(np.float32) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def save(self, path: Path) -> None:
        np.savez(
            path,
            mean=self.mean,
            scale=self.scale,
            coef=self.coef,
            intercept=np.array([self.intercept]),
        )

    @classmethod
    def load(cls, path: Path = STORY_MODEL_PATH) -> StoryModel:
        with np.load(path) as z:
            return cls(z["mean"], z["scale"], z["coef"], float(z["intercept"][0]))


@lru_cache(maxsize=1)
def default_story_model() -> StoryModel:
    return StoryModel.load()
