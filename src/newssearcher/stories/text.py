"""Language-light text signals for story matching: content words, names and numbers.

Everything here works without a language model and across the Latin, Cyrillic, Greek,
Arabic and CJK scripts: words are lower-cased and cut to a short prefix (a crude stemmer that
also makes "Alibaba's"/"Alibaba" and many EN/ES cognates meet), names are capitalised words
that do not start a sentence, numbers are digit runs (which survive translation).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Lead = title + the first characters of the body: what gets embedded.
LEAD_CHARS = 480
# Lexical signals read a bounded prefix too, so cost per article stays flat.
LEXICAL_CHARS = 4000
STEM_CHARS = 6

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENT_END = re.compile(r"[.!?。！？:;\n]\s*$")

# Very common short function words of the languages the engine meets most often; longer
# words are kept. Only a speed/noise filter: the learned combiner sees overlaps, not words.
_STOP = frozenset(
    ["the", "and", "for", "that", "with", "this", "from", "have", "has", "had", "was", "were", "are", "been", "will", "would", "said", "says", "about", "into", "after", "over", "than", "then", "they", "their", "there", "them", "what", "when", "which", "while", "who", "whom", "whose", "also", "more", "most", "other", "some", "such", "only", "very", "just", "can", "could", "should", "may", "might", "must", "not", "but", "its", "our", "your", "his", "her", "him", "she", "you", "all", "any", "each", "out", "off", "per", "via", "yet", "los", "las", "del", "por", "para", "con", "una", "uno", "unos", "unas", "que", "como", "pero", "más", "sus", "este", "esta", "estos", "estas", "entre", "sobre", "desde", "hasta", "según", "sin", "sido", "ser", "han", "fue", "son", "está", "están", "también", "dijo", "der", "die", "das", "und", "den", "dem", "des", "ein", "eine", "einer", "eines", "mit", "von", "für", "auf", "ist", "sich", "nicht", "auch", "les", "des", "une", "est", "pour", "par", "dans", "sur", "qui", "que", "aux", "avec", "pas", "plus", "ont", "été"]
)


def lead_text(title: str | None, text: str, limit: int = LEAD_CHARS) -> str:
    """Title plus the start of the body, cut at a word boundary near ``limit`` characters."""
    body = " ".join(text.split())
    head = (title or "").strip()
    if head and body.startswith(head):
        body = body[len(head) :].lstrip()
    room = max(0, limit - len(head))
    if len(body) > room:
        cut = body.rfind(" ", 0, room)
        body = body[: cut if cut > room // 2 else room]
    return f"{head}. {body}" if head else body


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in word if not unicodedata.combining(ch))


@dataclass(slots=True, frozen=True)
class LexicalSignals:
    """The sets compared between two articles."""

    words: frozenset[str]  # stemmed content words
    counts: dict[str, int]  # term frequencies of ``words`` (for TF-IDF)
    names: frozenset[str]  # folded capitalised words (not sentence-initial)
    numbers: frozenset[str]  # digit runs of two or more digits


def lexical_signals(title: str | None, text: str, limit: int = LEXICAL_CHARS) -> LexicalSignals:
    source = f"{title}.\n{text[:limit]}" if title else text[:limit]
    counts: Counter[str] = Counter()
    names: set[str] = set()
    numbers: set[str] = set()
    prev_end = 0
    for match in _WORD.finditer(source):
        token = match.group(0)
        if token[0].isdigit():
            digits = re.sub(r"[.,]", "", token)
            if len(digits) >= 2:
                numbers.add(digits.lstrip("0") or "0")
            prev_end = match.end()
            continue
        if _CJK.search(token):
            # no spaces in CJK: character bigrams stand in for words
            chars = [c for c in token if _CJK.match(c)]
            counts.update(a + b for a, b in zip(chars, chars[1:], strict=False))
            prev_end = match.end()
            continue
        folded = _fold(token)
        if len(folded) >= 3 and folded not in _STOP:
            counts[folded[:STEM_CHARS]] += 1
        if token[0].isupper() and len(token) >= 2:
            gap = source[prev_end : match.start()]
            sentence_start = prev_end == 0 or bool(_SENT_END.search(source[:prev_end] + gap))
            if not sentence_start and folded not in _STOP:
                names.add(folded)
        prev_end = match.end()
    return LexicalSignals(frozenset(counts), dict(counts), frozenset(names), frozenset(numbers))


def overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, overlap coefficient) of two sets; zeros when either is empty."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


class TermStats:
    """Document frequencies for TF-IDF weights: a background table plus what was seen since.

    The story engine adds every article it places; ``similarity`` adds the texts of its
    input file. Rebuilt from stored texts when a new process continues a database.
    """

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.docs = 0

    def add(self, words: frozenset[str]) -> None:
        self.df.update(words)
        self.docs += 1

    def idf(self, word: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def weights(self, counts: dict[str, int]) -> dict[str, float]:
        return {w: (1.0 + math.log(c)) * self.idf(w) for w, c in counts.items()}

    def cosine(self, a: dict[str, int], b: dict[str, int]) -> float:
        if not a or not b:
            return 0.0
        wa = self.weights(a)
        wb = self.weights(b)
        if len(wa) > len(wb):
            wa, wb = wb, wa
        dot = sum(v * wb.get(k, 0.0) for k, v in wa.items())
        na = math.sqrt(sum(v * v for v in wa.values()))
        nb = math.sqrt(sum(v * v for v in wb.values()))
        return dot / (na * nb) if na and nb else 0.0
