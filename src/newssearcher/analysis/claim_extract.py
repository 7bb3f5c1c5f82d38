"""Attributed statements in one article: who says what, with which verb (English, Spanish).

Rules over sentences, no parser (fast: thousands of sentences per second):

* "According to / As indicated by / Según <speaker>, <content>" and "<content>, according to
  <speaker>";
* "<speaker> <reporting verb> [that|que] <content>", the verb classed in ``claim_lexicon``
  (assert, hedged, deny, label, accuse); a participle after a comma takes the sentence's
  leading name as speaker ("Alibaba has responded ..., characterizing the report as false");
* "<speaker> made / issued / responded with ... denial(s)".

A speaker must look like one: a capitalised name, or a phrase ending in a speaker noun
("the memo", "U.S. officials"). Generic phrases ("the firm", "the embassy") and pronouns are
resolved to a name seen earlier in the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newssearcher.analysis.claim_lexicon import (
    ORG_PRONOUN_HEADS,
    PRONOUNS,
    SPEAKER_HEADS,
    VERB_CLASS,
)
from newssearcher.analysis.stance.lexicons import count
from newssearcher.analysis.stance.text import fold, guess_lang, split_sentences, words, wordset

MAX_SENTENCE_WORDS = 90
MAX_SPEAKER_WORDS = 10
MIN_CONTENT_WORDS = 3

_DETERMINERS = wordset(
    "the a an this that these those its their his her our el la los las un una su sus este esta"
)
_LEAD_MARKERS = re.compile(
    r"^(?:but|and|however|meanwhile|moreover|also|yet|still|in a statement|in statements"
    r"[^,]*|in response|for its part|pero|sin embargo|por su parte|además|asimismo|y)\b[, ]*",
    re.IGNORECASE,
)
_TRAILING_FILLERS = wordset("""
    has have had also has also already then now later previously strongly firmly flatly
    repeatedly publicly quickly further ha han había habían también ya
    """)
_NOT_BEFORE_VERB = wordset("""
    the a an this that these those its his her their our your of in on to for with by
    el la los las un una su sus este esta del al
    """)
_NOT_AFTER_VERB = wordset("is was are were has had es fue son")
# Verbs that report only when a "that"-clause follows ("found that", "showed that").
_NEEDS_THAT = wordset("""
    find finds found show shows showed reveal reveals revealed indicate indicates indicated
    note notes noted add adds added write writes wrote tell tells told report reports
    reported explain explains explained stress stresses stressed charge charges charged
    """)
_BAD_SPEAKER_START = wordset("""
    where which who whom whose when while if because although though since what how why
    donde cuando que quien quienes cual si porque aunque
    """)
_PREPOSITION_START = re.compile(r"^(?:in|on|at|by|with|for|to|en|con|por|a)\b", re.IGNORECASE)
_CUT_WORDS = (" from ", " by ", " as ", " that ", " when ", " while ", " after ", " which ")
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
_GOVERNMENT = wordset("""
    house white embassy ministry government department administration army military
    congress senate u.s u.s. us united states china chinese america american pla washington
    beijing casa blanca embajada gobierno ministerio ejército the a an in de la el
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


def _clean_speaker(raw: str) -> str:
    text = raw.strip(" ,;:\"'“”‘’()«»—–-")
    while True:
        stripped = _LEAD_MARKERS.sub("", text).strip()
        if stripped == text:
            break
        text = stripped
    parts = text.split()
    while parts and parts[-1].lower().strip(",") in _TRAILING_FILLERS:
        parts.pop()
    return " ".join(parts).strip(" ,")


def _plausible_speaker(speaker: str) -> bool:
    parts = speaker.split()
    if not parts or len(parts) > MAX_SPEAKER_WORDS:
        return False
    if len(parts) == 1 and parts[0].lower() in PRONOUNS:
        return True
    for word in parts[-3:]:
        if fold(word) in SPEAKER_HEADS or fold(word.strip("'’s")) in SPEAKER_HEADS:
            return True
    return any(p[:1].isupper() and p.lower() not in _DETERMINERS for p in parts)


def _speaker_before(sentence: str, start: int) -> str:
    before = sentence[:start].rstrip(" ,")
    for sep in (";", ":", " — ", " – "):
        if sep in before:
            before = before.rsplit(sep, 1)[1]
    if "," in before:
        before = before.rsplit(",", 1)[1]
    if len(before.split()) > MAX_SPEAKER_WORDS:
        low = before.lower()
        cut = max(low.rfind(w) for w in _CUT_WORDS)
        if cut >= 0:
            before = before[cut:].split(None, 1)[1] if len(before[cut:].split()) > 1 else ""
    return _clean_speaker(before)


def _leading_name(sentence: str) -> str:
    match = _NAME_RUN.match(sentence.strip())
    return match.group(0) if match else ""


def _strip_that(content: str) -> str:
    content = content.strip(" ,:;\"'“”‘’")
    return re.sub(r"^(?:that|que)\s+", "", content, flags=re.IGNORECASE).strip()


def _label_object(rest: str) -> str:
    """The object of "called / described X as Y": text before " as / como / de "."""
    match = re.search(r"\s(?:as|como|de)\s", " " + rest)
    if match and match.start() > 0:
        return rest[: match.start() - 1].strip(" ,")
    tokens = rest.split()
    for i, tok in enumerate(tokens):
        if count([fold(tok.strip(".,'\"‘’“”"))], fold(tok), "refute") or tok.lower() in (
            "completely",
            "totally",
            "absolutely",
            "entirely",
        ):
            return " ".join(tokens[:i])
    return rest


def _accuse_content(rest: str) -> str:
    match = re.search(r"\s(?:of|de)\s", " " + rest)
    if not match:
        return rest
    target = rest[: match.start() - 1].strip()
    target = re.sub(r"^a\s+", "", target)
    return f"{target} {rest[match.end() - 1 :].strip()}".strip()


def _content_refutes(content: str) -> bool:
    toks = [fold(t) for t in words(content)]
    return count(toks, fold(content), "refute") > 0


_SELF = wordset("it we i they he she its our nosotros ella él ellos")
_NEGATION_WORDS = wordset("not never no n't nunca jamás no")


def _self_denial(content: str) -> bool:
    """ "it had never shared data", "we do not ...": the speaker denies doing something."""
    toks = content.lower().replace("n't", " n't").split()[:7]
    return bool(toks) and toks[0] in _SELF and any(t in _NEGATION_WORDS for t in toks)


def _stance(verb_class: str, content: str, label_rest: str = "") -> str:
    if verb_class in ("deny", "denial"):
        return "disagree"
    if verb_class == "label":
        return "disagree" if _content_refutes(label_rest) else "agree"
    if verb_class == "hedged":
        return "discuss"
    return "disagree" if _content_refutes(content) or _self_denial(content) else "agree"


def _trim_name(name: str) -> str:
    """Drop sentence-initial function words from a capitalised run ("Según Reuters")."""
    parts = name.strip(".").split()
    while parts and (fold(parts[0]) in _NAME_STOP or fold(parts[0]) in VERB_CLASS):
        parts.pop(0)
    return " ".join(parts)


class _Resolver:
    """Resolves generic speakers ("the firm", "it", "la embajada") within one article."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        runs: Counter[str] = Counter()
        self.names_at: list[list[str]] = []
        for s in sentences:
            names = [_trim_name(m.group(0)) for m in _NAME_RUN.finditer(s)]
            names = [n for n in names if n]
            names = [n for n in names if not set(fold(n).split()) <= _GOVERNMENT]
            self.names_at.append(names)
            runs.update(names)
        self.frequent = runs
        self.last_speaker: tuple[int, str] | None = None

    def resolve(self, speaker: str, position: int) -> str:
        parts = speaker.split()
        low = [fold(p) for p in parts]
        if len(parts) == 1 and low[0] in PRONOUNS:
            if self.last_speaker and position - self.last_speaker[0] <= 2:
                return self.last_speaker[1]
            return ""
        if len(parts) <= 3 and low[0] in _DETERMINERS:
            head = low[-1]
            if head in ORG_PRONOUN_HEADS:
                for back in range(position - 1, max(-1, position - 4), -1):
                    names = self.names_at[back] if back >= 0 else []
                    if names:
                        return max(names, key=lambda n: (self.frequent[n], -names.index(n)))
                if self.frequent:
                    name, seen = self.frequent.most_common(1)[0]
                    if seen >= 2:
                        return name
            elif head in SPEAKER_HEADS:
                pattern = re.compile(
                    r"(?:[A-ZÁÉÍÓÚÑ][\w'’.-]*\s+)+"
                    + re.escape(parts[-1].capitalize())
                    + r"(?:\s+(?:in|of|en|de)\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*)?"
                    + r"|"
                    + re.escape(parts[-1].capitalize())
                    + r"\s+(?:of|de)\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’.-]*)*"
                )
                for back in range(position, -1, -1):
                    found = pattern.findall(self.sentences[back])
                    if found:
                        name = found[-1].strip().rstrip(".")
                        return name if name.startswith("The ") else f"the {name}"
        return speaker

    def note(self, position: int, speaker: str) -> None:
        self.last_speaker = (position, speaker)


def _statement_in(
    sentence: str, position: int, nested: bool = True
) -> tuple[str, str, str, str, str] | None:
    """``(speaker, verb, verb_class, content, label_rest)`` of one sentence, or None."""
    match = _ACCORDING_FRONT.match(sentence)
    if match:
        inner = _statement_in(match["content"], position, nested=False) if nested else None
        if inner is not None and inner[2] != "according":
            return inner
        verb = sentence[: match.start("speaker")].strip()
        return match["speaker"], verb, "according", match["content"], ""
    for m in _WORD_SPAN.finditer(sentence):
        verb = m.group(0)
        cls = VERB_CLASS.get(verb.lower())
        if cls is None:
            continue
        before = sentence[: m.start()].rstrip()
        prev = before.split()[-1].lower().strip(",") if before.split() else ""
        after = sentence[m.end() :].split()
        if prev in _NOT_BEFORE_VERB or (after and after[0].lower() in _NOT_AFTER_VERB):
            continue  # a noun ("the report", "a claim is ...")
        rest = sentence[m.end() :].strip()
        that = re.search(r"\b(?:that|que)\s", rest[:80], re.IGNORECASE)
        starts_with_that = bool(after) and after[0].lower() in ("that", "que")
        if verb.lower() in _NEEDS_THAT and that is None:
            continue
        if (
            not starts_with_that
            and that is not None
            and (verb.lower() in _NEEDS_THAT or _PREPOSITION_START.match(rest))
        ):
            rest = rest[that.end() :]  # "said in a statement that ...", "told reporters that ..."
        if verb.lower().endswith("ing") and before.endswith(","):
            speaker = _leading_name(sentence)
        else:
            speaker = _speaker_before(sentence, m.start())
        if (
            not speaker
            or not _plausible_speaker(speaker)
            or speaker.split()[0].lower() in _BAD_SPEAKER_START
        ):
            continue
        if cls == "label":
            return speaker, verb, cls, _label_object(rest), rest
        if cls == "accuse":
            return speaker, verb, cls, _accuse_content(rest), ""
        if cls == "deny":
            return speaker, verb, cls, rest, ""
        if _PREPOSITION_START.match(rest):
            continue  # "said in a statement" without content: look further
        return speaker, verb, cls, rest, ""
    match = _DENIAL_NOUN.match(sentence)
    if match:
        rest = re.sub(r"^\s*(?:of|to|as|a|against|de|contra)\b\s*", "", match["rest"]).strip()
        rest = re.sub(r"^(?:a |the )?reaction to\s+", "", rest).strip(" .")
        return match["speaker"], match["noun"], "denial", rest or "the allegations", ""
    match = _ACCORDING_BACK.match(sentence)
    if match:
        return match["speaker"], match["verb"], "according", match["content"], ""
    return None


def extract_statements(text: str, title: str | None = None) -> list[Statement]:
    """All attributed statements of an article (title first, as sentence 0 when given)."""
    sentences = split_sentences(text)
    if title and (not sentences or fold(sentences[0]) != fold(title.strip())):
        sentences = [title.strip(), *sentences]
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
        speaker_text = _clean_speaker(speaker_text)
        content = _strip_that(content)
        if len(content.split()) < MIN_CONTENT_WORDS and cls not in ("deny", "denial", "label"):
            continue
        if not content:
            continue
        speaker = resolver.resolve(speaker_text, position)
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
