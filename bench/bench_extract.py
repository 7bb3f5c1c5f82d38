"""Extraction speed and quality: pages/s of ``extract_article`` on a set of HTML pages.

Two page sets:

* the package's sample corpus (``newssearcher.sample``; gold text and fields in its manifest):
  token F1 of the text and the share of exactly right title / author / published / lang /
  image / canonical URL;
* generated pages (seeded, written here): English and Spanish articles in several layouts
  (semantic, div soup, old table layout, mega menus, long comment threads, big inline JSON
  blobs), charsets (UTF-8, BOM, cp1252 declared as UTF-8, undeclared cp1252), each wrapped in
  paywall, newsletter, breaking-news, related-links and share boxes with marker phrases;
  token F1 against the generated paragraphs and the share of pages where a box leaked.

Speed is reported as pages/s and MB/s on one process, next to plain ``trafilatura.extract``
on the same pages as the reference (ratio printed).

    .venv/bin/python bench/bench_extract.py [--generated 300] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine  # noqa: E402

from newssearcher.extract.article import extract_article  # noqa: E402
from newssearcher.extract.errors import NoArticle  # noqa: E402

BASE = "http://127.0.0.1:8765"

_EN_TEXT = (
    "the council said on monday that its plan for the harbour would cost more than expected "
    "because engineers found weak foundations under the old quay while officials from the "
    "ministry argued that a delay could raise prices again and residents asked for a public "
    "hearing before any contract is signed with the consortium that won the tender last year "
    "after a long dispute over safety reports water levels storms insurance budgets and jobs"
)
_ES_TEXT = (
    "el ayuntamiento dijo el lunes que su plan para el puerto costaría más de lo previsto "
    "porque los ingenieros hallaron cimientos débiles bajo el viejo muelle mientras que los "
    "funcionarios del ministerio sostuvieron que un retraso podría subir otra vez los precios y "
    "los vecinos pidieron una audiencia pública antes de firmar cualquier contrato con el "
    "consorcio que ganó el concurso el año pasado tras una larga disputa sobre informes de "
    "seguridad niveles del agua tormentas seguros presupuestos y empleo"
)
EN_WORDS = _EN_TEXT.split()
ES_WORDS = _ES_TEXT.split()

MARKERS = {
    "paywall": "Zqx paywall marker: you have read all your free articles",
    "newsletter": "Zqx newsletter marker: get the morning briefing in your inbox",
    "breaking": "Zqx breaking marker: volcano erupts on a distant island",
    "related": "Zqx related marker: council delays the harbour vote again",
    "share": "Zqx share marker: share this story with your friends",
}
LAYOUTS = ["semantic", "div-soup", "table", "mega-menu", "comments", "json-blob"]
CHARSETS = ["utf-8", "utf-8-bom", "cp1252-as-utf8", "cp1252-undeclared"]


@dataclass
class Page:
    name: str
    data: bytes
    url: str
    content_type: str
    gold_text: str
    gold: dict[str, str | None] = field(default_factory=dict)
    boxed: bool = False  # carries the MARKERS boxes


def _sentence(rng: random.Random, words: list[str]) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 28)))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, words: list[str], n: int) -> list[str]:
    return [" ".join(_sentence(rng, words) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _boxes(rng: random.Random) -> dict[str, str]:
    return {
        "paywall": f'<div class="paywall-prompt"><p>{MARKERS["paywall"]}.</p></div>',
        "newsletter": f'<div class="newsletter-box"><p>{MARKERS["newsletter"]}.</p>'
        '<form><input type="email"><button>Sign up</button></form></div>',
        "breaking": f'<div class="breaking-news"><strong>Breaking</strong> {MARKERS["breaking"]}</div>',
        "related": f'<aside class="related"><ul><li><a href="/r/{rng.randint(1, 999)}">'
        f"{MARKERS['related']}</a></li></ul></aside>",
        "share": f'<div class="share-tools"><a href="/share">{MARKERS["share"]}</a></div>',
    }


def _generated_page(rng: random.Random, i: int) -> Page:
    lang = "es" if i % 3 == 0 else "en"
    words = ES_WORDS if lang == "es" else EN_WORDS
    layout = LAYOUTS[i % len(LAYOUTS)]
    charset = CHARSETS[(i // len(LAYOUTS)) % len(CHARSETS)]
    title = _sentence(rng, words)[:80].strip().rstrip(".")
    paras = _paragraphs(rng, words, rng.choice([4, 6, 10, 25]))
    boxes = _boxes(rng)
    body = [f"<p>{p}</p>" for p in paras]
    body.insert(1, boxes["newsletter"])
    body.insert(len(body) // 2, boxes["related"])
    body.append(boxes["paywall"])
    body.append(boxes["share"])
    nav = '<nav class="menu"><ul>' + "".join(
        f'<li><a href="/s/{k}">Section {k}</a></li>'
        for k in range(400 if layout == "mega-menu" else 8)
    )
    nav += "</ul></nav>"
    extra = ""
    if layout == "comments":
        extra = '<section id="comments">' + "".join(
            f'<div class="comment"><p>{_sentence(rng, words)}</p></div>' for _ in range(80)
        )
        extra += "</section>"
    script = ""
    if layout == "json-blob":
        blob = {"items": [{"id": k, "text": _sentence(rng, words)} for k in range(1500)]}
        script = f'<script id="__DATA__" type="application/json">{json.dumps(blob)}</script>'
    if layout == "table":
        main = (
            "<table><tr><td>"
            + nav
            + "</td><td>"
            + f"<h1>{title}</h1>"
            + "".join(body)
            + "</td></tr></table>"
        )
    elif layout == "div-soup":
        main = (
            '<div class="wrap"><div class="col-main"><div class="content">'
            + f'<div class="headline">{title}</div>'
            + "".join(f"<div>{b}</div>" for b in body)
            + "</div></div></div>"
        )
    else:
        main = f"<main><article><h1>{title}</h1>{''.join(body)}</article></main>"
    declared = '<meta charset="utf-8">' if charset != "cp1252-undeclared" else ""
    url = f"https://news{i % 7}.example/{lang}/2024/05/{i:04d}-story.html"
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head>{declared}<title>{title} | News {i % 7}'
        f'</title><meta property="article:published_time" content="2024-05-{1 + i % 28:02d}'
        'T10:00:00+00:00">'
        f'<link rel="canonical" href="{url}?utm_source=bench">{script}</head><body>'
        f"{boxes['breaking']}"
        f"{nav if layout != 'table' else ''}{main}{extra}<footer><p>Contact. Privacy.</p>"
        "</footer></body></html>"
    )
    if charset == "utf-8":
        data = html.encode("utf-8")
    elif charset == "utf-8-bom":
        data = b"\xef\xbb\xbf" + html.encode("utf-8")
    else:
        data = html.encode("cp1252", errors="replace")
    return Page(
        name=f"gen-{i:04d}-{layout}-{charset}-{lang}",
        data=data,
        url=url,
        content_type="text/html; charset=utf-8" if charset == "cp1252-as-utf8" else "text/html",
        gold_text="\n".join(paras),
        gold={"lang": lang, "canonical_url": url, "title": title},
        boxed=True,
    )


def generated_pages(n: int, seed: int = 20241) -> list[Page]:
    rng = random.Random(seed)
    return [_generated_page(rng, i) for i in range(n)]


def corpus_pages() -> list[Page]:
    """The sample corpus articles, with their gold fields; empty when the corpus is absent."""
    try:
        from newssearcher.sample.corpus import load_manifest, read_file, substitute
    except ImportError:
        return []
    manifest = load_manifest()
    outlets = {o["key"]: o for o in manifest["outlets"]}
    pages = []
    for art in manifest["articles"]:
        outlet = outlets[art["outlet"]]
        pages.append(
            Page(
                name=art["id"],
                data=substitute(read_file(art["file"]), BASE),
                url=BASE + art["path"],
                content_type=f"text/html; charset={outlet.get('encoding', 'utf-8')}",
                gold_text=art["text"],
                gold={
                    "title": art["title"],
                    "author": art["author"],
                    "published": art["published"],
                    "lang": art["lang"],
                    "image": BASE + art["image"],
                    "canonical_url": BASE + art["canonical"],
                },
            )
        )
    return pages


_TOKEN = re.compile(r"\w+")


def token_f1(found: str, gold: str) -> float:
    a = Counter(_TOKEN.findall(found.lower()))
    b = Counter(_TOKEN.findall(gold.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def quality(pages: list[Page]) -> dict[str, float | int]:
    f1s: list[float] = []
    fields: Counter[str] = Counter()
    fields_total: Counter[str] = Counter()
    no_article = leaks = 0
    for page in pages:
        try:
            found = extract_article(page.data, url=page.url, content_type=page.content_type)
        except NoArticle:
            no_article += 1
            f1s.append(0.0)
            continue
        f1s.append(token_f1(found.text, page.gold_text))
        if page.boxed and any(marker in found.text for marker in MARKERS.values()):
            leaks += 1
        values = {
            "title": found.title,
            "author": found.author,
            "published": found.published.isoformat() if found.published else None,
            "lang": found.lang,
            "image": found.image,
            "canonical_url": found.canonical_url,
        }
        for key, gold in page.gold.items():
            fields_total[key] += 1
            fields[key] += values[key] == gold
    import trafilatura

    ref_f1s: list[float] = []
    ref_leaks = 0
    for page in pages:
        ref = trafilatura.extract(page.data, url=page.url) or ""
        ref_f1s.append(token_f1(ref, page.gold_text))
        ref_leaks += page.boxed and any(marker in ref for marker in MARKERS.values())
    out: dict[str, float | int] = {
        "pages": len(pages),
        "token_f1_mean": round(statistics.fmean(f1s), 4) if f1s else 0.0,
        "token_f1_min": round(min(f1s), 4) if f1s else 0.0,
        "no_article": no_article,
        "trafilatura_alone_token_f1_mean": round(statistics.fmean(ref_f1s), 4) if ref_f1s else 0.0,
    }
    if any(page.boxed for page in pages):
        out["box_leaks"] = leaks
        out["trafilatura_alone_box_leaks"] = ref_leaks
    for key, total in fields_total.items():
        out[f"{key}_exact"] = round(fields[key] / total, 4)
    return out


def speed(pages: list[Page], repeat: int) -> dict[str, float]:
    import trafilatura

    total_bytes = sum(len(p.data) for p in pages)
    ours: list[float] = []
    ref: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            with contextlib.suppress(NoArticle):
                extract_article(page.data, url=page.url, content_type=page.content_type)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for page in pages:
            trafilatura.extract(page.data, url=page.url)
        ref.append(time.perf_counter() - start)
    best, best_ref = min(ours), min(ref)
    return {
        "pages": len(pages),
        "mb": round(total_bytes / 2**20, 2),
        "pages_per_s": round(len(pages) / best, 1),
        "mb_per_s": round(total_bytes / 2**20 / best, 2),
        "trafilatura_extract_pages_per_s": round(len(pages) / best_ref, 1),
        "ratio_vs_trafilatura": round(best_ref / best, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=300, help="generated pages (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    # Load the models once outside the timings.
    extract_article(generated_pages(1)[0].data)
    sets = {"sample_corpus": corpus_pages(), "generated": generated_pages(args.generated)}
    report: dict[str, object] = {"machine": machine(), "single_process": True}
    for name, pages in sets.items():
        if not pages:
            print(f"{name}: no pages (sample corpus not installed?)", file=sys.stderr)
            continue
        report[name] = {"speed": speed(pages, args.repeat), "quality": quality(pages)}
    everything = [p for pages in sets.values() for p in pages]
    report["all"] = {"speed": speed(everything, args.repeat)}

    print(f"machine: {report['machine']}")
    for name in (*sets, "all"):
        if name not in report:
            continue
        entry = report[name]
        s = entry["speed"]  # type: ignore[index]
        print(
            f"{name:14s} {s['pages']:4d} pages {s['mb']:7.2f} MB  "
            f"{s['pages_per_s']:6.1f} pages/s  {s['mb_per_s']:5.2f} MB/s  "
            f"(trafilatura.extract alone: {s['trafilatura_extract_pages_per_s']} pages/s, "
            f"ours = {1 / s['ratio_vs_trafilatura']:.2f}x its time)"
        )
        if "quality" in entry:  # type: ignore[operator]
            print(f"{'':14s} quality: {json.dumps(entry['quality'])}")  # type: ignore[index]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
