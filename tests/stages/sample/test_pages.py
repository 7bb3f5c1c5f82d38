"""Every shipped article page is well-formed HTML carrying the metadata an extractor needs."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from typing import Any

import lxml.html
import pytest

from newssearcher.sample import corpus, load_manifest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
MANIFEST = load_manifest()
OUTLETS = {o["key"]: o for o in MANIFEST["outlets"]}


class BalanceChecker(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"duplicate attribute in <{tag}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def _decode(article: dict[str, Any]) -> str:
    raw = corpus.read_file(article["file"])
    return raw.decode(OUTLETS[article["outlet"]]["encoding"])  # strict: fails on a wrong charset


def _meta(doc: lxml.html.HtmlElement, prop: str) -> str | None:
    found = doc.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content')
    return found[0] if found else None


@pytest.mark.parametrize("article", MANIFEST["articles"], ids=lambda a: a["id"])
def test_article_page(article: dict[str, Any]) -> None:
    html = _decode(article)
    checker = BalanceChecker()
    checker.feed(html)
    checker.close()
    assert not checker.errors, checker.errors[:3]
    assert not checker.stack, f"unclosed {checker.stack}"
    for tag in ("html", "head", "body", "h1", "main", "article", "footer", "nav"):
        assert checker.counts.get(tag) == 1, (tag, checker.counts.get(tag))

    doc = lxml.html.document_fromstring(html)
    outlet = OUTLETS[article["outlet"]]
    base = corpus.PLACEHOLDER
    assert doc.get("lang") == article["lang"]
    assert doc.xpath("//meta/@charset")[0].lower() == outlet["encoding"]
    assert doc.xpath("//h1")[0].text_content().strip() == article["title"]
    assert _meta(doc, "og:title") == article["title"]
    assert _meta(doc, "og:image") == base + article["image"]
    assert _meta(doc, "og:site_name") == outlet["name"]
    assert _meta(doc, "article:published_time") == article["published"]
    assert _meta(doc, "author") == article["author"]
    assert doc.xpath('//link[@rel="canonical"]/@href') == [base + article["canonical"]]
    assert doc.xpath("//article//time/@datetime") == [article["published"]]
    assert article["author"] in doc.xpath('//*[@rel="author"]')[0].text_content()
    assert doc.xpath('//*[contains(@class, "breaking-news")]//a'), "no breaking-news widget"
    assert doc.xpath('//*[contains(@class, "related-links")]//a'), "no related-links box"
    if outlet["feed"]["kind"] != "news-sitemap":
        alternates = doc.xpath('//link[@rel="alternate"]/@href')
        assert alternates == [base + outlet["feed"]["path"]]
    if outlet["key"] != "harbor-wire":  # the wire service carries no subscription boxes
        boxes = doc.xpath('//*[contains(@class, "paywall") or contains(@class, "newsletter")]')
        assert boxes, "no paywall or newsletter box"
    page_text = unescape(" ".join(doc.xpath("//article")[0].text_content().split()))
    for paragraph in article["text"].split("\n\n"):
        assert paragraph in page_text, paragraph[:60]


def test_outlet_home_pages_link_every_article() -> None:
    for outlet in MANIFEST["outlets"]:
        raw = corpus.read_file(f"{outlet['key']}/index.html").decode(outlet["encoding"])
        doc = lxml.html.document_fromstring(raw)
        links = set(doc.xpath("//main//a/@href"))
        mine = {
            corpus.PLACEHOLDER + a["path"]
            for a in MANIFEST["articles"]
            if a["outlet"] == outlet["key"]
        }  # noqa: E501
        assert links == mine, outlet["key"]
