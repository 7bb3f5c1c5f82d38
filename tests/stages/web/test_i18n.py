"""Catalogues are complete and compile; the language is negotiated as documented."""

from __future__ import annotations

import gettext
import io
import shutil

import pytest

from newssearcher.web import i18n
from newssearcher.web.catalogue import extract_messages


def test_every_ui_message_has_a_spanish_translation() -> None:
    catalog = gettext.GNUTranslations(
        io.BytesIO(i18n.compile_catalogue(i18n.LOCALE_DIR / "es/LC_MESSAGES/messages.po"))
    )
    missing = []
    for message in extract_messages():
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if isinstance(message.id, tuple):
            translated = catalog.ngettext(message.id[0], message.id[1], 1)
        else:
            translated = catalog.gettext(msgid)
        if translated == msgid and msgid not in {"API", "original", "Feed"}:
            missing.append(msgid)
    assert missing == []


def test_shipped_mo_matches_the_po() -> None:
    folder = i18n.LOCALE_DIR / "es" / "LC_MESSAGES"
    shipped = gettext.GNUTranslations(io.BytesIO((folder / "messages.mo").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(i18n.compile_catalogue(folder / "messages.po")))
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


def test_catalogue_compiles_from_po_when_mo_is_missing(tmp_path, monkeypatch) -> None:
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    (tmp_path / "locale/es/LC_MESSAGES/messages.mo").unlink()
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.translations.cache_clear()
    try:
        assert i18n.I18n("es").gettext("Sign in") == "Iniciar sesión"
        assert i18n.I18n("es").ngettext("%(num)s source", "%(num)s sources", 3) == "3 fuentes"
    finally:
        i18n.translations.cache_clear()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("en-GB,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,es;q=0.5", "es"),
        ("de, fr", "en"),
        ("es;q=0, en;q=0.1", "en"),
        ("es;q=abc", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_accept_language_negotiation(header: str | None, expected: str) -> None:
    assert i18n.negotiate(accept_language=header) == expected


def test_explicit_choice_wins() -> None:
    assert i18n.negotiate("es", accept_language="en") == "es"
    assert i18n.negotiate("xx", "es_MX", accept_language="en") == "es"
