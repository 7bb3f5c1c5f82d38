from datetime import UTC, datetime

from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.store.models import Story
from newssearcher.summary.story_summary import update_story_summary
from newssearcher.summary.voices import original_articles, story_articles

from .llm_server import chat_server
from .stored_story import store_story
from .story_texts import EN_A, EN_B, EN_C


def test_extractive_story_summary_on_both_backends(db: Database, settings: Settings) -> None:
    before = datetime.now(UTC)
    with db.session() as session:
        ids = store_story(session)
        update_story_summary(session, session.get(Story, ids.story_id), settings)
    with db.session() as session:
        story = session.get(Story, ids.story_id)
        data = story.summary
        assert story.analysed_at is not None and story.analysed_at >= before
        # a representative headline, in the main language
        assert story.title in {
            "Northbridge closes harbour bridge over cracks",
            "Harbour bridge shut: ferries to run",
            "Commuters queue for emergency ferries",
        }
        assert story.title_lang == "en"
    assert data["method"] == "extractive"
    assert data["lang"] == "en"
    assert data["title"] == story.title
    assert "translations" not in data
    assert "No translation endpoint configured" in data["note"] and "Spanish" in data["note"]
    voices = {ids.a: EN_A, ids.b: EN_B, ids.c: EN_C}
    assert data["sentences"]
    cited: set[int] = set()
    for sentence in data["sentences"]:
        assert set(sentence) == {"text", "citations"}
        assert sentence["citations"], sentence
        # the copy and the rewrite never get cited: they are not separate voices
        assert ids.copy not in sentence["citations"]
        assert ids.rewrite not in sentence["citations"]
        # the sentence is found in (at least) one English voice it cites
        assert any(sentence["text"] in voices.get(c, "") for c in sentence["citations"])
        cited.update(sentence["citations"])
    assert {ids.a, ids.b, ids.c} <= cited
    # the Spanish article is cited for the sentence it translates
    council = next(s for s in data["sentences"] if s["text"].startswith("The city council"))
    assert council["citations"] == sorted([ids.a, ids.b, ids.d])


def test_existing_title_is_kept_and_empty_story_is_handled(
    db: Database, settings: Settings
) -> None:
    with db.session() as session:
        ids = store_story(session, title="Bridge closed")
        update_story_summary(session, session.get(Story, ids.story_id), settings)
        empty = Story(title=None)
        session.add(empty)
        session.flush()
        update_story_summary(session, empty, settings)
        empty_id = empty.id
    with db.session() as session:
        story = session.get(Story, ids.story_id)
        assert story.title == "Bridge closed"
        assert story.summary["title"] == "Bridge closed"
        nothing = session.get(Story, empty_id)
        assert nothing.summary["sentences"] == []
        assert nothing.summary["note"] == "no original articles to summarise"
        assert nothing.analysed_at is not None


def test_abstractive_and_spanish_translation_through_endpoint(
    sqlite_db: Database, settings: Settings
) -> None:
    with chat_server() as server:
        configured = settings.model_copy(
            update={"llm_base_url": server.base_url, "llm_model": "tiny", "llm_timeout_s": 5.0}
        )
        with sqlite_db.session() as session:
            ids = store_story(session)
            update_story_summary(session, session.get(Story, ids.story_id), configured)
        # one summary request, one translation request
        assert len(server.requests) == 2
        server.mode = "bad-translation"
        with sqlite_db.session() as session:
            update_story_summary(session, session.get(Story, ids.story_id), configured)
            half = session.get(Story, ids.story_id).summary
        assert half["method"] == "abstractive"
        assert "translations" not in half
        assert half["note"].startswith("Translation into Spanish failed (malformed translation")
        server.mode = "500"
        with sqlite_db.session() as session:
            update_story_summary(session, session.get(Story, ids.story_id), configured)
            failed = session.get(Story, ids.story_id).summary
    assert failed["method"] == "extractive"
    assert "HTTP 500" in failed["note"] and "Translation into Spanish failed" in failed["note"]
    assert "translations" not in failed


def test_translation_stored_with_citations(sqlite_db: Database, settings: Settings) -> None:
    with chat_server() as server:
        configured = settings.model_copy(
            update={"llm_base_url": server.base_url, "llm_model": "tiny"}
        )
        with sqlite_db.session() as session:
            ids = store_story(session)
            update_story_summary(session, session.get(Story, ids.story_id), configured)
        with sqlite_db.session() as session:
            data = session.get(Story, ids.story_id).summary
            title = session.get(Story, ids.story_id).title
    assert data["method"] == "abstractive"
    assert data["note"] is None
    assert len(data["sentences"]) == 2
    es = data["translations"]["es"]
    assert es["title"] == f"[es] {title}"
    assert [s["text"] for s in es["sentences"]] == [f"[es] {s['text']}" for s in data["sentences"]]
    assert [s["citations"] for s in es["sentences"]] == [s["citations"] for s in data["sentences"]]
    assert all(set(s["citations"]) <= {ids.a, ids.b, ids.c, ids.d} for s in data["sentences"])


def test_summary_reads_a_bounded_window_of_originals(db: Database, settings: Settings) -> None:
    with db.session() as session:
        ids = store_story(session)
        everything = story_articles(session, ids.story_id)
        originals = [a.id for a in everything if a.duplicate_of is None]
        assert ids.copy not in originals and len(originals) == 5
        assert [a.id for a in original_articles(session, ids.story_id, 100)] == originals
        # past the limit: the oldest and the newest, in time order
        assert [a.id for a in original_articles(session, ids.story_id, 2)] == [
            originals[0],
            originals[-1],
        ]
        assert [a.id for a in original_articles(session, ids.story_id, 3)] == [
            *originals[:2],
            originals[-1],
        ]
        bounded = settings.model_copy(update={"story_max_articles": 2})
        update_story_summary(session, session.get(Story, ids.story_id), bounded)
        cited = {c for s in session.get(Story, ids.story_id).summary["sentences"]
                 for c in s["citations"]}  # fmt: skip
    assert cited and cited <= {originals[0], originals[-1]}
