import numpy as np
import pytest

from newssearcher.summary.extractive import is_candidate, summarise
from newssearcher.summary.sentences import word_count
from newssearcher.summary.vectors import embed_sentences

from .story_texts import EN_A, EN_B, EN_C, ES_D

DOCS = [EN_A, EN_B, EN_C, ES_D]
LANGS = ["en", "en", "en", "es"]
SHARED = EN_B.split(". ")[1].strip() + "."  # the council sentence, in both EN_A and EN_B


def test_cites_every_document_holding_the_sentence_across_languages() -> None:
    summary = summarise(DOCS, langs=LANGS, word_budget=120)
    by_text = {s.text: s for s in summary.sentences}
    assert SHARED in by_text
    # EN_A and EN_B hold it verbatim; ES_D holds its translation
    assert by_text[SHARED].citations == [0, 1, 3]
    for sentence in summary.sentences:
        assert sentence.doc in sentence.citations
        assert sentence.text in DOCS[sentence.doc]


def test_picks_main_language_only_and_no_repeats() -> None:
    summary = summarise(DOCS, langs=LANGS, word_budget=400)
    assert summary.lang == "en"
    assert all(s.doc != 3 for s in summary.sentences)
    texts = [s.text for s in summary.sentences]
    assert texts.count(SHARED) == 1
    vecs = embed_sentences(texts)
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, 0.0)
    assert float(sims.max()) < 0.85


def test_word_budget_and_order() -> None:
    summary = summarise(DOCS, langs=LANGS, word_budget=60)
    counts = [word_count(s.text) for s in summary.sentences]
    # stops as soon as the budget is reached: without its last sentence it is under budget
    assert sum(counts) >= 60 and sum(counts[:-1]) < 60
    keys = [(s.position, s.doc) for s in summary.sentences]
    assert keys == sorted(keys)
    longer = summarise(DOCS, langs=LANGS, word_budget=200)
    assert longer.word_count > summary.word_count


def test_leaves_out_headlines_furniture_and_fragments() -> None:
    assert not is_candidate("Northbridge closes its old harbour bridge after cracks found")
    assert not is_candidate("Sign up for our newsletter to get the latest news from the city.")
    assert not is_candidate("Residents queued for the ferries on Wednesday as the bridge ...")
    assert is_candidate("Residents queued for the first ferries on Wednesday as the bridge shut.")


def test_degenerate_inputs() -> None:
    assert summarise([]).sentences == []
    assert summarise(["", "   "]).note == "no text to summarise"
    short = summarise(["Bridge shut."])
    assert [s.text for s in short.sentences] == ["Bridge shut."]
    assert short.sentences[0].citations == [0]
    with pytest.raises(ValueError, match="langs has 1 entries for 2 documents"):
        summarise(["a", "b"], langs=["en"])
