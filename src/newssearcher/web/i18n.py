"""English and Spanish for the web UI: gettext catalogues, locale choice, localised formats.

The catalogues live in ``web/locale/<lang>/LC_MESSAGES/messages.po``. A compiled ``.mo`` is
shipped beside each; when it is missing or older than its ``.po`` (a fresh checkout, an edit),
the ``.po`` is compiled in memory at first use, so ``pip install -e .`` always works.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "es")
DEFAULT = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def compile_catalogue(po_path: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` file."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The gettext catalogue of ``lang`` (English is the source language: no catalogue)."""
    if lang == DEFAULT or lang not in SUPPORTED:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po = folder / "messages.po"
    mo = folder / "messages.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        data = mo.read_bytes()
    elif po.is_file():
        data = compile_catalogue(po)
    else:  # pragma: no cover - a broken install
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most preferred first."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for pos, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            weighted.append((-q, pos, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(*candidates: str | None, accept_language: str | None = None) -> str:
    """First supported language among explicit choices, then the browser's preferences."""
    for cand in candidates:
        if cand:
            base = cand.strip().lower().split("-")[0].split("_")[0]
            if base in SUPPORTED:
                return base
    for tag in parse_accept_language(accept_language):
        base = tag.split("-")[0]
        if base in SUPPORTED:
            return base
    return DEFAULT


@dataclass(frozen=True, slots=True)
class I18n:
    """Everything a page needs to speak one language."""

    lang: str

    @property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.lang)

    def gettext(self, message: str, **values: object) -> str:
        text = translations(self.lang).gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = translations(self.lang).ngettext(singular, plural, n)
        values.setdefault("num", self.number(n))
        return text % values

    def date(self, value: datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        return format_date(value, format=fmt, locale=self.lang)

    def datetime(self, value: datetime | None, fmt: str = "medium") -> str:
        """Date and time (hours and minutes, UTC) in the locale's order."""
        if value is None:
            return ""
        value = value.astimezone(UTC)
        day = format_date(value, format=fmt, locale=self.lang)
        clock = format_time(value, format="short", tzinfo=UTC, locale=self.lang)
        return f"{day}, {clock} UTC"

    def ago(self, value: datetime | None, now: datetime | None = None) -> str:
        if value is None:
            return ""
        now = now or datetime.now(UTC)
        return format_timedelta(value - now, add_direction=True, locale=self.lang)

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.lang)

    def percent(self, value: float) -> str:
        return format_percent(value, locale=self.lang)

    def language_name(self, code: str | None) -> str:
        """``es`` → "Spanish"/"español" in the UI language; unknown codes as given."""
        if not code:
            return "?"
        try:
            return Locale.parse(code.split("-")[0]).get_display_name(self.lang) or code
        except (ValueError, TypeError, LookupError):
            return code


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; translated where it is shown."""
    return message
