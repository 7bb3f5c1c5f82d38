"""Sentence splitting and light text normalisation for the summary stage.

A rule-based splitter (no model): paragraphs first (blank lines or single newlines), then
sentence ends (``. ! ?`` plus closing quotes/brackets) followed by a capital, a digit or an
opening quote, unless the word before the full stop is a known abbreviation or an initial.
Good enough for news prose in English and Spanish, and fast (≈ 100k sentences/s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATION_LIST = """
    mr mrs ms dr prof sr jr st mt ft gen gov sen rep rev lt col capt cmdr sgt adm pres supt
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc ltd co corp bros dept
    est approx fig al u.s u.k u.n e.g i.e a.m p.m d.c u.s.a sra sres srta dra ud uds av
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())

_PARAGRAPH_SPLIT = re.compile(r"\s*\n\s*")
# A candidate boundary: terminal punctuation, optional closers, whitespace, then an opener.
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’»)\]]*)\s+(?=[\"'“‘«(\[¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass(slots=True, frozen=True)
class Sentence:
    """One sentence of one document, with where it was found."""

    text: str
    doc: int  # index of the document
    position: int  # index of the sentence within its document
    paragraph: int  # index of the paragraph within its document


def _is_abbreviation(chunk: str) -> bool:
    match = _LAST_WORD.search(chunk)
    if not match:
        return False
    word = match.group(1).rstrip(".").lstrip("\"'“‘(«[").lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # single initials ("J. K. Rowling") and dotted acronyms ("U.S.")
    return len(word) == 1 and word.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w", word))


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    paragraph = _SPACES.sub(" ", paragraph).strip()
    if not paragraph:
        return []
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(1)
        chunk = paragraph[start:end]
        if match.group(1).startswith(".") and _is_abbreviation(chunk):
            continue
        sentence = chunk.strip()
        if sentence:
            out.append(sentence)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_document(text: str, doc: int = 0) -> list[Sentence]:
    """All sentences of one document, in order."""
    out: list[Sentence] = []
    position = 0
    for p_index, paragraph in enumerate(p for p in _PARAGRAPH_SPLIT.split(text) if p.strip()):
        for sentence in split_paragraph(paragraph):
            out.append(Sentence(sentence, doc, position, p_index))
            position += 1
    return out


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
