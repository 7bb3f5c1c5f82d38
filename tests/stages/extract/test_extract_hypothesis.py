"""Property tests: no input makes decode_html or extract_article fail in an unplanned way."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newssearcher.extract.article import extract_article
from newssearcher.extract.charset import decode_html
from newssearcher.extract.errors import NoArticle, NotHTML
from newssearcher.records import Extracted

# EXTRACT_HYPOTHESIS_EXAMPLES=5000 for a longer hunt.
EXAMPLES = int(os.environ.get("EXTRACT_HYPOTHESIS_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=shift_jis",
            "text/html; charset=nonsense",
            "application/octet-stream",
            "image/png",
            "",
            ";;charset=",
        ]
    ),
    st.text(max_size=40),
)

# Fragments that look like HTML, glued with arbitrary bytes: reaches deeper than pure noise.
FRAGMENTS = st.sampled_from(
    [
        b"<html>",
        b"<head>",
        b'<meta charset="utf-8">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
        b"<?xml version='1.0' encoding='utf-16'?>",
        b"<body>",
        b"<p>",
        b"</p>",
        b"<article>",
        b'<div class="paywall">',
        b"</div>",
        b'<link rel="canonical" href="http://[::1">',
        b'<meta property="og:image" content="javascript:alert(1)">',
        b'<script type="application/ld+json">{"image": [[[',
        b"<time datetime='9999-99-99'>",
        b"The harbour barrier vote passed after a long debate in the council chamber. ",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x00",
        b"\xe9\xe8\x93\x94",
        b"<!--",
        b"<![CDATA[",
    ]
)
HTMLISH = st.lists(st.one_of(FRAGMENTS, st.binary(max_size=30)), max_size=40).map(b"".join)


def _check_decode(data: bytes, content_type: str | None) -> None:
    try:
        out = decode_html(data, content_type)
    except NotHTML as exc:
        assert exc.reason.startswith("not HTML (")
    else:
        assert isinstance(out, str)
        assert "\x00" not in out


def _check_extract(data: bytes | str, content_type: str | None, url: str | None) -> None:
    try:
        out = extract_article(data, url=url, content_type=content_type)
    except NoArticle as exc:
        assert exc.reason
    else:
        assert isinstance(out, Extracted)
        assert out.text.strip()


@FAST
@given(data=st.binary(max_size=4096), content_type=CONTENT_TYPES)
def test_decode_html_arbitrary_bytes(data: bytes, content_type: str | None) -> None:
    _check_decode(data, content_type)


@FAST
@given(data=HTMLISH, content_type=CONTENT_TYPES)
def test_decode_html_htmlish_bytes(data: bytes, content_type: str | None) -> None:
    _check_decode(data, content_type)


@FAST
@given(
    data=st.one_of(st.binary(max_size=4096), HTMLISH),
    content_type=CONTENT_TYPES,
    url=st.one_of(st.none(), st.text(max_size=30), st.just("https://news.example/a/b?c=1")),
)
def test_extract_article_arbitrary_bytes(
    data: bytes, content_type: str | None, url: str | None
) -> None:
    _check_extract(data, content_type, url)


@FAST
@given(data=st.text(max_size=2000))
def test_extract_article_arbitrary_text(data: str) -> None:
    _check_extract(data, None, None)
