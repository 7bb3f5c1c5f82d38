"""Word lists (English and Spanish) that signal refuting, hedging, confirming and negating.

Entries are matched on lower-cased, accent-folded tokens; multi-word entries are matched as
phrases on the folded text. They feed the stance features; the model learns their weights.

``LEXICONS`` feed the per-lexicon counts; ``POLARITY_LEXICONS`` feed the polarity features
(does the claim call the story false, does the body, and how firmly the body reports it).
"""

from __future__ import annotations

from newssearcher.analysis.stance.text import wordset

REFUTE = wordset("""
    fake fakes faked fraud hoax hoaxes false falsely deny denies denied denying denial denials
    bogus debunk debunks debunked debunking retract retracts retracted retraction untrue
    baseless unfounded fabricated fabrication misleading myth myths refute refutes refuted
    rebut rebuts rebutted reject rejects rejected rejecting dismiss dismisses dismissed
    satire satirical spoof prank pranks photoshopped doctored incorrect inaccurate lie lies
    lied nonsense rubbish groundless disproved disputes disputed contradict contradicts
    contradicted misinformation disinformation slander smear
    falso falsa falsos falsas bulo bulos engano enganos desmiente desmienten desmintio
    desmintieron desmentido niega niegan nego negaron negativa rechaza rechazan rechazo
    rechazaron infundado infundada infundados infundadas mentira mentiras inventado inventada
    fabricado fabricada refuta refuto calumnia calumnias desinformacion montaje
    """)
REFUTE_PHRASES = (
    "not true",
    "no evidence",
    "no truth",
    "made up",
    "never happened",
    "did not happen",
    "didn't happen",
    "not real",
    "no basis",
    "completely false",
    "no es cierto",
    "no es verdad",
    "sin fundamento",
    "sin pruebas",
    "carece de fundamento",
    "carecen de fundamento",
    "nada que ver",
)
HEDGE = wordset("""
    reportedly allegedly alleged alleges allege apparently claim claims claimed claiming
    rumor rumors rumour rumours rumored rumoured unconfirmed unverified may might could
    possibly perhaps purportedly purported supposedly suggests suggest suggested believed
    appears appear seems seem according sources source speculation speculate speculated
    report reports reported unclear whether if accused accuses accusation accusations
    suspected suspect likely unlikely potentially
    supuestamente presuntamente presunto presunta presuntos aparentemente podria podrian
    habria habrian rumor rumores fuentes fuente afirma afirman aseguran asegura alegan
    acusa acusan acusacion acusaciones denuncia posiblemente quiza quizas segun probable
    """)
HEDGE_PHRASES = (
    "said to",
    "is said",
    "are said",
    "it is not clear",
    "not yet confirmed",
    "has not been confirmed",
    "could not be verified",
    "al parecer",
    "sin confirmar",
    "no ha sido confirmado",
)
CONFIRM = wordset("""
    confirmed confirms confirm confirming officially indeed proved proven prove verified
    announced announces revealed reveals shows showed evidence footage video photos
    statement arrested charged died killed true actually definitely certainly
    confirmo confirma confirman confirmado confirmada oficialmente anuncio anuncia anunciado
    demostro demostrado verificado revelo revela muestra pruebas detenido murio cierto
    """)
NEGATION = wordset("""
    not no never none nobody nothing neither nor without n't cannot isn't wasn't aren't
    weren't doesn't don't didn't hasn't haven't hadn't won't wouldn't couldn't shouldn't
    nunca ni ningun ninguna ninguno jamas sin nadie nada tampoco
    """)

LEXICONS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "refute": (REFUTE, REFUTE_PHRASES),
    "hedge": (HEDGE, HEDGE_PHRASES),
    "confirm": (CONFIRM, ()),
    "negation": (NEGATION, ()),
}


def count(
    folded_tokens: list[str],
    folded_text: str,
    lexicon: str,
    table: dict[str, tuple[frozenset[str], tuple[str, ...]]] = LEXICONS,
) -> int:
    """How many tokens (and phrases) of ``table[lexicon]`` occur in the folded tokens / text."""
    singles, phrases = table[lexicon]
    n = sum(1 for t in folded_tokens if t in singles)
    for phrase in phrases:
        n += folded_text.count(phrase)
    return n


# --- polarity lexicons: is a story called false, denied, real, or only reported ----------

DEBUNK = wordset("""
    fake fakes faked fraud hoax hoaxes hoaxer hoaxers hoaxed false falsely bogus debunk debunks
    debunked debunking untrue baseless unfounded fabricated fabrication misleading myth myths
    satire satirical spoof spoofs prank pranks pranked photoshopped doctored staged scam scams
    sham phony phoney parody joke jokes fictional fiction lie lies lied nonsense rubbish
    disproved inaccurate incorrect misinformation disinformation rumor rumors rumour rumours
    retract retracted retraction
    falso falsa falsos falsas bulo bulos engano montaje broma parodia mentira mentiras
    """)
DEBUNK_PHRASES = (
    "not true",
    "no evidence",
    "not real",
    "isn't real",
    "is not real",
    "made up",
    "never happened",
    "too good to be true",
    "urban legend",
    "no proof",
    "not actually",
    "didn't actually",
    "did not actually",
    "turned out",
    "turns out",
    "was actually",
    "is actually",
    "no es cierto",
    "no es verdad",
)
DENY = wordset("""
    deny denies denied denying denial denials refute refutes refuted rebut rebuts rebutted
    dismiss dismisses dismissed reject rejects rejected niega niegan nego desmiente desmienten
    """)
REAL = wordset("""
    real genuine authentic true truth legit legitimate confirmed confirms confirm verified
    actually indeed
    """)
REPORTING = wordset("""
    report reports reported reportedly claim claims claimed alleged allegedly appears appear
    seems rumor rumors rumour rumours says said according
    """)
HEDGE_MORE_PHRASES = (
    "according to",
    "if true",
    "it is unclear",
    "it's unclear",
    "remains to be seen",
    "could not be reached",
    "did not respond",
    "declined to comment",
)

POLARITY_LEXICONS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "debunk": (DEBUNK, DEBUNK_PHRASES),
    "deny": (DENY, ()),
    "real": (REAL, ()),
    "reporting": (REPORTING, ()),
    "hedging": (HEDGE, HEDGE_PHRASES + HEDGE_MORE_PHRASES),
}


def count_polarity(folded_tokens: list[str], folded_text: str, lexicon: str) -> int:
    """``count`` over the ``POLARITY_LEXICONS``."""
    return count(folded_tokens, folded_text, lexicon, POLARITY_LEXICONS)
