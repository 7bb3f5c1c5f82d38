"""Known entities and their aliases: lookup by name, and a gazetteer that finds them in text.

The shipped table (``entity_alias_table.TABLE``) gives each entity a canonical name, a kind
and its other names in English and Spanish. ``known_entities()`` parses it once;
``lookup(name)`` resolves any alias; ``Gazetteer.find(tokens)`` scans tokenised text for the
longest alias at each position, honouring each alias's case rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from newssearcher.analysis.entity_alias_table import TABLE
from newssearcher.analysis.entity_normalise import Token, normalise, tokenize

KINDS = ("PERSON", "ORG", "GPE", "PRODUCT")


class AliasTableError(ValueError):
    """A malformed line in an alias table."""


@dataclass(frozen=True, slots=True)
class AliasForm:
    """One way of writing an entity's name, ready for matching in tokenised text."""

    surface: str
    norms: tuple[str, ...]
    caps: tuple[bool, ...]  # which tokens must be capitalised in text
    acronym: bool  # every letter must be a capital in text ("US", "EE.UU.")
    any_case: bool  # a common-noun phrase ("Chinese military") that matches in any case

    def accepts(self, tokens: list[Token]) -> bool:
        """Whether the text tokens (same norms) are written in a case this alias allows."""
        if self.any_case:
            return True
        if self.acronym:
            return all(t.is_upper or t.is_possessive for t in tokens)
        return all(
            (not need) or tok.is_capitalised for need, tok in zip(self.caps, tokens, strict=True)
        )


@dataclass(frozen=True, slots=True)
class KnownEntity:
    canonical: str
    kind: str
    aliases: tuple[AliasForm, ...] = field(default=())

    @property
    def keys(self) -> list[str]:
        """Normalised keys of the canonical name and every alias (no duplicates, in order)."""
        seen: dict[str, None] = {normalise(self.canonical): None}
        for form in self.aliases:
            seen.setdefault(normalise(form.surface), None)
        return [k for k in seen if k]


def make_form(surface: str, any_case: bool = False) -> AliasForm:
    toks = tokenize(surface)
    letters = [c for c in surface if c.isalpha()]
    acronym = bool(letters) and len(letters) >= 2 and all(c.isupper() for c in letters)
    return AliasForm(
        surface=surface,
        norms=tuple(t.norm for t in toks),
        caps=tuple(t.text[:1].isupper() for t in toks),
        acronym=acronym and not any_case,
        any_case=any_case,
    )


def parse_table(text: str, origin: str = "alias table") -> list[KnownEntity]:
    """Parse ``KIND | Canonical | alias …`` lines; raises ``AliasTableError`` naming the line."""
    out: list[KnownEntity] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[1]:
            raise AliasTableError(f"{origin} line {lineno}: expected 'KIND | Name | aliases…'")
        kind = parts[0].upper()
        if kind not in KINDS:
            raise AliasTableError(f"{origin} line {lineno}: unknown kind {parts[0]!r}")
        canonical = parts[1]
        forms: dict[tuple[str, ...], AliasForm] = {}
        for surface in [canonical, *parts[2:]]:
            if not surface:
                continue
            any_case = surface.startswith("~")
            form = make_form(surface.lstrip("~").strip(), any_case=any_case)
            if form.norms:
                forms.setdefault(form.norms, form)
        out.append(KnownEntity(canonical=canonical, kind=kind, aliases=tuple(forms.values())))
    return out


@lru_cache(maxsize=1)
def known_entities() -> tuple[KnownEntity, ...]:
    return tuple(parse_table(TABLE, origin="entity_alias_table"))


@lru_cache(maxsize=1)
def _key_index() -> dict[str, KnownEntity]:
    index: dict[str, KnownEntity] = {}
    for entity in known_entities():
        for key in entity.keys:
            index.setdefault(key, entity)
    return index


def lookup(name: str) -> KnownEntity | None:
    """The known entity that ``name`` (any alias, any case or accents) refers to, if any."""
    key = normalise(name)
    return _key_index().get(key) if key else None


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    start: int  # token index
    end: int  # token index, exclusive
    entity: KnownEntity
    form: AliasForm


class Gazetteer:
    """Longest-match finder of alias forms over tokenised text."""

    def __init__(self, entities: tuple[KnownEntity, ...] | list[KnownEntity]) -> None:
        self._forms: dict[tuple[str, ...], list[tuple[AliasForm, KnownEntity]]] = {}
        self._first: set[str] = set()
        self.max_len = 1
        for entity in entities:
            for form in entity.aliases:
                self._forms.setdefault(form.norms, []).append((form, entity))
                self._first.add(form.norms[0])
                self.max_len = max(self.max_len, len(form.norms))

    def find(self, tokens: list[Token]) -> list[GazetteerMatch]:
        out: list[GazetteerMatch] = []
        i, n = 0, len(tokens)
        while i < n:
            if tokens[i].norm not in self._first:
                i += 1
                continue
            matched: GazetteerMatch | None = None
            for length in range(min(self.max_len, n - i), 0, -1):
                key = tuple(t.norm for t in tokens[i : i + length])
                for form, entity in self._forms.get(key, ()):
                    if form.accepts(tokens[i : i + length]):
                        matched = GazetteerMatch(i, i + length, entity, form)
                        break
                if matched:
                    break
            if matched:
                out.append(matched)
                i = matched.end
            else:
                i += 1
        return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(known_entities())
