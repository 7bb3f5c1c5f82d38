"""Attributed statements: speaker, verb, content and the speaker's stance, English and Spanish."""

from __future__ import annotations

import pytest

from newssearcher.analysis.claim_extract import Statement, extract_statements


def _only(text: str) -> Statement:
    found = extract_statements(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "stance", "content_has"),
    [
        (
            "A White House memo alleges that the vendor helped the army.",
            "A White House memo",
            "alleges",
            "agree",
            "the vendor helped the army",
        ),
        (
            "Alibaba called the report completely false.",
            "Alibaba",
            "called",
            "disagree",
            "the report",
        ),
        (
            "The ministry rejected the accusations on Tuesday.",
            "The ministry",
            "rejected",
            "disagree",
            "the accusations",
        ),
        (
            "According to the memo, the company sold user data to military groups.",
            "the memo",
            "According to",
            "agree",
            "sold user data",
        ),
        (
            "The company said in a statement that it had never shared data.",
            "The company",
            "said",
            "disagree",
            "never shared data",
        ),
        (
            "Regulators accused the bank of hiding losses from investors.",
            "Regulators",
            "accused",
            "agree",
            "the bank hiding losses",
        ),
        (
            "Analysts suggest that prices could fall next year.",
            "Analysts",
            "suggest",
            "discuss",
            "prices could fall",
        ),
        (
            "La empresa negó que haya compartido información con el gobierno.",
            "La empresa",
            "negó",
            "disagree",
            "compartido información",
        ),
        (
            "Según el memorando, la compañía entregó datos a grupos militares.",
            "el memorando",
            "Según",
            "agree",
            "entregó datos",
        ),
        (
            "La embajada china calificó las acusaciones de infundadas.",
            "La embajada china",
            "calificó",
            "disagree",
            "las acusaciones",
        ),
        (
            "El ministro de Exteriores, Wang Yi, dijo que Estados Unidos exagera la amenaza.",
            "Wang Yi",
            "dijo",
            "agree",
            "exagera la amenaza",
        ),
    ],
)
def test_statement_parts(text: str, speaker: str, verb: str, stance: str, content_has: str) -> None:
    st = _only(text)
    assert st.speaker == speaker
    assert st.verb == verb
    assert st.stance == stance
    assert content_has in st.content


def test_sentences_without_attribution_give_nothing() -> None:
    text = (
        "The allegations raise questions about cloud security. The report is long. "
        "Prices rose by 3% in March."
    )
    assert extract_statements(text) == []


def test_generic_speakers_resolve_to_names_seen_before() -> None:
    text = (
        "Globex Corp published its results on Monday. "
        "The firm claimed that the leaked figures were fabricated. "
        "A spokesperson of the Ruritanian Embassy in Paris also spoke. "
        "The embassy described the allegations as baseless."
    )
    found = extract_statements(text)
    speakers = [(s.speaker, s.stance) for s in found]
    assert ("Globex Corp", "disagree") in speakers
    assert ("the Ruritanian Embassy in Paris", "disagree") in speakers


def test_pronoun_speaker_takes_the_previous_speaker() -> None:
    text = (
        "Officials familiar with the matter said the findings were credible. "
        "They added that the review would end in May."
    )
    found = extract_statements(text)
    assert [s.speaker for s in found] == ["Officials familiar with the matter"] * 2


def test_title_is_read_as_first_sentence() -> None:
    found = extract_statements("Some body text here.", title="Acme denies claims of fraud")
    assert found[0].position == 0
    assert found[0].speaker == "Acme"
    assert found[0].stance == "disagree"
