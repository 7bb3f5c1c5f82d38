"""Reporting verbs of English and Spanish, by what they say about the speaker's stance.

``ASSERT`` verbs put the content in the speaker's mouth (the speaker agrees with it),
``DENY`` verbs reject it, ``LABEL`` verbs ("called X false", "calificó X de falso") take
their stance from the label that follows, ``ACCUSE`` verbs take an object and a charge
("accused X of Y", "acusó a X de Y"). ``HEDGED`` verbs report without endorsing (discuss).
Speaker head nouns are the words a speaker phrase may end in without being a proper name.
"""

from __future__ import annotations

from newssearcher.analysis.stance.text import wordset

ASSERT_EN = wordset("""
    say says said saying claim claims claimed claiming allege alleges alleged alleging assert
    asserts asserted asserting state states stated stating argue argues argued arguing insist
    insists insisted insisting maintain maintains maintained maintaining contend contends
    contended warn warns warned warning add adds added note notes noted write writes wrote
    tell tells told announce announces announced confirm confirms confirmed confirming
    acknowledge acknowledges acknowledged admit admits admitted conclude concludes concluded
    find finds found reveal reveals revealed show shows showed indicate indicates indicated
    report reports reported charge charges charged emphasise emphasises emphasised emphasize
    emphasizes emphasized stress stresses stressed explain explains explained
    """)
HEDGED_EN = wordset("""
    suggest suggests suggested suggesting believe believes believed speculate speculates
    speculated
    """)
DENY_EN = wordset("""
    deny denies denied denying reject rejects rejected rejecting refute refutes refuted
    dismiss dismisses dismissed dispute disputes disputed rebut rebuts rebutted repudiate
    repudiates repudiated contradict contradicts contradicted
    """)
LABEL_EN = wordset("""
    call calls called calling describe describes described describing characterise
    characterises characterised characterising characterize characterizes characterized
    characterizing label labels labelled labeled labelling brand brands branded branding
    """)
ACCUSE_EN = wordset("accuse accuses accused accusing")

ASSERT_ES = wordset("""
    dijo dice dicen dijeron afirma afirmó afirman afirmaron asegura aseguró aseguran
    aseguraron declaró declara declararon sostiene sostuvo sostienen alega alegó alegan
    señaló señala señalaron indicó indica indicaron explicó explica advirtió advierte
    denunció denuncia denuncian confirmó confirma confirmaron reconoció reconoce admitió
    admite anunció anuncia informó informa reveló revela añadió agregó insistió insiste
    mantiene mantuvo subrayó destacó
    """)
HEDGED_ES = wordset("sugiere sugirió sugieren cree creen creía")
DENY_ES = wordset("""
    negó niega niegan negaron rechazó rechaza rechazan rechazaron desmintió desmiente
    desmienten desmintieron refutó refuta descartó descarta
    """)
LABEL_ES = wordset("calificó califica calificaron tachó tacha describió describe")
ACCUSE_ES = wordset("acusó acusa acusan acusaron")

VERB_CLASS: dict[str, str] = {}
for _cls, _verbs in (
    ("assert", ASSERT_EN | ASSERT_ES),
    ("hedged", HEDGED_EN | HEDGED_ES),
    ("deny", DENY_EN | DENY_ES),
    ("label", LABEL_EN | LABEL_ES),
    ("accuse", ACCUSE_EN | ACCUSE_ES),
):
    for _v in _verbs:
        VERB_CLASS[_v] = _cls

# Nouns that make a phrase a plausible speaker without a capital letter.
SPEAKER_HEADS = wordset("""
    memo memorandum report document documents statement statements study analysis filing
    audit probe inquiry survey poll paper article newspaper outlet newspapers media
    intelligence
    letter email complaint lawsuit indictment assessment investigation review source sources
    official officials spokesperson spokesman spokeswoman spokespeople representative
    government administration ministry department agency embassy authorities authority
    police prosecutors company firm group giant corporation business companies firms
    experts analysts researchers scientists critics lawmakers senators observers people
    executive executives ceo president minister leader leaders commission committee court
    judge officers regulator regulators watchdog
    memorándum informe documento comunicado auditoría investigación estudio encuesta diario
    periódico declaración fuentes fuente portavoz gobierno
    ministerio embajada autoridades policía fiscalía empresa compañía firma grupo gigante
    expertos analistas investigadores funcionarios presidente ministro tribunal juez
    """)
# Generic heads resolved to a name seen earlier in the article ("the firm" -> "Alibaba").
ORG_PRONOUN_HEADS = wordset(
    "company firm group giant corporation business empresa compañía firma grupo gigante"
)
PRONOUNS = wordset(
    "it they he she this that these those which who we i you ello ella él ellos ellas"
)
