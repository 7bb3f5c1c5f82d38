"""Attributed statements in one article: who says what, with which verb (English, Spanish).

Rules over sentences, no parser (fast: thousands of sentences per second):

* "According to / As indicated by / Según <speaker>, <content>" and "<content>, according to
  <speaker>";
* quotes first: '"<content>," <speaker> said', '"<content>", afirmó <speaker>';
* "<speaker> <reporting verb> [that|que] <content>", the verb classed in ``claim_lexicon``
  (assert, hedged, deny, label, accuse), and "<content>, <speaker> said" when nothing but a
  time or place follows the verb; a participle takes the clause's subject as speaker
  ("Alibaba has responded ..., characterizing the report as false");
* "<speaker> made / issued / responded with ... denial(s)".

Passive ("is said", "has been confirmed"), negated ("does not say", "Neither agency said") and
infinitive ("declined to confirm") uses report nothing. The speaker phrase is found and checked
by ``claim_speaker``: a name, a role or document headed by a speaker noun, or a pronoun.
Generic phrases ("the firm", "the embassy") and pronouns are resolved to a name seen earlier in
the article ("he" / "she" only to a person).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newssearcher.analysis.claim_lexicon import (
    ORG_PRONOUN_HEADS,
    PERSON_PRONOUNS,
    PRONOUNS,
    SPEAKER_HEADS,
    TIME_WORDS,
    VERB_CLASS,
)
from newssearcher.analysis.claim_speaker import (
    DETERMINERS,
    NEGATED,
    clause_subject,
    is_speaker,
    is_verbish,
    speaker_after,
    speaker_before,
)
from newssearcher.analysis.stance.lexicons import count
from newssearcher.analysis.stance.text import fold, guess_lang, split_sentences, words, wordset

MAX_SENTENCE_WORDS = 90
MIN_CONTENT_WORDS = 3
MAX_QUOTE_MERGE = 4  # sentences a quotation may span before it must have closed

_NOT_BEFORE_VERB = wordset("""
    the a an this that these those its his her their our your of in on to for with by
    el la los las un una su sus este esta del al
    """)
_NOT_AFTER_VERB = wordset("is was are were has had es fue son")
_BE = wordset("is was are were be been being fue fueron es son ser sido siendo sea")
# Verbs that report only when a "that"-clause follows ("found that", "showed that").
_NEEDS_THAT = wordset("""
    find finds found show shows showed reveal reveals revealed indicate indicates indicated
    note notes noted add adds added write writes wrote tell tells told report reports
    reported explain explains explained stress stresses stressed charge charges charged
    """)
_CONTINUE = wordset("continue continues continued kept keeps keep sigue siguen siguió")
_LABEL_PARTICLES = wordset("for on off up in out back")
_NOT_CONTENT_START = re.compile(
    r"^(?:over|about|against|among|between|sobre|contra|entre)\b", re.IGNORECASE
)
_PREPOSITION_START = re.compile(r"^(?:in|on|at|by|with|for|to|en|con|por|a)\b", re.IGNORECASE)
_TIME_PHRASE = re.compile(
    r"^(?:(?:on|this|last|late|early|el|este|esta|ese|esa|la|del)\s+)?(?:"
    + "|".join(sorted(TIME_WORDS, key=len, reverse=True))
    + r"|again|also|de nuevo|nuevamente|earlier|later)\b[\s,]*",
    re.IGNORECASE,
)
_ADJUNCT_PREPOSITION = re.compile(
    r"^(?:in|at|to|during|before|after|on|en|durante|ante|a|tras|through|via|por)\b",
    re.IGNORECASE,
)
_ACCORDING_FRONT = re.compile(
    r"^(?:according to|as (?:indicated|stated|reported|noted) by|per|según|de acuerdo con)\s+"
    r"(?P<speaker>[^,]{2,90}?),\s*(?P<content>.+)$",
    re.IGNORECASE,
)
_ACCORDING_BACK = re.compile(
    r"^(?P<content>.+?),?\s+(?P<verb>according to|según)\s+(?P<speaker>[^,]{2,90}?)[.!]?$",
    re.IGNORECASE,
)
_DENIAL_NOUN = re.compile(
    r"^(?P<speaker>.{2,80}?)\s+(?:has |have |had )?(?:made|issued|offered|responded with|"
    r"reacted with|hit back with|emitió|respondió con)\s+(?:a |an |)(?:\w+\s+){0,2}?"
    r"(?P<noun>denials?|rebuttals?|rejection|desmentido|rechazo|negativa)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'’-]{2,40},\s[^-–—]{0,40}?\s[-–—]\s+")
_CLOSE_QUOTE = re.compile(r"(?<=[,.!?])[\"”»]\s*,?\s+|[\"”»]\s*,\s+")
_WORD_SPAN = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NAME_RUN = re.compile(
    r"(?:[A-ZÁÉÍÓÚÑ][\w'’.&-]*)(?:\s+(?:of\s+|de\s+|in\s+|en\s+)?[A-ZÁÉÍÓÚÑ][\w'’.&-]*)*"
)
_NAME_STOP = wordset("""
    the a an and but however meanwhile in on at by for with from as of to this that these
    those it its they he she we according after before while when if although since
    el la los las un una y pero sin segun en de del por para con este esta ese esa ademas
    tras cuando aunque
    """)
_HEADS = frozenset(fold(w) for w in SPEAKER_HEADS)  # compared with folded words
_ORG_HEADS = frozenset(fold(w) for w in ORG_PRONOUN_HEADS)
_GOVERNMENT = wordset("""
    house white embassy ministry government department administration army military
    congress senate u.s u.s. us united states china chinese america american pla washington
    beijing casa blanca embajada gobierno ministerio ejército the a an in de la el
    """)
_ORG_WORDS = wordset("""
    cloud group ministry council commission bank association institute embassy authority
    board centre center inc corp ltd company agency university observatory networks labs
    press union party court house office department navy army force forces government
    consejo ministerio embajada banco asociación instituto autoridad empresa grupo agencia
    universidad observatorio tribunal gobierno marina fuerza
    """)
_PERSON_ROLES = wordset("""
    spokesman spokeswoman spokesperson executive minister lawyer governor chief director
    judge justice president coach investigator senator adviser advisor mayor secretary
    chairman chairwoman founder manager economist analyst researcher professor dr mr ms mrs
    portavoz vocero vocera ministro ministra viceministro abogado gobernador director
    directora presidente presidenta juez jueza entrenador técnico asesor alcalde consejero
    exconsejero analista investigador
    """)


@dataclass(slots=True, frozen=True)
class Statement:
    """One attributed statement found in one article."""

    speaker: str  # as resolved ("Alibaba", "the Chinese Embassy in Washington")
    speaker_text: str  # as written ("The firm")
    verb: str  # as written ("alleges", "according to", "negó")
    verb_class: str  # assert | hedged | deny | label | accuse | according | denial
    content: str
    sentence: str
    position: int  # index of the sentence in the article
    stance: str  # the speaker toward the content: agree | disagree | discuss
    lang: str


_Found = tuple[str, str, str, str, str]  # speaker, verb, verb_class, content, label_rest


def _quote_balance(sentence: str) -> int:
    return (sentence.count('"') % 2) + sentence.count("“") - sentence.count("”")


def _merge_quotes(sentences: list[str]) -> list[str]:
    """Join sentences split inside a quotation ('"We have nothing to hide. Our data ...," X said')."""
    out: list[str] = []
    i = 0
    while i < len(sentences):
        merged = sentences[i]
        j = i + 1
        while _quote_balance(merged) > 0 and j < len(sentences) and j - i < MAX_QUOTE_MERGE:
            merged = f"{merged} {sentences[j]}"
            j += 1
        if _quote_balance(merged) > 0:
            merged, j = sentences[i], i + 1
        out.append(merged)
        i = j
    return out


def _strip_that(content: str) -> str:
    content = content.strip(" ,:;\"'“”‘’«»")
    content = re.sub(r"^(?:de nuevo|nuevamente|again|also|también)\s+", "", content, flags=re.I)
    return re.sub(r"^(?:that|que)\s+", "", content, flags=re.IGNORECASE).strip()


_CONTENT_END = re.compile(
    r";|\s[—–]\s|,\s+(?:while|whereas|mientras(?: que)?|en tanto que)\s"
    r"|,\s+(?:saying|adding|arguing|insisting|noting|calling|diciendo|añadiendo)\b",
    re.IGNORECASE,
)


def _cut_content(content: str) -> str:
    """What the speaker said, without a second party's clause (", while X denied ...")."""
    match = _CONTENT_END.search(content)
    return content[: match.start()].strip() if match and match.start() > 0 else content


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:\"'“”‘’«»()")


def _is_refuting(token: str) -> bool:
    core = token.strip(".,;:'\"‘’“”«»")
    return count([fold(core)], fold(core), "refute") > 0


def _label_parts(rest: str) -> tuple[str, str]:
    """``(object, label)`` of "called / described X as Y", "calificó (de Y) X", "tachó X de Y"."""
    body = re.sub(
        r"^(?:(?:este|esta|el|la|on|this|last)\s+\w+|ayer|hoy|yesterday|today)\s+",
        "",
        rest.strip(),
        flags=re.IGNORECASE,
    )
    front = re.match(r"^(?:de|como)\s+(?P<label>[\"“«][^\"”»]+[\"”»]|\S+)\s*(?P<obj>.*)$", body)
    if front:
        return front["obj"].strip(" ,."), front["label"]
    if re.match(r"^(?:as|como)\s", body, re.IGNORECASE):
        return "", body  # "what it described as ..."
    links = list(re.finditer(r"\s(?:as|como|de)\s", " " + body))
    if links:
        chosen = links[0]
        for link in links:
            after = body[link.end() - 1 :].split()
            if after and (_is_refuting(after[0]) or after[0][:1] in "\"“«'‘"):
                chosen = link
                break
        if chosen.start() > 0:
            return body[: chosen.start() - 1].strip(" ,"), body[chosen.end() - 1 :]
    tokens = body.split()
    for i, tok in enumerate(tokens):
        core = tok.strip(".,;:'\"‘’“”«»").lower()
        if _is_refuting(tok) or core in ("completely", "totally", "absolutely", "entirely"):
            return " ".join(tokens[:i]), " ".join(tokens[i:])
    return body, ""


def _accuse_content(rest: str) -> str:
    match = re.search(r"\s(?:of|de)\s", " " + rest)
    if not match:
        return rest
    target = rest[: match.start() - 1].strip()
    target = re.sub(r"^a\s+", "", target)
    return f"{target} {rest[match.end() - 1 :].strip()}".strip()


def _content_refutes(content: str) -> bool:
    """Whether the content rejects something ("false", "baseless"), not just names a dispute
    ("the disputed strait") or uses the word in a compound ("false positives")."""
    raw = content.split()
    for i, tok in enumerate(raw):
        if not _is_refuting(tok):
            continue
        if fold(tok.strip(_QUOTES + ",.;:!?")) not in _ATTRIBUTIVE:
            return True
        prev = fold(raw[i - 1].strip(_QUOTES)) if i else ""
        if prev in _PREDICATIVE:
            return True  # "calificó de falsas las cifras", "is false"
        nxt = fold(raw[i + 1].strip(_QUOTES)) if i + 1 < len(raw) else ""
        ends = tok.rstrip(_QUOTES)[-1:] in ",.;:!?"
        if ends or not nxt or nxt in _AFTER_REFUTE or not nxt.isalpha():
            return True
    toks = [fold(t) for t in words(content)]
    return count(toks, " ".join(toks), "refute") > 0 and not any(_is_refuting(t) for t in raw)


_QUOTES = "\"'“”‘’«»"
# Refuting words that also qualify a noun ("false positives", "the disputed strait").
_ATTRIBUTIVE = wordset("false falso falsa falsos falsas disputed disputado disputada contested")
_PREDICATIVE = wordset("""
    de como as is are was were be been es son fue ser sido completely totally entirely
    absolutely completamente totalmente absolutamente
    """)
_AFTER_REFUTE = wordset("and or but y o pero e as like that to de in en by for and nor ni")
_DETERMINERS = wordset("the a an this that el la los las un una este esta")
_SELF = wordset("it we i they he she its our nosotros ella él ellos")
_NEGATION_WORDS = wordset("not never no n't nunca jamás no")


def _self_denial(content: str) -> bool:
    """ "it had never shared data", "we do not ...", "nunca hemos ocultado ...": the speaker
    denies doing something (Spanish may leave the subject out)."""
    toks = [t.strip(_QUOTES + ",.") for t in content.lower().replace("n't", " n't").split()[:7]]
    if not toks:
        return False
    if toks[0] in ("no", "nunca", "jamás") and len(toks) > 1 and toks[1] not in _DETERMINERS:
        return True
    return toks[0] in _SELF and any(t in _NEGATION_WORDS for t in toks)


def _stance(verb_class: str, content: str, label_rest: str = "") -> str:
    if verb_class in ("deny", "denial"):
        return "disagree"
    if verb_class == "label":
        return "disagree" if _content_refutes(label_rest) else "agree"
    if verb_class == "hedged":
        return "discuss"
    if verb_class == "accuse":
        return "agree"
    return "disagree" if _content_refutes(content) or _self_denial(content) else "agree"


def _trim_name(name: str) -> str:
    """Drop sentence-initial function words from a capitalised run ("Según Reuters")."""
    parts = name.strip(".").split()
    while parts and (fold(parts[0]) in _NAME_STOP or fold(parts[0]) in VERB_CLASS):
        parts.pop(0)
    return re.sub(r"['’]s$", "", " ".join(parts))


def is_person(speaker: str, surnames: frozenset[str] = frozenset()) -> bool:
    """A speaker that reads as one person: a role word, a full name that names no body, or
    one of ``surnames`` (last words of people's full names seen in the same text)."""
    tokens = [fold(t.strip(",.'’s")) for t in speaker.split()]
    if any(t in _PERSON_ROLES for t in tokens):
        return True
    if len(tokens) == 1 and speaker.strip() in surnames:
        return True
    head = speaker.split(",")[0].split()
    caps = [t for t in head if t[:1].isupper()]
    return (
        len(caps) >= 2
        and len(caps) == len(head)
        and not any(fold(t.strip(".,'’s")) in _ORG_WORDS for t in head)
    )


class _Resolver:
    """Resolves generic speakers ("the firm", "it", "la embajada") within one article."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        inner_names = {
            _trim_name(m.group(0))
            for s in sentences
            for m in _NAME_RUN.finditer(s)
            if m.start() > 0 and s[: m.start()].strip(" \"“«'‘(")
        }
        runs: Counter[str] = Counter()
        self.names_at: list[list[str]] = []
        for s in sentences:
            names = []
            for m in _NAME_RUN.finditer(s):
                name = _trim_name(m.group(0))
                if not name or set(fold(name).split()) <= _GOVERNMENT:
                    continue
                if fold(name) in TIME_WORDS:
                    continue
                if m.start() == 0 and " " not in name and name not in inner_names:
                    continue  # a capitalised sentence start ("Sending", "Hackers")
                names.append(name)
            self.names_at.append(names)
            runs.update(names)
        self.frequent = runs
        self.surnames = frozenset(
            n.split()[-1] for n in runs if " " in n and is_person(n) and n.split()[-1][:1].isupper()
        )
        self.last_speaker: tuple[int, str] | None = None
        self.last_person: tuple[int, str] | None = None
        self._current: list[str] = []

    def _org_name(self, head: str, position: int, prefix: str) -> str:
        near = re.compile(
            r"([A-ZÁÉÍÓÚÑ][\w'’.&-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’.&-]*)*)\s+(?:[\w-]+\s+){0,2}?"
            + re.escape(head)
            + r"\b|\b"
            + re.escape(head)
            + r"\s+([A-ZÁÉÍÓÚÑ][\w'’.&-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’.&-]*)*)"
        )
        texts = [prefix] + [
            self.sentences[b] for b in range(position - 1, max(-1, position - 5), -1)
        ]
        for text in texts:
            for m in reversed(list(near.finditer(text))):
                name = _trim_name(m.group(1) or m.group(2) or "")
                if name and not is_person(name, self.surnames) and fold(name) not in TIME_WORDS:
                    return name
        for back in range(position, max(-1, position - 4), -1):
            names = self._current if back == position else self.names_at[back] if back >= 0 else []
            names = [n for n in names if not is_person(n, self.surnames)]
            if names:
                return max(names, key=lambda n: (self.frequent[n], -names.index(n)))
        if self.frequent:
            name, seen = self.frequent.most_common(1)[0]
            if seen >= 2:
                return name
        return ""

    def _named_body(self, head: str, position: int) -> str:
        """ "the embassy" -> "the Chinese Embassy in Washington" when named before."""
        pattern = re.compile(
            r"(?:[A-ZÁÉÍÓÚÑ][\w'’.-]*\s+(?:(?:and|y|&)\s+)?)+"
            + f"[{head[0].upper()}{head[0].lower()}]{re.escape(head[1:])}"
            + r"(?:\s+(?:in|of|en|de)\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*)*)?"
            + r"|"
            + re.escape(head.capitalize())
            + r"\s+(?:of|de)\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*)*"
        )
        for back in range(position, -1, -1):
            found = [
                m.group(0)
                for m in pattern.finditer(self.sentences[back])
                # "Security memo" opening a title is no name; "Ostland's embassy" is
                if head[0].isupper()
                or m.start() > 0
                or re.match(r"\S+['’]s\s", m.group(0))
                or head.capitalize() in m.group(0)
            ]
            if found:
                names = [_trim_name(f.strip().rstrip(".")) for f in found]
                names = [n for n in names if n and fold(n) != fold(head)]
                if not names:
                    continue
                name = names[-1]
                first = name.split()[0]
                if first in ("The", "El", "La") or first.endswith(("'s", "’s")):
                    return name
                return f"the {name}"
        return ""

    def resolve(self, speaker: str, position: int, prefix: str = "") -> str:
        """The name a generic ``speaker`` of sentence ``position`` stands for.

        ``prefix`` is the sentence's text before the speaker: names there count as seen before.
        """
        self._current = [n for n in self.names_at[position] if n in prefix] if prefix else []
        parts = speaker.split()
        low = [fold(p) for p in parts]
        if len(parts) == 1 and parts[0].lower() in PRONOUNS:  # not folded: "él" is not "el"
            if parts[0].lower() in PERSON_PRONOUNS:
                last = self.last_person
                if position and (last is None or last[0] < position - 1):
                    # a person named in the sentence before, who said nothing there
                    people = [n for n in self.names_at[position - 1] if is_person(n)]
                    if people:
                        return people[0]
            else:
                last = self.last_speaker
            if last and position - last[0] <= 2:
                return last[1]
            return ""
        if len(parts) <= 3 and low[0] in DETERMINERS and low[0] not in ("its", "their", "su"):
            head = low[-1]
            if head in _ORG_HEADS:
                return self._org_name(parts[-1], position, prefix) or speaker
            if head in _HEADS:
                return self._named_body(parts[-1], position) or speaker
        return speaker

    def note(self, position: int, speaker: str) -> None:
        self.last_speaker = (position, speaker)
        if is_person(speaker, self.surnames):
            self.last_person = (position, speaker)


def _speaker_phrase(raw: str) -> str:
    """A speaker given whole (after "according to"), if it can speak."""
    tokens = _clean(raw).split()
    return " ".join(tokens) if is_speaker(tokens) else ""


def _passive(before: str) -> bool:
    prev = [w.lower().strip(",") for w in before.split()[-3:]]
    while prev and prev[-1].endswith("ly") and len(prev[-1]) > 4:
        prev.pop()
    return bool(prev) and prev[-1] in _BE


def _quoted(sentence: str) -> _Found | None:
    """'"<content>," <speaker> said ...' and '"<content>", afirmó <speaker> ...'."""
    for m in _CLOSE_QUOTE.finditer(sentence):
        before = sentence[: m.start()]
        opened = sum(before.count(q) for q in ('"', "“", "«"))
        if opened > 1 or (opened == 1 and before.lstrip()[:1] not in ('"', "“", "«")):
            return None
        content = _clean(before)
        tail = sentence[m.end() :]
        tokens = tail.split()
        for i, tok in enumerate(tokens[:12]):
            verb = tok.strip(",.;:")
            cls = VERB_CLASS.get(verb.lower())
            if cls is None or cls == "accuse":
                continue
            if i == 0:
                speaker = speaker_after(" ".join(tokens[1:]))
            else:
                span = speaker_before(" ".join(tokens[:i]))
                speaker = span.text if span and span.text != NEGATED else ""
            if not speaker or len(content.split()) < MIN_CONTENT_WORDS:
                return None
            return speaker, verb, "hedged" if cls == "hedged" else "assert", content, ""
        return None
    return None


def _adjunct_only(text: str) -> bool:
    """Nothing but time and place: "on Thursday", "este martes", "in a statement"."""
    text = text.strip(" .,;")
    while text:
        m = _TIME_PHRASE.match(text)
        if not m or not m.group(0):
            break
        text = text[m.end() :].strip(" .,;")
    return not text or (
        _ADJUNCT_PREPOSITION.match(text) is not None
        and re.search(r"\b(?:that|que)\b", text, re.IGNORECASE) is None
    )


def _inverted_content(sentence: str, speaker_start: int) -> str:
    """The clause before "..., <speaker> said": what the speaker said."""
    return _clean(sentence[:speaker_start])


def _statement_in(sentence: str, position: int, nested: bool = True) -> _Found | None:
    """``(speaker, verb, verb_class, content, label_rest)`` of one sentence, or None."""
    match = _ACCORDING_FRONT.match(sentence)
    if match:
        inner = _statement_in(match["content"], position, nested=False) if nested else None
        if inner is not None and inner[2] != "according":
            return inner
        speaker = _speaker_phrase(match["speaker"])
        if speaker:
            verb = sentence[: match.start("speaker")].strip()
            return speaker, verb, "according", match["content"], ""
        return None
    quoted = _quoted(sentence)
    if quoted is not None:
        return quoted
    for m in _WORD_SPAN.finditer(sentence):
        verb = m.group(0)
        low = verb.lower()
        cls = VERB_CLASS.get(low)
        if cls is None:
            continue
        before = sentence[: m.start()].rstrip()
        prev = before.split()[-1].lower().strip(",") if before.split() else ""
        after = sentence[m.end() :].split()
        if (
            prev in _NOT_BEFORE_VERB
            and prev != "to"
            or (after and after[0].lower() in _NOT_AFTER_VERB)
        ):
            continue  # a noun ("the report", "a claim is ...")
        if _passive(before):
            continue  # "is said to", "has been independently confirmed"
        if prev == "to":
            words_before = before.split()
            if len(words_before) >= 2 and words_before[-2].lower() in _CONTINUE:
                before = " ".join(words_before[:-2])  # "continues to deny"
            else:
                continue  # "declined to confirm", "expected to announce"
        rest = raw_rest = sentence[m.end() :].strip()
        if cls == "label" and after and after[0].lower().strip(",") in _LABEL_PARTICLES:
            continue  # "called for a hearing", "called on the government to"
        that = re.search(r"\b(?:that|que)\s", rest[:80], re.IGNORECASE)
        starts_with_that = bool(after) and after[0].lower() in ("that", "que")
        if low in _NEEDS_THAT and that is None:
            continue
        lead = rest[: that.start()] if that is not None else ""
        if (
            not starts_with_that
            and that is not None
            and cls not in ("accuse", "label")
            and "," not in lead
            and (
                low in _NEEDS_THAT
                or _PREPOSITION_START.match(rest)
                or (_adjunct_only(lead) and len(lead.split()) <= 6)
            )
        ):
            rest = rest[that.end() :]  # "said in a statement that ...", "negó el lunes que"
        if low.endswith("ing") and len(low) > 5:
            span = None if before.endswith(",") else speaker_before(before)
            if span is None or span.text == NEGATED:
                subject = clause_subject(before.rstrip(","))
                speaker, start = subject, 0
            else:
                speaker, start = span.text, span.start
        else:
            span = speaker_before(before)
            if span is None or span.text == NEGATED:
                continue
            if span.relative and cls != "deny":
                continue  # "which it said the attackers had used": the content is a gap
            speaker, start = span.text, span.start
        if not speaker:
            continue
        # "<content>, <speaker> said [on Monday][, adding ...]": the content comes first
        first_part = re.split(r",\s", raw_rest, maxsplit=1)[0]
        adjunct_only = _adjunct_only(first_part) and not re.search(
            r"\b(?:that|que)\b", first_part, re.IGNORECASE
        )
        if adjunct_only and start > 0 and cls in ("assert", "hedged", "deny"):
            content = _inverted_content(before, start)
            if cls == "deny" or len(content.split()) >= MIN_CONTENT_WORDS:
                return speaker, verb, cls, content, ""
        if cls == "label":
            obj, label = _label_parts(rest)
            if not obj or not _clean(obj):
                continue  # "what it described as ..."
            if _content_refutes(rest):
                return speaker, verb, cls, obj, rest
            return speaker, verb, cls, rest, rest
        if cls == "accuse":
            return speaker, verb, cls, _accuse_content(rest), ""
        if cls == "deny":
            clitic = before.split()[-1].lower() if before.split() else ""
            if clitic in ("lo", "la", "los", "las") and re.match(r"^(?:y|e|,|$)", rest):
                rest = clitic  # "X lo negó y aseguró ...": X denies what came before
            elif adjunct_only:
                rest = "the allegations"
            return speaker, verb, cls, rest, ""
        if _PREPOSITION_START.match(rest) and that is None or _NOT_CONTENT_START.match(rest):
            continue  # "said in a statement" without content, "argued over the border"
        return speaker, verb, cls, rest, ""
    match = _DENIAL_NOUN.match(sentence)
    if match:
        span = speaker_before(match["speaker"])
        if span is not None and span.text != NEGATED:
            rest = re.sub(r"^\s*(?:of|to|as|a|against|de|contra)\b\s*", "", match["rest"]).strip()
            rest = re.sub(r"^(?:a |the )?reaction to\s+", "", rest).strip(" .")
            return span.text, match["noun"], "denial", rest or "the allegations", ""
    match = _ACCORDING_BACK.match(sentence)
    if match:
        speaker = _speaker_phrase(match["speaker"])
        if speaker:
            return speaker, match["verb"], "according", match["content"], ""
    return None


def article_sentences(text: str, title: str | None = None) -> list[str]:
    """The sentences statements are read from: title first, quotations whole, no datelines."""
    sentences = _merge_quotes(split_sentences(text))
    if title and (not sentences or fold(sentences[0]) != fold(title.strip())):
        sentences = [title.strip(), *sentences]
    return [_DATELINE.sub("", s) for s in sentences]


def extract_statements(text: str, title: str | None = None) -> list[Statement]:
    """All attributed statements of an article (title first, as sentence 0 when given)."""
    sentences = article_sentences(text, title)
    lang = guess_lang(words(" ".join(sentences[:20])))
    resolver = _Resolver(sentences)
    out: list[Statement] = []
    for position, sentence in enumerate(sentences):
        if len(sentence.split()) > MAX_SENTENCE_WORDS:
            continue
        found = _statement_in(sentence, position)
        if found is None:
            continue
        speaker_text, verb, cls, content, label_rest = found
        speaker_text = _clean(speaker_text)
        content = _cut_content(_strip_that(content))
        if len(content.split()) < MIN_CONTENT_WORDS and cls not in ("deny", "denial", "label"):
            continue
        if not content or not speaker_text:
            continue
        if cls not in ("deny", "denial", "label") and is_verbish(content.split()[0]):
            continue  # a fragment ("screenshots it said came from ...")
        at = sentence.find(speaker_text)
        speaker = resolver.resolve(speaker_text, position, sentence[: max(at, 0)])
        if not speaker:
            continue
        resolver.note(position, speaker)
        out.append(
            Statement(
                speaker=speaker,
                speaker_text=speaker_text,
                verb=verb,
                verb_class=cls,
                content=content.rstrip("."),
                sentence=sentence,
                position=position,
                stance=_stance(cls, content, label_rest),
                lang=lang,
            )
        )
    return out


__all__ = ["Statement", "article_sentences", "extract_statements", "is_person"]
