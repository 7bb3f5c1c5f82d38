"""Turning the bytes of a web page into text, whatever its charset claims.

Order of evidence: a byte-order mark, then the HTTP ``Content-Type`` charset, then
``<meta charset>`` / ``http-equiv`` / the XML declaration, then the bytes themselves. A
declaration is checked against the bytes: a page declared UTF-8 that is really Windows-1252
(the most common lie on the web) is decoded as Windows-1252, a page declared Latin-1 that is
really UTF-8 as UTF-8, and a UTF-8 page with a few stray legacy bytes keeps its UTF-8 and has
only those bytes read as Windows-1252. Undeclared legacy pages go to charset-normalizer.

Images, PDFs, archives and other clearly binary content raise :class:`NotHTML`; anything else
decodes (undecodable bytes become U+FFFD), so arbitrary input never raises anything else.
"""

from __future__ import annotations

import codecs
import re

from newssearcher.extract.errors import NotHTML

#: How far into the document a ``<meta charset>`` is looked for.
META_SCAN_BYTES = 16 * 1024
#: How much of the document the binary sniffers look at.
SNIFF_BYTES = 8 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\xfd7zXZ\x00", "application/x-xz"),
    (b"(\xb5/\xfd", "application/zstd"),
    (b"7z\xbc\xaf'\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x7fELF", "application/x-executable"),
    (b"\x00asm", "application/wasm"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"fLaC", "audio/flac"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)

_BINARY_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_TEXTUAL_APPLICATION = (
    "application/octet-stream",
    "application/unknown",
    "application/x-unknown",
    "binary/octet-stream",
)

_HEADER_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
# C0 controls that HTML forbids and lxml refuses; tab, LF, FF and CR stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NON_ASCII = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
_WORD = re.compile(r"[^\W\d_]{3,}")

# Labels that browsers read as another codec (WHATWG Encoding Standard).
_ALIASES = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
    "x-user-defined": "cp1252",
    "unicode": "utf-8",
    "utf8": "utf-8",
}
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_WESTERN_CODECS = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1257",
        "latin_1",
        "iso8859_15",
        "iso8859_2",
        "iso8859_4",
        "iso8859_13",
        "mac_roman",
        "mac_latin2",
        "mac_iceland",
        "cp850",
        "cp437",
    }
)


def _legacy_fallback(err: UnicodeError) -> tuple[str, int]:
    """Error handler: read the bytes UTF-8 rejects as Windows-1252 (U+FFFD where undefined)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("newssearcher-cp1252", _legacy_fallback)


def media_type(content_type: str | None) -> str:
    """``"text/html; charset=utf-8"`` -> ``"text/html"`` (empty when unknown)."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def is_binary_media_type(mtype: str) -> bool:
    """True for media types that are certainly not an HTML page (images, PDFs, archives…)."""
    if not mtype:
        return False
    if mtype.startswith(_BINARY_MEDIA_PREFIXES):
        return True
    if mtype.startswith("application/"):
        if mtype in _TEXTUAL_APPLICATION:
            return False
        return not any(tag in mtype for tag in ("html", "xml", "text"))
    return False


def normalise_encoding(label: str | bytes | None) -> str | None:
    """A charset label as a Python codec name, WHATWG aliases applied; None when unknown."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="ignore")
    label = label.strip().strip("\"'").lower()
    if not label:
        return None
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type.encode("latin-1", errors="ignore"))
    return normalise_encoding(match.group(1)) if match else None


def declared_charset(content: bytes) -> str | None:
    """The charset named inside the document (XML declaration or ``<meta>``), if any."""
    head = content[:META_SCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = normalise_encoding(match.group(1))
    # A document that could be read far enough to find this label is ASCII-compatible,
    # so an in-document "UTF-16" is wrong by construction (browsers read it as UTF-8).
    if name and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def sniff_binary(content: bytes) -> str | None:
    """The media type of clearly binary content (by magic number or control bytes), else None."""
    for magic, mtype in _MAGIC:
        if content.startswith(magic):
            return mtype
    if content[4:8] == b"ftyp":
        return "video/mp4"
    if content.startswith(b"RIFF") and content[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}[
            content[8:12]
        ]
    head = content[:SNIFF_BYTES]
    if not head or _utf16_without_bom(head):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > 0.05 or head.count(0) > max(2, len(head) // 100):
        return "application/octet-stream"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the NUL bytes sit where UTF-16 ASCII puts them."""
    if len(head) < 8:
        return None
    even = head[0::2]
    odd = head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_share(content: bytes) -> float:
    """Share of the non-ASCII bytes that form valid UTF-8 sequences (0.0 when none)."""
    non_ascii = len(content) - len(content.translate(None, _NON_ASCII))
    if not non_ascii:
        return 0.0
    covered = sum(len(m) for m in _UTF8_SEQ.findall(content))
    return covered / non_ascii


def _looks_western(text: str) -> bool:
    """Plausible Western-European text: accented letters sit inside mostly-ASCII words.

    Cyrillic, Greek or Arabic bytes read as Windows-1252 come out as words made of nothing
    but accented Latin letters ("Ìîñêâà"); real French or Spanish almost never does.
    """
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return True
    alien = sum(1 for w in words if all(ord(ch) > 0x7F for ch in w))
    return alien / len(words) < 0.3


def _guess_legacy(content: bytes) -> str:
    """Codec for bytes that are not UTF-8 and declare nothing trustworthy."""
    if not (_CP1252_UNDEFINED & set(content)) and _looks_western(content.decode("cp1252")):
        return "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(content[: 512 * 1024]).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        best = None
    if best is None or not best.encoding:
        return "cp1252"
    name = normalise_encoding(best.encoding) or "cp1252"
    if name in _WESTERN_CODECS and not (_CP1252_UNDEFINED & set(content)):
        return "cp1252"
    return name


def choose_encoding(content: bytes, content_type: str | None = None) -> str:
    """The codec :func:`decode_html` would use for ``content`` (BOMs aside)."""
    declared = header_charset(content_type) or declared_charset(content)
    if declared is None or declared == "utf-8":
        try:
            content.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        # Declared (or presumed) UTF-8 that is not: mostly-UTF-8 pages keep UTF-8 with a
        # Windows-1252 fallback per bad byte; legacy pages get their real codec.
        if _utf8_share(content) >= 0.5:
            return "utf-8"
        return _guess_legacy(content)
    if declared.startswith(("utf-16", "utf-32")):
        return declared
    # A legacy declaration: valid UTF-8 with non-ASCII sequences means the label is stale.
    if _utf8_share(content) > 0:
        try:
            content.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        content.decode(declared)
        return declared
    except UnicodeDecodeError:
        guessed = _guess_legacy(content)
        return guessed if guessed != "cp1252" or declared in _WESTERN_CODECS else declared


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode a fetched page to text; raises :class:`NotHTML` for clearly binary content."""
    content = bytes(content)
    mtype = media_type(content_type)
    if is_binary_media_type(mtype):
        raise NotHTML(f"not HTML ({mtype})")
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return _clean(content[len(bom) :].decode(codec, errors="replace"))
    sniffed = sniff_binary(content)
    if sniffed:
        raise NotHTML(f"not HTML ({sniffed})")
    utf16 = _utf16_without_bom(content[:SNIFF_BYTES])
    if utf16:
        return _clean(content.decode(utf16, errors="replace"))
    codec = choose_encoding(content, content_type)
    errors = "newssearcher-cp1252" if codec == "utf-8" else "replace"
    return _clean(content.decode(codec, errors=errors))


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)
