"""Story profiles (centroids) and the story-level combiner."""

from __future__ import annotations

import numpy as np
import pytest

from newssearcher.stories.features import ArticleRep
from newssearcher.stories.model import default_story_model
from newssearcher.stories.profile import STORY_FEATURE_NAMES, StoryProfile, story_features
from newssearcher.stories.text import TermStats, lexical_signals


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=512).astype(np.float32)
    return v / np.linalg.norm(v)


def _rep(text: str, seed: int) -> ArticleRep:
    vec = _unit(seed)
    return ArticleRep(vec, vec, lexical_signals(None, text))


def test_profile_centroids_match_direct_computation():
    stats = TermStats()
    texts = ["volcano erupts near village", "volcano eruption forces village evacuation"]
    reps = [_rep(t, i) for i, t in enumerate(texts)]
    for r in reps:
        stats.add(r.lex)
    prof = StoryProfile()
    for r in reps:
        prof.add(r.mean, r.lex.term_ids, stats.weights(r.lex))
    assert prof.count == 2
    centroid = reps[0].mean + reps[1].mean
    probe = _rep("village volcano ash", 7)
    expected = float(centroid @ probe.mean) / float(np.linalg.norm(centroid))
    assert prof.centroid_cos(probe.mean) == pytest.approx(expected, abs=1e-5)
    # the TF-IDF norm kept incrementally equals the norm of the summed vector
    assert prof.norm2 == pytest.approx(sum(w * w for w in prof.terms.values()), rel=1e-6)
    w = stats.weights(probe.lex)
    assert 0.0 < prof.tfidf_cos(probe.lex.term_ids, w) <= 1.0 + 1e-6
    other = _rep("central bank raises interest rates", 9)
    assert prof.tfidf_cos(other.lex.term_ids, stats.weights(other.lex)) == 0.0


def test_absorb_is_the_same_as_adding_all():
    stats = TermStats()
    reps = [_rep(t, i) for i, t in enumerate(["alpha beta gamma", "beta gamma delta", "zeta"])]
    for r in reps:
        stats.add(r.lex)
    whole, a, b = StoryProfile(), StoryProfile(), StoryProfile()
    for i, r in enumerate(reps):
        w = stats.weights(r.lex)
        whole.add(r.mean, r.lex.term_ids, w)
        (a if i < 2 else b).add(r.mean, r.lex.term_ids, w)
    a.absorb(b)
    assert a.count == whole.count == 3
    assert np.allclose(a.emb, whole.emb)
    assert a.norm2 == pytest.approx(whole.norm2, rel=1e-6)


def test_remove_takes_back_what_add_added():
    stats = TermStats()
    reps = [_rep(t, i) for i, t in enumerate(["alpha beta gamma", "beta gamma delta", "zeta"])]
    weights = []
    for r in reps:
        stats.add(r.lex)
        weights.append(stats.weights(r.lex))  # each with the weights of its own turn
    kept, prof = StoryProfile(), StoryProfile()
    for i, (r, w) in enumerate(zip(reps, weights, strict=True)):
        prof.add(r.mean, r.lex.term_ids, w)
        if i != 1:
            kept.add(r.mean, r.lex.term_ids, w)
    prof.remove(reps[1].mean, reps[1].lex.term_ids, weights[1])
    assert prof.count == kept.count == 2
    assert np.allclose(prof.emb, kept.emb, atol=1e-6)
    assert prof.terms.keys() == kept.terms.keys()  # "delta" went with the article that had it
    assert all(prof.terms[t] == pytest.approx(kept.terms[t]) for t in kept.terms)
    assert prof.norm2 == pytest.approx(kept.norm2, rel=1e-9)
    for r, w in ((reps[0], weights[0]), (reps[2], weights[2])):
        prof.remove(r.mean, r.lex.term_ids, w)
    assert (prof.count, prof.terms, prof.norm2, prof.unit_centroid()) == (0, {}, 0.0, None)


def test_story_model_prefers_the_closer_story():
    model = default_story_model()
    stats = TermStats()
    rep = _rep("volcano erupts near village", 1)
    stats.add(rep.lex)
    near_prof, far_prof = StoryProfile(), StoryProfile()
    near_prof.add(rep.mean, rep.lex.term_ids, stats.weights(rep.lex))
    far = _rep("central bank raises interest rates", 2)
    far_prof.add(far.mean, far.lex.term_ids, stats.weights(far.lex))
    w = stats.weights(rep.lex)
    f_near = story_features(rep, w, near_prof, [0.9, 0.8], 5)
    f_far = story_features(rep, w, far_prof, [0.2], 5)
    assert f_near.shape == (len(STORY_FEATURE_NAMES),)
    p_near, p_far = model(np.stack([f_near, f_far]))
    assert 0.0 <= p_far < p_near <= 1.0
    assert p_near > 0.5 > p_far


def test_length_features_scale_the_similarities_by_how_much_text_there_is():
    stats = TermStats()
    short = _rep("volcano erupts", 1)
    words = [a + b + c + d for a in "bdfgkp" for b in "aeiou" for c in "lmnrst" for d in "aeo"]
    long_text = " ".join(words[:300]) + " volcano erupts"
    full = _rep(long_text, 1)
    for r in (short, full):
        stats.add(r.lex)
    prof = StoryProfile()
    prof.add(full.mean, full.lex.term_ids, stats.weights(full.lex))
    names = list(STORY_FEATURE_NAMES)
    f_short = story_features(short, stats.weights(short.lex), prof, [0.8, 0.6], 5)
    f_full = story_features(full, stats.weights(full.lex), prof, [0.8, 0.6], 5)
    assert 0.0 < f_short[names.index("length")] < 0.05
    assert f_full[names.index("length")] == 1.0  # capped
    for f in (f_short, f_full):
        length = f[names.index("length")]
        assert f[names.index("length_x_pair_best")] == pytest.approx(0.8 * length)
        assert f[names.index("length_x_pair_support")] == pytest.approx(0.7 * length)
        assert f[names.index("length_x_centroid_cos")] == pytest.approx(
            f[names.index("centroid_cos")] * length
        )
        assert f[names.index("length_x_centroid_tfidf")] == pytest.approx(
            f[names.index("centroid_tfidf")] * length
        )
