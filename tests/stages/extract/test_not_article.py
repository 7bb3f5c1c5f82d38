"""Pages that hold text but no article are refused, by extraction and by import alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newssearcher.extract.article import extract_article
from newssearcher.extract.errors import NoArticle
from newssearcher.extract.not_article import BOX_WORDS, MAX_WORDS, non_article_reason
from newssearcher.pipeline.records_in import BadRecord, record_from_json
from newssearcher.sample import corpus
from tests.stages.extract.pages import EN_PARAGRAPHS, ES_PARAGRAPHS

# each written for this test in the manner of such pages
PAGES = {
    "a web archive's crawl notice": (
        "Harbour Web Collection. These crawls are part of an effort to archive pages as "
        "they are published, and the pages they link to, so that later readers can follow "
        "the references. Crawl data is added to the collection after an embargo."
    ),
    "a social network's widget text": (
        "Port Aldren Ledger on Chirp\nPost with a location\n\nYou can add location information "
        "to your posts from the web and from other apps. You can always delete it. Learn more"
    ),
    "a JavaScript or cookie wall": (
        "JavaScript is disabled\n\nYou need to enable JavaScript to listen to this podcast. "
        "Turn it on in your browser settings and reload the page to continue."
    ),
    "a sign-in or registration form": (
        "Sign in with your Ledger account\n\nWelcome back. Please sign in to keep reading, or "
        "register: by submitting your registration details you accept our terms of use."
    ),
    "a newsletter or follow-us box": (
        "Follow us on Facebook for the day's headlines. Sign up for our morning newsletter and "
        "get the top stories of the Coastal Ledger delivered to your inbox before breakfast."
    ),
    "a site's placeholder page": (
        "Almost ready! The custom domain mapping for this site can take up to a day to "
        "resolve. If the page still does not load tomorrow, contact the help centre."
    ),
    "a bot check": (
        "Before we continue, please verify you are a human. This check protects the site "
        "from automated traffic and takes a few seconds. Thank you for your patience."
    ),
    "an error page": (
        "Error 404 - Page not found. The page you were looking for does not exist or has "
        "moved. Try the search box or go back to the home page of the Coastal Ledger."
    ),
}

# the same kinds as Spanish sites word them (archives' crawl notices come in English)
PAGES_ES = {
    "a social network's widget text": (
        "Gaceta de Puerto Aldren en Chirp\nTwittea con ubicación\n\nPuedes añadir información "
        "de ubicación a tus tweets desde la web y desde otras aplicaciones. Más información"
    ),
    "a JavaScript or cookie wall": (
        "Para escuchar este pódcast, activa JavaScript en tu navegador y vuelve a cargar la "
        "página. Sin JavaScript el reproductor no funciona."
    ),
    "a sign-in or registration form": (
        "Inicia sesión con tu cuenta de la Gaceta para seguir leyendo. ¿Aún no tienes cuenta? "
        "Regístrate gratis en un minuto."
    ),
    "a newsletter or follow-us box": (
        "Síguenos en Facebook y suscríbete a nuestro boletín diario para recibir cada mañana "
        "las noticias de la Gaceta de Puerto Aldren en tu correo."
    ),
    "a site's placeholder page": (
        "Este dominio está a la venta. Si te interesa comprarlo, escríbenos desde el "
        "formulario de contacto y te responderemos en 24 horas."
    ),
    "a bot check": (
        "Antes de continuar, confirma que no eres un robot. Esta comprobación protege el sitio "
        "del tráfico automático y solo tarda unos segundos."
    ),
    "an error page": (
        "Error 404: página no encontrada. La página que buscas no existe o ha cambiado de "
        "dirección. Vuelve a la portada de la Gaceta."
    ),
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_each_kind_of_page_is_named(kind: str) -> None:
    assert non_article_reason(PAGES[kind]) == f"not an article: {kind}"


@pytest.mark.parametrize("kind", sorted(PAGES_ES))
def test_each_kind_of_page_is_named_in_spanish_too(kind: str) -> None:
    assert non_article_reason(PAGES_ES[kind]) == f"not an article: {kind}"


@pytest.mark.parametrize("kind", sorted(PAGES_ES))
def test_a_spanish_report_that_says_such_things_in_passing_is_an_article(kind: str) -> None:
    report = " ".join(ES_PARAGRAPHS * 3)
    assert non_article_reason(PAGES_ES[kind] + "\n\n" + report) is None
    assert non_article_reason(" ".join(ES_PARAGRAPHS)[:400] + " " + PAGES_ES[kind]) is None


def test_a_rate_limit_page_is_a_bot_check() -> None:
    page = (
        "We are sorry, but we have seen an unusual number of requests from your network. "
        "Please wait a few minutes before you try again."
    )
    assert non_article_reason(page) == "not an article: a bot check"


def test_the_title_counts_as_part_of_the_start() -> None:
    assert non_article_reason("Try again later.", title="404 Not Found") is not None


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_report_that_says_such_things_in_passing_is_an_article(kind: str) -> None:
    report = " ".join(EN_PARAGRAPHS * 3)
    assert len(report.split()) > MAX_WORDS - len(PAGES[kind].split())
    # the phrase near the start of a long report, or past the start of a short one
    assert non_article_reason(PAGES[kind] + "\n\n" + report) is None
    assert non_article_reason(" ".join(EN_PARAGRAPHS)[:400] + " " + PAGES[kind]) is None


def test_no_article_of_the_sample_corpus_or_the_test_pages_is_refused() -> None:
    manifest = corpus.load_manifest()
    texts = [a["text"] for a in manifest["articles"] if "text" in a]
    assert len(texts) == len(manifest["articles"]) > 0
    texts += EN_PARAGRAPHS + ES_PARAGRAPHS + ["\n\n".join(EN_PARAGRAPHS)]
    assert [t[:60] for t in texts if non_article_reason(t)] == []


def test_extraction_refuses_such_a_page_with_the_reason() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PAGES["a web archive's crawl notice"].split(". "))
    html = f"<html><head><title>Collection</title></head><body><article>{paragraphs}</article>"
    with pytest.raises(NoArticle, match="not an article: a web archive's crawl notice"):
        extract_article(html + "</body></html>")


def test_import_refuses_such_a_record_naming_the_field() -> None:
    with pytest.raises(BadRecord, match='"text" is not an article: a bot check'):
        record_from_json({"id": "x1", "text": PAGES["a bot check"]})
    assert record_from_json({"id": "x2", "text": " ".join(EN_PARAGRAPHS)}).external_id == "x2"


def test_on_the_labelled_files_only_the_multinews_crawl_pages_are_refused(
    shared_dir: Path,
) -> None:
    """Measured on real text: none of the 5,344 gnews snippets, 25,642 stance bodies and
    claims or 2,442 semeval texts but the two widget pages and the three English rate-limit pages
    in it; in multinews the archive
    crawl notices, the tweet widget pages, a sign-in form, a follow-us box and a domain's
    placeholder page (27 in all), nothing else."""
    dev = shared_dir / "eval" / "dev"
    refused: dict[str, list[str]] = {}
    for name, keys in (
        ("clustering-gnews.jsonl", ("text",)),
        ("clustering-multinews.jsonl", ("text",)),
        ("stance-fnc.jsonl", ("text", "claim")),
    ):
        with (dev / name).open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                for key in keys:
                    why = non_article_reason(row[key])
                    if why:
                        refused.setdefault(name, []).append(why)
    assert set(refused) == {"clustering-multinews.jsonl"}
    kinds = set(refused["clustering-multinews.jsonl"])
    assert kinds == {
        "not an article: a web archive's crawl notice",
        "not an article: a social network's widget text",
        "not an article: a sign-in or registration form",
        "not an article: a newsletter or follow-us box",
        "not an article: a site's placeholder page",
    }
    assert 20 <= len(refused["clustering-multinews.jsonl"]) <= 35


SHORT_REPORTS = {
    "Tax office site fails on deadline day": (
        "The tax office's website was down for most of Monday morning. Visitors saw an "
        "'Error 404 - page not found' message, and some were asked to verify you are a "
        "human before being turned away. The office said the fault was fixed by noon."
    ),
    "Harbour Road to close for two weeks": (
        "Harbour Road will close for resurfacing from Monday, the council said. Buses will "
        "divert via Mill Lane for two weeks. Sign up for our newsletter to follow the works, "
        "or follow us on Facebook for daily updates from the Coastal Ledger."
    ),
}


@pytest.mark.parametrize("title", sorted(SHORT_REPORTS))
def test_a_short_report_quoting_or_ending_with_such_phrases_is_an_article(title: str) -> None:
    """An error message or a captcha quoted, a sign-up line at the end: past the opening."""
    brief = SHORT_REPORTS[title]
    assert len(brief.split()) < MAX_WORDS
    assert non_article_reason(brief, title=title) is None


def test_a_short_report_opening_with_a_follow_us_line_is_an_article() -> None:
    """A box is a few lines; a report of more words that opens with one is kept."""
    report = "Follow us on Facebook. " + " ".join(EN_PARAGRAPHS)
    words = len(report.split())
    assert BOX_WORDS < words <= MAX_WORDS
    assert non_article_reason(report) is None
    box = PAGES["a newsletter or follow-us box"]
    assert len(box.split()) <= BOX_WORDS and non_article_reason(box) is not None
    brief = SHORT_REPORTS["Harbour Road to close for two weeks"]
    assert non_article_reason("Sign up for our newsletter. " + brief) is not None


def test_a_cookie_wall_is_refused_and_a_report_about_cookies_is_not() -> None:
    wall = "Cookies are disabled. You need to enable cookies to read the Coastal Ledger online."
    assert non_article_reason(wall) == "not an article: a JavaScript or cookie wall"
    brief = (
        "Browsers will soon stop asking readers to enable cookies on every site, a standards "
        "group said on Monday, after years of complaints about consent banners."
    )
    assert non_article_reason(brief) is None
