"""Tokens, stems and sentences for stance and claim analysis (English and Spanish, no model).

Words are lower-cased; stems come from the Snowball stemmer of the text's guessed language
(English or Spanish, told apart by their function words). The sentence splitter cuts after
``. ! ?`` (with closing quotes) when a capital, digit or opening quote follows, unless the word
before the stop is a known abbreviation or an initial.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal list, as a set."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_PARAGRAPHS = re.compile(r"\s*\n\s*")
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’»)\]]*)\s+(?=[\"'“‘«(\[¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_ABBREVIATIONS = wordset("""
    mr mrs ms dr prof sr jr st gen gov sen rep rev lt col capt sgt pres jan feb mar apr jun
    jul aug sep sept oct nov dec no vs etc inc ltd co corp dept approx al sra srta dra ud uds
    """)

STOP_EN = wordset("""
    a an the and or but if of to in on at by for with from as into onto over under about
    after before than then that this these those there here it its it's is are was were be
    been being am do does did done have has had having will would shall should can could may
    might must i me my we us our you your he him his she her they them their what which who
    whom whose when where why how all any both each few more most other some such only own
    same so too very just also not no nor up down out off again further once s t don now
    """)
STOP_ES = wordset("""
    el la los las un una unos unas y o u e ni de del al a en por para con sin sobre entre
    hasta desde hacia que qué quien quién cual cuál cuyo como cómo cuando donde dónde se su
    sus le les lo me mi mis te tu tus nos nuestro nuestra es son fue fueron ser sido era
    está están estaba ha han había haber este esta estos estas ese esa esos esas aquel muy
    más menos ya también pero sino porque pues si no
    """)
_ES_MARKERS = wordset(
    "el la los las una del que por para con según pero también está están fue es son más"
)
_EN_MARKERS = wordset("the and of to is was are were that with for from by has have")


def fold(text: str) -> str:
    """Lower-case and strip accents ("Según" -> "segun")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; apostrophes kept inside words)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def guess_lang(tokens: list[str]) -> str:
    """'es' when Spanish function words outnumber English ones, else 'en'."""
    es = sum(1 for t in tokens if t in _ES_MARKERS)
    en = sum(1 for t in tokens if t in _EN_MARKERS)
    return "es" if es > en else "en"


_STEMMERS = {"en": snowballstemmer.stemmer("english"), "es": snowballstemmer.stemmer("spanish")}


@lru_cache(maxsize=200_000)
def _stem(word: str, lang: str) -> str:
    return fold(_STEMMERS[lang].stemWord(word))


def content_stems(tokens: list[str], lang: str | None = None) -> list[str]:
    """Stems of the tokens that are not stop words (of either language) nor one letter."""
    lang = lang or guess_lang(tokens)
    return [
        _stem(t, lang)
        for t in tokens
        if len(t) > 1 and t not in STOP_EN and t not in STOP_ES and not t.isdigit()
    ]


def _is_abbreviation(chunk: str) -> bool:
    last = chunk.rsplit(None, 1)[-1] if chunk.strip() else ""
    word = last.rstrip(".").lstrip("\"'“‘(«[").lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    return (len(word) == 1 and word.isalpha()) or bool(re.fullmatch(r"(?:\w\.)+\w", word))


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, in order; paragraphs (line breaks) always end a sentence."""
    out: list[str] = []
    for paragraph in _PARAGRAPHS.split(text):
        paragraph = _SPACES.sub(" ", paragraph).strip()
        if not paragraph:
            continue
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            chunk = paragraph[start : match.end(1)]
            if match.group(1).startswith(".") and _is_abbreviation(chunk):
                continue
            if chunk.strip():
                out.append(chunk.strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out
