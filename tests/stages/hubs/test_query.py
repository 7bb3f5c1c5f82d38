"""The user-hub query language: parsing, errors and matching (no database)."""

from __future__ import annotations

import pytest

from newssearcher.hubs.query import QueryDoc, QueryError, matches, parse_query

DOC = QueryDoc.build(
    "Ransomware gang attacks hospitals in Spain. The People's Liberation Army denied "
    "involvement, said the Chinese embassy. Los ataques informáticos afectaron a Telefónica."
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ransomware", True),
        ("RANSOMWARE hospitals", True),
        ("ransomware bitcoin", False),
        ("bitcoin OR hospitals", True),
        ("bitcoin | ethereum", False),
        ('"ransomware gang"', True),
        ('"gang ransomware"', False),
        ("attack", True),  # stem of "attacks"
        ("hospital", True),
        ("informatico", True),  # accents ignored
        ("ransom*", True),
        ("ransomx*", False),
        ("ransomware -spain", False),
        ('ransomware -"chinese embassy"', False),
        ("ransomware -bitcoin", True),
        ("entity:PLA", True),  # alias of a known entity, written out in the text
        ('entity:"Ejército Popular de Liberación"', True),
        ("entity:NATO", False),
        ("entity:PLA ransomware -bitcoin", True),
    ],
)
def test_matching(query: str, expected: bool) -> None:
    assert matches(parse_query(query), DOC) is expected


def test_entity_term_uses_stored_aliases() -> None:
    doc = QueryDoc.build("Nothing named here.", {"zentara robotics group", "zrg"})
    assert matches(parse_query("entity:ZRG"), doc)
    assert not matches(parse_query("entity:ACME"), doc)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"unclosed phrase', "unbalanced quote"),
        ("OR ransomware", "OR without a term before"),
        ("ransomware OR", "OR without a term after"),
        ("ransomware OR OR malware", "OR without a term before"),
        ("-ransomware", "only excludes"),
        ("entity:", "needs a name"),
        ('entity:""', "needs a name"),
        ('""', "empty phrase"),
        ("!!!", "no letters"),
    ],
)
def test_bad_queries_say_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)
