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

# Nouns a speaker phrase may be headed by without being a proper name ("the embassy",
# "U.S. officials", "a White House memo", "la embajada", "fuentes del Gobierno").
SPEAKER_HEADS_EN = wordset("""
    memo memorandum report reports document documents statement statements study studies
    analysis filing filings audit probe inquiry survey poll paper article newspaper outlet
    newspapers media intelligence letter email complaint lawsuit indictment assessment
    investigation review ruling advisory results findings source sources
    official officials spokesperson spokesman spokeswoman spokespeople representative
    representatives government administration ministry department agency agencies embassy
    authorities authority police prosecutor prosecutors company firm group giant corporation
    business companies firms businesses experts analyst analysts researcher researchers
    scientist scientists critics lawmakers senator senators observers people executive
    executives ceo president minister leader leaders commission committee court judge
    officers regulator regulators watchdog board council centre center bureau office
    institute university observatory union unions association associations federation team
    club party opposition parliament senate congress assembly members navy army military
    forces guard banks lenders insurers traders lines airlines fishermen diplomats residents
    witnesses publishers lawyer lawyers attorney attorneys adviser advisers advisor governor
    mayor chief director head secretary chairman chairwoman founder manager economist
    economists investigator investigators engineers developers employees workers staff coach
    player players diplomat delegation authorities consultancy bank hospital hospitals
    airline utility operator operators carrier insurer lender inspector inspectors
    service services network ministry's
    """)
# Spanish heads: a speaker phrase may go on with adjectives after them ("la embajada china").
SPEAKER_HEADS_ES = wordset("""
    memorándum memorando informe informes documento comunicado auditoría investigación
    estudio encuesta diario periódico declaración fuentes fuente portavoz vocero vocera
    gobierno ministerio embajada autoridades policía fiscalía fiscal empresa compañía firma
    grupo gigante expertos analista analistas investigador investigadores científicos
    funcionarios presidente presidenta ministro ministra viceministro tribunal juez jueza
    marina ejército fuerzas junta consejo oficina sindicato sindicatos asociación
    federación instituto universidad equipo club partido oposición parlamento senado
    congreso miembros bancos aseguradoras abogado abogados asesor gobernador alcalde jefe
    director directora secretario fundador economista entrenador técnico consejero
    exconsejero diputado diputados senador senadores delegación resultados observatorio
    agencia banco dirigentes responsables constructora aerolínea naviera eléctrica
    operadora fabricante aseguradora hospital hospitales patronal inspección inspectores
    """)
SPEAKER_HEADS = SPEAKER_HEADS_EN | SPEAKER_HEADS_ES
# Words that may stand right before a name in a speaker phrase besides the heads above
# ("Foreign Minister Aurelio Danescu", "the online lender Fernpay", "HPA lawyer Stefan Oduya").
ROLE_WORDS = SPEAKER_HEADS | wordset("""
    lender provider maker carrier operator start-up startup insurer retailer bank platform
    developer producer partner rival operator investor fund justice deputy professor dr mr
    ms mrs striker midfielder goalkeeper athlete runner champion star founder chairman
    investigator vendor supplier manufacturer
    proveedor fabricante operadora operador socio rival aseguradora plataforma doctor
    doctora profesor profesora delantero atleta campeón campeona
    """)
# Generic heads resolved to a name seen earlier in the article ("the firm" -> "Alibaba").
ORG_PRONOUN_HEADS = wordset(
    "company firm group giant corporation business empresa compañía firma grupo gigante"
)
PRONOUNS = wordset("it they he she both él ella ellos ellas ambos ambas")
PERSON_PRONOUNS = wordset("he she él ella")
# A phrase starting with one of these denies that anyone said it ("No group claimed ...").
NEGATIVE_STARTS = wordset("no neither none nobody nor ninguno ninguna nadie ni")
NEGATIONS = wordset("not never no n't nunca jamás cannot")
# Days, months and other time words: never names, and cut off the end of a speaker phrase.
TIME_WORDS = wordset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december morning afternoon evening
    night week weekend month year today yesterday tonight earlier later
    lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo
    junio julio agosto septiembre octubre noviembre diciembre mañana tarde noche semana mes
    año hoy ayer
    """)
