"""Speaker phrases of attributed statements: where they start and end, and who can speak.

A speaker is a named party ("Nimbura", "Foreign Minister Aurelio Danescu", "Kessaria's Ministry
of Defence"), a role, group or document headed by a speaker noun ("the embassy", "a spokesman
for the Zarovian embassy", "U.S. officials", "a White House memo", "la embajada de Zarovia"),
or a pronoun the caller resolves. Anything else before a reporting verb (sentence fragments,
time phrases, participle clauses: "dated late October", "Her resignation came hours after the
commission") is not a speaker.

Rules over words, no parser:

* the phrase before a verb is cut at the last clause boundary (";", ":", dashes, a subordinator
  or relative: "after", "que", "which") and at commas, skipping inserted clauses (", which ...,",
  ", dated ...,", ", including ...,"); a name and its role in apposition are kept together
  ("Teodor Brask, a spokesman for the Zarovian embassy");
* time phrases, adverbs, auxiliaries and clitics are cut off its ends ("on Wednesday", "again",
  "has", "lo");
* the speaker is the longest tail of what is left whose head (the words before a prepositional
  tail "of / for / at / de / en ...") is a name, optionally after a role word ("the online lender
  Fernpay"), or ends in a speaker noun, and holds no verb or second determiner;
* a phrase ending in a negation ("The memo does not") or starting with one ("No group",
  "Neither agency") is :data:`NEGATED`: nobody said it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newssearcher.analysis.claim_lexicon import (
    NEGATIONS,
    NEGATIVE_STARTS,
    PRONOUNS,
    ROLE_WORDS,
    SPEAKER_HEADS,
    SPEAKER_HEADS_EN,
    SPEAKER_HEADS_ES,
    TIME_WORDS,
    VERB_CLASS,
)
from newssearcher.analysis.stance.text import fold

MAX_SPEAKER_WORDS = 12


def _folded(text: str | frozenset[str]) -> frozenset[str]:
    """A word set folded like the words looked up in it ("fiscalía" -> "fiscalia")."""
    items = text.split() if isinstance(text, str) else text
    return frozenset(fold(w) for w in items)


_F_NEGATIONS = _folded(NEGATIONS)
_F_NEGATIVE_STARTS = _folded(NEGATIVE_STARTS)
_F_ROLE_WORDS = _folded(ROLE_WORDS)
_F_SPEAKER_HEADS = _folded(SPEAKER_HEADS)
_F_SPEAKER_HEADS_EN = _folded(SPEAKER_HEADS_EN)
_F_SPEAKER_HEADS_ES = _folded(SPEAKER_HEADS_ES)
_F_TIME_WORDS = _folded(TIME_WORDS)

_PUNCT = "\"'“”‘’«»()[]{},;:.!?¿¡"
DETERMINERS = _folded("""
    the a an this that these those its their his her our my your
    el la los las un una unos unas su sus este esta estos estas ese esa esos esas nuestro nuestra
    """)
_QUANTIFIERS = _folded("""
    other several some many most few two three four five six seven eight nine ten dozens
    both all at least senior top leading otros otras varios varias algunos algunas muchos
    muchas dos tres cuatro cinco
    """)
_PREPOSITIONS = _folded("""
    of for at from in inside within with without familiar close near across under on to by
    de del en para con cerca sobre por a ante durante
    """)
# Prepositions that end a speaker's head: what follows qualifies it ("officials [of X]").
_TAIL_PREPOSITIONS = _folded("""
    of for at from in inside within with familiar close near across under
    de del en para con cerca
    """)
_COORDINATORS = _folded("and y e & or o")
_SUBORDINATORS = _folded("""
    after before when while because since until although though as once whereas if unless
    where that which who whom whose what why how whether
    cuando mientras porque aunque si donde que quien quienes cual cuales cuyo cuya tras
    """)
_WH = _folded("what why how whether")
_RELATIVES = _folded("which who whom whose that que quien quienes cual cuales cuyo cuya")
_LEAD_WORDS = _folded("""
    but and however meanwhile moreover also yet still so then thus instead separately
    pero y sin embargo además asimismo también luego entonces
    """)
_TRAILING = _folded("""
    has have had also already then now later previously strongly firmly flatly repeatedly
    publicly quickly further again still both all instead earlier today yesterday tonight
    will would could may might can should must shall did does do is was
    ha han había habían habría también ya hoy ayer nuevamente luego se lo le les me nos
    """)
_TIME_LEADS = _folded("on this last next that early late el este esta ese esa la del")
_AUX = _folded("""
    is was are were be been being has have had having will would could may might can should
    must shall does did do es fue son fueron era eran ha han había habían será sería
    """)
_IRREGULAR_PAST = _folded("""
    came went gave took made got brought sent kept held began became saw knew thought
    """)
_ADJ_ED = _folded("""
    alleged leaked unnamed named retired elected united concerned interested affected
    unidentified unverified so-called self-styled embattled beleaguered armed
    """)
_NOT_NAMES = (
    _folded("""
    the a an and but however meanwhile in on at by for with from as of to this that these
    those it its they he she we according after before while when if although since only
    then now also still yet instead both neither none no nobody other others earlier later
    hours days weeks minutes months years first second last next many most some several
    el la los las un una y pero sin según en de del por para con este esta ese esa además
    tras cuando aunque ni ninguno ninguna nadie otros otras horas días semanas
    """)
    | _F_TIME_WORDS
)
_INSERTION_STARTS = _folded("""
    which who whom whose where including included among like such dated published prepared
    contacted released issued based citing quoted speaking writing according when while
    quien quienes que cuyo cuya cuyos cuyas donde incluido incluida incluidos incluidas
    consultado consultada consultados consultadas citado citada publicado publicada entre
    """)
_NAME_PARTICLES = _folded("van von der den da di le bin ibn al dos das du")
# Lower-case words that never sit inside a speaker's head ("Marsh quits as governor").
_NOT_INSIDE = _folded("""
    as to by into than after before when while if whereas since until because so not
    como hasta desde porque cuando mientras
    """)
# What is said, never who says it.
_NOT_SPEAKERS = _folded("""
    allegation allegations claim claims accusation accusations denial denials concern
    concerns fear fears incident situation case move decision question questions problem
    problems idea ideas evidence trend trends figures numbers data
    acusación acusaciones denuncia negativa caso situación decisión pregunta problema
    """)
_LY_NOUNS = _folded("family ally assembly supply monopoly italy rally anomaly")
NEGATED = "\x00negated"
RELATIVE = "\x00relative:"


@dataclass(slots=True, frozen=True)
class SpeakerSpan:
    """A speaker phrase found before a verb, with where its text starts in that prefix."""

    text: str
    start: int  # character offset in the prefix where the speaker (or its apposition) starts
    relative: bool = False  # inside a relative clause ("which it said ...", "algo que X negó")


def _core(token: str) -> str:
    return token.strip(_PUNCT)


def _low(token: str) -> str:
    core = _core(token)
    for suffix in ("'s", "’s"):
        if core.lower().endswith(suffix):
            core = core[: -len(suffix)]
    return fold(core)


def _lower(token: str) -> str:
    return _core(token).lower()


def _is_capitalised(token: str) -> bool:
    core = _core(token)
    return bool(core) and core[0].isupper()


def is_verbish(token: str) -> bool:
    """A lower-case word that reads as a finite verb, an auxiliary or a participle."""
    return _is_verbish(token)


def _is_verbish(token: str) -> bool:
    """A lower-case word that reads as a finite verb, an auxiliary or a participle."""
    core = _core(token)
    if not core or not core[0].islower():
        return False
    low = core.lower()
    if fold(low) in _F_SPEAKER_HEADS:
        return False
    if fold(low) in _AUX or low in VERB_CLASS or low in _IRREGULAR_PAST:
        return True
    if low.endswith("ed") and len(low) > 4 and fold(low) not in _ADJ_ED:
        return True
    return low.endswith(("ó", "aron", "ieron")) and len(low) > 3


def _strip_ends(tokens: list[str]) -> list[str]:
    """Drop lead connectors and trailing time phrases, adverbs, auxiliaries and clitics."""
    tokens = list(tokens)
    while tokens and _low(tokens[0]) in _LEAD_WORDS:
        tokens.pop(0)
    if len(tokens) >= 2 and " ".join(_low(t) for t in tokens[:2]) in (
        "sin embargo",
        "por su",
        "in response",
        "for its",
        "for their",
    ):
        tokens = tokens[3:] if _low(tokens[1]) in ("su", "its", "their") else tokens[2:]
    changed = True
    while tokens and changed:
        changed = False
        last = _low(tokens[-1])
        if last in _TRAILING or (
            last.endswith("ly") and len(last) > 4 and tokens[-1].islower() and last not in _LY_NOUNS
        ):
            tokens.pop()
            changed = True
        elif last in _F_TIME_WORDS:
            tokens.pop()
            if tokens and _low(tokens[-1]) in _TIME_LEADS:
                tokens.pop()
            changed = True
        elif last in ("nuevo", "pronto") and len(tokens) >= 2 and _low(tokens[-2]) == "de":
            del tokens[-2:]
            changed = True
        elif _core(tokens[-1]) == "" or tokens[-1].startswith("("):
            tokens.pop()  # a trailing "(PVA)" or "("
            changed = True
    # "The Port of Vessling Authority (PVA" left by a cut inside the brackets
    while tokens and tokens[-1].startswith("("):
        tokens.pop()
    return [t for t in tokens if not (t.startswith("(") and t.endswith(")"))]


def _head(tokens: list[str]) -> list[str]:
    """The words before a qualifying tail ("officials [familiar with ...]", "memo [dated ...]")."""
    for i, tok in enumerate(tokens):
        if i == 0:
            continue
        low = _low(tok)
        if low in _TAIL_PREPOSITIONS and tok.islower():
            return tokens[:i]
        if (
            _is_verbish(tok)
            and low.endswith(("ed", "ado", "ada", "ados", "adas", "ido", "ida"))
            and _low(tokens[i - 1]) in _F_SPEAKER_HEADS
        ):
            return tokens[:i]  # "a memo circulated inside ...", "fuentes consultadas"
    return tokens


def _headed(tokens: list[str]) -> bool:
    """Ends in a speaker noun, or in one followed by up to two adjectives ("embajada china")."""
    for back in range(1, min(3, len(tokens)) + 1):
        low = _low(tokens[-back])
        if low in _F_SPEAKER_HEADS and (
            back == 1 or low in _F_SPEAKER_HEADS_ES - _F_SPEAKER_HEADS_EN
        ):
            return all(t.islower() and not _is_verbish(t) for t in tokens[len(tokens) - back + 1 :])
    return False


def _conjunct_is_speaker(tokens: list[str]) -> bool:
    while tokens and (_low(tokens[0]) in DETERMINERS or _low(tokens[0]) in _QUANTIFIERS):
        tokens = tokens[1:]
    while tokens and _core(tokens[0]).isdigit():
        tokens = tokens[1:]
    if not tokens:
        return False
    if len(tokens) == 1 and _lower(tokens[0]) in PRONOUNS:
        return True
    if _is_capitalised(tokens[-1]):
        start = len(tokens)
        while start > 0 and (
            _is_capitalised(tokens[start - 1])
            or start > 1
            and tokens[start - 1] in _NAME_PARTICLES
            and _is_capitalised(tokens[start - 2])
        ):
            start -= 1
        run = tokens[start:]
        while run and _low(run[0]) in _NOT_NAMES:
            run = run[1:]
        if run and _low(run[-1]) not in _NOT_NAMES:
            prefix = tokens[:start]
            if not prefix or any(_low(t) in _F_ROLE_WORDS for t in prefix[-2:]):
                return True
    return _headed(tokens)


def is_speaker(tokens: list[str]) -> bool:
    """Whether these words (already trimmed) can be a speaker."""
    if not tokens or len(tokens) > MAX_SPEAKER_WORDS:
        return False
    first = _low(tokens[0])
    if [_low(t) for t in tokens[:2]] == ["at", "least"]:
        first = "least"
    elif first in _PREPOSITIONS and first != "a" or first in _SUBORDINATORS:
        return False
    if first in _F_NEGATIVE_STARTS:
        return False
    if any(_low(t) in _AUX and t.islower() for t in tokens):
        return False  # a clause, not a noun phrase ("... has been stopped by the regulator")
    head = _head(tokens)
    if any(_is_verbish(t) for t in head):
        return False
    if any(_low(t) in _NOT_INSIDE and t.islower() for t in head[1:]):
        return False
    conjuncts: list[list[str]] = [[]]
    for tok in head:
        if _low(tok) in _COORDINATORS and tok != "&":
            conjuncts.append([])
        else:
            conjuncts[-1].append(tok)
    for conj in conjuncts:
        if any(_low(t) in DETERMINERS for t in conj[1:]):
            return False  # a second noun phrase: "a charge the company"
        if not _conjunct_is_speaker(conj):
            return False
    return True


def is_name(text: str) -> bool:
    """A speaker written as a proper name (its last word capitalised)."""
    tokens = _head(text.split())
    return bool(tokens) and _is_capitalised(tokens[-1]) and _low(tokens[-1]) not in _NOT_NAMES


def _negated(tokens: list[str]) -> bool:
    if tokens and _low(tokens[0]) in _F_NEGATIVE_STARTS:
        return True
    tail = [_low(t) for t in tokens[-3:]]
    return any(t in _F_NEGATIONS or t.endswith("n't") for t in tail)


def _best_tail(tokens: list[str]) -> list[str]:
    """The longest tail of ``tokens`` that is a speaker, or []."""
    for i in range(len(tokens)):
        if i and _low(tokens[i]) == "least":
            continue
        if i and not (
            _is_capitalised(tokens[i])
            or _low(tokens[i]) in DETERMINERS
            or _lower(tokens[i]) in PRONOUNS
            or _low(tokens[i]) in _QUANTIFIERS
            or _core(tokens[i]).isdigit()
            or _low(tokens[i - 1]) in _SUBORDINATORS
        ):
            continue
        cand = tokens[i:]
        if is_speaker(cand):
            return cand
    return []


def clause_subject(text: str) -> str:
    """The subject of a clause: its words before the first verb, if they can speak."""
    tokens = text.split()
    start = 0
    while start < len(tokens) and _low(tokens[start]) in _LEAD_WORDS:
        start += 1
    tokens = tokens[start:]
    for i, tok in enumerate(tokens):
        if i and (_is_verbish(tok) or _low(tok) in _F_NEGATIONS):
            subject = _strip_ends(tokens[:i])
            if is_speaker(subject):
                return " ".join(subject).strip(_PUNCT)
            break
    # no verb recognised ("Publishers sue ...", "The memo goes further"): the shortest
    # speaker followed by a lower-case word
    for end in range(1, min(len(tokens), MAX_SPEAKER_WORDS)):
        nxt = tokens[end]
        if not nxt[:1].islower() or _low(nxt) in _TAIL_PREPOSITIONS:
            continue
        subject = _strip_ends(tokens[:end])
        if subject and is_speaker(subject):
            return " ".join(subject).strip(_PUNCT)
    return ""


def _segment_speaker(segment: str) -> str | None:
    """The speaker in one comma-free segment: its text, "" for none, NEGATED."""
    tokens = segment.split()
    stripped = _strip_ends(tokens)
    if not stripped:
        return ""
    if _low(stripped[-1]) in _COORDINATORS or _low(stripped[-1]) in ("but", "pero"):
        return clause_subject(" ".join(stripped[:-1])) or ""  # "X recalled ... and accused"
    if _negated(stripped):
        return NEGATED
    if _low(stripped[0]) in _WH:
        return ""  # "Why the board said no"
    # the last subordinator or relative opens the clause the verb belongs to
    for i in range(len(stripped) - 1, -1, -1):
        low = _low(stripped[i])
        if low in _SUBORDINATORS and stripped[i].islower() and (i or low in _RELATIVES):
            if low in _WH:
                return ""  # "Why the board said no", "what it described as"
            after = _strip_ends(stripped[i + 1 :])
            if low in _RELATIVES and any(_is_verbish(t) for t in after):
                # the relative clause closed before the verb: "The statement that was given
                # by the embassy [claims]": its agent, else what it qualifies
                by = [j for j, t in enumerate(after) if _low(t) in ("by", "por")]
                agent = _best_tail(after[by[-1] + 1 :]) if by else []
                head = agent or _best_tail(_strip_ends(stripped[:i]))
                return " ".join(head) if head else ""
            found = _best_tail(after)
            if found:
                return (RELATIVE if low in _RELATIVES else "") + " ".join(found)
            if low in _RELATIVES:
                before = _best_tail(_strip_ends(stripped[:i]))
                return " ".join(before) if before else ""
            return ""
    found = _best_tail(stripped)
    return " ".join(found) if found else ""


def _plain_subject(segment: str) -> str:
    """A short determiner-led noun phrase that opens the sentence, whatever its noun
    ("The national weather service"): nothing before it can make it a fragment."""
    tokens = _strip_ends(segment.split())
    if not 2 <= len(tokens) <= 5 or _low(tokens[0]) not in DETERMINERS:
        return ""
    rest = tokens[1:]
    if any(_is_verbish(t) or _low(t) in DETERMINERS or _low(t) in _NOT_NAMES for t in rest):
        return ""
    if any(_low(t) in _PREPOSITIONS or _low(t) in _SUBORDINATORS for t in rest):
        return ""
    last = _low(tokens[-1])
    if not tokens[-1].isalpha() or last.endswith("ly") or last in _F_TIME_WORDS:
        return ""
    if last in _NOT_SPEAKERS:
        return ""  # "The allegations [suggest]", "The company's denial [suggests]"
    return " ".join(tokens)


def _is_insertion(segment: str) -> bool:
    tokens = segment.split()
    if not tokens:
        return True
    first = tokens[0]
    low = _low(first)
    participle = low.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"))
    if first[:1].islower() and (low in _INSERTION_STARTS or _is_verbish(first) or participle):
        return True
    tail = " ".join(_low(t) for t in tokens[-2:])
    return tail in ("among them", "entre ellos", "entre ellas")


def speaker_before(prefix: str) -> SpeakerSpan | None:
    """The speaker that ends ``prefix`` (the text before a reporting verb).

    Returns None when there is none, a span with text :data:`NEGATED` when the report is
    negated ("The memo does not [say]", "Neither agency [said]").
    """
    text = prefix.rstrip()
    base = 0
    for sep in (";", ":", " — ", " – ", " - ", "\u201d", '" ', "»"):
        cut = text.rfind(sep)
        if cut >= 0:
            base = cut + len(sep)
    clause = text[base:]
    # comma segments with their offsets, last first
    segments: list[tuple[int, str]] = []
    pos = 0
    for m in re.finditer(r",\s+", clause):
        segments.append((pos, clause[pos : m.start()]))
        pos = m.end()
    segments.append((pos, clause[pos:]))
    k = len(segments) - 1
    while k > 0 and not _strip_ends(segments[k][1].split()):
        k -= 1  # "Ana Ruiz, lo [negó]", "the firm, again, [denied]"
    if text.endswith(","):  # "X, which ..., said": the inserted clauses are closed
        while k > 0 and _is_insertion(segments[k][1]):
            k -= 1
    elif k > 0 and _low(segments[k][1].strip()) in _RELATIVES:
        k -= 1  # "the regulator, which concluded": the relative stands for what precedes
    offset, segment = segments[k]
    words_in = _strip_ends(segment.split())
    if (
        k > 0
        and words_in
        and _is_verbish(words_in[0])
        and _low(segment.split()[-1]) in _COORDINATORS | {"but", "pero"}
    ):
        # "X, the minister, criticised the rise and [said]": the subject comes before
        return speaker_before(text[: base + offset].rstrip() + " ")
    found = _segment_speaker(segment)
    if not found and k == 0 and base == 0:
        found = _plain_subject(segment)  # "The national weather service [said]"
    if found == NEGATED:
        return SpeakerSpan(NEGATED, base + offset)
    if found and found.startswith(RELATIVE):
        found = found[len(RELATIVE) :].strip(_PUNCT)
        return SpeakerSpan(found, base + offset, relative=True)
    if not found:
        return None
    start = base + offset
    opens = _low(segment.split()[0]) if segment.split() else ""
    if k > 0 and opens not in _LEAD_WORDS and found == " ".join(_strip_ends(segment.split())):
        prev_offset, prev = segments[k - 1]
        prev_tokens = _strip_ends(prev.split())
        prev_ok = bool(prev_tokens) and is_speaker(prev_tokens)
        if prev_ok and is_name(" ".join(prev_tokens)) != is_name(found):
            if is_name(found):
                return SpeakerSpan(found, start)  # "Its communications chief, Lise Varga"
            # "Teodor Brask, a spokesman for the embassy": the name and its role
            return SpeakerSpan(f"{' '.join(prev_tokens)}, {found}", base + prev_offset)
    return SpeakerSpan(found, start)


def speaker_after(text: str) -> str:
    """The speaker right after an inverted verb ('", afirmó Nimbura en un comunicado')."""
    parts = re.split(r",\s+", text.strip().rstrip(".!?"))
    out: list[str] = []
    for part in parts[:2]:
        tokens = part.split()
        cut = len(tokens)
        for i, tok in enumerate(tokens):
            low = _low(tok)
            if i and low in _PREPOSITIONS and low not in ("de", "del", "of"):
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                if not _is_capitalised(nxt):
                    cut = i
                    break
            if i and (_is_verbish(tok) or low in ("adding", "añadiendo", "and", "y")):
                cut = i
                break
        phrase = _strip_ends(tokens[:cut])
        if not phrase or not is_speaker(phrase):
            break
        out.append(" ".join(phrase))
        if cut < len(tokens):
            break
    if len(out) == 2 and is_name(out[0]) == is_name(out[1]):
        out = out[:1]
    return ", ".join(out).strip(_PUNCT)
