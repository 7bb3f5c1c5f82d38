"""What the story engine knows about one article, and the features of a pair of articles.

An :class:`ArticleRep` holds three multilingual embeddings (the headline: the title, or the
first sentence when there is none; the lead: title + first lines; the body: the next stretch of
text), the lexical signals of :mod:`newssearcher.stories.text`, the publication time and the
language. :func:`pair_features` turns two reps into the fixed-length vector the
learned combiner (:mod:`newssearcher.stories.model`) scores: the cosines of the three
stretches with their counterparts and across (one outlet's headline often restates the
other's lead, in another language too), and the overlaps of words, names, numbers and
phrases (pairs of adjacent words).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newssearcher.stories.embedding import DIM, embed_texts
from newssearcher.stories.text import (
    LEAD_CHARS,
    LexicalSignals,
    TermStats,
    id_overlap,
    lead_text,
    lexical_signals,
    overlap,
)

BODY_CHARS = 900  # second embedded stretch, after the lead
HEADLINE_CHARS = 160  # the headline: the title, else the first sentence cut to this
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s)")

FEATURE_NAMES = (
    "cos_lead",
    "cos_body",
    "cos_cross",
    "cos_mean",
    "words_jaccard",
    "words_overlap",
    "names_jaccard",
    "names_overlap",
    "numbers_jaccard",
    "numbers_overlap",
    "numbers_shared",
    "short_side",
    "tfidf_cos",
    "cos_headline",
    "same_lang",
    "names_known",
    "numbers_known",
    "cos_head_lead",
    "cos_head_body",
    "bigrams_jaccard",
    "bigrams_overlap",
    "bigrams_shared",
)


@dataclass(slots=True)
class ArticleRep:
    lead: np.ndarray  # (512,) unit vector
    body: np.ndarray  # (512,) unit vector (= lead for short texts)
    lex: LexicalSignals
    published: datetime | None = None
    lang: str | None = None
    headline: np.ndarray | None = None  # (512,) unit vector; None: stored before it existed

    @property
    def head(self) -> np.ndarray:
        """The headline embedding (the lead's for articles stored without one)."""
        return self.lead if self.headline is None else self.headline

    def vectors_bytes(self) -> bytes:
        """The stored form of the embeddings: lead, body, headline (float32)."""
        return np.concatenate([self.lead, self.body, self.head]).astype(np.float32).tobytes()

    @staticmethod
    def vectors_from_bytes(blob: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """``(lead, body, headline)`` from :meth:`vectors_bytes` (older rows: no headline)."""
        vec = np.frombuffer(blob, dtype=np.float32)
        head = vec[2 * DIM : 3 * DIM].copy() if len(vec) >= 3 * DIM else None
        return vec[:DIM].copy(), vec[DIM : 2 * DIM].copy(), head

    @property
    def mean(self) -> np.ndarray:
        v = self.lead + self.body
        n = float(np.linalg.norm(v))
        return v / n if n else v


def body_text(title: str | None, text: str) -> str:
    """The stretch embedded after the lead (empty when the text is short)."""
    flat = " ".join(text.split())
    start = max(0, LEAD_CHARS - len(title or ""))
    if len(flat) <= start + 120:
        return ""
    chunk = flat[start : start + BODY_CHARS]
    cut = chunk.rfind(" ")
    return chunk[:cut] if cut > BODY_CHARS // 2 else chunk


def headline_text(title: str | None, text: str) -> str:
    """The title, or else the first sentence of the text (at most ``HEADLINE_CHARS``)."""
    if title and title.strip():
        return " ".join(title.split())[:HEADLINE_CHARS]
    flat = " ".join(text[: HEADLINE_CHARS * 2].split())
    end = _SENTENCE_END.search(flat, 20)
    if end is not None and end.end() <= HEADLINE_CHARS:
        return flat[: end.end()]
    cut = flat.rfind(" ", 0, HEADLINE_CHARS)
    return flat[: cut if cut > HEADLINE_CHARS // 2 else HEADLINE_CHARS]


def build_reps(
    items: list[tuple[str | None, str]],
    published: list[datetime | None] | None = None,
    langs: list[str | None] | None = None,
    embed: Callable[[list[str]], np.ndarray] = embed_texts,
) -> list[ArticleRep]:
    """Embed and analyse ``(title, text)`` pairs in one batch.

    ``embed`` turns texts into unit vectors: the shipped encoder, or another one that
    ``bench/compare_encoders.py`` measures against it."""
    leads = [lead_text(t, x) for t, x in items]
    bodies = [body_text(t, x) for t, x in items]
    need = [i for i, b in enumerate(bodies) if b]
    lead_vecs = embed(leads)
    head_vecs = embed([headline_text(t, x) for t, x in items])
    body_vecs = lead_vecs.copy()
    if need:
        body_vecs[need] = embed([bodies[i] for i in need])
    reps = []
    for i, (title, text) in enumerate(items):
        reps.append(
            ArticleRep(
                lead=lead_vecs[i],
                body=body_vecs[i],
                lex=lexical_signals(title, text),
                published=published[i] if published else None,
                lang=langs[i] if langs else None,
                headline=head_vecs[i],
            )
        )
    return reps


def same_lang(a: str | None, b: str | None) -> float:
    """1 for one language, 0 for two (cross-lingual cosines run lower), 0.5 when unknown."""
    if not a or not b:
        return 0.5
    return 1.0 if a == b else 0.0


def _cross(a_one: np.ndarray, a_two: np.ndarray, b_one: np.ndarray, b_two: np.ndarray) -> float:
    """The closer crossing of two stretches of articles a and b: a's first with b's second, or
    a's second with b's first."""
    return max(float(a_one @ b_two), float(a_two @ b_one))


def pair_features(a: ArticleRep, b: ArticleRep, stats: TermStats) -> np.ndarray:
    cos_lead = float(a.lead @ b.lead)
    cos_body = float(a.body @ b.body)
    cos_cross = _cross(a.lead, a.body, b.lead, b.body)
    cos_mean = float(a.mean @ b.mean)
    wj, wo, _ = id_overlap(a.lex.term_ids, b.lex.term_ids)
    # shared phrases (pairs of adjacent words): names and set phrases, which survive
    # lower-casing (gnews) where the capitalised names do not
    bj, bo, shared_bigrams = id_overlap(a.lex.bigram_ids, b.lex.bigram_ids)
    nj, no, _ = overlap(a.lex.names, b.lex.names)
    uj, uo, shared_numbers = overlap(a.lex.numbers, b.lex.numbers)
    # how much evidence the name and number overlaps rest on: disjoint names on both sides
    # speak against one story; no names at all (lower-cased text) says nothing
    names_known = min(len(a.lex.names), len(b.lex.names), 5) / 5.0
    numbers_known = min(len(a.lex.numbers), len(b.lex.numbers), 5) / 5.0
    short = min(len(a.lex.term_ids), len(b.lex.term_ids))
    short_side = min(short, 200) / 200.0
    return np.array(
        [
            cos_lead,
            cos_body,
            cos_cross,
            cos_mean,
            wj,
            wo,
            nj,
            no,
            uj,
            uo,
            min(shared_numbers, 5) / 5.0,
            short_side,
            stats.cosine(a.lex, b.lex),
            float(a.head @ b.head),
            same_lang(a.lang, b.lang),
            names_known,
            numbers_known,
            _cross(a.head, a.lead, b.head, b.lead),
            _cross(a.head, a.body, b.head, b.body),
            bj,
            bo,
            min(shared_bigrams, 10) / 10.0,
        ],
        dtype=np.float32,
    )
