"""Test pages for the extract stage, written for these tests (fictional outlets and events).

Every boilerplate box carries a marker phrase that must never reach the extracted text.
"""

from __future__ import annotations

EN_PARAGRAPHS = [
    "The city council of Port Aldren voted on Thursday to build a movable flood barrier across "
    "the mouth of the harbour, ending a decade of debate about how to protect the old town.",
    "The barrier, which will cost an estimated 240 million euros, is to be built in three phases "
    "over six years. Engineers say it will close within forty minutes of a surge warning.",
    "Opponents had argued that the money would be better spent on raising the quay walls, but the "
    "council majority said only the barrier would also shield the river districts upstream.",
    "Construction is expected to begin next spring, once the final environmental permits have "
    "been granted by the regional authority and the tender for the steel gates has closed.",
]

ES_PARAGRAPHS = [
    "El ayuntamiento de Puerto Aldren aprobó el jueves la construcción de una barrera móvil "
    "contra las inundaciones en la bocana del puerto, tras una década de debate sobre el casco viejo.",
    "La barrera, que costará unos 240 millones de euros, se levantará en tres fases a lo largo "
    "de seis años. Los ingenieros aseguran que podrá cerrarse en cuarenta minutos.",
    "Los opositores defendían que el dinero se gastaría mejor en elevar los muelles, pero la "
    "mayoría municipal sostuvo que sólo la barrera protegería también los barrios del río.",
    "Las obras comenzarán la próxima primavera, cuando la autoridad regional conceda los "
    "últimos permisos ambientales y se cierre el concurso de las compuertas de acero.",
]

# Marker phrases of the boxes; none of them may appear in an extracted text.
BOX_MARKERS = {
    "breaking": "Volcano erupts on Isla Brava",
    "newsletter": "morning briefing straight to your inbox",
    "related": "Storm surge floods the old town again",
    "paywall": "free articles this month",
    "share": "Share this story with your friends",
    "cookie": "We use cookies to improve your visit",
    "trending": "Most read: the lighthouse keeper's cat",
    "unlabelled_cta": "Subscribe now for unlimited access",
}

ES_BOX_MARKERS = {
    "breaking": "Última hora: el volcán de Isla Brava",
    "newsletter": "Recibe nuestro boletín cada mañana",
    "related": "Te puede interesar: la marea inunda el casco viejo",
    "paywall": "Suscríbete para seguir leyendo",
}


def _boxes(markers: dict[str, str]) -> dict[str, str]:
    return {
        "breaking": f'<div class="breaking-news-ticker"><strong>BREAKING</strong> '
        f"{markers['breaking']}, flights grounded across the region</div>",
        "newsletter": '<div class="newsletter-signup"><h3>Get the briefing</h3>'
        f"<p>Sign up and get our {markers.get('newsletter')} before breakfast every day.</p>"
        '<form><input type="email"><button>Sign up</button></form></div>',
        "related": '<aside class="related-articles"><h3>Related</h3><ul>'
        f'<li><a href="/a">{markers.get("related")} for the third time this winter</a></li>'
        '<li><a href="/b">Council delays the harbour vote once more</a></li></ul></aside>',
        "paywall": '<div class="paywall-box"><p>You have read 3 of your 5 '
        f"{markers.get('paywall')}. Subscribe for 1 euro a week.</p></div>",
        "share": f'<div class="social-share"><p>{markers.get("share")} on every network.</p></div>',
        "cookie": f'<div id="cookie-consent"><p>{markers.get("cookie")} and show you relevant '
        "offers from our partners.</p><button>Accept</button></div>",
        "trending": f'<section class="most-read"><h2>{markers.get("trending")} goes viral</h2></section>',
        "unlabelled_cta": f"<p>{markers.get('unlabelled_cta')} to all our journalism.</p>",
    }


def news_page(
    *,
    lang: str = "en",
    title: str = "Harbour city approves new flood barrier",
    paragraphs: list[str] | None = None,
    meta_charset: str | None = "utf-8",
    head_extra: str = "",
    with_boxes: bool = True,
    byline: str | None = "Marta Quill",
    time_tag: str | None = '<time datetime="2024-03-14T09:30:00+01:00">14 March 2024</time>',
) -> str:
    """A news article page with the usual furniture around it."""
    if paragraphs is None:
        paragraphs = ES_PARAGRAPHS if lang == "es" else EN_PARAGRAPHS
    markers = ES_BOX_MARKERS if lang == "es" else BOX_MARKERS
    boxes = _boxes({**BOX_MARKERS, **markers}) if with_boxes else {}
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    body = [f"<p>{p}</p>" for p in paragraphs]
    # Boxes between the paragraphs, where real sites put them.
    if boxes:
        body.insert(1, boxes["newsletter"])
        body.insert(3, boxes["related"])
        body.append(boxes["paywall"])
        if lang == "en":
            body.insert(2, boxes["unlabelled_cta"])
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>{charset}
<title>{title} | The Coastal Ledger</title>
{head_extra}
</head>
<body>
{boxes.get("cookie", "")}
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
{boxes.get("breaking", "")}
<main><article>
<h1>{title}</h1>
{f'<p class="byline">By {byline}</p>' if byline else ""}
{time_tag or ""}
{"".join(body)}
{boxes.get("share", "")}
</article>
{boxes.get("trending", "")}
</main>
<footer><p>Copyright 2024 The Coastal Ledger. All rights reserved. Contact. Privacy.</p></footer>
</body>
</html>
"""
