"""Comments through the HTML forms: post, reply, edit own (within the window), report, moderate."""

from __future__ import annotations

from datetime import timedelta

from newssearcher.store.models.community import Comment, CommentReport
from tests.stages.web.conftest import csrf_of, form_token, make_client, sign_up


def _comment(client, story_id, text, parent_id=None):  # type: ignore[no-untyped-def]
    data = {"text": text, "csrf_token": csrf_of(client)}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    return client.post(f"/story/{story_id}/comments", data=data, follow_redirects=False)


def test_post_reply_and_thread(client, hub_db) -> None:
    db, corpus = hub_db
    sid = corpus.stories["cloud"]
    anon = _comment(client, sid, "hi")
    assert anon.status_code == 303 and anon.headers["location"].startswith("/signin")
    sign_up(client, "ana")
    first = _comment(client, sid, "Who leaked the memo?\n\nAnd when?")
    assert first.status_code == 303 and "#comment-" in first.headers["location"]
    parent = int(first.headers["location"].rsplit("-", 1)[1])
    reply = _comment(client, sid, "Nobody knows yet.", parent_id=parent)
    child = int(reply.headers["location"].rsplit("-", 1)[1])
    # a reply to a reply joins the top-level thread
    nested = _comment(client, sid, "Agreed, let's wait.", parent_id=child)
    page = client.get(f"/story/{sid}").text
    assert "<p>Who leaked the memo?</p><p>And when?</p>" in page
    assert page.index("Who leaked the memo?") < page.index("Nobody knows yet.")
    with db.session() as s:
        rows = {c.id: c for c in s.query(Comment)}
        nested_id = int(nested.headers["location"].rsplit("-", 1)[1])
        assert rows[child].parent_id == parent and rows[nested_id].parent_id == parent
    bad_parent = _comment(client, corpus.stories["outage"], "wrong thread", parent_id=parent)
    assert bad_parent.status_code == 404


def test_edit_own_comment_within_the_window_only(client, hub_db, web_settings) -> None:
    db, corpus = hub_db
    sid = corpus.stories["cloud"]
    sign_up(client, "bea")
    loc = _comment(client, sid, "Frist!").headers["location"]
    cid = int(loc.rsplit("-", 1)[1])
    form = client.get(f"/story/{sid}", params={"edit": cid}).text
    assert f'action="/comments/{cid}/edit"' in form and ">Frist!</textarea>" in form
    edited = client.post(
        f"/comments/{cid}/edit", data={"text": "First!", "csrf_token": form_token(form)}
    )
    assert edited.status_code == 200 and "<p>First!</p>" in edited.text
    with db.session() as s:
        c = s.get(Comment, cid)
        assert c.body == "First!" and c.edited_at is not None
        c.created_at = c.created_at - timedelta(seconds=web_settings.comment_edit_window_s + 5)
    late = client.post(
        f"/comments/{cid}/edit", data={"text": "Too late", "csrf_token": csrf_of(client)}
    )
    assert late.status_code == 403
    # someone else's comment cannot be edited
    with make_client(web_settings, db) as other:
        sign_up(other, "cleo")
        theirs = int(_comment(other, sid, "Mine.").headers["location"].rsplit("-", 1)[1])
    resp = client.post(
        f"/comments/{theirs}/edit", data={"text": "hijack", "csrf_token": csrf_of(client)}
    )
    assert resp.status_code == 403
    with db.session() as s:
        assert s.get(Comment, theirs).body == "Mine."


def test_reports_hide_a_comment_and_moderators_decide(client, hub_db, web_settings) -> None:
    db, corpus = hub_db
    sid = corpus.stories["cloud"]
    sign_up(client, "admin")  # first account: administrator
    with make_client(web_settings, db) as author:
        sign_up(author, "troll")
        cid = int(_comment(author, sid, "You are all idiots").headers["location"].rsplit("-", 1)[1])
        own = author.post(f"/comments/{cid}/report", data={"csrf_token": csrf_of(author)})
        assert "cannot report your own" in own.text
    reporters = []
    for i in range(3):
        c = make_client(web_settings, db)
        c.__enter__()
        reporters.append(c)
        sign_up(c, f"reader{i}")
        c.post(f"/comments/{cid}/report", data={"reason": "insult", "csrf_token": csrf_of(c)})
        c.post(f"/comments/{cid}/report", data={"reason": "again", "csrf_token": csrf_of(c)})
    for c in reporters:
        c.__exit__(None, None, None)
    with db.session() as s:
        comment = s.get(Comment, cid)
        assert comment.report_count == 3 and comment.status == "hidden"
    assert "You are all idiots" not in client.get(f"/story/{sid}").text
    queue = client.get("/admin/moderation")
    assert (
        queue.status_code == 200 and "You are all idiots" in queue.text and "insult" in queue.text
    )
    kept = client.post(
        f"/admin/moderation/{cid}", data={"action": "keep", "csrf_token": form_token(queue.text)}
    )
    assert kept.status_code == 200 and "Nothing to review." in kept.text
    assert "You are all idiots" in client.get(f"/story/{sid}").text
    # reported again later, then removed
    with make_client(web_settings, db) as late:
        sign_up(late, "reader9")
        late.post(f"/comments/{cid}/report", data={"csrf_token": csrf_of(late)})
    queue = client.get("/admin/moderation").text
    client.post(
        f"/admin/moderation/{cid}", data={"action": "remove", "csrf_token": form_token(queue)}
    )
    with db.session() as s:
        assert s.get(Comment, cid).status == "removed"
        assert s.query(CommentReport).filter(CommentReport.resolved_at.is_(None)).count() == 0
    page = client.get(f"/story/{sid}").text
    assert "You are all idiots" not in page
