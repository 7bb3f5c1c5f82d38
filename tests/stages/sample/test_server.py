"""The sample outlets over real HTTP on loopback: content types, robots.txt, 304s, errors."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib import robotparser

import feedparser
import httpx
import lxml.html
import pytest

from newssearcher.sample import SampleServer, serve_corpus
from newssearcher.sample.server import build_routes

XML_KINDS = {"rss2", "rss1", "rss091", "atom"}


@pytest.fixture
def client(sample_server: SampleServer) -> httpx.Client:
    with httpx.Client(timeout=5, follow_redirects=False) as c:
        yield c


def test_binds_loopback_and_lists_feeds(sample_server: SampleServer, manifest: dict) -> None:
    assert sample_server.base_url.startswith("http://127.0.0.1:")
    assert sample_server.port > 0
    urls = sample_server.feed_urls()
    assert len(urls) == len(manifest["outlets"])
    for url, outlet in zip(urls, manifest["outlets"], strict=True):
        assert url == sample_server.base_url + outlet["feed"]["path"]
        assert url.split("/")[3] == outlet["key"]


def test_feeds_served_parse_and_link_to_live_pages(
    sample_server: SampleServer, client: httpx.Client, manifest: dict[str, Any]
) -> None:
    for outlet in manifest["outlets"]:
        response = client.get(sample_server.url(outlet["feed"]["path"]))
        assert response.status_code == 200
        ctype = response.headers["content-type"]
        assert ctype == f"{outlet['feed']['content_type']}; charset={outlet['encoding']}"
        assert b"{{BASE}}" not in response.content
        if outlet["feed"]["kind"] in XML_KINDS:
            parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
            assert not parsed.bozo, (outlet["key"], parsed.get("bozo_exception"))
            links = [e.link for e in parsed.entries]
        elif outlet["feed"]["kind"] == "jsonfeed":
            links = [item["url"] for item in response.json()["items"]]
        else:
            links = [loc.text for loc in lxml.etree.fromstring(response.content).iter("{*}loc")]
        assert len(links) == outlet["articles"]
        for link in links:
            assert link.startswith(sample_server.base_url + f"/{outlet['key']}/")


def test_every_article_page_is_served(
    sample_server: SampleServer, client: httpx.Client, manifest: dict[str, Any]
) -> None:
    outlets = {o["key"]: o for o in manifest["outlets"]}
    for article in manifest["articles"]:
        response = client.get(sample_server.url(article["path"]))
        assert response.status_code == 200, article["id"]
        charset = outlets[article["outlet"]]["encoding"]
        assert response.headers["content-type"] == f"text/html; charset={charset}"
        assert response.encoding == charset
        doc = lxml.html.document_fromstring(response.text)
        assert doc.xpath('//link[@rel="canonical"]/@href')[0].startswith(sample_server.base_url)
        assert article["title"] in response.text.replace("&#x27;", "'")
        modified = parsedate_to_datetime(response.headers["last-modified"])
        assert modified.isoformat() == article["published"]
    image = client.get(sample_server.url(manifest["stories"][0]["image"]))
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/svg+xml")


def test_robots_txt_allows_everything(sample_server: SampleServer, client: httpx.Client) -> None:
    response = client.get(sample_server.url("/robots.txt"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    parser = robotparser.RobotFileParser()
    parser.parse(response.text.splitlines())
    for url in [*sample_server.feed_urls(), sample_server.article_url("mh-nimbura-memo")]:
        assert parser.can_fetch("NewsSearcher/0.1", url)
    assert parser.site_maps() == [sample_server.url("/civic-ledger/sitemap-news.xml")]


def test_conditional_get_answers_304(sample_server: SampleServer, client: httpx.Client) -> None:
    url = sample_server.feed_urls()[0]
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and modified.endswith("GMT")

    by_etag = client.get(url, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag.headers["etag"] == etag
    weak = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    by_date = client.get(url, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304

    changed = client.get(url, headers={"If-None-Match": '"not-the-etag"'})
    assert changed.status_code == 200 and changed.content == first.content
    # If-None-Match wins over If-Modified-Since (RFC 9110)
    both = client.get(url, headers={"If-None-Match": '"nope"', "If-Modified-Since": modified})
    assert both.status_code == 200
    older = format_datetime(parsedate_to_datetime(modified).replace(year=2020), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200

    page = sample_server.article_url("ef-copa-final")
    page_etag = client.get(page).headers["etag"]
    assert client.get(page, headers={"If-None-Match": page_etag}).status_code == 304
    logged = [r for r in sample_server.requests if r.headers.get("if-none-match") == page_etag]
    assert logged and logged[-1].status == 304


def test_head_errors_and_redirects(sample_server: SampleServer, client: httpx.Client) -> None:
    url = sample_server.article_url("hw-orvane-collision")
    head = client.head(url)
    get = client.get(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert client.get(sample_server.url("/no-such-outlet/page.html")).status_code == 404
    assert client.get(sample_server.url("/manifest.json")).status_code == 404  # gold stays hidden
    assert client.get(sample_server.url("/../../etc/passwd")).status_code == 404
    assert client.post(url, content=b"x").status_code == 405
    moved = client.get(sample_server.url("/el-faro"))
    assert moved.status_code == 301
    assert moved.headers["location"] == sample_server.url("/el-faro/")
    home = client.get(sample_server.url("/el-faro/?utm_source=test"))
    assert home.status_code == 200 and "El Faro Digital" in home.text
    root = client.get(sample_server.base_url + "/")
    assert root.status_code == 200 and all(
        f"/{o['key']}/" in root.text for o in sample_server.manifest["outlets"]
    )


def test_serves_concurrent_clients(sample_server: SampleServer) -> None:
    urls = [url for _, url in sample_server.article_urls()][:24]

    def fetch(url: str) -> int:
        with httpx.Client(timeout=5) as c:
            return c.get(url).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(fetch, urls)) == [200] * len(urls)


def test_close_releases_the_port() -> None:
    server = serve_corpus()
    port = server.port
    with httpx.Client(timeout=5) as c:
        assert c.get(server.url("/robots.txt")).status_code == 200
    server.close()
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    with pytest.raises(KeyError):
        SampleServer.article_url(server, "no-such-article")


def test_routes_substitute_any_base(manifest: dict[str, Any]) -> None:
    routes = build_routes("http://127.0.0.1:1234/", manifest)
    feed = routes[manifest["outlets"][0]["feed"]["path"]]
    assert b"http://127.0.0.1:1234/meridian-herald/" in feed.body
    assert b"{{BASE}}" not in feed.body
    assert len(routes) >= len(manifest["articles"]) + 2 * len(manifest["outlets"])


def test_as_of_shows_the_sites_at_a_moment(manifest: dict[str, Any]) -> None:
    cutoff = "2025-11-04T00:00:00+00:00"
    early = [a for a in manifest["articles"] if a["published"] <= cutoff]
    late = [a for a in manifest["articles"] if a["published"] > cutoff]
    assert early and late
    with serve_corpus(as_of=cutoff) as server, httpx.Client(timeout=5) as c:
        assert {a["id"] for a in server.visible_articles()} == {a["id"] for a in early}
        feed_url = server.url("/meridian-herald/feed.xml")
        before = c.get(feed_url)
        links = {e.link for e in feedparser.parse(before.content).entries}
        want = {server.url(a["path"]) for a in early if a["outlet"] == "meridian-herald"}
        assert links == want
        assert c.get(server.url(late[0]["path"])).status_code == 404
        page = server.url(early[0]["path"])
        page_etag = c.get(page).headers["etag"]
        sitemap = c.get(server.url("/civic-ledger/sitemap-news.xml"))  # nothing out yet
        assert sitemap.status_code == 200 and b"<loc>" not in sitemap.content

        server.set_as_of(None)  # time moves on: everything is out
        after = c.get(feed_url, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        assert len(feedparser.parse(after.content).entries) > len(links)
        assert c.get(server.url(late[0]["path"])).status_code == 200
        assert c.get(page, headers={"If-None-Match": page_etag}).status_code == 304


def test_as_of_after_the_last_article_equals_the_shipped_files(manifest: dict) -> None:
    full = build_routes("http://127.0.0.1:1", manifest)
    cut = build_routes("http://127.0.0.1:1", manifest, as_of="2030-01-01T00:00:00")
    assert full.keys() == cut.keys()
    assert all(full[path].body == cut[path].body for path in full)
