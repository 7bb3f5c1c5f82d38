"""decode_html: declared, missing, wrong and lying charsets; BOMs; binary junk."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from newssearcher.extract.charset import choose_encoding, decode_html, sniff_binary
from newssearcher.extract.errors import NoArticle, NotHTML

WESTERN = (
    "El niño comió una piña en el café de la esquina. «Qué día», dijo Begoña — "
    "and the naïve résumé cost €5, “quoted” ‘twice’."
)
CYRILLIC = "Москва сегодня объявила новые меры по поддержке экономики страны. " * 4
GREEK = "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας. " * 4


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"
    )


def roundtrip(tmp_path: Path, data: bytes, content_type: str | None = None) -> str:
    """Write the bytes to a real file, read them back and decode them."""
    path = tmp_path / "page.html"
    path.write_bytes(data)
    return decode_html(path.read_bytes(), content_type)


def test_utf8_declared_in_meta(tmp_path: Path) -> None:
    html = page(WESTERN, '<meta charset="utf-8">')
    assert roundtrip(tmp_path, html.encode("utf-8")) == html


def test_charset_from_http_header(tmp_path: Path) -> None:
    html = page(CYRILLIC)
    out = roundtrip(tmp_path, html.encode("koi8-r"), "text/html; charset=KOI8-R")
    assert CYRILLIC in out


def test_header_beats_meta(tmp_path: Path) -> None:
    html = page(CYRILLIC, '<meta charset="iso-8859-5">')
    out = roundtrip(tmp_path, html.encode("cp1251"), 'text/html; charset="windows-1251"')
    assert CYRILLIC in out


@pytest.mark.parametrize("where", ["header", "meta", "http-equiv"])
def test_declared_utf8_really_cp1252(tmp_path: Path, where: str) -> None:
    head = {
        "header": "",
        "meta": '<meta charset="UTF-8">',
        "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    }[where]
    content_type = "text/html; charset=utf-8" if where == "header" else "text/html"
    html = page(WESTERN, head)
    out = roundtrip(tmp_path, html.encode("cp1252"), content_type)
    assert WESTERN in out
    assert "\ufffd" not in out


def test_declared_latin1_really_utf8(tmp_path: Path) -> None:
    html = page(WESTERN, '<meta charset="iso-8859-1">')
    out = roundtrip(tmp_path, html.encode("utf-8"))
    assert WESTERN in out
    assert "Ã" not in out  # no mojibake


def test_latin1_label_means_windows_1252(tmp_path: Path) -> None:
    # Curly quotes and the euro sign only exist in cp1252; browsers read "latin-1" as cp1252.
    html = page("“Quoted” price: €5, naïve", '<meta charset="ISO-8859-1">')
    out = roundtrip(tmp_path, html.encode("cp1252"))
    assert "“Quoted” price: €5, naïve" in out


@pytest.mark.parametrize("text, codec", [(WESTERN, "cp1252"), (CYRILLIC, "cp1251")])
def test_missing_charset_detected(tmp_path: Path, text: str, codec: str) -> None:
    out = roundtrip(tmp_path, page(text).encode(codec), "text/html")
    assert text in out


def test_missing_charset_greek_detected(tmp_path: Path) -> None:
    out = roundtrip(tmp_path, page(GREEK).encode("iso-8859-7"))
    assert GREEK in out


def test_unknown_charset_label_ignored(tmp_path: Path) -> None:
    html = page(WESTERN, '<meta charset="x-no-such-charset">')
    assert WESTERN in roundtrip(tmp_path, html.encode("utf-8"), "text/html; charset=bogus")


def test_declared_shift_jis(tmp_path: Path) -> None:
    text = "日本語のテキストです。港に新しい防潮堤が建設されます。"
    html = page(text, '<meta charset="shift_jis">')
    assert text in roundtrip(tmp_path, html.encode("shift_jis"))


def test_utf8_page_with_a_stray_cp1252_byte(tmp_path: Path) -> None:
    data = page("café — naïve and a stray caf\x00").encode("utf-8").replace(b"\x00", b"\xe9")
    out = roundtrip(tmp_path, data, "text/html; charset=utf-8")
    assert "café — naïve and a stray café" in out


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_wins_over_wrong_declarations(tmp_path: Path, bom: bytes, codec: str) -> None:
    html = page(WESTERN, '<meta charset="windows-1251">')
    out = roundtrip(tmp_path, bom + html.encode(codec), "text/html; charset=iso-8859-2")
    assert out == html
    assert not out.startswith("\ufeff")


def test_utf16_without_bom(tmp_path: Path) -> None:
    html = page(WESTERN)
    assert roundtrip(tmp_path, html.encode("utf-16-le")) == html


def test_meta_utf16_on_ascii_bytes_read_as_utf8(tmp_path: Path) -> None:
    html = page(WESTERN, '<meta charset="utf-16">')
    assert WESTERN in roundtrip(tmp_path, html.encode("utf-8"))


def test_control_characters_removed(tmp_path: Path) -> None:
    out = roundtrip(tmp_path, b"<html><body><p>a\x01b\x7fc\td</p></body></html>")
    assert "<p>abc\td</p>" in out


def test_empty_input_is_empty_text() -> None:
    assert decode_html(b"") == ""


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"PK\x03\x04\x14\x00\x00\x00", "application/zip"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "application/gzip"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    ],
)
def test_binary_formats_are_not_html(tmp_path: Path, data: bytes, kind: str) -> None:
    with pytest.raises(NotHTML, match=kind):
        roundtrip(tmp_path, data)


def test_binary_content_type_is_not_html() -> None:
    with pytest.raises(NotHTML, match=r"not HTML \(image/png\)"):
        decode_html(page("hello").encode(), "image/png; q=1")
    with pytest.raises(NotHTML, match="application/pdf"):
        decode_html(b"anything", "application/pdf")


def test_octet_stream_html_is_sniffed_not_refused() -> None:
    assert "hello" in decode_html(page("hello").encode(), "application/octet-stream")


def test_random_bytes_never_raise_anything_but_not_html(tmp_path: Path) -> None:
    rng = __import__("random").Random(7)
    for i in range(50):
        data = rng.randbytes(rng.randint(1, 5000))
        path = tmp_path / f"junk{i}.bin"
        path.write_bytes(data)
        try:
            out = decode_html(path.read_bytes())
        except NotHTML as exc:
            assert exc.reason.startswith("not HTML (")
        else:
            assert isinstance(out, str)


def test_not_html_is_a_no_article() -> None:
    assert issubclass(NotHTML, NoArticle)
    assert sniff_binary(b"<html><body>fine</body></html>") is None
    assert sniff_binary(os.urandom(0)) is None


def test_choose_encoding_reports_the_codec() -> None:
    assert choose_encoding(page(WESTERN).encode("utf-8")) == "utf-8"
    assert choose_encoding(page(WESTERN).encode("cp1252"), "text/html; charset=utf-8") == "cp1252"
    assert choose_encoding(page(CYRILLIC).encode("cp1251")) == "cp1251"


def test_legacy_page_declared_utf8_with_accidental_utf8_pairs(tmp_path: Path) -> None:
    # "Пётр" in cp1251 is CF B8 F2 F0, and CF B8 happens to be a valid UTF-8 pair.
    text = "Пётр Иванов сказал, что городской совет поддержал строительство барьера. " * 3
    html = page(text, '<meta charset="utf-8">')
    out = roundtrip(tmp_path, html.encode("cp1251"))
    assert text in out
