"""The query language of user-defined hubs, and matching it against an article.

Syntax (full-text style, case and accents ignored):

* ``word`` — the word, or another form of it (English/Spanish stems: "attack" ~ "attacks");
  ``word*`` matches any word starting with ``word``;
* ``"a phrase"`` — the words in this order;
* ``entity:NAME`` or ``entity:"Long Name"`` — the article mentions that entity under any of
  its aliases ("entity:PLA" matches "People's Liberation Army");
* terms side by side must all match; ``a OR b`` (or ``a | b``) matches either;
* ``-term`` excludes articles where the term matches.

``parse_query`` raises ``QueryError`` naming what is wrong and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from newssearcher.analysis.entity_aliases import lookup
from newssearcher.analysis.entity_normalise import normalise, tokenize


class QueryError(ValueError):
    """A hub query that cannot be parsed."""


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # word | prefix | phrase | entity
    value: str  # as written
    tokens: tuple[str, ...]  # folded tokens (words and phrases), normalised key (entity)


@dataclass(slots=True)
class HubQuery:
    text: str
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)

    def entity_terms(self) -> list[Term]:
        terms = [t for g in self.groups for t in g] + self.excluded
        return [t for t in terms if t.kind == "entity"]


_LEX_RE = re.compile(
    r"""\s*(?:
        (?P<or>OR(?=\s|$)|\|)
      | (?P<neg>-)?(?P<entity>entity:)(?:"(?P<eq>[^"]*)"|(?P<ew>[^\s"]+))
      | (?P<neg2>-)?"(?P<phrase>[^"]*)"
      | (?P<neg3>-)?(?P<word>[^\s"|]+)
    )""",
    re.VERBOSE,
)


def parse_query(text: str) -> HubQuery:
    """Parse a hub query (see the module docstring)."""
    if text is None or not text.strip():
        raise QueryError("empty query: give at least one word, phrase or entity:NAME")
    if text.count('"') % 2:
        raise QueryError(f"unbalanced quote in query {text!r}")
    query = HubQuery(text=text.strip())
    pos = 0
    pending_or = False
    stripped = text.rstrip()
    while pos < len(stripped):
        m = _LEX_RE.match(stripped, pos)
        if not m or m.end() == pos:
            raise QueryError(f"cannot read query {text!r} at character {pos + 1}")
        pos = m.end()
        if m.group("or"):
            if not query.groups or pending_or:
                raise QueryError(f"OR without a term before it in {text!r} (character {pos})")
            pending_or = True
            continue
        negated = bool(m.group("neg") or m.group("neg2") or m.group("neg3"))
        term = _make_term(m, text, pos)
        if negated:
            if pending_or:
                raise QueryError(f"cannot OR an exclusion in {text!r} (character {pos})")
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
    if pending_or:
        raise QueryError(f"OR without a term after it in {text!r}")
    if not query.groups:
        raise QueryError(f"query {text!r} only excludes; give at least one term to match")
    return query


def _make_term(m: re.Match[str], text: str, pos: int) -> Term:
    if m.group("entity"):
        name = (m.group("eq") if m.group("eq") is not None else m.group("ew")) or ""
        key = normalise(name)
        if not key:
            raise QueryError(f"entity: needs a name in {text!r} (character {pos})")
        return Term("entity", name, (key,))
    if m.group("phrase") is not None:
        toks = tuple(t.norm for t in tokenize(m.group("phrase")) if not t.is_possessive)
        if not toks:
            raise QueryError(f"empty phrase in {text!r} (character {pos})")
        return Term("phrase", m.group("phrase"), toks)
    word = m.group("word")
    if word.lower().startswith("entity:"):
        raise QueryError(f"entity: needs a name in {text!r} (character {pos})")
    prefix = word.endswith("*") and len(word) > 1
    toks = tuple(t.norm for t in tokenize(word.rstrip("*")) if not t.is_possessive)
    if not toks:
        raise QueryError(f"term {word!r} has no letters or digits (query {text!r})")
    if len(toks) > 1:
        return Term("phrase", word, toks)
    return Term("prefix" if prefix else "word", word, toks)


@lru_cache(maxsize=1)
def _stemmers() -> tuple[snowballstemmer.stemmer, snowballstemmer.stemmer]:
    return snowballstemmer.stemmer("english"), snowballstemmer.stemmer("spanish")


@lru_cache(maxsize=65536)
def _stems(word: str) -> frozenset[str]:
    en, es = _stemmers()
    return frozenset((en.stemWord(word), es.stemWord(word)))


@dataclass(slots=True)
class QueryDoc:
    """One article prepared for matching."""

    tokens: list[str]
    token_set: set[str]
    stem_set: set[str]
    entity_keys: set[str]  # normalised aliases of the entities it mentions

    @classmethod
    def build(cls, text: str, entity_keys: set[str] | None = None) -> QueryDoc:
        tokens = [t.norm for t in tokenize(text) if not t.is_possessive]
        token_set = set(tokens)
        stem_set: set[str] = set()
        for tok in token_set:
            stem_set |= _stems(tok)
        return cls(tokens, token_set, stem_set, entity_keys or set())


def _has_phrase(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    first = phrase[0]
    return any(
        tokens[i] == first and tuple(tokens[i : i + n]) == phrase
        for i in range(len(tokens) - n + 1)
    )


def term_matches(term: Term, doc: QueryDoc) -> bool:
    if term.kind == "word":
        word = term.tokens[0]
        return word in doc.token_set or bool(_stems(word) & doc.stem_set)
    if term.kind == "prefix":
        return any(tok.startswith(term.tokens[0]) for tok in doc.token_set)
    if term.kind == "phrase":
        return _has_phrase(doc.tokens, term.tokens)
    # entity: a stored entity of the article answering to the name, or, failing that, the
    # name or one of its known aliases written in the text
    keys = entity_keys_for(term.value)
    if keys & doc.entity_keys:
        return True
    return any(_has_phrase(doc.tokens, tuple(k.split())) for k in keys)


@lru_cache(maxsize=1024)
def _known_keys(name: str) -> frozenset[str]:
    known = lookup(name)
    keys = {normalise(name)}
    if known is not None:
        keys.update(known.keys)
    return frozenset(k for k in keys if k)


def entity_keys_for(name: str) -> set[str]:
    """The normalised names an ``entity:NAME`` term accepts (the shipped table's aliases too)."""
    return set(_known_keys(name))


def matches(query: HubQuery, doc: QueryDoc) -> bool:
    if any(term_matches(t, doc) for t in query.excluded):
        return False
    return all(any(term_matches(t, doc) for t in group) for group in query.groups)
