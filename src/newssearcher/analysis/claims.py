"""Claims of a story: attributed statements grouped across articles, with stances and status.

1. ``claim_extract.extract_statements`` finds who says what in each article;
2. statements are grouped: denials by the same party form one claim ("Alibaba denies ..."),
   other statements join when their contents match (multilingual embedding cosine plus stem
   overlap), whoever the speaker;
3. each claim gets one stance per article: from its own statements there (asserting ->
   agree, denying -> disagree, hedged -> discuss), else from the stance model for articles that
   share enough words with it (never ``unrelated`` rows);
4. a status from the stances: ``denial`` (the claim is itself a denial), ``alleged-and-denied``
   (a party in the story denies it), ``disputed`` (an outlet contradicts it), ``confirmed``
   (asserted by at least ``CONFIRM_OUTLETS`` independent outlets), ``alleged`` (an accusation or
   allegation), ``unconfirmed`` (anything else).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newssearcher.analysis.claim_extract import Statement, extract_statements
from newssearcher.analysis.stance.text import content_stems, fold, words, wordset

log = logging.getLogger(__name__)

Embedder = Callable[[list[str]], np.ndarray]

GROUP_THRESHOLD = 0.45  # combined similarity for two statements to be one claim
TARGET_THRESHOLD = 0.35  # a denial this similar to an assertion denies it
CONFIRM_OUTLETS = 2
MODEL_MIN_OVERLAP = 0.5  # share of a claim's stems an article must hold to be scored
MAX_CLAIMS = 60

_ALLEGE_VERBS = wordset("""
    allege alleges alleged alleging accuse accuses accused accusing claim claims claimed
    claiming charge charges charged alega alegan alegó acusa acusó acusan denuncia denunció
    """)
_GENERIC_TARGETS = wordset("""
    report reports allegation allegations claim claims accusation accusations memo memorandum
    document story article charges this it informe informes acusacion acusaciones
    denuncia denuncias afirmaciones
    """)
_DETERMINERS = wordset("the a an el la los las un una")
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
    published_at: datetime | None = None
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


def speaker_key(speaker: str) -> frozenset[str]:
    """Folded content words of a speaker ("The Chinese Embassy" -> {"chinese", "embassy"})."""
    return frozenset(
        w.strip("'’s") for w in fold(speaker).split() if w not in _DETERMINERS and len(w) > 1
    )


def same_speaker(a: str, b: str) -> bool:
    ka, kb = speaker_key(a), speaker_key(b)
    return bool(ka and kb) and (ka <= kb or kb <= ka)


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
    a, b = (speaker_key(_PLACE_TAIL.split(x, 1)[0]) - _SIDE_NOISE for x in (speaker, denier))
    return bool(a & b)


def _is_generic(content: str) -> bool:
    toks = [fold(w) for w in words(content)]
    return any(t in _GENERIC_TARGETS for t in toks) or len(toks) <= 3


def _order_key(articles: Sequence[ClaimArticle], index: int) -> tuple[int, float, int]:
    published = articles[index].published_at
    return (0 if published else 1, published.timestamp() if published else 0.0, index)


def _status(
    group: list[_Member],
    stances: list[ArticleStance],
    denials: list[list[_Member]],
    articles: Sequence[ClaimArticle],
    key_to_index: dict[int, int],
) -> str:
    if _polarity(group[0]) == "disagree":
        return "denial"
    if any(_allied(m.statement.speaker, d[0].statement.speaker) for d in denials for m in group):
        return "denial"  # a denying party's own account ("China does not compel ...")
    for d in denials:
        if any(
            _similarity(dm, m) >= TARGET_THRESHOLD
            or (_is_generic(dm.statement.content) and dm.article == m.article)
            for dm in d
            for m in group
        ):
            return "alleged-and-denied"
    if any(s.stance == "disagree" for s in stances):
        return "disputed"
    outlets = {
        articles[key_to_index[s.article]].outlet or f"#{s.article}"
        for s in stances
        if s.stance == "agree" and articles[key_to_index[s.article]].independent
    }
    if len(outlets) >= CONFIRM_OUTLETS:
        return "confirmed"
    verbs = {m.statement.verb.lower() for m in group}
    if verbs & _ALLEGE_VERBS or any(m.statement.verb_class == "accuse" for m in group):
        return "alleged"
    return "unconfirmed"


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
        from newssearcher.stories.embedding import embed_texts

        embed = embed_texts
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
                first_seen_at=articles[first.article].published_at,
                stances=stances,
            )
        )
    return claims
