"""The summary of one stored story: cited sentences, a title, and its translations.

``update_story_summary`` writes ``Story.summary`` as::

    {"method": "extractive" | "abstractive", "lang": "en",
     "sentences": [{"text": str, "citations": [article_id, ...]}],
     "title": str,
     "translations": {"es": {"title": str, "sentences": [...]}},   # only when translated
     "note": str | None,
     "added": {...}}   # what each later voice added, read by the timeline

Citations are article ids of independent voices (a rewrite and its original are one voice,
cited by the original's id); exact/near duplicates never enter the summary.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from newssearcher.config import Settings
from newssearcher.store.models import Story, utcnow
from newssearcher.stories.embedding import embed_cached as embed_sentences
from newssearcher.summary.abstractive import summarise_abstractive
from newssearcher.summary.extractive import Summary, summarise
from newssearcher.summary.llm import ChatClient, LLMError
from newssearcher.summary.sentences import split_document
from newssearcher.summary.timeline import additions_json, compute_additions
from newssearcher.summary.translate import language_name, targets_for, translate_summary
from newssearcher.summary.voices import Voice, original_articles, story_voices

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 200
_SPACES = re.compile(r"\s+")


def representative_title(voices: list[Voice], lang: str | None) -> tuple[str | None, str | None]:
    """The headline closest in meaning to all the others (main language first), and its lang."""
    titled = [v.article for v in voices if v.article.title and v.article.title.strip()]
    preferred = [a for a in titled if lang is None or a.lang in (lang, None)] or titled
    if preferred:
        titles = [_SPACES.sub(" ", a.title or "").strip() for a in preferred]
        if len(titles) == 1:
            return titles[0][:TITLE_MAX_CHARS], preferred[0].lang
        vecs = embed_sentences(titles)
        centre = vecs.mean(axis=0)
        best = int(np.argmax(vecs @ centre))  # ties: the earliest (voices are oldest first)
        return titles[best][:TITLE_MAX_CHARS], preferred[best].lang
    for voice in voices:  # no headline anywhere: the first sentence of the earliest article
        sentences = split_document(voice.article.text or "")
        if sentences:
            text = sentences[0].text
            if len(text) > TITLE_MAX_CHARS:
                text = text[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
            return text, voice.article.lang
    return None, None


def _sentences_json(summary: Summary, doc_ids: list[int]) -> list[dict[str, Any]]:
    return [
        {"text": s.text, "citations": [doc_ids[i] for i in s.citations]} for s in summary.sentences
    ]


def build_story_summary(
    voices: list[Voice], settings: Settings, title: str | None
) -> tuple[dict[str, Any], str | None, str | None]:
    """The summary document, plus a representative title and its language."""
    documents = [v.article.text or "" for v in voices]
    langs = [v.article.lang for v in voices]
    doc_ids = [v.article.id for v in voices]
    client = ChatClient.from_settings(settings)
    summary = summarise(documents, langs=langs)
    if client is not None:
        summary = summarise_abstractive(documents, client, langs=langs, extractive=summary)
    lang = summary.lang or next((lang for lang in langs if lang), None) or "en"
    rep_title, rep_lang = representative_title(voices, summary.lang)
    shown_title = title or rep_title or ""
    notes = [summary.note] if summary.note else []
    sentences = _sentences_json(summary, doc_ids)
    translations: dict[str, Any] = {}
    targets = targets_for(lang)
    if client is None:
        names = " or ".join(language_name(t) for t in targets)
        notes.append(
            f"No translation endpoint configured (llm_base_url): not available in {names}; "
            f"shown in {language_name(lang)}."
        )
    elif sentences or shown_title:
        for target in targets:
            try:
                tr = translate_summary(
                    client, shown_title, [s["text"] for s in sentences], lang, target
                )
            except LLMError as exc:
                log.warning("translation into %s failed: %s", target, exc)
                notes.append(
                    f"Translation into {language_name(target)} failed ({exc}); "
                    f"shown in {language_name(lang)}."
                )
                continue
            translations[target] = {
                "title": tr.title,
                "sentences": [
                    {"text": text, "citations": s["citations"]}
                    for text, s in zip(tr.sentences, sentences, strict=True)
                ],
            }
    doc: dict[str, Any] = {
        "method": summary.method,
        "lang": lang,
        "sentences": sentences,
        "title": shown_title,
        "note": " ".join(notes) or None,
    }
    if translations:
        doc["translations"] = translations
    # what each later voice added, for the timeline (same sentence vectors, already cached)
    originals = [v.article for v in voices]
    doc["added"] = additions_json(compute_additions(originals), [a.id for a in originals])
    return doc, rep_title, rep_lang


def update_story_summary(session: Session, story: Story, settings: Settings) -> None:
    """Recompute and store the summary of ``story`` (and its title when it has none)."""
    voices = story_voices(original_articles(session, story.id, settings.story_max_articles))
    if not voices:
        story.summary = {
            "method": "extractive",
            "lang": story.title_lang or "en",
            "sentences": [],
            "title": story.title or "",
            "note": "no original articles to summarise",
        }
        story.analysed_at = utcnow()
        return
    title = story.title.strip() if story.title and story.title.strip() else None
    doc, rep_title, rep_lang = build_story_summary(voices, settings, title)
    if title is None and rep_title:
        story.title = rep_title
        story.title_lang = rep_lang or doc["lang"]
        doc["title"] = rep_title
    story.summary = doc
    story.analysed_at = utcnow()
