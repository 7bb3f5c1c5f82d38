"""Validation of import lines: every problem names the field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssearcher.pipeline.records_in import BadRecord, parse_datetime, record_from_json


def test_good_record_keeps_unknown_keys_as_metadata() -> None:
    rec = record_from_json(
        {
            "id": "a1",
            "text": "Body",
            "title": " T ",
            "published": "2026-01-02T03:04:05Z",
            "lang": "EN",
            "gold_story": "s9",
            "extra": {"x": 1},
        }
    )
    assert rec.external_id == "a1"
    assert rec.title == "T"
    assert rec.lang == "en"
    assert rec.published == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert rec.metadata == {"gold_story": "s9", "extra": {"x": 1}}


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"text": "x"}, '"id"'),
        ({"id": "", "text": "x"}, '"id"'),
        ({"id": "a"}, '"text"'),
        ({"id": "a", "text": "   "}, '"text"'),
        ({"id": "a", "text": 5}, '"text"'),
        ({"id": "a", "text": "x", "published": "yesterday"}, '"published"'),
        ({"id": "a", "text": "x", "title": ["no"]}, '"title"'),
    ],
)
def test_bad_records_name_the_field(obj: dict, field: str) -> None:
    with pytest.raises(BadRecord) as info:
        record_from_json(obj)
    assert field in str(info.value)


def test_numeric_ids_are_kept_as_strings() -> None:
    assert record_from_json({"id": 42, "text": "x"}).external_id == "42"


def test_naive_times_are_utc() -> None:
    assert parse_datetime("2026-05-01T10:00:00").tzinfo == UTC
    assert parse_datetime("2026-05-01T10:00:00+02:00").hour == 8


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(), st.integers())))
def test_arbitrary_objects_either_parse_or_raise_badrecord(obj: dict) -> None:
    try:
        rec = record_from_json(obj)
    except BadRecord:
        return
    assert rec.external_id and rec.text.strip()


def test_record_to_json_round_trips() -> None:
    from newssearcher.pipeline.records_in import record_to_json

    original = record_from_json(
        {"id": "r1", "text": "Body", "title": "T", "published": "2026-01-02T03:04:05Z",
         "lang": "es", "gold_story": "s1"}
    )  # fmt: skip
    again = record_from_json(record_to_json(original))
    assert again == original
