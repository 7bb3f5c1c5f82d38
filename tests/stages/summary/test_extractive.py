import numpy as np
import pytest

from newssearcher.stories.embedding import embed_cached as embed_sentences
from newssearcher.summary.extractive import MAX_CANDIDATES_PER_DOC, is_candidate, summarise
from newssearcher.summary.sentences import word_count

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


_TOPICS = (
    "the harbour bridge repairs",
    "the ferry timetable",
    "the school budget vote",
    "the new cycling lanes",
    "the library opening hours",
    "the water main replacement",
    "the market square parking",
    "the river flood barrier",
    "the tram depot expansion",
    "the recycling centre fees",
    "the swimming pool roof",
    "the street lighting contract",
    "the airport noise complaints",
    "the football stadium lease",
    "the hospital car park",
    "the theatre restoration",
)


def _long_document(outlet: str) -> list[str]:
    return [
        f"The {outlet} reported on Tuesday that the town council discussed {topic} at length."
        for topic in _TOPICS
    ]


def test_candidates_are_capped_per_document_but_later_copies_are_still_cited() -> None:
    lead = "The mayor of Northbridge resigned on Monday after a long row over the bridge repairs."
    doc_a = " ".join([lead, *_long_document("Gazette")])
    # the same lead sentence appears in B only after more than the cap of complete sentences
    later = _long_document("Herald")
    assert len(later) > MAX_CANDIDATES_PER_DOC
    doc_b = " ".join([*later, lead])
    summary = summarise([doc_a, doc_b], word_budget=400)
    by_text = {s.text: s for s in summary.sentences}
    assert lead in by_text
    assert by_text[lead].citations == [0, 1]
    # nothing past each document's first MAX_CANDIDATES_PER_DOC sentences is picked
    assert all(s.position < MAX_CANDIDATES_PER_DOC for s in summary.sentences)
    assert len(summary.sentences) <= 2 * MAX_CANDIDATES_PER_DOC
