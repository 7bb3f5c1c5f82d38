"""Claim statuses: who denies what, and when outlets confirm it (English and Spanish).

A claim is ``alleged-and-denied`` only when a party other than its speaker denies that claim;
a denying party's other, plain statements keep their own status; ``confirmed`` needs the claim
itself in independent outlets, and an allegation relayed by many outlets stays alleged.
Stances come from the articles' own statements here (``use_model=False``), so each status
follows from the rules, not from the stance model's reading.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newssearcher.analysis.claims import ClaimArticle, StoryClaim, analyse_claims, same_speaker


def _article(key: int, text: str, outlet: str, day: int, independent: bool = True) -> ClaimArticle:
    return ClaimArticle(
        key=key,
        text=text,
        outlet=outlet,
        seen_at=datetime(2025, 6, day, tzinfo=UTC),
        independent=independent,
    )


def _claims(*articles: ClaimArticle) -> list[StoryClaim]:
    return analyse_claims(list(articles), use_model=False)


def _find(claims: list[StoryClaim], words: str) -> StoryClaim:
    found = [c for c in claims if words.lower() in c.text.lower()]
    assert found, [(c.speaker, c.status, c.text) for c in claims]
    return found[0]


def test_a_denying_party_s_plain_statement_is_not_a_denial() -> None:
    text = (
        "Regulators accused Keller Motors of hiding brake defects from buyers. "
        "Keller Motors denied any wrongdoing on Tuesday. "
        "Keller Motors said its new assembly plant in Dorval would open in May."
    )
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, "hiding brake defects").status == "alleged-and-denied"
    assert _find(claims, "any wrongdoing").status == "denial"
    assert _find(claims, "assembly plant").status == "unconfirmed"


def test_a_generic_denial_does_not_deny_unrelated_statements_beside_it() -> None:
    text = (
        "Keller Motors denied the allegations in a short statement. "
        "The national weather service said heavy rain would continue until Friday."
    )
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, "heavy rain").status == "unconfirmed"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Ostland's coast guard said the trawler had crossed into its waters at night. "
            "The fishing company denied this, saying its boat never left the shared zone.",
            "crossed into its waters",
        ),
        (
            "La guardia costera de Ostland afirmó que el pesquero entró de noche en sus aguas. "
            "La naviera lo negó y aseguró que su barco nunca salió de la zona compartida.",
            "entró de noche",
        ),
    ],
)
def test_denied_this_answers_the_statement_before_it(text: str, claim: str) -> None:
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, claim).status == "alleged-and-denied"


def test_denied_this_does_not_reach_past_the_sentence_before() -> None:
    text = (
        "Ostland's coast guard said the trawler had crossed into its waters at night. "
        "Harbour officials said the storm had closed the port for two days. "
        "The fishing company denied this in a short statement."
    )
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, "crossed into its waters").status == "unconfirmed"
    assert _find(claims, "storm had closed").status == "alleged-and-denied"


def test_a_party_never_denies_its_own_claim() -> None:
    text = (
        "Brightwell Energy said the outage was caused by a lightning strike. "
        "Brightwell Energy denied that the outage was caused by a cyberattack."
    )
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, "lightning strike").status == "unconfirmed"


def test_a_denying_party_s_negated_account_next_to_its_denial_is_part_of_it() -> None:
    text = (
        "A leaked memo alleges that Ostland supplied drones to the rebels. "
        "Ostland's embassy rejected the memo as baseless. "
        "The embassy said Ostland does not sell weapons to armed groups."
    )
    claims = _claims(_article(1, text, "one.example", 1))
    assert _find(claims, "supplied drones").status == "alleged-and-denied"
    assert _find(claims, "does not sell weapons").status == "denial"


def test_independent_outlets_confirm_a_statement_and_rewrites_do_not() -> None:
    first = "The port authority said the container terminal would reopen on Monday morning."
    second = "The port authority said the container terminal would reopen on Monday."
    confirmed = _claims(_article(1, first, "one.example", 1), _article(2, second, "two.example", 2))
    assert _find(confirmed, "terminal would reopen").status == "confirmed"
    rewritten = _claims(
        _article(1, first, "one.example", 1),
        _article(2, second, "two.example", 2, independent=False),
    )
    assert _find(rewritten, "terminal would reopen").status == "unconfirmed"


def test_an_allegation_relayed_by_many_outlets_stays_alleged() -> None:
    first = "A confidential audit alleges that the mayor's office inflated road repair invoices."
    second = "The audit alleges that the mayor's office inflated invoices for road repairs."
    claims = _claims(_article(1, first, "one.example", 1), _article(2, second, "two.example", 2))
    claim = _find(claims, "inflated")
    assert claim.status == "alleged"
    assert {s.article for s in claim.stances} == {1, 2}


def test_spanish_denial_and_rejection_answer_the_allegation() -> None:
    text = (
        "Un informe de la auditoría acusa a la constructora Nerval de inflar los costes "
        "del puente. La constructora Nerval negó las acusaciones. "
        "El sindicato de ingenieros calificó de falsas las conclusiones del informe."
    )
    claims = _claims(_article(1, text, "uno.example", 1))
    allegation = _find(claims, "inflar los costes")
    assert allegation.status == "alleged-and-denied"
    denials = [c for c in claims if c.status == "denial"]
    assert {c.speaker for c in denials} >= {"La constructora Nerval", "El sindicato de ingenieros"}
    assert all(s.stance == "disagree" for c in denials for s in c.stances)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The Ostlandic embassy in Port Vale", "the embassy in Port Vale", True),
        ("Mira Sand, portavoz de la embajada de Ostland en Port Vale", "The Ostland embassy", True),
        ("La marina de Ostland", "Ostland's navy", True),
        ("officials in Port Vale", "officials in Halden", False),
        ("The Ostland embassy", "The Halden embassy", False),
    ],
)
def test_one_party_however_written(a: str, b: str, same: bool) -> None:
    assert same_speaker(a, b) is same
