"""The HTML pages: what each shows, on both backends, in English and Spanish."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest


def _pages(corpus) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/",
        "/hubs",
        "/hub/cloud",
        "/stories",
        f"/story/{corpus.stories['cloud']}",
        f"/story/{corpus.stories['ransom']}",
        f"/article/{corpus.articles['rewrite']}",
        f"/article/{corpus.articles['memo']}",
        "/entity/nimbus-cloud",
        "/sources",
        "/source/Tech%20Wire",
        "/search",
        "/search?q=Nimbus&hub=cybersecurity",
        "/signin",
        "/signup",
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_renders_with_landmarks(client, hub_db, lang: str) -> None:
    _, corpus = hub_db
    for url in _pages(corpus):
        resp = client.get(url, headers={"Accept-Language": lang})
        assert resp.status_code == 200, url
        html = resp.text
        assert f'<html lang="{lang}"' in html, url
        assert '<main id="main"' in html and "<header" in html and "<footer" in html, url
        assert 'class="skip-link" href="#main"' in html, url
        assert len(re.findall(r"<h1[ >]", html)) == 1, url


def test_home_shows_hubs_with_developing_and_latest(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    html = sclient.get("/").text
    assert 'id="hub-cybersecurity"' in html and 'id="hub-cloud"' in html
    assert "Developing now" in html and "Latest" in html
    assert f'href="/story/{corpus.stories["cloud"]}"' in html
    assert "Leaked memo alleges Nimbus Cloud shared data with the PLA" in html


def test_story_page_shows_everything_about_the_story(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    a = corpus.articles
    html = sclient.get(f"/story/{corpus.stories['cloud']}").text
    # summary sentences cite numbered sources that link to the source list
    assert f'href="#source-{a["memo"]}"' in html and f'id="source-{a["memo"]}"' in html
    assert f'<a class="cite" href="#source-{a["denial"]}"' in html
    # first reported by
    first = html[html.index('id="first-h"') : html.index('id="claims-h"')]
    assert "Daily Ledger" in first and "https://dailyledger.example/memo" in first
    # claims with stances and status
    assert "alleged and denied" in html
    claims = html[html.index('id="claims-h"') : html.index('id="sources-h"')]
    assert claims.count("stance-agree") == 2 and claims.count("stance-disagree") == 1
    assert "denies" in claims and "asserts" in claims and "reports" in claims
    # every source with outlet, date, language and a link to the original, copies marked
    sources = html[html.index('id="sources-h"') : html.index('id="timeline-h"')]
    for outlet in (
        "Daily Ledger",
        "Content Farm",
        "El Diario Digital",
        "Aggregator Now",
        "Tech Wire",
    ):
        assert outlet in sources
    assert sources.count('class="original"') == 5
    assert "rewrite of [1]" in sources and "duplicate of [1]" in sources
    assert "first report" in sources and "Spanish" in sources
    assert 'datetime="2025-03-03T08:00:00+00:00"' in sources
    # timeline and entities
    timeline = html[html.index('id="timeline-h"') :]
    assert "<li>" in timeline[: timeline.index("</ol>")]
    assert 'href="/entity/nimbus-cloud"' in html
    # the outage report moved out of it, with a link to where it went
    moved = html[html.index('id="moves-h"') :]
    moved = moved[: moved.index("</section>")]
    assert f'href="/article/{a["outage1"]}"' in moved
    assert f'moved to</span> <a href="/story/{corpus.stories["outage"]}">' in moved
    assert "Hours-long outage takes down Stratus" in moved
    assert 'id="moves-h"' not in sclient.get(f"/story/{corpus.stories['ransom']}").text


def test_merged_story_redirects(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    resp = sclient.get(f"/story/{corpus.stories['merged']}", follow_redirects=False)
    assert resp.status_code == 301
    assert resp.headers["location"] == f"/story/{corpus.stories['cloud']}"
    assert sclient.get("/story/99999").status_code == 404


def test_spanish_ui_with_translated_story(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    html = sclient.get(
        f"/story/{corpus.stories['cloud']}", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
    ).text
    assert "Un memorando filtrado acusa a Nimbus Cloud" in html
    assert "Resumen traducido automáticamente" in html
    assert "Afirmaciones" in html and "alegado y negado" in html and "niega" in html
    assert "3 mar 2025" in html  # Spanish date format
    assert "inglés" in html  # language names in Spanish
    # no translation: the original, with a note
    outage = sclient.get(
        f"/story/{corpus.stories['outage']}", headers={"Accept-Language": "es"}
    ).text
    assert "Hours-long outage takes down Stratus" in outage
    assert "Aún sin traducción" in outage
    assert "Noticias trasladadas" in outage and "procede de</span>" in outage


def test_language_switch_sets_a_cookie_and_beats_accept_language(sclient) -> None:
    resp = sclient.get("/settings/language/es", params={"next": "/hubs"}, follow_redirects=False)
    assert resp.status_code == 303 and "ns_lang=es" in resp.headers["set-cookie"]
    page = sclient.get("/hubs", headers={"Accept-Language": "en"})
    assert '<html lang="es"' in page.text and "Ciberseguridad" in page.text
    assert page.headers["content-language"] == "es"
    back = sclient.get("/hubs", params={"lang": "en"})
    assert '<html lang="en"' in back.text and "Cybersecurity" in back.text
    assert "ns_lang=en" in back.headers["set-cookie"]
    assert sclient.get("/settings/language/fr").status_code == 404


def test_numbers_are_localised(sclient, hub_sqlite) -> None:
    from newssearcher.web.i18n import I18n

    assert I18n("en").number(12345.5) == "12,345.5"
    assert I18n("es").number(12345.5) == "12.345,5"
    assert I18n("es").percent(0.25).replace("\xa0", " ") == "25 %"


def test_theme_switch_works_without_javascript(sclient) -> None:
    resp = sclient.get("/settings/theme/dark", params={"next": "/"}, follow_redirects=False)
    assert "ns_theme=dark" in resp.headers["set-cookie"]
    assert 'data-theme="dark"' in sclient.get("/").text
    assert 'data-theme="auto"' in sclient.get("/", cookies={"ns_theme": 'evil"><x'}).text


def test_outlet_page_counts_first_reports_and_rewrites(sclient, hub_sqlite) -> None:
    html = sclient.get("/source/" + quote("Daily Ledger")).text
    stats = html[html.index('class="stats"') : html.index("</dl>")]
    values = re.findall(r"<dd>(\d+)", stats)
    assert values == ["2", "2", "1", "0", "0"]  # articles, stories, first, rewrites, duplicates
    farm = sclient.get("/source/" + quote("Content Farm")).text
    farm_stats = farm[farm.index('class="stats"') : farm.index("</dl>")]
    assert re.findall(r"<dd>(\d+)", farm_stats) == ["1", "1", "0", "1", "0"]
    assert sclient.get("/source/Nobody").status_code == 404


def test_entity_page_lists_stories_and_claims(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    html = sclient.get("/entity/nimbus-cloud").text
    assert "Nimbus Cloud" in html and f'href="/story/{corpus.stories["cloud"]}"' in html
    assert "shared customer data with the People" in html
    by_alias = sclient.get("/entity/PLA", follow_redirects=False)
    assert by_alias.status_code == 301
    assert by_alias.headers["location"] == "/entity/peoples-liberation-army"


def test_article_page_marks_rewrites_and_links_the_original(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    html = sclient.get(f"/article/{corpus.articles['rewrite']}").text
    assert "This article rewrites an earlier one" in html
    assert f'href="/article/{corpus.articles["memo"]}"' in html
    assert 'href="https://contentfarm.example/rewrite"' in html
    memo = sclient.get(f"/article/{corpus.articles['memo']}").text
    assert "Copies and rewrites of this article" in memo


def test_search_page_with_filters_and_bad_input(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    html = sclient.get("/search", params={"q": "Nimbus", "language": "es"}).text
    assert "1 result" in html and f'href="/article/{corpus.articles["spanish"]}"' in html
    assert "<mark>Nimbus</mark>" in html
    bad = sclient.get("/search", params={"q": "Nimbus", "from": "yesterday"})
    assert bad.status_code == 400 and "2024-05-31" in bad.text
    unknown = sclient.get("/search", params={"q": "Nimbus", "hub": "nope"})
    assert unknown.status_code == 400
    sem = sclient.get("/search", params={"q": "hospital hackers", "mode": "semantic"}).text
    assert f'href="/article/{corpus.articles["ransom"]}"' in sem
