"""build_reps: which stretches of an article are embedded, by the encoder it is given."""

from __future__ import annotations

import zlib

import numpy as np

from newssearcher.stories.features import FEATURE_NAMES, ArticleRep, build_reps, pair_features
from newssearcher.stories.text import LEAD_CHARS, TermStats, lexical_signals

DIM = 8


class RecordingEncoder:
    """A stand-in encoder: a fixed unit vector per text (from its CRC), every call recorded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def vector(self, text: str) -> np.ndarray:
        v = np.random.default_rng(zlib.crc32(text.encode())).normal(size=DIM)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([self.vector(t) for t in texts]) if texts else np.zeros((0, DIM))


LONG = " ".join(f"Sentence {i} of the flood report in the valley." for i in range(60))
SHORT = "Floods closed the valley road on Monday."


def test_the_encoder_given_embeds_headline_lead_and_body_of_each_article():
    enc = RecordingEncoder()
    long_rep, short_rep = build_reps([("Valley floods", LONG), (None, SHORT)], embed=enc)
    embedded = [t for call in enc.calls for t in call]
    assert "Valley floods" in embedded  # the title is the headline
    assert np.allclose(long_rep.headline, enc.vector("Valley floods"))
    lead = next(t for t in embedded if t.startswith("Valley floods") and len(t) > 20)
    assert len(lead) <= LEAD_CHARS + 20 and np.allclose(long_rep.lead, enc.vector(lead))
    # the long article's body is its own stretch; the short one's is its lead
    assert not np.allclose(long_rep.body, long_rep.lead)
    assert np.allclose(short_rep.body, short_rep.lead)
    # no title: the headline is the first sentence
    assert np.allclose(short_rep.head, enc.vector(SHORT))
    # pair features work in the encoder's own dimension
    stats = TermStats.of(rep.lex for rep in (long_rep, short_rep))
    feats = pair_features(long_rep, long_rep, stats)
    assert abs(feats[0] - 1.0) < 1e-5  # cos_lead of an article with itself


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_a_headline_is_compared_with_the_other_articles_lead_and_body_both_ways_round():
    lex = lexical_signals(None, "Floods closed the valley road.")
    # a's headline restates b's lead and b's headline a's body; the stretches otherwise differ
    a = ArticleRep(
        lead=_unit(0, 0, 1, 0), body=_unit(0, 0.6, 0, 0.8), lex=lex, headline=_unit(1, 0, 0, 0)
    )
    b = ArticleRep(
        lead=_unit(1, 0, 0, 0), body=_unit(0, 0, 0, 1), lex=lex, headline=_unit(0, 0.6, 0, 0.8)
    )
    stats = TermStats.of([lex])
    feats = dict(zip(FEATURE_NAMES, pair_features(a, b, stats), strict=True))
    assert feats["cos_headline"] == 0.0 and feats["cos_lead"] == 0.0
    assert abs(feats["cos_head_lead"] - 1.0) < 1e-6  # a's headline with b's lead
    assert abs(feats["cos_head_body"] - 1.0) < 1e-6  # b's headline with a's body
    assert feats["cos_cross"] == 0.0  # neither lead restates the other's body
    swapped = dict(zip(FEATURE_NAMES, pair_features(b, a, stats), strict=True))
    assert swapped == feats  # symmetric


def test_numbers_in_other_digits_read_as_the_same_number():
    arabic = lexical_signals(None, "أعلنت الوزارة حجز ١٣٥٩ شقة في ٦ مدن عام ٢٠٢٠")
    latin = lexical_signals(None, "The ministry booked 1,359 flats in 6 towns in 2020")
    wide = lexical_signals(None, "２０２０年に１３５９戸")
    assert arabic.numbers == latin.numbers == {"1359", "2020"}
    assert wide.numbers == {"2020", "1359"}


def _lexical_features(a_text: str, b_text: str) -> dict[str, float]:
    a, b = lexical_signals(None, a_text), lexical_signals(None, b_text)
    stats = TermStats.of([a, b])
    rep = {"lead": _unit(1, 0), "body": _unit(1, 0)}
    pair = ArticleRep(lex=a, **rep), ArticleRep(lex=b, **rep)
    return dict(zip(FEATURE_NAMES, pair_features(*pair, stats), strict=True))


def test_phrases_shared_in_lower_case_text_count_beside_the_words():
    # gnews-style snippets: lower-cased, stop words gone, so no capitalised names to go by
    report = "seth rogen james franco parody kanye west bound 2 video"
    reworded = "parody video kanye west bound 2 seth rogen james franco"
    scrambled = "james west parody seth 2 franco video bound kanye rogen"
    same_phrases = _lexical_features(report, reworded)
    same_words = _lexical_features(report, scrambled)
    assert same_phrases["words_jaccard"] == same_words["words_jaccard"] == 1.0
    assert same_phrases["names_known"] == 0.0  # nothing capitalised
    # seth rogen, rogen james, james franco, kanye west, west bound, bound 2: 6 of 9 each
    assert abs(same_phrases["bigrams_shared"] - 0.6) < 1e-6
    assert abs(same_phrases["bigrams_jaccard"] - 6 / 12) < 1e-6
    assert abs(same_phrases["bigrams_overlap"] - 6 / 9) < 1e-6
    assert same_words["bigrams_shared"] == same_words["bigrams_jaccard"] == 0.0
    # a single digit takes part in a phrase ("bound 2"), not in the numbers
    assert lexical_signals(None, "bound 2").numbers == frozenset()
    assert len(lexical_signals(None, "bound 2").bigram_ids) == 1


def test_cjk_character_bigrams_make_phrases_too():
    text = "地震造成三人死亡"
    lex = lexical_signals(None, text)
    assert len(lex.bigram_ids) == len(text) - 2  # adjacent character bigrams, paired
    assert len(lexical_signals(None, "地震").bigram_ids) == 0
