"""extract_article on real page files: text, metadata, boilerplate boxes, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newssearcher.extract.article import extract_article
from newssearcher.extract.errors import NoArticle, NotHTML
from newssearcher.records import Extracted
from tests.stages.extract.pages import (
    BOX_MARKERS,
    EN_PARAGRAPHS,
    ES_BOX_MARKERS,
    ES_PARAGRAPHS,
    news_page,
)

URL = "https://www.coastal-ledger.example/news/2024/03/14/flood-barrier"


def from_file(tmp_path: Path, html: str | bytes, **kwargs: object) -> Extracted:
    path = tmp_path / "article.html"
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return extract_article(path.read_bytes(), **kwargs)  # type: ignore[arg-type]


def test_english_article_text_and_metadata(tmp_path: Path) -> None:
    head = (
        '<meta property="og:image" content="/img/barrier.jpg">'
        '<meta property="og:site_name" content="The Coastal Ledger">'
        '<meta name="author" content="Marta Quill">'
    )
    found = from_file(tmp_path, news_page(head_extra=head), url=URL)
    for paragraph in EN_PARAGRAPHS:
        assert paragraph in found.text
    assert found.title == "Harbour city approves new flood barrier"
    assert not found.text.startswith(found.title)  # the headline is not repeated in the text
    assert found.author == "Marta Quill"
    assert found.lang == "en"
    assert found.image == "https://www.coastal-ledger.example/img/barrier.jpg"
    assert found.site_name == "The Coastal Ledger"
    assert found.canonical_url == URL


@pytest.mark.parametrize("lang", ["en", "es"])
def test_boilerplate_boxes_are_not_in_the_text(tmp_path: Path, lang: str) -> None:
    found = from_file(tmp_path, news_page(lang=lang), url=URL)
    markers = {**BOX_MARKERS, **ES_BOX_MARKERS} if lang == "es" else BOX_MARKERS
    leaked = [name for name, phrase in markers.items() if phrase in found.text]
    assert leaked == []
    for paragraph in ES_PARAGRAPHS if lang == "es" else EN_PARAGRAPHS:
        assert paragraph in found.text
    for junk in ("BREAKING", "Sign up", "All rights reserved", "Accept"):
        assert junk not in found.text


def test_paywall_wrapper_around_the_body_is_kept(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in EN_PARAGRAPHS)
    html = (
        "<html><head><title>Barrier</title></head><body><article>"
        f'<div class="article-body paywall-content metered">{body}</div>'
        '<div class="paywall-prompt"><p>Subscribe to keep reading our reporting today.</p></div>'
        "</article></body></html>"
    )
    found = from_file(tmp_path, html)
    assert all(p in found.text for p in EN_PARAGRAPHS)
    assert "keep reading" not in found.text


def test_spanish_page_is_es(tmp_path: Path) -> None:
    html = news_page(lang="es", title="Puerto Aldren aprueba una barrera contra inundaciones")
    found = from_file(tmp_path, html.replace('lang="es"', 'lang="en"'))
    assert found.lang == "es"  # the text decides, not a wrong lang attribute
    assert "barrera móvil" in found.text


def test_wrong_charset_page_comes_out_right(tmp_path: Path) -> None:
    html = news_page(lang="es", meta_charset="utf-8")
    found = from_file(tmp_path, html.encode("cp1252"), content_type="text/html; charset=utf-8")
    assert "sólo la barrera protegería" in found.text
    assert "\ufffd" not in found.text


def test_missing_charset_page(tmp_path: Path) -> None:
    found = from_file(tmp_path, news_page(lang="es", meta_charset=None).encode("cp1252"))
    assert "próxima primavera" in found.text
    assert found.lang == "es"


def test_date_from_time_element(tmp_path: Path) -> None:
    html = news_page(time_tag='<time datetime="2023-11-05T17:45:00Z">5 November</time>')
    found = from_file(tmp_path, html, url=URL.replace("2024/03/14/", ""))
    assert found.published == datetime(2023, 11, 5, 17, 45, tzinfo=UTC)


def test_date_from_meta(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="2022-06-30T08:15:00-04:00">'
    found = from_file(tmp_path, news_page(time_tag=None, head_extra=head))
    assert found.published == datetime(2022, 6, 30, 8, 15, tzinfo=timezone(timedelta(hours=-4)))
    assert found.published.astimezone(UTC).hour == 12


def test_date_only_is_midnight_utc(tmp_path: Path) -> None:
    head = '<meta name="date" content="2021-02-03">'
    found = from_file(tmp_path, news_page(time_tag=None, head_extra=head))
    assert found.published == datetime(2021, 2, 3, tzinfo=UTC)


def test_no_date_anywhere(tmp_path: Path) -> None:
    found = from_file(tmp_path, news_page(time_tag=None))
    assert found.published is None


def test_canonical_url_resolved_and_normalised(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="/News/Flood-Barrier?utm_source=rss&b=2&a=1#comments">'
    found = from_file(
        tmp_path, news_page(head_extra=head), url="HTTPS://WWW.Coastal-Ledger.example:443/x"
    )
    assert found.canonical_url == "https://www.coastal-ledger.example/News/Flood-Barrier?a=1&b=2"


def test_og_url_when_no_canonical_link(tmp_path: Path) -> None:
    head = '<meta property="og:url" content="http://ledger.example/story/77?fbclid=abc">'
    found = from_file(tmp_path, news_page(head_extra=head), url=URL)
    assert found.canonical_url == "http://ledger.example/story/77"


def test_home_page_canonical_is_ignored(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="https://www.coastal-ledger.example/">'
    found = from_file(tmp_path, news_page(head_extra=head), url=URL + "?utm_medium=email")
    assert found.canonical_url == URL


def test_no_url_no_canonical(tmp_path: Path) -> None:
    assert from_file(tmp_path, news_page()).canonical_url is None


def test_image_and_site_name_fallbacks(tmp_path: Path) -> None:
    head = (
        '<meta name="twitter:image" content="https://cdn.ledger.example/t.png">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "x", "publisher": {"@type": "Organization",'
        ' "name": "Ledger Media"}}]}</script>'
    )
    found = from_file(tmp_path, news_page(head_extra=head), url=URL)
    assert found.image == "https://cdn.ledger.example/t.png"
    assert found.site_name == "Ledger Media"


def test_json_ld_image(tmp_path: Path) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "image": [{"@type": "ImageObject", "url": "/media/lead.webp"}]}</script>'
        '<script type="application/ld+json">{not json at all</script>'
    )
    found = from_file(tmp_path, news_page(head_extra=head), url=URL)
    assert found.image == "https://www.coastal-ledger.example/media/lead.webp"


def test_str_input(tmp_path: Path) -> None:
    found = extract_article(news_page(), url=URL)
    assert EN_PARAGRAPHS[0] in found.text


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "", "  "])
def test_empty_page(data: bytes | str) -> None:
    with pytest.raises(NoArticle, match="empty page"):
        extract_article(data)


def test_page_without_article(tmp_path: Path) -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav><p>Page not found, sorry.</p></body></html>"
    with pytest.raises(NoArticle, match=r"no main text found \(only \d+ words\)"):
        from_file(tmp_path, html)


def test_empty_body(tmp_path: Path) -> None:
    with pytest.raises(NoArticle, match="no main text found"):
        from_file(tmp_path, "<html><head><title>x</title></head><body></body></html>")


def test_png_is_not_html(tmp_path: Path) -> None:
    with pytest.raises(NotHTML, match=r"not HTML \(image/png\)"):
        from_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


def test_content_type_pdf_is_not_html(tmp_path: Path) -> None:
    with pytest.raises(NoArticle, match=r"not HTML \(application/pdf\)"):
        from_file(tmp_path, news_page(), content_type="application/pdf")


def test_plain_text_is_not_html(tmp_path: Path) -> None:
    with pytest.raises(NoArticle, match="no markup"):
        from_file(tmp_path, " ".join(EN_PARAGRAPHS))


def test_huge_page_is_cut_and_still_extracted(tmp_path: Path) -> None:
    filler = "<div class='x'><span>filler text block</span></div>\n" * 600_000  # ~30 MB
    html = news_page().replace("</main>", "</main>" + filler)
    assert len(html) > 25_000_000
    found = from_file(tmp_path, html)
    assert EN_PARAGRAPHS[-1] in found.text
    assert "filler" not in found.text


def test_article_beyond_the_size_bound_is_not_read(tmp_path: Path) -> None:
    padding = "<!-- " + "x" * 200_000 + " -->"
    html = news_page().replace("<main>", padding + "<main>")
    with pytest.raises(NoArticle):
        from_file(tmp_path, html, max_bytes=100_000)
    assert EN_PARAGRAPHS[0] in from_file(tmp_path, html, max_bytes=1_000_000).text


def test_cut_inside_a_utf8_character_leaves_no_junk() -> None:
    from newssearcher.extract.article import _cut_utf8_safely

    data = "año €".encode()  # € is three bytes
    assert _cut_utf8_safely(data[:-1]) == "año ".encode()
    assert _cut_utf8_safely(data[:-2]) == "año ".encode()
    assert _cut_utf8_safely(data) == data
    assert _cut_utf8_safely("añ".encode()[:-1]) == b"a"
    assert _cut_utf8_safely(b"") == b""


def test_extract_document_uses_final_url_and_header(tmp_path: Path) -> None:
    from newssearcher.extract.article import extract_document
    from newssearcher.records import FetchedDocument

    path = tmp_path / "fetched.html"
    path.write_bytes(news_page(lang="es", meta_charset=None).encode("cp1252"))
    doc = FetchedDocument(
        url="http://ledger.example/r/1",
        final_url="https://ledger.example/es/2024/barrera?utm_campaign=x",
        status=200,
        content=path.read_bytes(),
        content_type="text/html; charset=windows-1252",
    )
    found = extract_document(doc)
    assert found.canonical_url == "https://ledger.example/es/2024/barrera"
    assert "próxima primavera" in found.text
    assert found.lang == "es"
