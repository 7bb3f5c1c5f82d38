"""Hostile input stays inert; forms need CSRF tokens; limits hold; only admins administer."""

from __future__ import annotations

from html.parser import HTMLParser

import feedparser
import pytest
from fastapi.testclient import TestClient

from newssearcher.store.models import Article, Source, Story
from newssearcher.store.models.community import Comment
from newssearcher.web.community import render_comment
from tests.stages.web.conftest import csrf_of, form_token, make_client, sign_up

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "javascript:alert(4)",
    '<a href="javascript:alert(5)">click</a>',
    "<iframe src=//evil.example></iframe>",
    "</textarea><script>alert(6)</script>",
]
DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "style", "base", "form"}


class _Active(HTMLParser):
    """Collects what a browser would run or load from a page, except our own script."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src", "").startswith("/static/app.js"):
            return
        if tag == "form" and (values.get("action") or "").startswith("/"):
            return
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.found.append(f"{tag} {name}={value}")


def active(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found


def _post_comment(client: TestClient, story_id: int, text: str, **extra: object):  # type: ignore[no-untyped-def]
    data = {"text": text, "csrf_token": csrf_of(client), **extra}
    return client.post(f"/story/{story_id}/comments", data=data, follow_redirects=False)


@pytest.mark.parametrize("payload", XSS)
def test_comment_payloads_are_rendered_inert(payload: str) -> None:
    html = render_comment(f"look {payload} here https://ok.example/a?b=1&c=2")
    assert not active(html), html
    assert 'href="https://ok.example/a?b=1&amp;c=2"' in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_xss_in_comments_titles_articles_and_feeds_is_inert(sclient, hub_sqlite) -> None:
    db, corpus = hub_sqlite
    evil = "<script>alert('t')</script><img src=x onerror=alert(1)>"
    with db.session() as s:
        story = s.get(Story, corpus.stories["cloud"])
        story.summary = {
            **story.summary,
            "title": evil,
            "sentences": [{"text": evil, "citations": []}],
        }
        art = s.get(Article, corpus.articles["denial"])
        art.title = evil
        art.text = f"{evil}\nNimbus denies everything."
        art.outlet = "<b onmouseover=alert(1)>Evil Wire</b>"
    sign_up(sclient, "mallory")
    for payload in XSS:
        resp = _post_comment(sclient, corpus.stories["cloud"], payload)
        assert resp.status_code == 303
    pages = [
        f"/story/{corpus.stories['cloud']}",
        f"/article/{corpus.articles['denial']}",
        "/",
        "/search?q=Nimbus",
        "/search?q=" + evil,
        f"/source/{art.outlet}",
    ]
    for url in pages:
        resp = sclient.get(url)
        assert resp.status_code in (200, 404), url
        assert not active(resp.text), (url, active(resp.text))
    story_html = sclient.get(f"/story/{corpus.stories['cloud']}").text
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in story_html
    assert "&lt;svg onload=alert(3)&gt;" in story_html
    api = sclient.get(f"/api/v1/stories/{corpus.stories['cloud']}/comments").json()
    assert all(not active(c["body_html"]) for c in api["items"])
    for feed in (f"/feeds/story/{corpus.stories['cloud']}.atom", "/feeds/search.rss?q=Nimbus"):
        body = sclient.get(feed).text
        assert "<script" not in body and "<img" not in body
        parsed = feedparser.parse(body)
        assert not parsed.bozo


def test_csp_and_other_headers(sclient) -> None:
    resp = sclient.get("/")
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"
    cookie = resp.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_forms_without_a_valid_csrf_token_are_rejected(sclient, hub_sqlite) -> None:
    _, corpus = hub_sqlite
    sid = corpus.stories["cloud"]
    denied = sclient.post(
        "/signup",
        data={"username": "eve", "password": "x" * 10, "password2": "x" * 10},
        follow_redirects=False,
    )
    assert denied.status_code == 403
    sign_up(sclient, "alice")
    for token in (None, "", "forged-token-value-1234567890"):
        data = {"text": "csrf test"}
        if token is not None:
            data["csrf_token"] = token
        resp = sclient.post(f"/story/{sid}/comments", data=data, follow_redirects=False)
        assert resp.status_code == 403
    # a token from another session does not work either
    with make_client(sclient.app.state.web.settings, sclient.app.state.web.db) as other:
        foreign = csrf_of(other)
    resp = sclient.post(
        f"/story/{sid}/comments", data={"text": "x", "csrf_token": foreign}, follow_redirects=False
    )
    assert resp.status_code == 403
    signout = sclient.post("/signout", follow_redirects=False)
    assert signout.status_code == 403
    with sclient.app.state.web.db.session() as s:
        assert s.query(Comment).count() == 0


def test_comment_rate_limit_and_spam_throttling(sclient, hub_sqlite) -> None:
    db, corpus = hub_sqlite
    sid = corpus.stories["cloud"]
    sign_up(sclient, "fastfingers")
    limit = sclient.app.state.web.settings.comment_rate_per_minute
    for i in range(limit):
        assert _post_comment(sclient, sid, f"comment number {i}").status_code == 303
    assert _post_comment(sclient, sid, "one too many").status_code == 303
    page = sclient.get(f"/story/{sid}").text
    assert "commenting too fast" in page
    with db.session() as s:
        assert s.query(Comment).count() == limit
    api = sclient.post(
        f"/api/v1/stories/{sid}/comments",
        json={"text": "still too fast"},
        headers={"X-CSRF-Token": csrf_of(sclient)},
    )
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"
    # duplicate text and link floods, from a fresh account
    with make_client(sclient.app.state.web.settings, db) as c2:
        sign_up(c2, "spammer")
        assert _post_comment(c2, sid, "Buy cheap pills now").status_code == 303
        _post_comment(c2, sid, "buy   CHEAP pills now")
        flood = "see " + " ".join(f"https://spam{i}.example" for i in range(4))
        _post_comment(c2, sid, flood)
        texts = [c["body_html"] for c in c2.get(f"/api/v1/stories/{sid}/comments").json()["items"]]
        assert sum("pills" in t.lower() for t in texts) == 1
        assert not any("spam0" in t for t in texts)


def test_the_same_text_from_many_accounts_is_throttled(sclient, hub_sqlite) -> None:
    db, corpus = hub_sqlite
    sid = corpus.stories["outage"]
    settings = sclient.app.state.web.settings
    accepted = 0
    for i in range(5):
        with make_client(settings, db) as c:
            sign_up(c, f"bot{i}")
            resp = c.post(
                f"/api/v1/stories/{sid}/comments",
                json={"text": "Visit my channel for the truth"},
                headers={"X-CSRF-Token": csrf_of(c)},
            )
            accepted += resp.status_code == 201
    assert accepted == 3


def test_anonymous_and_readers_cannot_moderate_or_change_sources(sclient, hub_sqlite) -> None:
    db, corpus = hub_sqlite
    with db.session() as s:
        s.add(Source(url="https://feeds.example/rss", title="Example"))
    with db.session() as s:
        source_id = s.query(Source).one().id
    token = csrf_of(sclient)
    attempts = [
        ("get", "/admin/moderation", None),
        ("get", "/admin/sources", None),
        ("get", "/admin/users", None),
        ("post", "/admin/sources", {"url": "https://evil.example/feed", "csrf_token": token}),
        ("post", f"/admin/sources/{source_id}/remove", {"csrf_token": token}),
        ("post", "/admin/moderation/1", {"action": "remove", "csrf_token": token}),
    ]
    for method, url, data in attempts:
        resp = getattr(sclient, method)(url, data=data) if data else getattr(sclient, method)(url)
        assert resp.status_code == 403, (url, resp.status_code)
    # the first account is the admin; the second is a reader and is refused too
    with make_client(sclient.app.state.web.settings, db) as admin:
        sign_up(admin, "admin")
    sign_up(sclient, "reader")
    token = csrf_of(sclient)
    for method, url, data in attempts:
        if data:
            data = {**data, "csrf_token": token}
        resp = getattr(sclient, method)(url, data=data) if data else getattr(sclient, method)(url)
        assert resp.status_code == 403, (url, resp.status_code)
    with db.session() as s:
        assert [x.url for x in s.query(Source)] == ["https://feeds.example/rss"]


def test_admin_manages_sources(sclient, hub_sqlite) -> None:
    db, _ = hub_sqlite
    sign_up(sclient, "boss")
    page = sclient.get("/admin/sources")
    assert page.status_code == 200
    token = form_token(page.text)
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/", "not a url"):
        sclient.post("/admin/sources", data={"url": bad, "csrf_token": token})
    added = sclient.post(
        "/admin/sources",
        data={
            "url": "https://Feeds.Example/news.xml",
            "title": "Example",
            "hub": "cloud",
            "csrf_token": token,
        },
    )
    assert added.status_code == 200 and "Source added." in added.text
    with db.session() as s:
        (source,) = s.query(Source).all()
        assert source.url == "https://feeds.example/news.xml" and source.hub == "cloud"
        sid = source.id
    again = sclient.post(
        "/admin/sources", data={"url": "https://feeds.example/news.xml", "csrf_token": token}
    )
    assert "already followed" in again.text
    removed = sclient.post(f"/admin/sources/{sid}/remove", data={"csrf_token": token})
    assert removed.status_code == 200
    with db.session() as s:
        assert s.query(Source).count() == 0


def test_redirects_stay_on_site(sclient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        resp = sclient.get("/settings/language/es", params={"next": target}, follow_redirects=False)
        assert resp.headers["location"] == "/"
    ok = sclient.get("/settings/language/es", params={"next": "/hubs"}, follow_redirects=False)
    assert ok.headers["location"] == "/hubs"


def test_sign_in_rotates_the_session_and_wrong_passwords_fail(sclient) -> None:
    sign_up(sclient, "carol", "a long password")
    sclient.post("/signout", data={"csrf_token": csrf_of(sclient)})
    before = csrf_of(sclient)
    bad = sclient.post(
        "/signin", data={"username": "carol", "password": "wrong password", "csrf_token": before}
    )
    assert bad.status_code == 400 and "Wrong username or password" in bad.text
    good = sclient.post(
        "/signin",
        data={"username": "CAROL", "password": "a long password", "csrf_token": before},
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert csrf_of(sclient) != before
    assert sclient.get("/api/v1/me").json()["user"]["username"] == "carol"


def test_passwords_are_stored_as_argon2_hashes(sclient, hub_sqlite) -> None:
    from newssearcher.store.models.community import User

    sign_up(sclient, "dave", "my secret words")
    with hub_sqlite[0].session() as s:
        user = s.query(User).one()
        assert user.password_hash.startswith("$argon2id$")
        assert "my secret words" not in user.password_hash


def test_sign_in_attempts_are_limited(sclient) -> None:
    sign_up(sclient, "erin", "right password")
    sclient.post("/signout", data={"csrf_token": csrf_of(sclient)})
    codes = []
    for _ in range(12):
        resp = sclient.post(
            "/signin",
            data={"username": "erin", "password": "nope-nope", "csrf_token": csrf_of(sclient)},
        )
        codes.append(resp.status_code)
    assert codes[:10] == [400] * 10 and codes[10:] == [429, 429]
