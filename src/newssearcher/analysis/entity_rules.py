"""Rule-based pieces of entity extraction that need no model.

* acronym definitions ("Full Name (ACR)") learned from the text itself;
* titles and honorifics stripped from names ("President Joe Biden" -> "Joe Biden");
* capitalised spans as entity candidates (the Spanish extractor; no Spanish model ships);
* a cheap guess of a paragraph's language, so a Spanish caption inside an English article is
  not fed to the English model;
* heading lines ("Alibaba Denies White House Claims"), where capitals say nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newssearcher.analysis.entity_normalise import Token, fold, tokenize

# ---------------------------------------------------------------------------------------------
# acronyms

_ACRONYM_RE = re.compile(r"\(\s*([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9&.\-]{1,9})\s*\)")
_WORD_RE = re.compile(r"[^\W\d_][\w’'\-\.]*", re.UNICODE)
_MAX_LONG_FORM_WORDS = 12


@dataclass(frozen=True, slots=True)
class AcronymDefinition:
    acronym: str
    long_form: str
    start: int  # character offset of the long form


def find_acronym_definitions(text: str) -> list[AcronymDefinition]:
    """Pairs written as ``Long Form (ACR)``, e.g. "People's Liberation Army (PLA)".

    The long form is the shortest run of words before the parenthesis that starts with a
    capitalised word beginning with the acronym's first letter, ends with a word beginning with
    its last letter, and whose word initials contain the acronym's letters in order.
    """
    out: list[AcronymDefinition] = []
    for m in _ACRONYM_RE.finditer(text):
        acronym = m.group(1).rstrip(".-")
        letters = [fold(c) for c in acronym if c.isalpha()]
        if len(letters) < 2 or not any(c.isupper() for c in acronym):
            continue
        window_start = max(0, m.start() - 200)
        before = text[window_start : m.start()]
        # only the current clause: stop at sentence punctuation or a line break
        cut = max(before.rfind(ch) for ch in ".;:!?\n(")
        if cut >= 0:
            window_start += cut + 1
            before = before[cut + 1 :]
        words = list(_WORD_RE.finditer(before))[-_MAX_LONG_FORM_WORDS:]
        for k in range(len(words) - 1, -1, -1):
            span = words[k:]
            first = span[0].group(0)
            if not first[:1].isupper() or fold(first[:1]) != letters[0]:
                continue
            if fold(span[-1].group(0)[:1]) != letters[-1] and len(span) > 1:
                continue
            initials = [fold(w.group(0)[:1]) for w in span]
            if _is_subsequence(letters, initials) and len(span) >= len(letters) - 1:
                long_form = before[span[0].start() : span[-1].end()].strip()
                if fold(long_form.replace(" ", "")) != fold(acronym):
                    out.append(
                        AcronymDefinition(acronym, long_form, window_start + span[0].start())
                    )
                break
    return out


def _is_subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(h == c for h in it) for c in needle)


# ---------------------------------------------------------------------------------------------
# titles

_TITLES = {
    # English
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "gen",
    "general",
    "admiral",
    "chancellor",
    "ceo",
    "chief",
    "executive",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "judge",
    "justice",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "former",
    "late",
    # Spanish
    "presidente",
    "presidenta",
    "vicepresidente",
    "vicepresidenta",
    "ministro",
    "ministra",
    "secretario",
    "secretaria",
    "senador",
    "senadora",
    "diputado",
    "diputada",
    "gobernador",
    "gobernadora",
    "alcalde",
    "alcaldesa",
    "sr",
    "sra",
    "srta",
    "don",
    "dona",
    "doctor",
    "doctora",
    "canciller",
    "consejero",
    "consejera",
    "portavoz",
    "directora",
    "juez",
    "jueza",
    "rey",
    "reina",
    "principe",
    "princesa",
    "expresidente",
    "expresidenta",
    "exministro",
    "exministra",
}


def strip_titles(surface: str) -> str:
    """Drop leading titles and honorifics: "President Joe Biden" -> "Joe Biden".

    A name made only of titles ("General") is returned unchanged.
    """
    tokens = tokenize(surface)
    k = 0
    while k < len(tokens) - 1 and tokens[k].norm in _TITLES:
        k += 1
    if k == 0:
        return surface
    rest = surface[tokens[k].start :].strip()
    return rest or surface


def is_title_only(surface: str) -> bool:
    """Whether a name is made only of titles ("Chief Executive", "Presidente")."""
    tokens = tokenize(surface)
    return bool(tokens) and all(t.norm in _TITLES for t in tokens)


# ---------------------------------------------------------------------------------------------
# language of a paragraph

_EN_STOP = {
    "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "as", "was", "by",
    "it", "are", "be", "this", "from", "has", "have", "at", "its", "which", "an", "said",
}  # fmt: skip
_ES_STOP = {
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "con",
    "para", "es", "se", "al", "lo", "su", "sus", "como", "sobre", "ha", "fue", "dijo", "pero",
}  # fmt: skip


def guess_language(text: str) -> str | None:
    """``"en"``, ``"es"`` or None (too little evidence), from function-word counts."""
    words = [t.norm for t in tokenize(text)]
    en = sum(1 for w in words if w in _EN_STOP)
    es = sum(1 for w in words if w in _ES_STOP)
    if en + es < 2:
        return None
    if es >= 2 * en + 1:
        return "es"
    if en >= 2 * es + 1:
        return "en"
    return None


# ---------------------------------------------------------------------------------------------
# headings

_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")


def is_heading(line: str) -> bool:
    """A short line without final punctuation whose words are mostly capitalised."""
    line = line.strip()
    if not line or len(line) > 200 or _SENTENCE_END.search(line):
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    if len(words) < 2:
        return len(words) == 1
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.6


# ---------------------------------------------------------------------------------------------
# capitalised spans (Spanish, and anything the model does not cover)

_CONNECTORS = {
    "de", "del", "la", "las", "los", "y", "e", "para", "of", "the", "for", "and", "von", "van", "da",
}  # fmt: skip
_CONJUNCTIONS = {"y", "e", "and"}  # at most one inside a name: "Castilla y León y Extremadura"
#: capitalised words that open sentences or headlines but are no names
_COMMON_CAPITALISED = {
    # Spanish function words and frequent sentence openers
    "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "al", "del", "de", "en", "y",
    "o", "a", "ante", "bajo", "con", "contra", "desde", "durante", "entre", "hacia", "hasta",
    "para", "por", "segun", "sin", "sobre", "tras", "que", "quien", "cuando", "como", "donde",
    "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas", "aquel", "su", "sus",
    "mi", "tu", "nuestro", "nuestra", "se", "no", "si", "ya", "tambien", "ademas", "pero",
    "sin embargo", "asi", "aunque", "mientras", "hoy", "ayer", "manana", "ahora", "luego",
    "despues", "antes", "otro", "otra", "otros", "otras", "todo", "todos", "toda", "todas",
    "cada", "mas", "menos", "muy", "hay", "es", "son", "fue", "era", "ha", "han", "imagen", "foto", "video", "vídeo", "fuente", "fuentes", "comentarios", "leer", "ver",
    "noticias", "ultima", "hora", "actualizado", "publicado", "articulo", "lunes", "martes",
    "miercoles", "jueves", "viernes", "sabado", "domingo", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
    "noviembre", "diciembre",
    # English openers (for rule spans on English text)
    "the", "an", "this", "that", "these", "those", "it", "its", "in", "on", "at", "for",
    "but", "and", "or", "as", "if", "when", "while", "after", "before", "according", "he",
    "she", "they", "we", "i", "you", "there", "here", "what", "why", "how", "who", "new",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip

_ORG_WORDS = {
    "ministerio", "banco", "universidad", "partido", "gobierno", "agencia", "comision",
    "consejo", "tribunal", "fundacion", "asociacion", "instituto", "grupo", "compania",
    "empresa", "ejercito", "policia", "fuerzas", "club", "federacion", "sindicato",
    "corporacion", "hospital", "ayuntamiento", "junta", "generalitat", "xunta", "congreso",
    "senado", "parlamento", "audiencia", "fiscalia", "embajada", "oficina", "autoridad",
    "servicio", "centro", "camara", "confederacion", "ministry", "bank", "university",
    "party", "agency", "commission", "council", "court", "institute", "group", "company",
    "corp", "inc", "ltd", "sa", "department", "office", "authority", "embassy", "association",
    "foundation", "union", "army", "navy", "force", "forces", "police", "committee",
    "technologies", "systems", "networks", "labs", "software", "holdings", "airlines",
}  # fmt: skip
_PLACE_WORDS = {
    "ciudad", "provincia", "isla", "islas", "rio", "mar", "golfo", "valle", "sierra",
    "comunidad", "region", "peninsula", "estrecho", "lago", "monte", "city", "province",
    "island", "islands", "river", "sea", "gulf", "valley", "strait", "lake",
    "mount", "county", "state",
}  # fmt: skip
_PLACE_PREPOSITIONS = {"en", "in", "desde", "from", "hacia", "to", "near", "cerca"}
_PERSON_CUES = _TITLES | {"dijo", "afirmo", "aseguro", "segun", "said", "told"}


@dataclass(slots=True)
class RuleSpan:
    start: int  # character offsets
    end: int
    text: str
    kind: str
    sentence_initial: bool


def capitalised_spans(text: str, tokens: list[Token] | None = None) -> list[RuleSpan]:
    """Runs of capitalised words (with inner "de", "del", "y" …) as entity candidates."""
    toks = tokens if tokens is not None else tokenize(text)
    spans: list[RuleSpan] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if not _starts_name(tok):
            i += 1
            continue
        j = i + 1
        end = i + 1  # exclusive end of the last capitalised token
        conjunctions = 0
        while j < n and _adjacent(text, toks[j - 1], toks[j]):
            nxt = toks[j]
            if _starts_name(nxt):
                end = j + 1
                j += 1
            elif nxt.norm in _CONNECTORS and not nxt.is_capitalised:
                if nxt.norm in _CONJUNCTIONS:
                    conjunctions += 1
                    if conjunctions > 1:
                        break
                j += 1
            else:
                break
        span_toks = toks[i:end]
        initial = _sentence_initial(text, tok)
        # drop capitalised function words that only open the sentence ("El", "Según")
        while span_toks and span_toks[0].norm in _COMMON_CAPITALISED:
            span_toks = span_toks[1:]
            initial = False if span_toks else initial
        while span_toks and span_toks[-1].norm in _CONNECTORS:
            span_toks = span_toks[:-1]
        prev = toks[i - 1] if i > 0 else None
        for k, part in enumerate(_split_people(span_toks)):
            start_c, end_c = part[0].start, part[-1].end
            spans.append(
                RuleSpan(
                    start_c,
                    end_c,
                    text[start_c:end_c],
                    guess_kind(part, prev if k == 0 else None),
                    initial and part[0] is tok,
                )
            )
        i = max(end, i + 1)
    return spans


def _split_people(span: list[Token]) -> list[list[Token]]:
    """ "Ana López y Óscar Puente" is two people; "Castilla y León" stays one name."""
    if not span:
        return []
    for k, tok in enumerate(span):
        if tok.norm in _CONJUNCTIONS and not tok.is_capitalised:
            left, right = span[:k], span[k + 1 :]
            if (
                len(left) >= 2
                and len(right) >= 2
                and all(t.is_capitalised for t in left + right)
                and not any(t.norm in _ORG_WORDS for t in left + right)
            ):
                return [left, right]
            break
    return [span]


def _starts_name(tok: Token) -> bool:
    return (
        tok.text[:1].isupper()
        and not tok.is_possessive
        and tok.norm not in {"i"}
        and len(tok.norm) > 1
    )


def _adjacent(text: str, a: Token, b: Token) -> bool:
    """Only spaces (or a hyphen) between two tokens: no comma, no full stop, no line break."""
    gap = text[a.end : b.start]
    return len(gap) <= 3 and gap.strip(" -") == "" and "\n" not in gap


def _sentence_initial(text: str, tok: Token) -> bool:
    before = text[max(0, tok.start - 4) : tok.start].rstrip(" \t«\"“'¿¡")
    return tok.start == 0 or not before or before[-1] in ".!?:\n"


def guess_kind(span: list[Token], prev: Token | None) -> str:
    norms = [t.norm for t in span]
    if any(n in _ORG_WORDS for n in norms):
        return "ORG"
    if norms[0] in _PLACE_WORDS:
        return "GPE"
    if prev is not None and prev.norm in _PERSON_CUES:
        return "PERSON"
    if prev is not None and prev.norm in _PLACE_PREPOSITIONS and len(span) <= 4:
        return "GPE"
    if 2 <= len(span) <= 4 and all(t.is_capitalised and not t.is_upper for t in span):
        return "PERSON"
    if len(span) == 1 and span[0].is_upper:
        return "ORG"
    return "ORG"
