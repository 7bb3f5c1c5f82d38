"""The JSON API on SQLite and PostgreSQL, over the fixture corpus."""

from __future__ import annotations

import feedparser

from tests.stages.web.conftest import csrf_of, sign_up


def test_stories_are_listed_newest_first_with_pagination(client, hub_db) -> None:
    _, corpus = hub_db
    body = client.get("/api/v1/stories", params={"limit": 2}).json()
    assert body["total"] == 3  # the merged story is not listed
    assert body["limit"] == 2 and body["offset"] == 0 and body["next_offset"] == 2
    assert [s["id"] for s in body["items"]] == [corpus.stories["ransom"], corpus.stories["outage"]]
    last = client.get("/api/v1/stories", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in last["items"]] == [corpus.stories["cloud"]]
    assert last["next_offset"] is None
    cloud_only = client.get("/api/v1/stories", params={"hub": "cloud"}).json()
    assert {s["id"] for s in cloud_only["items"]} == {
        corpus.stories["cloud"],
        corpus.stories["outage"],
    }


def test_story_detail_has_summary_claims_sources_and_first_report(client, hub_db) -> None:
    _, corpus = hub_db
    a = corpus.articles
    story = client.get(f"/api/v1/stories/{corpus.stories['cloud']}").json()
    assert story["title"].startswith("Leaked memo alleges Nimbus Cloud")
    assert story["summary"]["sentences"][0]["citations"] == [a["memo"], a["rewrite"]]
    assert story["first_reported_by"]["id"] == a["memo"]
    assert story["first_reported_by"]["outlet"] == "Daily Ledger"
    by_id = {x["id"]: x for x in story["articles"]}
    assert by_id[a["rewrite"]]["rewrite_of"] == a["memo"]
    assert by_id[a["dup"]]["duplicate_of"] == a["memo"]
    assert by_id[a["memo"]]["is_first"] is True
    assert all(x["url"].startswith("https://") for x in story["articles"])
    (claim,) = story["claims"]
    assert claim["status"] == "alleged-and-denied"
    stances = {s["outlet"]: s["stance"] for s in claim["stances"]}
    assert stances == {
        "Daily Ledger": "agree",
        "Content Farm": "agree",
        "El Diario Digital": "discuss",
        "Tech Wire": "disagree",
    }
    assert {e["slug"] for e in story["entities"]} >= {"nimbus-cloud", "peoples-liberation-army"}
    assert {h["slug"] for h in story["hubs"]} == {"cybersecurity", "cloud"}


def test_story_show_json_says_what_the_api_says(client, hub_db) -> None:
    """``story show --json`` (external ids) and the API (row ids) read one story the same way:
    its sources in one time order, the same first report, claims, stances and entities."""
    import json
    from datetime import timedelta

    from sqlalchemy import select
    from typer.testing import CliRunner

    from newssearcher.cli.main import app
    from newssearcher.store.models import Article, ClaimStance

    db, corpus = hub_db
    story_id = corpus.stories["cloud"]
    with db.session() as session:  # the story's latest article with a stance: undated, but
        # ingested before the others were published (it sorts first on both sides)
        members = session.scalars(select(Article).where(Article.story_id == story_id)).all()
        earliest = min(a.published_at for a in members if a.published_at is not None)
        voiced = set(session.scalars(select(ClaimStance.article_id)))
        latest = max(
            (a for a in members if a.id in voiced and a.published_at is not None),
            key=lambda a: a.published_at,
        )
        latest.published_at = None
        latest.ingested_at = earliest - timedelta(days=1)
    api = client.get(f"/api/v1/stories/{story_id}").json()
    with db.session() as session:
        ids_all = dict(session.execute(select(Article.id, Article.external_id)).all())
    result = CliRunner().invoke(app, ["--db", db.url, "story", "show", str(story_id), "--json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    ids = {a["id"]: a for a in api["articles"]}
    assert [s["url"] for s in cli["sources"]] == [a["url"] for a in api["articles"]]
    assert cli["first_reported_by"]["url"] == ids[api["first_reported_by"]["id"]]["url"]
    assert [(c["text"], c["status"]) for c in cli["claims"]] == [
        (c["text"], c["status"]) for c in api["claims"]
    ]
    assert [[(s["outlet"], s["stance"]) for s in c["stances"]] for c in cli["claims"]] == [
        [(s["outlet"], s["stance"]) for s in c["stances"]] for c in api["claims"]
    ]
    assert [e["name"] for e in cli["entities"]][: len(api["entities"])] == [
        e["name"] for e in api["entities"]
    ]
    assert [(m["article"], m["direction"], m["story"]) for m in cli["moves"]] == [
        (ids_all[m["article"]["id"]], m["direction"], m["story_id"]) for m in api["moves"]
    ]


def test_a_story_lists_the_reports_moved_out_of_it_and_into_it(client, hub_db) -> None:
    """The outage report moved out of an id merged into the cloud story shows on both sides;
    the move between two ids that are now the cloud story is not shown."""
    _, corpus = hub_db
    a, st = corpus.articles, corpus.stories
    cloud = client.get(f"/api/v1/stories/{st['cloud']}").json()
    outage = client.get(f"/api/v1/stories/{st['outage']}").json()
    ransom = client.get(f"/api/v1/stories/{st['ransom']}").json()
    assert [(m["direction"], m["article"]["id"], m["story_id"]) for m in cloud["moves"]] == [
        ("out", a["outage1"], st["outage"])
    ]
    assert cloud["moves"][0]["story_title"] == outage["title"]
    assert [(m["direction"], m["article"]["id"], m["story_id"]) for m in outage["moves"]] == [
        ("in", a["outage1"], st["cloud"])
    ]
    assert outage["moves"][0]["story_title"] == cloud["title"]
    assert ransom["moves"] == []


def test_story_in_spanish_uses_the_translation(client, hub_db) -> None:
    _, corpus = hub_db
    es = client.get(f"/api/v1/stories/{corpus.stories['cloud']}", params={"lang": "es"}).json()
    assert es["translated"] is True
    assert es["title"].startswith("Un memorando filtrado")
    assert es["summary"]["sentences"][1]["text"].startswith("Nimbus Cloud negó")
    outage = client.get(f"/api/v1/stories/{corpus.stories['outage']}", params={"lang": "es"})
    assert outage.json()["translated"] is False  # no translation: the original is shown


def test_a_merged_story_id_gives_the_surviving_story(client, hub_db) -> None:
    _, corpus = hub_db
    story = client.get(f"/api/v1/stories/{corpus.stories['merged']}").json()
    assert story["id"] == corpus.stories["cloud"]


def test_articles_and_article(client, hub_db) -> None:
    _, corpus = hub_db
    page = client.get("/api/v1/articles", params={"source": "Tech Wire"}).json()
    assert page["total"] == 2
    assert {x["outlet"] for x in page["items"]} == {"Tech Wire"}
    es = client.get("/api/v1/articles", params={"language": "es"}).json()
    assert es["total"] == 2
    art = client.get(f"/api/v1/articles/{corpus.articles['spanish']}").json()
    assert art["lang"] == "es" and "Ejército Popular" in art["text"]
    assert art["rewrite_of"] == corpus.articles["memo"]
    story_articles = client.get(f"/api/v1/stories/{corpus.stories['cloud']}/articles").json()
    assert story_articles["total"] == 5


def test_full_text_search_with_filters(client, hub_db) -> None:
    _, corpus = hub_db
    hits = client.get("/api/v1/search", params={"q": "Frankfurt outage"}).json()
    assert hits["mode"] == "text"
    assert {h["article"]["id"] for h in hits["items"]} == {
        corpus.articles["outage1"],
        corpus.articles["outage2"],
    }
    assert "<mark>" in hits["items"][0]["snippet_html"]
    # the exact duplicate is not listed twice
    memo = client.get("/api/v1/search", params={"q": "leaked memo"}).json()
    ids = [h["article"]["id"] for h in memo["items"]]
    assert corpus.articles["memo"] in ids and corpus.articles["dup"] not in ids
    by_source = client.get("/api/v1/search", params={"q": "Nimbus", "source": "Tech Wire"}).json()
    assert [h["article"]["id"] for h in by_source["items"]] == [corpus.articles["denial"]]
    by_lang = client.get("/api/v1/search", params={"q": "Nimbus", "language": "es"}).json()
    assert [h["article"]["id"] for h in by_lang["items"]] == [corpus.articles["spanish"]]
    by_hub = client.get("/api/v1/search", params={"q": "data", "hub": "cloud"}).json()
    assert by_hub["total"] >= 1
    assert all(h["article"]["story_id"] != corpus.stories["ransom"] for h in by_hub["items"])
    by_entity = client.get(
        "/api/v1/search", params={"q": "cloud", "entity": "stratus-cloud"}
    ).json()
    assert {h["article"]["id"] for h in by_entity["items"]} == {
        corpus.articles["outage1"],
        corpus.articles["outage2"],
    }
    dated = client.get(
        "/api/v1/search", params={"q": "Nimbus", "from": "2025-03-03", "to": "2025-03-03"}
    ).json()
    assert dated["total"] == 4  # memo, rewrite, spanish, denial (all on March 3rd)
    later = client.get("/api/v1/search", params={"q": "Nimbus", "from": "2025-03-04"}).json()
    assert later["total"] == 0 or later["mode"] == "semantic"
    unknown = client.get("/api/v1/search", params={"q": "x", "hub": "nope"})
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": "unknown hub 'nope'",
    }


def test_search_ignores_fts_operators_typed_by_users(client) -> None:
    for q in ['"unbalanced', "NEAR(", "title:memo", "*", "a OR", "memo AND -x", "(((", "😀"]:
        resp = client.get("/api/v1/search", params={"q": q})
        assert resp.status_code == 200, (q, resp.text)


def test_semantic_search_crosses_languages(client, hub_db) -> None:
    _, corpus = hub_db
    resp = client.get(
        "/api/v1/search",
        params={"q": "ataque informático contra hospitales", "mode": "semantic", "limit": 3},
    ).json()
    assert resp["mode"] == "semantic"
    assert resp["items"][0]["article"]["id"] == corpus.articles["ransom"]
    # English words, Spanish story: similarity finds it where no word matches
    en = client.get(
        "/api/v1/search",
        params={"q": "hospitals hit by hackers demanding ransom", "mode": "semantic"},
    ).json()
    assert en["items"][0]["article"]["id"] == corpus.articles["ransom"]
    assert corpus.stories["ransom"] in [s["id"] for s in en["stories"]]


def test_text_search_falls_back_to_meaning_when_no_word_matches(client, hub_db) -> None:
    _, corpus = hub_db
    resp = client.get("/api/v1/search", params={"q": "hackers hospitales rescate Valencia"}).json()
    ids = [h["article"]["id"] for h in resp["items"]]
    assert corpus.articles["ransom"] in ids


def test_hubs_entities_claims(client, hub_db) -> None:
    _, corpus = hub_db
    hubs = client.get("/api/v1/hubs").json()["items"]
    assert {h["slug"]: h["story_count"] for h in hubs} == {"cybersecurity": 2, "cloud": 2}
    es = client.get("/api/v1/hubs/cybersecurity", params={"lang": "es"}).json()
    assert es["name"] == "Ciberseguridad"
    ents = client.get("/api/v1/entities", params={"q": "nim"}).json()
    assert [e["slug"] for e in ents["items"]] == ["nimbus-cloud"]
    by_alias = client.get("/api/v1/entities", params={"q": "PLA"}).json()
    assert [e["slug"] for e in by_alias["items"]] == ["peoples-liberation-army"]
    ent = client.get("/api/v1/entities/peoples-liberation-army").json()
    assert "pla" in ent["aliases"] and ent["story_count"] == 1
    stories = client.get("/api/v1/entities/nimbus-cloud/stories").json()
    assert [s["id"] for s in stories["items"]] == [corpus.stories["cloud"]]
    claims = client.get("/api/v1/entities/nimbus-cloud/claims").json()
    assert claims["total"] == 1
    all_claims = client.get("/api/v1/claims", params={"status": "alleged-and-denied"}).json()
    assert all_claims["total"] == 1 and len(all_claims["items"][0]["stances"]) == 4
    story_claims = client.get(f"/api/v1/stories/{corpus.stories['outage']}/claims").json()
    assert story_claims["total"] == 0


def test_errors_share_one_shape(client) -> None:
    missing = client.get("/api/v1/stories/999999")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"status": 404, "code": "not_found", "message": "No such story."}
    }
    bad = client.get("/api/v1/stories", params={"limit": 0})
    assert bad.status_code == 422
    err = bad.json()["error"]
    assert err["code"] == "invalid_request" and err["details"][0]["loc"][-1] == "limit"
    huge = client.get("/api/v1/stories/99999999999")
    assert huge.status_code == 422
    assert client.get("/api/v1/nothing-here").json()["error"]["code"] == "not_found"


def test_comments_through_the_api(client, hub_db) -> None:
    _, corpus = hub_db
    sid = corpus.stories["cloud"]
    anon = client.post(
        f"/api/v1/stories/{sid}/comments",
        json={"text": "hello"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert anon.status_code == 401 and anon.json()["error"]["code"] == "unauthorized"
    sign_up(client, "reader1")
    no_token = client.post(f"/api/v1/stories/{sid}/comments", json={"text": "hello"})
    assert no_token.status_code == 403
    made = client.post(
        f"/api/v1/stories/{sid}/comments",
        json={"text": "Is there a copy of the memo?"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert made.status_code == 201, made.text
    reply = client.post(
        f"/api/v1/stories/{sid}/comments",
        json={"text": "Not yet.", "parent_id": made.json()["id"]},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert reply.status_code == 201
    listed = client.get(f"/api/v1/stories/{sid}/comments").json()
    assert listed["total"] == 1
    assert listed["items"][0]["replies"][0]["body_html"] == "<p>Not yet.</p>"
    me = client.get("/api/v1/me").json()
    assert me["user"] == {"username": "reader1", "is_admin": True}


def test_feeds_for_hub_story_and_search(client, hub_db) -> None:
    _, corpus = hub_db
    atom = client.get("/feeds/hub/cloud.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo
    assert {e.link.rsplit("/", 1)[-1] for e in parsed.entries} == {
        str(corpus.stories["cloud"]),
        str(corpus.stories["outage"]),
    }
    rss = feedparser.parse(client.get(f"/feeds/story/{corpus.stories['cloud']}.rss").content)
    assert not rss.bozo and len(rss.entries) == 5
    assert {e.link for e in rss.entries} >= {"https://techwire.example/denial"}
    search = feedparser.parse(client.get("/feeds/search.atom", params={"q": "Stratus"}).content)
    assert len(search.entries) == 2
    assert client.get("/feeds/hub/nope.atom").status_code == 404
    assert client.get("/feeds/stories.rss").status_code == 200
