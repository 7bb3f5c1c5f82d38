"""Maintaining the UI catalogues: ``python -m newssearcher.web.catalogue``.

Extracts every message (``_()``/``ngettext()`` in templates, ``N_()``/``_()`` in Python),
writes ``locale/messages.pot``, merges it into each language's ``.po`` (keeping existing
translations, adding new messages untranslated, dropping vanished ones) and compiles ``.mo``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from newssearcher.web.i18n import DEFAULT, LOCALE_DIR, SUPPORTED

WEB_DIR = Path(__file__).parent
METHOD_MAP = [("templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_messages() -> Catalog:
    template = Catalog(project="NewsSearcher", charset="utf-8")
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(WEB_DIR), method_map=METHOD_MAP, keywords=KEYWORDS
    ):
        template.add(message, locations=[(filename, lineno)])
    return template


def update(lang: str, template: Catalog) -> list[str]:
    """Merge ``template`` into ``lang``'s catalogue and compile it; returns untranslated ids."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = folder / "messages.po"
    if po.is_file():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="NewsSearcher", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    with (folder / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not m.string]


def main() -> int:
    template = extract_messages()
    with (LOCALE_DIR / "messages.pot").open("wb") as fh:
        write_po(fh, template, width=100)
    status = 0
    for lang in SUPPORTED:
        if lang == DEFAULT:
            continue
        missing = update(lang, template)
        for msgid in missing:
            print(f"{lang}: untranslated: {msgid!r}", file=sys.stderr)
        status |= bool(missing)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
