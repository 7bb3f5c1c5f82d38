"""Abstractive mode and translation against a real chat-completions server on loopback."""

import logging

import pytest

from newssearcher.config import Settings
from newssearcher.summary.abstractive import parse_reply, summarise_abstractive
from newssearcher.summary.extractive import summarise
from newssearcher.summary.llm import ChatClient, LLMError
from newssearcher.summary.translate import parse_translation, translate_summary

from .llm_server import chat_server
from .story_texts import EN_A, EN_B, EN_C, ES_D

DOCS = [EN_A, EN_B, EN_C, ES_D]
LANGS = ["en", "en", "en", "es"]


def _client(base_url: str, timeout_s: float = 5.0) -> ChatClient:
    return ChatClient(base_url=base_url, model="tiny-test", api_key="sk-test", timeout_s=timeout_s)


def test_client_only_when_configured(settings: Settings) -> None:
    assert ChatClient.from_settings(settings) is None
    configured = settings.model_copy(
        update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "m", "llm_timeout_s": 3.0}
    )
    client = ChatClient.from_settings(configured)
    assert client is not None
    assert client.endpoint == "http://127.0.0.1:9/v1/chat/completions"
    assert client.timeout_s == 3.0


def test_good_reply_is_parsed_with_citations_mapped_to_documents() -> None:
    extractive = summarise(DOCS, langs=LANGS, word_budget=120)
    with chat_server() as server:
        result = summarise_abstractive(DOCS, _client(server.base_url), extractive=extractive)
        request = server.requests[0]
        assert server.auth_headers == ["Bearer sk-test"]
    assert result.method == "abstractive"
    assert result.note is None
    assert request["model"] == "tiny-test"
    prompt = request["messages"][-1]["content"]
    assert "[1]" in prompt and extractive.sentences[0].text in prompt
    # the server echoes the first two prompt lines, shortened, with their source numbers
    assert len(result.sentences) == 2
    assert result.sentences[0].citations == extractive.sentences[0].citations
    assert result.sentences[1].citations == extractive.sentences[1].citations
    assert "[" not in result.text


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("500", "HTTP 500 from"),
        ("garbage", "not JSON"),
        ("slow", "no answer from"),
        ("uncited", "uncited sentence"),
    ],
)
def test_failures_fall_back_to_extractive_with_reason(
    mode: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    extractive = summarise(DOCS, langs=LANGS, word_budget=120)
    with chat_server() as server:
        server.mode = mode
        server.slow_s = 1.5
        with caplog.at_level(logging.WARNING, logger="newssearcher.summary.abstractive"):
            result = summarise_abstractive(
                DOCS, _client(server.base_url, timeout_s=0.3), extractive=extractive
            )
    assert result.method == "extractive"
    assert result.sentences == extractive.sentences
    assert result.note is not None and reason in result.note
    assert reason in caplog.text


def test_unreachable_and_unconfigured_endpoints_fall_back() -> None:
    closed = summarise_abstractive(DOCS, _client("http://127.0.0.1:9/v1", timeout_s=1.0))
    assert closed.method == "extractive"
    assert closed.note and "failed" in closed.note
    none = summarise_abstractive(DOCS, None)
    assert none.method == "extractive" and "no LLM endpoint" in (none.note or "")


def test_parse_reply_variants() -> None:
    sources = [0, 2, 5]
    got = parse_reply("- The bridge shut. [1]\n- Ferries run [2, 3].\nMayor spoke [3][1].", sources)
    assert [(s.text, s.citations) for s in got] == [
        ("The bridge shut.", [0]),
        ("Ferries run.", [2, 5]),
        ("Mayor spoke.", [0, 5]),
    ]
    with pytest.raises(LLMError, match="unknown source"):
        parse_reply("The bridge shut [4].", sources)
    with pytest.raises(LLMError, match="uncited"):
        parse_reply("The bridge shut [1]. Nobody said why.", sources)
    with pytest.raises(LLMError, match="no summary sentences"):
        parse_reply(" [1] ", sources)


def test_translation_round_trip_and_failures() -> None:
    with chat_server() as server:
        client = _client(server.base_url)
        tr = translate_summary(client, "Bridge shut", ["One.", "Two."], "en", "es")
        assert tr.lang == "es"
        assert tr.title == "[es] Bridge shut"
        assert tr.sentences == ["[es] One.", "[es] Two."]
        server.mode = "bad-translation"
        with pytest.raises(LLMError, match="1 sentences for 2"):
            translate_summary(client, "Bridge shut", ["One.", "Two."], "en", "es")
    with pytest.raises(LLMError, match="not JSON"):
        parse_translation("Here you go: el puente", "es", 1)
    with pytest.raises(LLMError, match='no "title"'):
        parse_translation('{"sentences": ["x"]}', "es", 1)
