"""Abstractive summaries through an OpenAI-compatible endpoint, cited, with a safe fallback.

The model sees only the extractive summary's sentences, each tagged with its numbered sources,
and must write a shorter summary whose every sentence ends in ``[n]`` citations. The reply is
parsed back into sentences with document indices. Any failure (no answer in time, HTTP error,
malformed reply, a sentence without a citation, a citation to an unknown source) gives the
extractive summary instead, with the reason logged and kept in ``Summary.note``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from newssearcher.summary.extractive import Summary, SummarySentence, summarise
from newssearcher.summary.llm import ChatClient, LLMError
from newssearcher.summary.sentences import split_paragraph

log = logging.getLogger(__name__)

MAX_SENTENCES = 6
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

_CITE_GROUP = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
# citations placed after the full stop ("... said. [2]") are moved before it
_CITE_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def build_messages(extractive: Summary, lang: str | None) -> tuple[list[dict[str, str]], list[int]]:
    """The chat messages, and the document index behind each source number (1-based)."""
    sources: list[int] = []
    for sentence in extractive.sentences:
        for doc in sentence.citations:
            if doc not in sources:
                sources.append(doc)
    number = {doc: n for n, doc in enumerate(sources, start=1)}
    lines = []
    for sentence in extractive.sentences:
        tags = "".join(f"[{number[d]}]" for d in sentence.citations)
        lines.append(f"- {sentence.text} {tags}")
    language = LANGUAGE_NAMES.get(lang or "en", lang or "English")
    system = (
        "You write short, factual news summaries. Use only the facts in the numbered source "
        "sentences you are given; add nothing. Every sentence you write must end with the "
        "numbers of the sources that support it in square brackets, such as [1] or [2][3]. "
        "Attribute allegations and denials to whoever made them."
    )
    user = (
        f"Sentences from {len(sources)} news sources about one story, each followed by the "
        f"numbers of the sources it appears in:\n\n" + "\n".join(lines) + "\n\n"
        f"Write a summary of at most {MAX_SENTENCES} sentences in {language}, citing sources "
        f"as [n] at the end of each sentence. Reply with the summary only."
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}], sources


def parse_reply(reply: str, sources: Sequence[int]) -> list[SummarySentence]:
    """Sentences with document-index citations; raises LLMError when any is uncited."""
    reply = _CITE_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), reply.strip())
    sentences: list[SummarySentence] = []
    for line in reply.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for raw in split_paragraph(line):
            numbers: list[int] = []
            for group in _CITE_GROUP.findall(raw):
                numbers.extend(int(n) for n in re.split(r"\s*[,;]\s*", group))
            text = _CITE_GROUP.sub("", raw)
            text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
            if not text:
                continue
            if not numbers:
                raise LLMError(f"malformed reply: uncited sentence {text[:80]!r}")
            bad = sorted({n for n in numbers if not 1 <= n <= len(sources)})
            if bad:
                raise LLMError(f"malformed reply: cites unknown source(s) {bad}")
            docs = sorted({sources[n - 1] for n in numbers})
            sentences.append(SummarySentence(text=text, citations=docs))
    if not sentences:
        raise LLMError("malformed reply: no summary sentences")
    return sentences


def summarise_abstractive(
    documents: Sequence[str],
    client: ChatClient | None,
    *,
    langs: Sequence[str | None] | None = None,
    extractive: Summary | None = None,
) -> Summary:
    """An abstractive summary through ``client``; the extractive one (with a note) on failure."""
    base = extractive if extractive is not None else summarise(documents, langs=langs)
    if client is None:
        return _fallback(base, "no LLM endpoint configured (llm_base_url, llm_model)")
    if not base.sentences:
        return _fallback(base, "nothing to summarise")
    messages, sources = build_messages(base, base.lang)
    try:
        reply = client.complete(messages)
        sentences = parse_reply(reply, sources)
    except LLMError as exc:
        return _fallback(base, str(exc))
    return Summary(sentences=sentences, method="abstractive", lang=base.lang)


def _fallback(base: Summary, reason: str) -> Summary:
    log.warning("abstractive summary unavailable, using the extractive one: %s", reason)
    note = f"abstractive summary unavailable ({reason}); extractive summary shown"
    return Summary(sentences=base.sentences, method="extractive", lang=base.lang, note=note)
