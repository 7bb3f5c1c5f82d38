"""Extractive multi-document summaries with per-sentence citations (offline).

Method, one configuration for every story:

1. Split each document into sentences; keep as candidates the complete sentences (ending in
   ``. ! ?``, so no headlines, captions or cut-off teasers) of 10–60 words that do not look like
   page furniture (newsletter boxes, cookie notices, credits, links); at most the first
   ``MAX_CANDIDATES_PER_DOC`` of each document (news puts the essentials first, and the
   embedding of every sentence is what a summary costs).
2. Score each candidate by three signals, each rescaled to [0, 1] within the story and summed:
   its position in its document (news puts the essentials first), its TF-IDF similarity to
   the story's word centroid, and its embedding similarity to the story's embedding centroid.
3. Pick sentences greedily by maximal marginal relevance (0.7 · score − 0.3 · similarity to what
   is already picked), skipping near-repeats, until the word budget is reached.
4. Order them by position in their document, then by document (leads first, documents in the
   order given — callers pass them oldest first).
5. Cite, for every picked sentence, every document that holds it or a near-identical sentence
   (embedding cosine, with a word-overlap check; translations are matched across languages).
   Every document's first ``MAX_CANDIDATES_PER_DOC`` complete sentences are compared; a later
   one (in the story's language) only when it shares words with a picked sentence
   (``CITE_PREFILTER``), so that is the only part of a long document that gets embedded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newssearcher.stories.embedding import embed_cached as embed_sentences
from newssearcher.summary.sentences import Sentence, split_document, word_count
from newssearcher.summary.vectors import (
    content_words,
    tfidf_centrality,
    token_containment,
)

#: Summary length in words, chosen once for every story.
WORD_BUDGET = 250
MIN_WORDS = 10
MAX_WORDS = 60
MMR_LAMBDA = 0.7
POSITION_SCALE = 10.0
#: a candidate this similar to a picked sentence is a repeat, never picked
REPEAT_COSINE = 0.85
#: same-language near-identical sentence (or a looser cosine plus shared words)
CITE_COSINE = 0.88
CITE_COSINE_WITH_OVERLAP = 0.70
CITE_OVERLAP = 0.70
#: a sentence in another language close enough to be its translation
CITE_COSINE_CROSS_LANG = 0.78
#: complete sentences of each document considered (candidates, and for citations)
MAX_CANDIDATES_PER_DOC = 12
#: a later same-language sentence sharing this much of a picked sentence's words is compared too
CITE_PREFILTER = 0.4

_FURNITURE = re.compile(
    r"(cookie|subscribe|newsletter|click here|sign up|advertisement|all rights reserved|©|"
    r"https?:|www\.|javascript|mailing list|photo:|image:|getty images|follow us|share this|"
    r"email address|related:|read more|suscr[ií]b|publicidad|derechos reservados|leer m[aá]s)",
    re.IGNORECASE,
)

_COMPLETE = re.compile(r"[.!?][\"'”’»)\]]*$")


@dataclass(slots=True)
class SummarySentence:
    """One sentence of a summary and the documents (indices) it came from."""

    text: str
    citations: list[int]
    doc: int = 0
    position: int = 0
    score: float = 0.0


@dataclass(slots=True)
class Summary:
    sentences: list[SummarySentence] = field(default_factory=list)
    method: str = "extractive"
    lang: str | None = None
    note: str | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(word_count(s.text) for s in self.sentences)


def _rescale(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-9:
        return np.ones_like(x)
    return (x - lo) / (hi - lo)


def _main_language(langs: Sequence[str | None]) -> str | None:
    counts = Counter(lang for lang in langs if lang)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def is_candidate(text: str) -> bool:
    """Whether a sentence may enter a summary: a complete sentence (not a headline, caption
    or cut-off teaser) of reasonable length that is not page furniture."""
    text = text.strip()
    return (
        MIN_WORDS <= word_count(text) <= MAX_WORDS
        and _COMPLETE.search(text) is not None
        and not text.endswith(("...", "…"))
        and not _FURNITURE.search(text)
    )


def _citations(
    picked: list[int],
    sentences: list[Sentence],
    vectors: np.ndarray,
    doc_langs: list[str | None],
) -> list[list[int]]:
    sims = vectors[picked] @ vectors.T
    out: list[list[int]] = []
    for row, i in enumerate(picked):
        own = sentences[i]
        docs = {own.doc}
        for j in np.flatnonzero(sims[row] >= min(CITE_COSINE_WITH_OVERLAP, CITE_COSINE_CROSS_LANG)):
            other = sentences[int(j)]
            if other.doc in docs:
                continue
            cos = float(sims[row, j])
            la, lb = doc_langs[own.doc], doc_langs[other.doc]
            if la and lb and la != lb:
                match = cos >= CITE_COSINE_CROSS_LANG
            else:
                match = cos >= CITE_COSINE or (
                    cos >= CITE_COSINE_WITH_OVERLAP
                    and token_containment(own.text, other.text) >= CITE_OVERLAP
                )
            if match:
                docs.add(other.doc)
        out.append(sorted(docs))
    return out


def _first_per_doc(indices: list[int], sentences: list[Sentence]) -> list[int]:
    """The first ``MAX_CANDIDATES_PER_DOC`` of ``indices`` (in order) of each document."""
    seen: Counter[int] = Counter()
    out = []
    for i in indices:
        doc = sentences[i].doc
        if seen[doc] < MAX_CANDIDATES_PER_DOC:
            seen[doc] += 1
            out.append(i)
    return out


def _later_matches(
    chosen: list[int],
    sentences: list[Sentence],
    complete: list[bool],
    embedded: set[int],
    same_lang: Callable[[Sentence], bool],
) -> list[int]:
    """Complete same-language sentences past the per-document cap that share enough words with
    a picked sentence to be its near-copy (they are compared for citations)."""
    picked = [set(content_words(sentences[i].text)) for i in chosen]
    out = []
    for i, s in enumerate(sentences):
        if i in embedded or not complete[i] or not same_lang(s):
            continue
        words = set(content_words(s.text))
        if words and any(
            p and len(p & words) / min(len(p), len(words)) >= CITE_PREFILTER for p in picked
        ):
            out.append(i)
    return out


def summarise(
    documents: Sequence[str],
    *,
    word_budget: int = WORD_BUDGET,
    langs: Sequence[str | None] | None = None,
) -> Summary:
    """Summarise ``documents`` (one story; oldest first) within about ``word_budget`` words.

    ``langs`` (one per document, optional) restricts the sentences picked to the story's main
    language; documents in other languages still get cited for sentences they translate.
    """
    doc_langs: list[str | None] = list(langs) if langs is not None else [None] * len(documents)
    if len(doc_langs) != len(documents):
        raise ValueError(f"langs has {len(doc_langs)} entries for {len(documents)} documents")
    main_lang = _main_language(doc_langs)
    sentences: list[Sentence] = []
    for d, text in enumerate(documents):
        sentences.extend(split_document(text or "", d))
    if not sentences:
        return Summary(lang=main_lang, note="no text to summarise")

    def in_main_lang(s: Sentence) -> bool:
        return main_lang is None or doc_langs[s.doc] in (main_lang, None)

    complete = [is_candidate(s.text) for s in sentences]
    early = _first_per_doc([i for i in range(len(sentences)) if complete[i]], sentences)
    candidates = [i for i in early if in_main_lang(sentences[i])]
    if not candidates:  # short or unusual texts: fall back to every sentence in the language
        candidates = _first_per_doc(
            [i for i, s in enumerate(sentences) if in_main_lang(s)], sentences
        )
    # Only sentences that could be picked, or match a picked one, need a vector: the early
    # ones now (one batch), later ones once the picks are known.
    embedded = sorted(set(early) | set(candidates))
    row_of = {i: r for r, i in enumerate(embedded)}
    vectors = embed_sentences([sentences[i].text for i in embedded])
    cand_vecs = vectors[[row_of[i] for i in candidates]]
    centroid = cand_vecs.mean(axis=0)
    centroid /= float(np.linalg.norm(centroid)) or 1.0
    position = np.array([1.0 / (1.0 + sentences[i].position / POSITION_SCALE) for i in candidates])
    lexical = tfidf_centrality([sentences[i].text for i in candidates])
    semantic = cand_vecs @ centroid
    scores = position + _rescale(lexical) + _rescale(semantic)

    sim = cand_vecs @ cand_vecs.T
    remaining = np.ones(len(candidates), dtype=bool)
    redundancy = np.zeros(len(candidates))
    picked: list[int] = []
    total = 0
    while total < word_budget and remaining.any():
        mmr = MMR_LAMBDA * scores - (1.0 - MMR_LAMBDA) * redundancy
        mmr[~remaining] = -np.inf
        best = int(np.argmax(mmr))
        remaining[best] = False
        if picked and redundancy[best] > REPEAT_COSINE:
            continue
        picked.append(best)
        total += word_count(sentences[candidates[best]].text)
        redundancy = np.maximum(redundancy, sim[best])

    picked.sort(key=lambda k: (sentences[candidates[k]].position, sentences[candidates[k]].doc))
    chosen = [candidates[k] for k in picked]
    later = _later_matches(chosen, sentences, complete, set(embedded), in_main_lang)
    if later:
        row_of.update((i, len(embedded) + r) for r, i in enumerate(later))
        embedded += later
        vectors = np.vstack([vectors, embed_sentences([sentences[i].text for i in later])])
    cites = _citations(
        [row_of[i] for i in chosen], [sentences[i] for i in embedded], vectors, doc_langs
    )
    out = [
        SummarySentence(
            text=sentences[i].text,
            citations=c,
            doc=sentences[i].doc,
            position=sentences[i].position,
            score=float(scores[k]),
        )
        for i, k, c in zip(chosen, picked, cites, strict=True)
    ]
    return Summary(sentences=out, lang=main_lang)
