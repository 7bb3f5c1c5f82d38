"""Every outlet's feed (or news sitemap) parses and lists exactly that outlet's articles."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import feedparser
import pytest
from lxml import etree

from newssearcher.sample import corpus, load_manifest

BASE = "http://127.0.0.1:9"
MANIFEST = load_manifest()
FEEDPARSER_VERSIONS = {
    "rss2": {"rss20"},
    "atom": {"atom10"},
    "rss1": {"rss10"},
    "rss091": {"rss091u", "rss091n"},
}  # noqa: E501
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _expected(outlet: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {BASE + a["path"]: a for a in MANIFEST["articles"] if a["outlet"] == outlet["key"]}


@pytest.mark.parametrize("outlet", MANIFEST["outlets"], ids=lambda o: o["key"])
def test_feed_lists_its_articles(outlet: dict[str, Any]) -> None:
    kind = outlet["feed"]["kind"]
    data = corpus.substitute(corpus.read_file(outlet["feed"]["file"]), BASE)
    expected = _expected(outlet)
    if kind in FEEDPARSER_VERSIONS:
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version in FEEDPARSER_VERSIONS[kind]
        assert parsed.feed.title == outlet["name"]
        links = [e.link for e in parsed.entries]
        assert sorted(links) == sorted(expected)
        for entry in parsed.entries:
            assert entry.title == expected[entry.link]["title"]
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            if kind != "rss091":  # RSS 0.91 items carry no dates
                want = datetime.fromisoformat(expected[entry.link]["published"]).utctimetuple()
                assert stamp[:6] == want[:6], entry.link
    elif kind == "jsonfeed":
        feed = json.loads(data)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["feed_url"] == BASE + outlet["feed"]["path"]
        assert sorted(item["url"] for item in feed["items"]) == sorted(expected)
        for item in feed["items"]:
            art = expected[item["url"]]
            assert item["title"] == art["title"] and item["date_published"] == art["published"]
            assert item["id"] and ("content_html" in item or "content_text" in item)
    elif kind == "news-sitemap":
        root = etree.fromstring(data)
        urls = root.findall("sm:url", NS)
        assert sorted(u.findtext("sm:loc", namespaces=NS) for u in urls) == sorted(expected)
        for u in urls:
            art = expected[u.findtext("sm:loc", namespaces=NS)]
            assert u.findtext("news:news/news:title", namespaces=NS) == art["title"]
            assert u.findtext("news:news/news:publication_date", namespaces=NS) == art["published"]
            lang = u.findtext("news:news/news:publication/news:language", namespaces=NS)
            assert lang == outlet["lang"]
    else:  # pragma: no cover - a new kind must get a check here
        pytest.fail(f"no check for feed kind {kind}")


def test_xml_feeds_declare_their_encoding() -> None:
    for outlet in MANIFEST["outlets"]:
        if outlet["feed"]["kind"] == "jsonfeed":
            continue
        head = corpus.read_file(outlet["feed"]["file"])[:60].decode("ascii")
        assert f'encoding="{outlet["encoding"]}"' in head, outlet["key"]
