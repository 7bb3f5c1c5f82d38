"""Feeds, JSON Feeds, sitemaps and pages parsed to FeedEntry records; kinds detected."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from newssearcher.records import FetchedDocument
from newssearcher.sources.detect import detect_format
from newssearcher.sources.errors import FetchError
from newssearcher.sources.parse import ParseError, parse_document

BASE = "http://news.example/feeds/main.xml"


def doc(content: bytes | str, content_type: str = "", url: str = BASE) -> FetchedDocument:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return FetchedDocument(
        url=url, final_url=url, status=200, content=data, content_type=content_type
    )


RSS20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Daily Planet</title><link>http://news.example/</link><language>en-us</language>
<item><title>Older</title><link>/2024/older.html</link><pubDate>Tue, 30 Apr 2024 08:00:00 GMT</pubDate>
<guid isPermaLink="false">older-1</guid></item>
<item><title>Newer &amp; better</title><link>http://news.example/2024/newer.html?utm_source=rss</link>
<description>Short &lt;b&gt;summary&lt;/b&gt;</description><author>ed@news.example (Ed)</author>
<pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate>
<media:thumbnail url="http://news.example/img/n.jpg"/></item>
<item><title>No link at all</title></item>
</channel></rss>"""


def test_rss20() -> None:
    parsed = parse_document(doc(RSS20, "application/rss+xml"))
    assert (parsed.kind, parsed.format, parsed.title) == ("feed", "rss", "Daily Planet")
    assert parsed.lang == "en"
    assert [e.url for e in parsed.entries] == [
        "http://news.example/2024/newer.html?utm_source=rss",
        "http://news.example/2024/older.html",  # relative link resolved
    ]
    newer = parsed.entries[0]
    assert newer.title == "Newer & better"
    assert newer.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert newer.image == "http://news.example/img/n.jpg"
    assert newer.lang == "en"
    assert parsed.entries[1].entry_id == "older-1"
    assert any("no usable http(s) link" in p and "No link at all" in p for p in parsed.problems)


def test_rss091() -> None:
    rss = """<?xml version="1.0"?><rss version="0.91"><channel><title>Old School</title>
    <item><title>One</title><link>http://a.example/1</link></item></channel></rss>"""
    parsed = parse_document(doc(rss))
    assert parsed.format == "rss" and [e.url for e in parsed.entries] == ["http://a.example/1"]


def test_rss10_rdf() -> None:
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://b.example/"><title>RDF News</title><link>http://b.example/</link></channel>
<item rdf:about="http://b.example/x"><title>X</title><link>http://b.example/x</link>
<dc:date>2024-05-02T09:30:00Z</dc:date><dc:language>es</dc:language></item>
</rdf:RDF>"""
    parsed = parse_document(doc(rdf))
    assert parsed.format == "rdf" and parsed.title == "RDF News"
    (entry,) = parsed.entries
    assert entry.url == "http://b.example/x"
    assert entry.published == datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


def test_atom() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es">
<title>Diario Atom</title><link href="http://c.example/"/>
<entry><title>Entrada</title><id>tag:c.example,2024:1</id>
<link rel="alternate" href="http://c.example/entrada"/><updated>2024-05-03T12:00:00Z</updated>
<author><name>Ana</name></author><content type="html">&lt;p&gt;Texto completo&lt;/p&gt;</content>
</entry></feed>"""
    parsed = parse_document(doc(atom, "application/atom+xml"))
    assert parsed.format == "atom" and parsed.title == "Diario Atom"
    (entry,) = parsed.entries
    assert entry.url == "http://c.example/entrada"
    assert entry.author == "Ana" and entry.lang == "es"
    assert entry.content is not None and "Texto completo" in entry.content
    assert entry.published == datetime(2024, 5, 3, 12, 0, tzinfo=UTC)


def test_malformed_rss_is_recovered_and_reported() -> None:
    broken = """<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & Co</title>
<item><title>Fine one</title><link>http://d.example/1</link></item>
<item><title>Unclosed <b>bold</title><link>http://d.example/2</link></item>
</channel>"""
    parsed = parse_document(doc(broken))
    assert parsed.kind == "feed"
    assert "http://d.example/1" in [e.url for e in parsed.entries]
    assert any("malformed feed" in p for p in parsed.problems)


def test_feed_charset_from_xml_prolog_without_header() -> None:
    rss = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
        "<title>Econom\xeda</title><item><title>Caf\xe9 y se\xf1al</title>"
        "<link>http://e.example/1</link></item></channel></rss>"
    ).encode("latin-1")
    parsed = parse_document(doc(rss, "application/xml"))
    assert parsed.title == "Economía"
    assert parsed.entries[0].title == "Café y señal"


def test_feed_with_wrong_charset_still_yields_entries() -> None:
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Mal</title><item><title>Ni\xf1o</title>"
        "<link>http://e.example/2</link></item></channel></rss>"
    ).encode("latin-1")  # claims UTF-8, is Latin-1
    parsed = parse_document(doc(rss, "text/xml; charset=utf-8"))
    assert [e.url for e in parsed.entries] == ["http://e.example/2"]
    assert parsed.entries[0].title is not None and parsed.entries[0].title.startswith("Ni")
    assert parsed.problems  # the mismatch is reported


JSONFEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON Times",
    "home_page_url": "http://j.example/",
    "language": "en",
    "items": [
        {
            "id": "1",
            "url": "http://j.example/one",
            "title": "One",
            "content_html": "<p>one</p>",
            "date_published": "2024-05-01T10:00:00+02:00",
            "authors": [{"name": "Jo"}],
            "image": "/img/1.png",
        },
        {"id": 2, "external_url": "http://other.example/two", "content_text": "two"},
        {"id": "3", "content_text": "no url"},
        {"url": "http://j.example/noid", "content_text": "x"},
        "not an object",
        {"id": "6", "url": "http://j.example/six", "content_text": "x", "date_published": "May 1"},
    ],
}


def test_json_feed_11() -> None:
    parsed = parse_document(doc(json.dumps(JSONFEED), "application/feed+json"))
    assert (parsed.kind, parsed.format, parsed.title) == ("feed", "jsonfeed", "JSON Times")
    urls = [e.url for e in parsed.entries]
    assert urls == ["http://j.example/one", "http://other.example/two", "http://j.example/six"]
    one = parsed.entries[0]
    assert one.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert one.author == "Jo" and one.lang == "en"
    assert one.image == "http://news.example/img/1.png"  # relative to the feed URL
    assert parsed.entries[1].entry_id == "2"
    text = "\n".join(parsed.problems)
    assert "item 3 (id '3') has no usable \"url\"" in text
    assert 'item 4 has no valid "id"' in text
    assert "item 5 is not an object" in text
    assert "item 6 (id '6') has a bad \"date_published\"" in text


def test_json_feed_10_author_and_errors() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old JSON",
        "author": {"name": "Feed Author"},
        "items": [{"id": "a", "url": "http://k.example/a", "content_text": "t"}],
    }
    parsed = parse_document(doc(json.dumps(feed)))
    assert parsed.entries[0].author == "Feed Author"
    with pytest.raises(ParseError, match='no "items" list'):
        parse_document(doc(json.dumps({"version": "https://jsonfeed.org/version/1.1"})))
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_document(doc('{"version": "https://jsonfeed.org/version/1.1", "items": [', ""))
    with pytest.raises(ParseError, match="JSON, but not a JSON Feed"):
        parse_document(doc('{"hello": "world"}'))


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>http://s.example/old</loc><lastmod>2024-04-01</lastmod></url>
<url><loc>http://s.example/news-1</loc>
 <news:news><news:publication><news:name>Sitemap Herald</news:name>
 <news:language>es</news:language></news:publication>
 <news:publication_date>2024-05-04T08:00:00+00:00</news:publication_date>
 <news:title>Noticia uno</news:title></news:news>
 <image:image><image:loc>http://s.example/i.jpg</image:loc></image:image></url>
<url><loc>javascript:alert(1)</loc></url>
</urlset>"""


def test_news_sitemap() -> None:
    parsed = parse_document(doc(SITEMAP, "application/xml"))
    assert (parsed.kind, parsed.format, parsed.title) == ("sitemap", "sitemap", "Sitemap Herald")
    assert [e.url for e in parsed.entries] == ["http://s.example/news-1", "http://s.example/old"]
    news = parsed.entries[0]
    assert news.title == "Noticia uno" and news.lang == "es"
    assert news.published == datetime(2024, 5, 4, 8, 0, tzinfo=UTC)
    assert news.image == "http://s.example/i.jpg"
    assert any("no usable <loc>" in p for p in parsed.problems)


def test_sitemap_index_newest_first() -> None:
    index = """<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sm-2024-04.xml</loc><lastmod>2024-04-30</lastmod></sitemap>
<sitemap><loc>/sm-2024-05.xml</loc><lastmod>2024-05-31</lastmod></sitemap>
</sitemapindex>"""
    parsed = parse_document(doc(index, url="http://s.example/sitemap.xml"))
    assert parsed.format == "sitemapindex" and parsed.entries == []
    assert parsed.sitemaps == ["http://s.example/sm-2024-05.xml", "http://s.example/sm-2024-04.xml"]


def test_gzipped_sitemap_and_gzip_bomb() -> None:
    parsed = parse_document(doc(gzip.compress(SITEMAP.encode())))
    assert len(parsed.entries) == 2
    bomb = gzip.compress(b"<urlset>" + b" " * (5 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(FetchError, match="exceeds"):
        parse_document(doc(bomb), max_bytes=1024 * 1024)


def test_sitemap_with_entities_is_refused() -> None:
    bomb = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/&lol2;</loc></url>
</urlset>"""
    with pytest.raises(ParseError, match="refused"):
        parse_document(doc(bomb), kind="sitemap")


def test_malformed_sitemap_is_recovered() -> None:
    broken = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://s.example/a</loc></url><url><loc>http://s.example/b</loc></url>"""
    parsed = parse_document(doc(broken))
    assert [e.url for e in parsed.entries] == ["http://s.example/a", "http://s.example/b"]
    assert any("malformed sitemap" in p for p in parsed.problems)


def test_html_page_is_a_single_article_source() -> None:
    page = "<!doctype html><html><head><title>A</title></head><body><p>x</p></body></html>"
    parsed = parse_document(doc(page, "text/html", url="http://p.example/story.html"))
    assert parsed.kind == "page" and parsed.page is not None
    assert [e.url for e in parsed.entries] == ["http://p.example/story.html"]


def test_detect_ignores_content_type_lies() -> None:
    assert detect_format(RSS20.encode(), "text/html") == "rss"
    assert detect_format(SITEMAP.encode(), "application/rss+xml") == "sitemap"
    assert detect_format(json.dumps(JSONFEED).encode(), "text/plain") == "jsonfeed"
    assert detect_format(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><feed/>") == "atom"


def test_unrecognised_and_empty_content() -> None:
    with pytest.raises(ParseError, match="not a feed, sitemap or HTML"):
        parse_document(doc(b"\x00\x01\x02binary junk", "application/octet-stream"))
    with pytest.raises(ParseError, match="empty document"):
        parse_document(doc(b"   "))
    with pytest.raises(ParseError, match="expected a sitemap"):
        parse_document(doc(RSS20), kind="sitemap")


def test_page_advertises_its_feeds() -> None:
    page = (
        "<!doctype html><html><head>"
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml?a=1&amp;b=2">'
        "<link rel='alternate' type='application/atom+xml' href='http://p.example/atom'>"
        '<link rel="stylesheet" type="text/css" href="/s.css">'
        "</head><body></body></html>"
    )
    parsed = parse_document(doc(page, url="http://p.example/"))
    assert parsed.feed_links == ["http://p.example/rss.xml?a=1&b=2", "http://p.example/atom"]
