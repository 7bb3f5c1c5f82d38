"""Pages that hold text but no article: what a site or a crawler shows in place of one.

A web archive's note about its crawl, a social network's widget text, a "please enable
JavaScript" wall, a sign-in form, a newsletter or follow-us box, a domain's placeholder page, a
bot check or an error page reaches the pipeline as a few sentences of ordinary prose, long
enough to pass for a short report. Stored as an article it would be clustered, and since such
pages from unrelated sources are word for word alike, they would all be taken for copies of one
another and pull their stories together.

:func:`non_article_reason` recognises them by what they say near their start, and only when the
whole text is short: a report that mentions an archive or a bot check in passing is longer and
says more. What a short report might quote or end with (an outage's "404 not found", a
captcha's question, "sign up for our newsletter") counts only in its opening line. The
patterns name the kind of page, not any one site's wording of it, as far as that can be done
with phrases, in English and Spanish (the languages of the product's pages).
"""

from __future__ import annotations

import re

# a page past this many words is taken for an article whatever its first lines say
MAX_WORDS = 150
# the patterns must match within the first characters of the title and text
HEAD_CHARS = 400
# ... and those a short report could quote (an outage's error message, a captcha) at its start
OPENING_CHARS = 100
# a newsletter or follow-us box is a few lines: a short report may open with such a line
BOX_WORDS = 80

# (kind of page, characters the pattern must match within, most words, patterns)
_KINDS: tuple[tuple[str, int, int, re.Pattern[str]], ...] = tuple(
    (kind, within, words, re.compile("|".join(patterns), re.IGNORECASE))
    for kind, within, words, patterns in (
        (
            "a web archive's crawl notice",
            HEAD_CHARS,
            MAX_WORDS,
            (
                r"\bcrawls? (?:are|is|were|was) (?:part of|run as part of) an effort to archive",
                r"\bthe seed (?:list )?for [\w-]*\d[\w-]* (?:was|were)\b",  # a crawl's id
                r"\bthe seed (?:list )?for this crawl\b",
                r"\bthis (?:web )?crawl (?:was|is) (?:performed|run|captured)\b",
                r"\b(?:files|data) (?:are|is) (?:currently )?not (?:currently )?publicly "
                r"(?:accessible|available)\b",
                r"\bweb collections? curated by\b",
            ),
        ),
        (
            "a social network's widget text",
            HEAD_CHARS,
            MAX_WORDS,
            (
                r"\b(?:tweet|post) with a location\b",
                r"\badd location information to your (?:tweets|posts)\b",
                r"\badd this (?:tweet|post) to your (?:website|site)\b",
                r"\b(?:twittea|publica) con (?:tu )?ubicación\b",
                r"\binformación de ubicación a tus (?:tweets|publicaciones)\b",
            ),
        ),
        (
            "a JavaScript or cookie wall",
            HEAD_CHARS,
            MAX_WORDS,
            (
                r"\b(?:please )?(?:enable|turn on) javascript\b",
                r"\bjavascript is (?:disabled|required|not enabled)\b",
                r"\byour browser (?:does not|doesn't) support javascript\b",
                r"\b(?:please|you (?:need|must|have) to) enable cookies\b",
                r"\b(?:activa|habilita|active|habilite) (?:el )?javascript\b",
                r"\bjavascript está (?:desactivado|deshabilitado)\b",
                r"\b(?:activa|habilita|acepta) las cookies para (?:continuar|seguir)\b",
            ),
        ),
        (
            "a sign-in or registration form",
            OPENING_CHARS,
            MAX_WORDS,
            (
                r"\b(?:please|you must) (?:sign|log) in\b",
                r"\b(?:sign|log) in (?:using|with|to) your (?:\w+ )?(?:account|profile)\b",
                r"\bby submitting your registration\b",
                r"\binicia(?:r)? sesión (?:con|en) tu cuenta\b",
                r"\binicia sesión para (?:continuar|seguir)\b",
            ),
        ),
        (
            "a newsletter or follow-us box",
            OPENING_CHARS,
            BOX_WORDS,
            (
                r"\b(?:join|follow|like) us on (?:facebook|twitter|instagram|x)\b",
                r"\bsign up for (?:the|our) (?:[\w-]+ ){0,4}newsletter\b",
                r"\bsíguenos en (?:facebook|twitter|instagram|x)\b",
                r"\bsuscríbete a (?:nuestro|nuestra|el|la) (?:[\w-]+ ){0,3}(?:boletín|newsletter)\b",
            ),
        ),
        (
            "a site's placeholder page",
            OPENING_CHARS,
            MAX_WORDS,
            (
                r"\bcustom domain (?:mapping|setup)\b",
                r"\bthis domain (?:name )?(?:is|may be) for sale\b",
                r"\b(?:this|our) (?:site|website|page) is under construction\b",
                r"\beste dominio está a la venta\b",
                r"\b(?:sitio|página) (?:web )?en construcción\b",
            ),
        ),
        (
            "a bot check",
            OPENING_CHARS,
            MAX_WORDS,
            (
                r"\bverify (?:that )?you are (?:a )?human\b",
                r"\bare you a robot\?",
                r"\byou (?:don't|do not) have permission to access\b",
                # a rate limit: the site saw too much traffic from the reader's address
                r"\b(?:unusual traffic|too many requests|(?:amount|number) of (?:connections|"
                r"requests)) from (?:your|the|this) (?:computer|network|ip)\b",
                r"\b(?:verifica|confirma|demuestra) que (?:eres (?:un )?humano|no eres un robot)\b",
                r"¿eres un robot\?",
            ),
        ),
        (
            "an error page",
            OPENING_CHARS,
            MAX_WORDS,
            (
                r"\b(?:error )?404\b.{0,40}\bnot found\b",
                r"\bthe page you (?:are|were) looking for (?:does not|doesn't|could not|can't|cannot)",
                r"\b404\b.{0,40}\bpágina no encontrada\b",
                r"\bla página que (?:buscas|busca|estás buscando) no (?:existe|está disponible)\b",
            ),
        ),
    )
)


def non_article_reason(text: str, title: str | None = None) -> str | None:
    """``"not an article: <kind of page>"`` when ``text`` (with ``title``) is such a page, else
    None."""
    words = len(text.split())
    if words > MAX_WORDS:
        return None
    head = f"{title}\n{text}" if title else text
    for kind, within, most, pattern in _KINDS:
        if words <= most and pattern.search(head[:within]):
            return f"not an article: {kind}"
    return None
