"""The alias table, normalisation and the gazetteer's case rules (no model, no database)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from newssearcher.analysis.entity_aliases import (
    AliasTableError,
    Gazetteer,
    gazetteer,
    known_entities,
    lookup,
    parse_table,
)
from newssearcher.analysis.entity_normalise import normalise, slugify, tokenize


def test_table_is_large_and_unambiguous() -> None:
    entities = known_entities()
    assert len(entities) >= 300
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for key in e.keys:
            owners[key].add(e.canonical)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The People’s Liberation Army", "people's liberation army"),
        ("Alibaba's", "ALIBABA"),
        ("Pekín", "pekin"),
        ("U.S.", "US"),
        ("Acme Widgets Inc.", "acme widgets"),
        ("  Casa   Blanca ", "casa blanca"),
    ],
)
def test_normalise_folds_case_accents_punctuation(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert normalise(a)


def test_slug_is_url_safe() -> None:
    assert slugify("Atlético de Madrid") == "atletico-de-madrid"
    assert slugify("People's Liberation Army") == "people-liberation-army"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Casa Blanca", "White House"),
        ("the white house", "White House"),
        ("PLA", "People's Liberation Army"),
        ("Chinese military", "People's Liberation Army"),
        ("Ejército Popular de Liberación", "People's Liberation Army"),
        ("EE.UU.", "United States"),
        ("Estados Unidos", "United States"),
        ("Alibaba Group", "Alibaba"),
        ("Aliyun", "Alibaba Cloud"),
        ("AWS", "Amazon Web Services"),
        ("Reino Unido", "United Kingdom"),
        ("OTAN", "NATO"),
    ],
)
def test_lookup_any_alias(name: str, canonical: str) -> None:
    found = lookup(name)
    assert found is not None and found.canonical == canonical


def test_lookup_unknown() -> None:
    assert lookup("Zentara Robotics") is None
    assert lookup("") is None


def _found(text: str) -> list[str]:
    return [m.entity.canonical for m in gazetteer().find(tokenize(text))]


def test_acronyms_only_match_capitals() -> None:
    assert _found("Tell us what the US plans") == ["United States"]
    assert _found("who said that to WHO") == ["World Health Organization"]


def test_names_need_their_capitals_phrases_do_not() -> None:
    assert _found("a white house on the hill") == []
    assert _found("the White House said") == ["White House"]
    assert _found("the chinese military and the Chinese army") == [
        "People's Liberation Army",
        "People's Liberation Army",
    ]


def test_longest_match_wins() -> None:
    assert _found("Alibaba Cloud and Alibaba Group") == ["Alibaba Cloud", "Alibaba"]
    assert _found("Real Madrid won in Madrid") == ["Real Madrid", "Madrid"]


def test_possessive_does_not_hide_a_name() -> None:
    assert _found("Alibaba's cloud unit and China’s military") == [
        "Alibaba",
        "People's Liberation Army",
    ]


def test_parse_table_reports_bad_lines() -> None:
    with pytest.raises(AliasTableError, match="line 2"):
        parse_table("ORG | Fine | Alias\nNOPE | Bad")
    with pytest.raises(AliasTableError, match="line 1"):
        parse_table("ORG |")
    custom = parse_table("ORG | Zentara Robotics | ZR | ~zentara bots")
    assert [
        m.entity.canonical for m in Gazetteer(custom).find(tokenize("ZR and zentara bots"))
    ] == [
        "Zentara Robotics",
        "Zentara Robotics",
    ]
