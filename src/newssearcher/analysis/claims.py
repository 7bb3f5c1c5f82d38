"""Claims of a story: attributed statements grouped across articles, with stances and status.

1. ``claim_extract.extract_statements`` finds who says what in each article;
2. statements are grouped: denials by the same party form one claim ("Alibaba denies ..."),
   other statements join when their contents match (multilingual embedding cosine plus stem
   overlap), whoever the speaker;
3. each claim gets one stance per article: from its own statements there (asserting ->
   agree, denying -> disagree, hedged -> discuss), else from the stance model for articles that
   share enough words with it (never ``unrelated`` rows);
4. a status from the stances:

   * ``denial``: the claim is itself a denial, or a denying party's own negated account
     ("China does not compel companies ...");
   * ``alleged-and-denied``: a party other than the one asserting it denies *this* claim: the
     denial's content matches it, or a generic denial ("denied the allegations", "rejected the
     report") answers an allegation that names the denier or comes from the document it
     rejects, or "denied this" follows it in the same article;
   * ``disputed``: no party's denial matched, but an independent article, not older than the
     claim, contradicts it (stance model) and reports a denial by a party other than its
     speakers;
   * ``confirmed``: at least ``CONFIRM_OUTLETS`` independent outlets (rewrites excluded) carry it,
     and an allegation needs two unrelated parties asserting it besides;
   * ``alleged``: an accusation or allegation (alleging verb, or a document as speaker);
   * ``unconfirmed``: anything else.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np

from newssearcher.analysis.claim_extract import Statement, extract_statements
from newssearcher.analysis.claim_lexicon import SPEAKER_HEADS
from newssearcher.analysis.stance.text import content_stems, fold, words, wordset

log = logging.getLogger(__name__)

Embedder = Callable[[list[str]], np.ndarray]

GROUP_THRESHOLD = 0.45  # combined similarity for two statements to be one claim
TARGET_THRESHOLD = 0.35  # a denial this similar to an assertion denies it
NAMED_DENIAL_COSINE = 0.25  # a denial by the accused party this close answers the allegation
CONFIRM_OUTLETS = 2
MODEL_MIN_OVERLAP = 0.5  # share of a claim's stems an article must hold to be scored
MAX_CLAIMS = 60

_ALLEGE_VERBS = wordset("""
    allege alleges alleged alleging accuse accuses accused accusing claim claims claimed
    claiming charge charges charged alega alegan alegó acusa acusó acusan denuncia denunció
    """)
_GENERIC_TARGETS = wordset("""
    report reports allegation allegations claim claims accusation accusations memo memorandum
    document story article charges wrongdoing account suggestion suggestions
    informe informes acusacion acusaciones denuncia denuncias afirmaciones irregularidades
    informacion informaciones version memorando documento esto eso
    """)
# Words a generic denial may add ("denied any wrongdoing on Tuesday in a statement").
_FILLER = wordset("""
    any all the a an of on in at to by this that these its their statement tuesday monday
    wednesday thursday friday saturday sunday today yesterday again strongly firmly
    de la el los las en un una cualquier toda todas todos su sus comunicado lunes martes
    miercoles jueves viernes sabado domingo hoy ayer
    """)
_DETERMINERS = wordset("the a an el la los las un una")
# Documents that make what they say an allegation ("the memo says ...").
_DOC_HEADS = wordset("""
    memo memorandum report document dossier study audit complaint lawsuit filing indictment
    assessment memorando informe documento denuncia demanda querella auditoria estudio
    """)
_ANAPHORA = wordset("this it that these those lo la esto eso ello")
_NEGATION = wordset("not never no n't nunca jamas cannot nothing nada ningun ninguna")
# Spanish heads read as their English equivalents when comparing speakers.
_HEAD_EN = {
    "embajada": "embassy",
    "marina": "navy",
    "empresa": "company",
    "compania": "company",
    "ministerio": "ministry",
    "gobierno": "government",
    "ejercito": "army",
    "portavoz": "spokesperson",
    "autoridad": "authority",
    "autoridades": "authorities",
    "consejo": "council",
    "memorando": "memo",
    "informe": "report",
    "documento": "document",
    "grupo": "group",
    "firma": "firm",
    "funcionarios": "officials",
    "fuentes": "sources",
}
_SPEAKER_STOP = wordset("de del la el los las of in en the and y for para")
# Words too common in speaker names to put two speakers on one side.
_SIDE_NOISE = wordset("""
    statement report memo document official officials spokesperson spokesman government
    given that was by of in the sources source authorities u.s us new
    """)
_DENIAL_PREFERENCE = {"deny": 0, "label": 1, "denial": 2}


@dataclass(slots=True, frozen=True)
class ClaimArticle:
    """What claim analysis needs of one article."""

    key: int  # the caller's id (Article.id)
    text: str
    title: str | None = None
    outlet: str | None = None
    # when it appeared: published, else ingested (``store.article_order.article_time``, the
    # order the timeline and "first reported by" use); None: unknown, ordered last
    seen_at: datetime | None = None
    independent: bool = True  # False for rewrites of another article


@dataclass(slots=True)
class ArticleStance:
    article: int  # ClaimArticle.key
    stance: str  # agree | disagree | discuss
    score: float
    speaker: str | None
    evidence: str | None


@dataclass(slots=True)
class StoryClaim:
    text: str
    speaker: str | None
    verb: str | None
    lang: str
    status: str
    first_article: int
    first_seen_at: datetime | None
    stances: list[ArticleStance] = field(default_factory=list)

    def stance_of(self, article: int) -> ArticleStance | None:
        return next((s for s in self.stances if s.article == article), None)


@dataclass(slots=True)
class _Member:
    article: int  # index into the articles list
    statement: Statement
    stems: set[str]
    vector: np.ndarray


def _key_word(word: str) -> str:
    word = re.sub(r"['’]s$", "", word.strip(".,;:()\"'’"))
    word = _HEAD_EN.get(word, word)
    return word[:6] if len(word) > 6 else word  # "zarovian" ~ "zarovia", "velmarki" ~ "velmark"


def speaker_key(speaker: str) -> frozenset[str]:
    """Folded content words of a speaker ("The Chinese Embassy" -> {"chines", "embass"}).

    Words are cut to six letters (a country and its demonym meet) and Spanish heads are read
    in English ("la embajada de Zarovia" ~ "the Zarovian embassy").
    """
    out = set()
    for w in fold(speaker).split():
        if w in _DETERMINERS or w in _SPEAKER_STOP:
            continue
        k = _key_word(w)
        if len(k) > 1:
            out.add(k)
    return frozenset(out)


def _head_and_place(speaker: str) -> tuple[frozenset[str], frozenset[str]]:
    parts = _PLACE_TAIL.split(speaker, 1)
    return speaker_key(parts[0]), speaker_key(parts[1]) if len(parts) > 1 else frozenset()


def same_speaker(a: str, b: str) -> bool:
    """One party, however written: "The Zarovian embassy in Halvard City", "the embassy in
    Halvard City" and "Teodor Brask, portavoz de la embajada de Zarovia". Where a party sits
    is left out unless only generic words would be left: then the places must match
    ("officials in Washington" is not "officials in Beijing")."""
    (ha, pa), (hb, pb) = _head_and_place(a), _head_and_place(b)
    if not (ha and hb) or not (ha <= hb or hb <= ha):
        return False
    if min(ha, hb, key=len) <= _side_noise():
        return bool(pa) and pa == pb or speaker_key(a) == speaker_key(b)
    return True


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _similarity(a: _Member, b: _Member) -> float:
    return 0.6 * float(a.vector @ b.vector) + 0.4 * _dice(a.stems, b.stems)


def _polarity(m: _Member) -> str:
    return "disagree" if m.statement.stance == "disagree" else "agree"


def _group(members: list[_Member]) -> list[list[_Member]]:
    """Greedy grouping in reading order: denials by speaker, the rest by best content match."""
    groups: list[list[_Member]] = []
    for m in members:
        best, best_sim = None, GROUP_THRESHOLD
        for g in groups:
            if _polarity(g[0]) != _polarity(m):
                continue
            if _polarity(m) == "disagree":
                if same_speaker(g[0].statement.speaker, m.statement.speaker):
                    best = g
                    break
                continue
            sim = max(_similarity(x, m) for x in g)
            if sim >= best_sim:
                best, best_sim = g, sim
        if best is None:
            groups.append([m])
        else:
            best.append(m)
    return groups


_PLACE_TAIL = re.compile(r"\s+(?:in|at|en)\s+", re.IGNORECASE)


def _allied(speaker: str, denier: str) -> bool:
    """A speaker on a denier's side: the same party, or sharing a name word with it.

    Only the party itself counts, not where it sits: "the embassy in Halvard City" is not
    allied with "Halvard's Senate".
    """
    a, b = (speaker_key(_PLACE_TAIL.split(x, 1)[0]) - _side_noise() for x in (speaker, denier))
    return bool(a & b)


@lru_cache(maxsize=1)
def _side_noise() -> frozenset[str]:
    """Speaker-key words that say nothing about a side: generic heads ("embassy", "company")."""
    return frozenset(_key_word(w) for w in _SIDE_NOISE | SPEAKER_HEADS)


def _is_generic(content: str) -> bool:
    """Content that names no facts of its own: "the allegations", "this", "any wrongdoing"."""
    toks = [fold(w) for w in words(content)]
    meaningful = [t for t in toks if t not in _FILLER]
    return any(t in _GENERIC_TARGETS for t in toks) or len(meaningful) <= 2


def _order_key(articles: Sequence[ClaimArticle], index: int) -> tuple[int, float, int]:
    seen = articles[index].seen_at
    return (0 if seen else 1, seen.timestamp() if seen else 0.0, index)


def _allegation_like(st: Statement) -> bool:
    """An accusation, an alleging verb, or a document speaking ("the memo says ...")."""
    if st.verb_class == "accuse" or st.verb.lower() in _ALLEGE_VERBS:
        return True
    return bool({fold(w).strip(".,'’s") for w in st.speaker.split()} & _DOC_HEADS)


def _names_party(content: str, party: str) -> bool:
    """Whether ``content`` mentions the party by a name word ("Nimbura's data centre")."""
    names = {_key_word(fold(w)) for w in party.split() if w[:1].isupper()}
    names -= _side_noise()
    found = {_key_word(w) for w in words(content)}
    return bool(names & found)


def _negated(content: str) -> bool:
    toks = fold(content).replace("n't", " n't").split()
    return any(t.strip(".,;:'\"") in _NEGATION for t in toks)


def _denies(dm: _Member, m: _Member) -> bool:
    """Whether denial ``dm`` answers statement ``m`` (made by another party)."""
    d, c = dm.statement, m.statement
    if _allied(c.speaker, d.speaker) or same_speaker(c.speaker, d.speaker):
        return False
    if not _is_generic(c.content) and _similarity(dm, m) >= TARGET_THRESHOLD:
        return True  # the denial says the same thing, negated
    first = fold(words(d.content)[0]) if words(d.content) else ""
    if (
        d.verb_class in ("deny", "denial")
        and first in _ANAPHORA
        and dm.article == m.article
        and d.position - c.position == 1
    ):
        return True  # "Velmark's navy denied this", "lo negó": the sentence before
    if not _allegation_like(c):
        return False
    if not _is_generic(d.content):
        # a specific denial by the party the allegation names, on a related point
        shared = (dm.stems & m.stems) - set(content_stems(words(d.speaker)))
        return _names_party(c.content, d.speaker) and (
            bool(shared) or float(dm.vector @ m.vector) >= NAMED_DENIAL_COSINE
        )
    doc_words = {fold(w).strip(".,'’s") for w in d.content.split()} & _DOC_HEADS
    speaker_words = {fold(w).strip(".,'’s") for w in c.speaker.split()}
    return bool(doc_words & speaker_words) or _names_party(c.content, d.speaker)


def _own_account(group: list[_Member], denials: list[list[_Member]]) -> bool:
    """A denying party's own negated account of what it denies ("China does not compel ..."):
    close in meaning to its denial, or right next to it in the same article."""
    for m in group:
        if not _negated(m.statement.content):
            continue
        for d in denials:
            if _allied(m.statement.speaker, d[0].statement.speaker) and any(
                _similarity(dm, m) >= TARGET_THRESHOLD
                or (
                    dm.article == m.article
                    and abs(dm.statement.position - m.statement.position) <= 2
                )
                for dm in d
            ):
                return True
    return False


def _status(
    group: list[_Member],
    stances: list[ArticleStance],
    denials: list[list[_Member]],
    articles: Sequence[ClaimArticle],
    key_to_index: dict[int, int],
) -> str:
    if _polarity(group[0]) == "disagree" or _own_account(group, denials):
        return "denial"
    if any(_denies(dm, m) for d in denials for dm in d for m in group):
        return "alleged-and-denied"
    # an independent article, not older than the claim, that the stance model reads as
    # contradicting it and that reports a denial by a party other than the claim's speakers
    own = {m.article for m in group}
    said_at = min(_order_key(articles, m.article) for m in group)
    deniers_in: dict[int, list[str]] = {}
    for d in denials:
        for dm in d:
            deniers_in.setdefault(dm.article, []).append(dm.statement.speaker)
    for s in stances:
        ai = key_to_index[s.article]
        if s.stance != "disagree" or ai in own or not articles[ai].independent:
            continue
        if _order_key(articles, ai) < said_at:
            continue  # an article older than the claim cannot contradict it
        if any(
            not any(_allied(m.statement.speaker, who) for m in group)
            for who in deniers_in.get(ai, [])
        ):
            return "disputed"
    alleged = any(_allegation_like(m.statement) for m in group)
    # confirmation: the claim itself is carried by independent outlets (model stances, which
    # only say an article is on the claim's side, do not count)
    outlets = {
        articles[m.article].outlet or f"#{articles[m.article].key}"
        for m in group
        if articles[m.article].independent and m.statement.stance == "agree"
    }
    parties: list[frozenset[str]] = []  # unrelated speakers ("The audit" is "An audit")
    for m in group:
        key = speaker_key(m.statement.speaker)
        if not any(
            key <= p or p <= key or _allied(m.statement.speaker, " ".join(p)) for p in parties
        ):
            parties.append(key)
    if len(outlets) >= CONFIRM_OUTLETS and (not alleged or len(parties) >= 2):
        return "confirmed"
    return "alleged" if alleged else "unconfirmed"


def _model_stances(
    groups: list[list[_Member]],
    articles: Sequence[ClaimArticle],
    covered: list[set[int]],
    embed: Embedder | None,
) -> dict[tuple[int, int], tuple[str, float, str | None]]:
    """Stance-model stances for (group, article) pairs without a statement of their own."""
    from newssearcher.analysis.stance.features import FeatureBuilder
    from newssearcher.analysis.stance.model import StanceModelError, shipped_model

    art_stems = [set(content_stems(words(a.text))) for a in articles]
    wanted: list[tuple[int, int]] = []
    for gi, g in enumerate(groups):
        if _polarity(g[0]) == "disagree":
            continue
        stems = g[0].stems
        if not stems:
            continue
        for ai in range(len(articles)):
            if ai in covered[gi]:
                continue
            if len(stems & art_stems[ai]) / len(stems) >= MODEL_MIN_OVERLAP:
                wanted.append((gi, ai))
    if not wanted:
        return {}
    try:
        model = shipped_model()
    except StanceModelError as exc:
        log.warning("claim stances from statements only: %s", exc)
        return {}
    pairs = [(groups[gi][0].statement.content, articles[ai].text) for gi, ai in wanted]
    X = FeatureBuilder(model.idf, embed).build(pairs)
    proba = model.proba(X)
    labels = model.decide(proba)
    out: dict[tuple[int, int], tuple[str, float, str | None]] = {}
    for (gi, ai), label, row in zip(wanted, labels, proba, strict=True):
        if label != "unrelated":
            out[(gi, ai)] = (label, float(row[("agree", "disagree", "discuss").index(label)]), None)
    return out


def analyse_claims(
    articles: Sequence[ClaimArticle],
    *,
    embed: Embedder | None = None,
    use_model: bool = True,
) -> list[StoryClaim]:
    """The story's claims, each with its stance per article and its status."""
    if embed is None:
        from newssearcher.stories.embedding import embed_cached

        embed = embed_cached
    order = sorted(range(len(articles)), key=lambda i: _order_key(articles, i))
    statements: list[tuple[int, Statement]] = []
    for ai in order:
        for st in extract_statements(articles[ai].text, articles[ai].title):
            statements.append((ai, st))
    if not statements:
        return []
    vectors = embed([st.content for _, st in statements])
    members = [
        _Member(ai, st, set(content_stems(words(st.content))), vectors[i])
        for i, (ai, st) in enumerate(statements)
    ]
    groups = _group(members)
    groups.sort(key=lambda g: (-len({m.article for m in g}), -len(g)))
    groups = groups[:MAX_CLAIMS]
    covered = [{m.article for m in g} for g in groups]
    model_stances = _model_stances(groups, articles, covered, embed) if use_model else {}
    denials = [g for g in groups if _polarity(g[0]) == "disagree"]
    key_to_index = {a.key: i for i, a in enumerate(articles)}

    claims: list[StoryClaim] = []
    for gi, g in enumerate(groups):
        stances: list[ArticleStance] = []
        for ai in sorted(covered[gi] | {a for (x, a) in model_stances if x == gi}):
            mine = [m for m in g if m.article == ai]
            if mine:
                votes = Counter(m.statement.stance for m in mine)
                stance = max(votes, key=lambda s: (votes[s], s == "disagree"))
                first = next(m for m in mine if m.statement.stance == stance)
                stances.append(
                    ArticleStance(
                        articles[ai].key,
                        stance,
                        votes[stance] / len(mine),
                        first.statement.speaker,
                        first.statement.sentence,
                    )
                )
            else:
                label, score, _ = model_stances[(gi, ai)]
                stances.append(ArticleStance(articles[ai].key, label, score, None, None))
        rep = g[0]
        text = rep.statement.content
        if _polarity(rep) == "disagree":  # a denial reads best as its whole sentence
            rep = min(
                g,
                key=lambda m: (
                    _DENIAL_PREFERENCE.get(m.statement.verb_class, 3),
                    len(m.statement.sentence.split()) > 40,
                    _order_key(articles, m.article),
                ),
            )
            text = rep.statement.sentence
        speakers = Counter(m.statement.speaker for m in g)
        first = min(g, key=lambda m: (_order_key(articles, m.article), m.statement.position))
        claims.append(
            StoryClaim(
                text=text,
                speaker=speakers.most_common(1)[0][0],
                verb=rep.statement.verb.lower(),
                lang=rep.statement.lang,
                status=_status(g, stances, denials, articles, key_to_index),
                first_article=articles[first.article].key,
                first_seen_at=articles[first.article].seen_at,
                stances=stances,
            )
        )
    return claims
