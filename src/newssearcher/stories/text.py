"""Language-light text signals for story matching: content words, names, numbers, phrases.

Everything here works without a language model and across the Latin, Cyrillic, Greek,
Arabic and CJK scripts: words are lower-cased and cut to a short prefix (a crude stemmer that
also makes "Alibaba's"/"Alibaba" and many EN/ES cognates meet), names are capitalised words
that do not start a sentence, numbers are digit runs (which survive translation; written in
Arabic-Indic, full-width or other digits they are read as the same number), phrases are pairs
of adjacent words (names and set phrases that survive lower-casing).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# Lead = title + the first characters of the body: what gets embedded.
LEAD_CHARS = 480
# Lexical signals read a bounded prefix too, so cost per article stays flat.
LEXICAL_CHARS = 4000
STEM_CHARS = 6
HASH_BUCKETS = 1 << 20

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENT_END = re.compile(r"[.!?。！？:;\n]\s*$")

# Very common short function words of the languages the engine meets most often; longer
# words are kept. Only a speed/noise filter: the learned combiner sees overlaps, not words.
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "been",
        "will",
        "would",
        "said",
        "says",
        "about",
        "into",
        "after",
        "over",
        "than",
        "then",
        "they",
        "their",
        "there",
        "them",
        "what",
        "when",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "also",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "very",
        "just",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "not",
        "but",
        "its",
        "our",
        "your",
        "his",
        "her",
        "him",
        "she",
        "you",
        "all",
        "any",
        "each",
        "out",
        "off",
        "per",
        "via",
        "yet",
        "los",
        "las",
        "del",
        "por",
        "para",
        "con",
        "una",
        "uno",
        "unos",
        "unas",
        "que",
        "como",
        "pero",
        "más",
        "sus",
        "este",
        "esta",
        "estos",
        "estas",
        "entre",
        "sobre",
        "desde",
        "hasta",
        "según",
        "sin",
        "sido",
        "ser",
        "han",
        "fue",
        "son",
        "está",
        "están",
        "también",
        "dijo",
        "der",
        "die",
        "das",
        "und",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "mit",
        "von",
        "für",
        "auf",
        "ist",
        "sich",
        "nicht",
        "auch",
        "les",
        "des",
        "une",
        "est",
        "pour",
        "par",
        "dans",
        "sur",
        "qui",
        "que",
        "aux",
        "avec",
        "pas",
        "plus",
        "ont",
        "été",
    ]
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


@dataclass(slots=True, frozen=True, eq=False)
class LexicalSignals:
    """The sets compared between two articles."""

    term_ids: np.ndarray  # sorted unique hashed stems of content words (uint32)
    term_tf: np.ndarray  # 1 + log(term frequency), aligned with term_ids (float32)
    names: frozenset[str]  # folded capitalised words (not sentence-initial)
    numbers: frozenset[str]  # digit runs of two or more digits, in ASCII digits
    # sorted unique hashed pairs of adjacent words (content stems and numbers, in text order;
    # CJK character bigrams as words): a phrase such as a name survives lower-casing
    bigram_ids: np.ndarray


def lexical_signals(title: str | None, text: str, limit: int = LEXICAL_CHARS) -> LexicalSignals:
    source = f"{title}.\n{text[:limit]}" if title else text[:limit]
    counts: Counter[str] = Counter()
    names: set[str] = set()
    numbers: set[str] = set()
    sequence: list[str] = []  # the words in text order, for the bigrams
    prev_end = 0
    for match in _WORD.finditer(source):
        token = match.group(0)
        if token[0].isdigit():
            digits = "".join(str(unicodedata.digit(c)) for c in token if c not in ".,")
            if len(digits) >= 2:
                numbers.add(digits.lstrip("0") or "0")
            sequence.append(digits)
            prev_end = match.end()
            continue
        if _CJK.search(token):
            # no spaces in CJK: character bigrams stand in for words
            chars = [c for c in token if _CJK.match(c)]
            units = [a + b for a, b in zip(chars, chars[1:], strict=False)]
            counts.update(units)
            sequence.extend(units)
            prev_end = match.end()
            continue
        folded = _fold(token)
        if len(folded) >= 3 and folded not in _STOP:
            counts[folded[:STEM_CHARS]] += 1
            sequence.append(folded[:STEM_CHARS])
        if token[0].isupper() and len(token) >= 2:
            gap = source[prev_end : match.start()]
            sentence_start = prev_end == 0 or bool(_SENT_END.search(source[:prev_end] + gap))
            if not sentence_start and folded not in _STOP:
                names.add(folded)
        prev_end = match.end()
    ids = np.fromiter((hashed(w) for w in counts), np.uint32, len(counts))
    tf = np.fromiter(counts.values(), np.float32, len(counts))
    ids, first = np.unique(ids, return_index=True)  # rare hash collisions: keep one
    tf = 1.0 + np.log(tf[first])
    bigrams = np.unique(
        np.fromiter(
            (hashed(f"{a} {b}") for a, b in zip(sequence, sequence[1:], strict=False)),
            np.uint32,
            max(len(sequence) - 1, 0),
        )
    )
    return LexicalSignals(ids, tf.astype(np.float32), frozenset(names), frozenset(numbers), bigrams)


def hashed(unit: str) -> int:
    """A term's (or bigram's) bucket: CRC-32 of its UTF-8 modulo :data:`HASH_BUCKETS`."""
    return zlib.crc32(unit.encode("utf-8")) % HASH_BUCKETS


def id_overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, int]:
    """(Jaccard, overlap coefficient, ids shared) of two sorted unique id arrays."""
    if not len(a) or not len(b):
        return 0.0, 0.0, 0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b)), inter


def overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float, int]:
    """(Jaccard, overlap coefficient, items shared) of two sets; zeros when either is empty."""
    if not a or not b:
        return 0.0, 0.0, 0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b)), inter


class TermStats:
    """Document frequencies for TF-IDF weights over hashed terms.

    The story engine adds every article it places; ``similarity`` adds the texts of its
    input. Rebuilt from stored texts when a new process continues a database.
    """

    def __init__(self) -> None:
        self.df = np.zeros(HASH_BUCKETS, dtype=np.int32)
        self.docs = 0

    @classmethod
    def of(cls, signals: Iterable[LexicalSignals]) -> TermStats:
        """The statistics of a fixed collection."""
        stats = cls()
        for lex in signals:
            stats.add(lex)
        return stats

    def add(self, lex: LexicalSignals) -> None:
        self.df[lex.term_ids] += 1
        self.docs += 1

    def weights(self, lex: LexicalSignals) -> np.ndarray:
        idf = np.log((self.docs + 1) / (self.df[lex.term_ids] + 1.0)) + 1.0
        w = lex.term_tf * idf
        n = float(np.sqrt(w @ w))
        return w / n if n else w

    def cosine(self, a: LexicalSignals, b: LexicalSignals) -> float:
        if not len(a.term_ids) or not len(b.term_ids):
            return 0.0
        _, ia, ib = np.intersect1d(a.term_ids, b.term_ids, assume_unique=True, return_indices=True)
        if not len(ia):
            return 0.0
        return float(self.weights(a)[ia] @ self.weights(b)[ib])
