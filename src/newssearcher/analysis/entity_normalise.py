"""Tokens and matching keys for entity names: case, accents and punctuation folded away.

One tokenizer serves both the alias table and running text, so that a name in the table and
the same name in an article always produce the same token sequence. A possessive ``'s`` is a
token of its own (so "Alibaba's" still matches "Alibaba"); keys drop it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# initialisms with dots ("U.S.", "E.E.U.U."), then words (letters/digits, inner apostrophes
# or hyphens kept out), then a lone ampersand
_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S. / E.U.
    r"|[^\W_]+(?:[’'][^\W\d_]+)?"  # words, with one apostrophe part (O'Neill, People's)
    r"|&",
    re.UNICODE,
)
_POSSESSIVE_RE = re.compile(r"^(?P<base>.+?)[’'](?P<s>s)$", re.IGNORECASE)

#: leading words dropped from keys ("The White House" = "White House")
_LEADING_ARTICLES = {"the"}
#: legal-form suffixes dropped from organisation keys ("Alibaba Group Holding Ltd" -> alibaba…)
LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "llc",
    "plc",
    "sa",
    "s a",
    "ag",
    "gmbh",
    "co",
    "nv",
    "bv",
    "sl",
    "sau",
}


@dataclass(frozen=True, slots=True)
class Token:
    """One token of running text: its surface form, folded form and character offsets."""

    text: str
    norm: str
    start: int
    end: int

    @property
    def is_possessive(self) -> bool:
        return self.norm == "'s"

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; dotted initialisms are one token, possessives split off."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        surface = m.group(0)
        start = m.start()
        pm = _POSSESSIVE_RE.match(surface)
        if pm and len(pm.group("base")) > 1:
            base = pm.group("base")
            out.append(Token(base, _fold_token(base), start, start + len(base)))
            out.append(Token(surface[len(base) :], "'s", start + len(base), m.end()))
            continue
        out.append(Token(surface, _fold_token(surface), start, m.end()))
    return out


@lru_cache(maxsize=65536)
def _fold_token(surface: str) -> str:
    if surface == "&":
        return "and"
    folded = fold(surface)
    # "u.s." -> "us", "o'neill" -> "oneill"
    return folded.replace(".", "").replace("'", "")


def token_key(tokens: list[str]) -> tuple[str, ...]:
    """The sequence used to match aliases in text (possessives kept as their own token)."""
    return tuple(tokens)


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The matching key of a name: what ``EntityAlias.alias`` holds.

    >>> normalise("The People’s Liberation Army")
    'people liberation army'
    >>> normalise("Casa  Blanca")
    'casa blanca'
    """
    norms = [t.norm for t in tokenize(name) if not t.is_possessive]
    while len(norms) > 1 and norms[0] in _LEADING_ARTICLES:
        norms = norms[1:]
    while len(norms) > 1 and norms[-1] in LEGAL_SUFFIXES:
        norms = norms[:-1]
    return " ".join(norms)


def slugify(name: str) -> str:
    """A URL-safe slug: ``Alibaba Cloud`` -> ``alibaba-cloud``."""
    key = normalise(name)
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
    return slug or "entity"


def clean_surface(name: str) -> str:
    """Tidy a surface form: spaces collapsed, trailing possessive and punctuation removed."""
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"[’']s$", "", name)
    name = name.strip(" \t\"'“”‘’.,;:!?()[]{}-–—")
    return name
