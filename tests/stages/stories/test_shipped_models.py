"""The models shipped beside the code are what the training scripts make from the dev data now.

A change to the features or the clusterer that would need a retrain fails here until the
models are retrained (``python -m newssearcher.stories.train_model`` / ``train_story``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newssearcher.stories import train_model, train_story
from newssearcher.stories.model import MODEL_PATH, STORY_MODEL_PATH


@pytest.mark.parametrize(
    ("script", "shipped"),
    [(train_model, MODEL_PATH), (train_story, STORY_MODEL_PATH)],
    ids=["pair_model", "story_model"],
)
def test_training_reproduces_the_shipped_model(
    shared_dir: Path, tmp_path: Path, script: object, shipped: Path
) -> None:
    out = tmp_path / shipped.name
    assert script.main(["--shared", str(shared_dir), "--out", str(out)]) == 0  # type: ignore[attr-defined]
    with np.load(out) as fresh, np.load(shipped) as kept:
        assert set(fresh.files) == set(kept.files)
        for name in kept.files:
            if kept[name].dtype.kind in "fc":
                # the same bytes here; other CPUs' kernels may differ in the last bits only
                assert np.allclose(fresh[name], kept[name], rtol=0, atol=1e-6), name
            else:
                assert (fresh[name] == kept[name]).all(), name
