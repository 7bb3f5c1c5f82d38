"""Reading the labelled evaluation files: a bad line stops the read and says where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from newssearcher.labelled import BadLabelledFile, read_jsonl, read_labelled


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_are_read_in_order_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"id": "a", "gold": 1}', "", "   ", '{"id": "b", "gold": 2}')
    assert read_jsonl(path) == [{"id": "a", "gold": 1}, {"id": "b", "gold": 2}]
    assert read_labelled(path, lambda o: o["gold"] * 10, "pair") == [10, 20]


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ('{"id": "b", ', "Expecting"),  # invalid JSON
        ('["b", 2]', "expected a JSON object, got list"),
        ('{"id": "b"}', "'gold'"),  # a field the parser needs is missing
        ('{"id": "b", "gold": "x"}', "unsupported operand"),  # a field of the wrong type
    ],
)
def test_a_bad_line_names_the_file_and_the_line(tmp_path: Path, bad: str, why: str) -> None:
    path = _write(tmp_path, '{"id": "a", "gold": 1}', "", bad, '{"id": "c", "gold": 3}')
    with pytest.raises(BadLabelledFile, match=rf"dev\.jsonl:3: bad pair \(.*{why}") as caught:
        read_labelled(path, lambda o: o["gold"] - 1, "pair")
    assert str(path) in str(caught.value)
