"""Watchlists on the web hub (pages + JSON API + Atom feed) and the entity dossier."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from newssearcher.alerts.match import check_story
from newssearcher.store import Database
from newssearcher.store.models import Story
from newssearcher.store.models.alerts import Alert, Watchlist
from tests.stages.web.conftest import Corpus, csrf_of, form_token, make_client, sign_up

CHROMIUM = Path("/usr/bin/chromium")
BODY = {
    "name": "Cloud vendors",
    "entity_list": "Nimbus Cloud,Nimbus\nStratus Cloud",
    "queries": ["ransomware"],
    "mode": "daily",
    "webhook_url": "https://hooks.example/ns",
    "webhook_secret": "s3cret-value",
    "email": "soc@example.org",
}


def _check_all(db: Database) -> int:
    with db.session() as s:
        return sum(len(check_story(s, story)) for story in s.scalars(select(Story)))


def _api_create(client: TestClient, body: dict | None = None) -> dict:
    resp = client.post(
        "/api/v1/watchlists", json=body or BODY, headers={"X-CSRF-Token": csrf_of(client)}
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def _assert_error(resp, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert resp.status_code == status, resp.text
    err = resp.json()["error"]
    assert err["status"] == status and err["code"] == code and err["message"]


@pytest.fixture
def people(hub_db, web_settings) -> Iterator[dict[str, TestClient]]:  # type: ignore[no-untyped-def]
    """Three signed-in clients: the administrator (first account), alice and bob."""
    clients = {}
    try:
        for name in ("boss", "alice", "bob"):
            c = make_client(web_settings, hub_db[0])
            c.__enter__()
            clients[name] = c
            sign_up(c, name)
        yield clients
    finally:
        for c in clients.values():
            c.__exit__(None, None, None)


def test_create_via_form_then_alerts_show_why(people, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, corpus = hub_db
    alice = people["alice"]
    page = alice.get("/watchlists")
    assert page.status_code == 200 and 'id="new-watchlist"' in page.text
    resp = alice.post(
        "/watchlists",
        data={
            "csrf_token": form_token(page.text),
            "name": "My stack",
            "entities": "# vendors\nNimbus Cloud,Nimbus\nStratus Cloud",
            "queries": "ransomware\n",
            "mode": "hourly",
            "webhook_url": "",
            "webhook_secret": "",
            "email": "",
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:400]
    target = resp.headers["location"]
    wl_id = int(re.fullmatch(r"/watchlists/(\d+)", target).group(1))  # type: ignore[union-attr]
    with db.session() as s:
        wl = s.get(Watchlist, wl_id)
        assert wl is not None and wl.mode == "hourly" and wl.webhook_url is None
        assert wl.owner_id is not None and wl.feed_token and len(wl.feed_token) >= 40
    before = alice.get(target)
    assert "No alerts yet." in before.text and "Nimbus Cloud" in before.text
    assert _check_all(db) >= 2  # the Nimbus story and the Stratus outage
    html = alice.get(target).text
    alert = re.search(r'<article class="card alert".*?</article>', html, re.S)
    assert alert is not None
    assert f'href="/story/{corpus.stories["cloud"]}"' in html
    assert "<strong>Nimbus Cloud</strong>" in html
    assert "shared customer data with the People&#39;s Liberation Army" in html
    assert "alleged and denied" in html  # the claim's status label
    assert "denies" in html and "Tech Wire" in html  # the denial's stance and outlet
    # the list page counts them
    listing = alice.get("/watchlists").text
    assert "My stack" in listing and re.search(r"[2-9] alerts", listing)


def test_form_errors_keep_the_input(people) -> None:  # type: ignore[no-untyped-def]
    alice = people["alice"]
    token = form_token(alice.get("/watchlists").text)
    resp = alice.post(
        "/watchlists",
        data={
            "csrf_token": token,
            "name": "Bad hook",
            "entities": "Nimbus Cloud",
            "webhook_url": "ftp://nope.example/x",
        },
    )
    assert resp.status_code == 400
    assert "webhook URL must be http(s)" in resp.text and 'value="Bad hook"' in resp.text
    resp = alice.post(
        "/watchlists", data={"csrf_token": token, "name": "Empty", "entities": "\n# only\n"}
    )
    assert resp.status_code == 400 and "at least one entity or query" in resp.text


def test_api_create_list_get_alerts_and_delete(people, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, corpus = hub_db
    alice = people["alice"]
    made = _api_create(alice)
    assert made["owner"] == "alice" and made["mode"] == "daily"
    assert made["has_webhook_secret"] is True and "s3cret" not in str(made)
    items = {(i["kind"], i["value"]): i["aliases"] for i in made["items"]}
    assert items == {
        ("entity", "Nimbus Cloud"): ["Nimbus"],
        ("entity", "Stratus Cloud"): [],
        ("query", "ransomware"): [],
    }
    assert re.search(r"/api/v1/watchlists/\d+/alerts\.atom\?token=[\w-]{40,}$", made["feed_url"])
    listed = alice.get("/api/v1/watchlists").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == made["id"]

    assert alice.get(f"/api/v1/watchlists/{made['id']}/alerts").json()["total"] == 0
    created = _check_all(db)
    page = alice.get(f"/api/v1/watchlists/{made['id']}/alerts", params={"limit": 1}).json()
    assert page["total"] == created >= 2 and len(page["items"]) == 1
    assert page["next_offset"] == 1
    everything = alice.get(f"/api/v1/watchlists/{made['id']}/alerts").json()["items"]
    nimbus = next(a for a in everything if a["story_id"] == corpus.stories["cloud"])
    assert nimbus["kind"] == "new"
    assert [m["value"] for m in nimbus["matched"]] == ["Nimbus Cloud"]
    (claim,) = nimbus["claims"]
    assert claim["status"] == "alleged-and-denied"
    assert sorted(s["stance"] for s in claim["stances"]) == [
        "agree",
        "agree",
        "disagree",
        "discuss",
    ]
    assert {s["outlet"] for s in nimbus["sources"]} >= {"Daily Ledger", "Tech Wire"}
    assert alice.get(f"/api/v1/watchlists/{made['id']}").json()["alert_count"] == created

    # errors have the API's shape
    _assert_error(
        alice.get(f"/api/v1/watchlists/{made['id']}/alerts", params={"limit": 0}),
        422,
        "invalid_request",
    )
    dup = alice.post("/api/v1/watchlists", json=BODY, headers={"X-CSRF-Token": csrf_of(alice)})
    _assert_error(dup, 409, "conflict")
    bad = alice.post(
        "/api/v1/watchlists",
        json={"name": "Broken", "queries": ["ransomware"], "email": "not-an-address"},
        headers={"X-CSRF-Token": csrf_of(alice)},
    )
    _assert_error(bad, 422, "invalid_request")
    assert "not-an-address" in bad.json()["error"]["message"]

    gone = alice.delete(
        f"/api/v1/watchlists/{made['id']}", headers={"X-CSRF-Token": csrf_of(alice)}
    )
    assert gone.status_code == 204
    _assert_error(alice.get(f"/api/v1/watchlists/{made['id']}"), 404, "not_found")
    with db.session() as s:
        assert s.scalar(select(func.count(Alert.id))) == 0  # the alerts went with it


def test_owner_isolation_and_admin(people, hub_db) -> None:  # type: ignore[no-untyped-def]
    alice, bob, boss = people["alice"], people["bob"], people["boss"]
    made = _api_create(alice)
    wid = made["id"]
    assert bob.get("/api/v1/watchlists").json()["total"] == 0
    for path in (
        f"/api/v1/watchlists/{wid}",
        f"/api/v1/watchlists/{wid}/alerts",
        f"/api/v1/watchlists/{wid}/alerts.atom",
    ):
        _assert_error(bob.get(path), 404, "not_found")
    _assert_error(
        bob.delete(f"/api/v1/watchlists/{wid}", headers={"X-CSRF-Token": csrf_of(bob)}),
        404,
        "not_found",
    )
    assert bob.get(f"/watchlists/{wid}").status_code == 404
    bob_token = form_token(bob.get("/watchlists").text)
    resp = bob.post(f"/watchlists/{wid}/delete", data={"csrf_token": bob_token})
    assert resp.status_code == 404
    assert "Cloud vendors" not in bob.get("/watchlists").text
    # the same name cannot be taken over by someone else
    other = bob.post("/api/v1/watchlists", json=BODY, headers={"X-CSRF-Token": csrf_of(bob)})
    _assert_error(other, 409, "conflict")
    assert alice.get(f"/api/v1/watchlists/{wid}").json()["items"] == made["items"]
    # the administrator sees and can remove it
    assert [w["id"] for w in boss.get("/api/v1/watchlists").json()["items"]] == [wid]
    page = boss.get(f"/watchlists/{wid}")
    assert page.status_code == 200 and "owner" in page.text and "alice" in page.text
    resp = boss.post(
        f"/watchlists/{wid}/delete",
        data={"csrf_token": form_token(page.text)},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/watchlists"
    _assert_error(alice.get(f"/api/v1/watchlists/{wid}"), 404, "not_found")


def test_signed_out_and_csrf(people, client, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, _ = hub_db
    _assert_error(client.get("/api/v1/watchlists"), 401, "unauthorized")
    resp = client.get("/watchlists", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/signin?next=")
    alice = people["alice"]
    # no token, a wrong token: refused, and nothing is written
    _assert_error(alice.post("/api/v1/watchlists", json=BODY), 403, "forbidden")
    _assert_error(
        alice.post("/api/v1/watchlists", json=BODY, headers={"X-CSRF-Token": "forged-token-xx"}),
        403,
        "forbidden",
    )
    resp = alice.post("/watchlists", data={"name": "Forged", "entities": "Nimbus Cloud"})
    assert resp.status_code == 403
    resp = alice.post(
        "/watchlists",
        data={"name": "Forged", "entities": "Nimbus Cloud", "csrf_token": "nope-nope-nope-nope"},
    )
    assert resp.status_code == 403
    with db.session() as s:
        assert s.scalar(select(func.count(Watchlist.id))) == 0
    made = _api_create(alice)
    _assert_error(alice.delete(f"/api/v1/watchlists/{made['id']}"), 403, "forbidden")
    assert alice.post(f"/watchlists/{made['id']}/delete").status_code == 403
    assert alice.get(f"/api/v1/watchlists/{made['id']}").status_code == 200


def test_atom_feed_parses_with_session_or_token(people, client, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, corpus = hub_db
    alice = people["alice"]
    made = _api_create(alice)
    created = _check_all(db)
    path = f"/api/v1/watchlists/{made['id']}/alerts.atom"
    resp = alice.get(path)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(
        "application/atom+xml"
    )
    feed = feedparser.parse(resp.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "NewsSearcher watchlist: Cloud vendors"
    assert len(feed.entries) == created
    nimbus = next(e for e in feed.entries if "Nimbus" in e.title)
    assert "Matched: Nimbus Cloud" in nimbus.summary and "alleged-and-denied" in nimbus.summary
    # a feed reader without a session uses the token
    token = made["feed_url"].split("token=")[1]
    anon = client.get(path, params={"token": token})
    assert anon.status_code == 200
    assert len(feedparser.parse(anon.content).entries) == created
    _assert_error(client.get(path, params={"token": token[:-2] + "xx"}), 404, "not_found")
    _assert_error(client.get(path), 401, "unauthorized")


def test_dossier_json(client, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, corpus = hub_db
    body = client.get("/api/v1/entities/nimbus-cloud/dossier").json()
    assert body["name"] == "Nimbus Cloud" and body["slug"] == "nimbus-cloud"
    assert [s["id"] for s in body["stories"]] == [corpus.stories["cloud"]]
    (claim,) = body["claims"]
    assert claim["status"] == "alleged-and-denied"
    assert claim["stances"] == {"agree": 2, "discuss": 1, "disagree": 1}
    assert claim["first_seen"].startswith("2025-03-03")
    outlets = {o["outlet"]: o["articles"] for o in body["outlets"]}
    assert outlets == {"Daily Ledger": 1, "Content Farm": 1, "El Diario Digital": 1, "Tech Wire": 1}
    assert body["exposure"] == [{"day": "2025-03-03", "articles": 4}]
    # by numeric id, and by alias
    by_id = client.get(f"/api/v1/entities/{body['id']}/dossier").json()
    assert by_id["slug"] == "nimbus-cloud"
    assert client.get("/api/v1/entities/nimbus/dossier").json()["id"] == body["id"]
    _assert_error(client.get("/api/v1/entities/no-such-thing/dossier"), 404, "not_found")
    # digits int() refuses ("¹" passes str.isdigit) are a name to look up, not a server error
    _assert_error(client.get("/api/v1/entities/¹/dossier"), 404, "not_found")


def test_dossier_page_with_chart_and_links(client, hub_db) -> None:  # type: ignore[no-untyped-def]
    db, corpus = hub_db
    resp = client.get("/entity/stratus-cloud/dossier")
    assert resp.status_code == 200
    html = resp.text
    svg = re.search(r"<svg class=\"exposure-chart\".*?</svg>", html, re.S)
    assert svg is not None
    chart = svg.group(0)
    assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    # outage articles: one on 2025-03-04 (T0+30h), one on 2025-03-04 (T0+33h)
    assert len(re.findall(r'<rect class="bar"', chart)) == 1
    assert "2025-03-04: 2" in chart
    assert '<table class="exposure-table">' in html and "<td>2</td>" in html
    assert f'href="/story/{corpus.stories["outage"]}"' in html
    # a longer span gets its empty days drawn too
    nimbus = client.get("/entity/nimbus-cloud/dossier").text
    assert "alleged and denied" in nimbus and "Claims over time" in nimbus
    # redirects from an alias to the slug; unknown gives 404
    moved = client.get("/entity/nimbus/dossier", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/entity/nimbus-cloud/dossier"
    assert client.get("/entity/nobody-at-all/dossier").status_code == 404
    # linked from the entity page and from the story's entity mentions
    assert 'href="/entity/nimbus-cloud/dossier"' in client.get("/entity/nimbus-cloud").text
    story = client.get(f"/story/{corpus.stories['cloud']}").text
    assert 'href="/entity/nimbus-cloud/dossier"' in story


def test_exposure_chart_fills_empty_days() -> None:
    from newssearcher.web.watch_pages import exposure_chart

    chart = exposure_chart([("2025-01-01", 2), ("2025-01-04", 4)])
    assert chart is not None
    assert [b.count for b in chart.bars] == [2, 0, 0, 4]
    assert chart.bars[3].height > chart.bars[0].height > 0 == chart.bars[1].height
    assert chart.bars[3].y + chart.bars[3].height == pytest.approx(chart.baseline)
    assert exposure_chart([]) is None
    far = exposure_chart([("2024-01-01", 1), ("2025-01-01", 1)])
    assert far is not None and len(far.bars) == 2


def test_spanish_watchlist_page(people) -> None:  # type: ignore[no-untyped-def]
    html = people["alice"].get("/watchlists", params={"lang": "es"}).text
    assert "Listas de seguimiento" in html and "Crear lista" in html


# ------------------------------------------------------------------ in a real browser


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_create_watchlist_in_chromium(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from newssearcher.config import Settings
    from newssearcher.web.app import create_app
    from tests.stages.web.conftest import populate
    from tests.stages.web.test_browser import ARGS, _Server

    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    db.migrate()
    corpus: Corpus = populate(db)
    app = create_app(Settings(data_dir=tmp_path / "data"), db)
    try:
        with _Server(app) as server, sync_playwright() as p:
            base = server.url
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.goto(base + "/signup")
            page.get_by_label("Username").fill("watcher")
            page.get_by_label("Password", exact=True).fill("a good long password")
            page.get_by_label("Password again").fill("a good long password")
            page.get_by_role("button", name="Sign up").click()
            page.wait_for_url(base + "/")
            page.get_by_role("link", name="Watchlists").click()
            page.wait_for_url(base + "/watchlists")
            page.get_by_label("Name").fill("Browser stack")
            page.get_by_label("Entities").fill("Nimbus Cloud,Nimbus")
            page.get_by_label("Delivery").select_option("daily")
            page.get_by_role("button", name="Create watchlist").click()
            page.wait_for_url(re.compile(r".*/watchlists/\d+$"))
            assert page.get_by_role("heading", level=1).inner_text() == "Browser stack"
            assert page.get_by_text("No alerts yet.").is_visible()
            _check_all(db)
            page.reload()
            alert = page.locator("article.alert").first
            assert "Nimbus Cloud" in alert.inner_text()
            assert alert.get_by_role("link").first.get_attribute("href") == (
                f"/story/{corpus.stories['cloud']}"
            )
            browser.close()
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "hook",
    ["http://127.0.0.1:8000/x", "http://localhost/x", "http://10.1.2.3/x", "http://db.internal/x",
     "http://[::1]/x", "http://169.254.169.254/latest"],
)  # fmt: skip
def test_users_cannot_aim_webhooks_inside_the_network(people, hook: str) -> None:  # type: ignore[no-untyped-def]
    alice = people["alice"]
    csrf = alice.get("/api/v1/me").json()["csrf_token"]
    resp = alice.post(
        "/api/v1/watchlists",
        json={"name": "inside", "entity_list": "Nimbus", "webhook_url": hook},
        headers={"X-CSRF-Token": csrf},
    )
    _assert_error(resp, 422, resp.json()["error"]["code"])
    assert "public address" in resp.text or "internal" in resp.text
    # the administrator (an operator) may
    boss = people["boss"]
    csrf = boss.get("/api/v1/me").json()["csrf_token"]
    ok = boss.post(
        "/api/v1/watchlists",
        json={"name": "ops", "entity_list": "Nimbus", "webhook_url": hook},
        headers={"X-CSRF-Token": csrf},
    )
    assert ok.status_code == 201, ok.text
