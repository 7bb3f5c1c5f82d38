"""English ↔ Spanish translation of story titles and summaries through the optional endpoint.

No translation model ships offline, so without an endpoint the story keeps its original language
and the caller says so. The model receives the title and the sentences as JSON and must return
the same shape; a reply that is not that shape (or has a different number of sentences, which
would break the citations) is a failure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from newssearcher.summary.llm import ChatClient, LLMError

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
SUPPORTED = ("en", "es")

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


@dataclass(slots=True)
class Translation:
    lang: str
    title: str
    sentences: list[str] = field(default_factory=list)


def targets_for(lang: str | None) -> list[str]:
    """The languages a story in ``lang`` is translated into (English and Spanish for others)."""
    return [t for t in SUPPORTED if t != lang]


def language_name(lang: str | None) -> str:
    if not lang:
        return "the original language"
    return LANGUAGE_NAMES.get(lang, lang)


def translate_summary(
    client: ChatClient, title: str, sentences: list[str], source: str | None, target: str
) -> Translation:
    """Translate ``title`` and ``sentences`` into ``target``; raises LLMError on any failure."""
    payload = json.dumps({"title": title, "sentences": sentences}, ensure_ascii=False)
    messages = [
        {
            "role": "system",
            "content": (
                "You are a careful news translator. Translate faithfully, keep names, numbers "
                "and quotations accurate, add nothing. Answer with JSON only."
            ),
        },
        {
            "role": "user",
            "content": (
                f"Translate this news story title and summary from {language_name(source)} into "
                f'{language_name(target)}. Return a JSON object with the same keys: "title" (a '
                f'string) and "sentences" (a list with exactly {len(sentences)} strings, one '
                f"translation per sentence, in the same order).\n\n{payload}"
            ),
        },
    ]
    reply = client.complete(messages, temperature=0.0, max_tokens=2048)
    return parse_translation(reply, target, len(sentences))


def parse_translation(reply: str, target: str, expected: int) -> Translation:
    text = _FENCE.sub("", reply.strip()).strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LLMError("malformed translation reply: not JSON") from exc
    if not isinstance(data, dict):
        raise LLMError("malformed translation reply: not a JSON object")
    title = data.get("title")
    sentences = data.get("sentences")
    if not isinstance(title, str) or not title.strip():
        raise LLMError('malformed translation reply: no "title" string')
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise LLMError('malformed translation reply: "sentences" is not a list of strings')
    if len(sentences) != expected:
        raise LLMError(f"malformed translation reply: {len(sentences)} sentences for {expected}")
    return Translation(lang=target, title=title.strip(), sentences=[s.strip() for s in sentences])
