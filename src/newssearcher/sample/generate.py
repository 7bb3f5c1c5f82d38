"""Build the shipped sample corpus (feeds, HTML pages, manifest) from ``source/*.toml``.

The article texts live in ``source/articles/*.toml``; this script only lays them out as
ten fictional news sites. Exact duplicates and near-duplicates are derived here from the
article they copy, so the gold relationships in ``manifest.json`` hold by construction.

Run ``python -m newssearcher.sample.generate`` after editing a source file; the output
under ``corpus/`` is shipped with the package and checked by the tests to be up to date.
Absolute URLs are written with the ``{{BASE}}`` placeholder, replaced at serve time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR / "source"
CORPUS_DIR = PACKAGE_DIR / "corpus"
BASE = "{{BASE}}"
MEDIA_PREFIX = "static/media"
MANIFEST_VERSION = 1
RELATIONS = ("original", "duplicate_of", "near_duplicate_of", "rewrite_of", "translation_of")
MIN_WORDS, MAX_WORDS = 120, 300
CORPUS_EPOCH = datetime(2025, 11, 1, tzinfo=UTC)

FEED_CONTENT_TYPES = {
    "rss2": "application/rss+xml",
    "rss091": "application/rss+xml",
    "rss1": "application/rdf+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
    "news-sitemap": "application/xml",
}

MONTHS = {
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "es": [
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ],
}  # fmt: skip

WORDS = {
    "en": {
        "home": "Home",
        "breaking": "Breaking news",
        "related": "Related coverage",
        "more": "More from",
        "by": "By",
        "updated": "Published",
        "newsletter": "Get the morning briefing: the five stories you need, every weekday at 7am.",
        "newsletter_button": "Sign up",
        "email": "Your email address",
        "paywall": "You have read 3 of your 5 free articles this month. "
        "Subscribe for unlimited access for less than a coffee a week.",
        "paywall_button": "Subscribe now",
        "rights": "All rights reserved.",
        "about": "About us",
        "contact": "Contact",
        "privacy": "Privacy policy",
        "original": "This article was originally published by",
        "sources": "View original sources",
        "comments": "Comments",
        "comment_prompt": "Join the discussion. Comments are moderated.",
        "comment_button": "Post comment",
        "illustration": "Illustration",
        "latest": "Latest stories",
        "share": "Share this article",
        "feed": "Subscribe to our feed",
    },
    "es": {
        "home": "Portada",
        "breaking": "Última hora",
        "related": "Noticias relacionadas",
        "more": "Más de",
        "by": "Por",
        "updated": "Publicado",
        "newsletter": "Recibe el boletín de la mañana: las cinco noticias del día, "
        "de lunes a viernes a las 7.",
        "newsletter_button": "Suscribirme",
        "email": "Tu correo electrónico",
        "paywall": "Has leído 3 de tus 5 artículos gratuitos de este mes. "
        "Suscríbete para tener acceso ilimitado.",
        "paywall_button": "Suscríbete ahora",
        "rights": "Todos los derechos reservados.",
        "about": "Quiénes somos",
        "contact": "Contacto",
        "privacy": "Política de privacidad",
        "original": "Este artículo se publicó originalmente en",
        "sources": "Ver fuentes originales",
        "comments": "Comentarios",
        "comment_prompt": "Participa en la conversación. Los comentarios se moderan.",
        "comment_button": "Publicar comentario",
        "illustration": "Ilustración",
        "latest": "Últimas noticias",
        "share": "Comparte este artículo",
        "feed": "Suscríbete a nuestro canal",
    },
}


class SourceError(ValueError):
    """A source file is inconsistent; the message names the file and the article."""


@dataclass(slots=True)
class Outlet:
    key: str
    name: str
    domain: str
    lang: str
    feed_kind: str
    feed_path: str
    path_pattern: str
    tagline: str
    sections: list[str]
    layout: str
    encoding: str = "utf-8"

    @property
    def home(self) -> str:
        return f"/{self.key}/"

    @property
    def feed_url_path(self) -> str:
        return f"/{self.key}/{self.feed_path}"


@dataclass(slots=True)
class Story:
    key: str
    title: str
    title_es: str
    topics: list[str]
    image_label: str
    claims: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    id: str
    outlet: Outlet
    story: str
    section: str
    published: datetime
    author: str
    relation: str
    of: str | None
    title: str
    dek: str
    paragraphs: list[str]
    source_file: str
    kind: str = "report"
    canonical_to_original: bool = False
    path: str = ""

    @property
    def lang(self) -> str:
        return self.outlet.lang

    @property
    def url(self) -> str:
        return BASE + self.path

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------- loading


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path.name}: invalid TOML ({exc})") from exc


def slugify(text: str, max_words: int = 9) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return "-".join(words[:max_words])


def _paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def load_sources(
    source_dir: Path = SOURCE_DIR,
) -> tuple[list[Outlet], list[Story], list[dict[str, Any]], list[Article]]:
    """Read outlets, stories, entities and articles; resolve copies; check consistency."""
    outlets = [Outlet(**o) for o in _read_toml(source_dir / "outlets.toml")["outlet"]]
    by_outlet = {o.key: o for o in outlets}
    meta = _read_toml(source_dir / "stories.toml")
    stories = [Story(**s) for s in meta["story"]]
    story_keys = {s.key for s in stories}
    entities = list(meta.get("entity", []))

    raw: dict[str, tuple[dict[str, Any], str, str]] = {}
    for path in sorted((source_dir / "articles").glob("*.toml")):
        story = path.stem
        if story not in story_keys:
            raise SourceError(f"{path.name}: no story {story!r} in stories.toml")
        for item in _read_toml(path).get("article", []):
            aid = item.get("id")
            if not aid:
                raise SourceError(f"{path.name}: an article has no id")
            if aid in raw:
                raise SourceError(f"{path.name}: duplicate article id {aid!r}")
            raw[aid] = (item, story, path.name)

    resolved: dict[str, Article] = {}

    def resolve(aid: str, chain: tuple[str, ...] = ()) -> Article:
        if aid in resolved:
            return resolved[aid]
        if aid in chain:
            raise SourceError(f"article {aid!r}: circular 'of' chain {' -> '.join(chain)}")
        item, story, fname = raw[aid]
        where = f"{fname}: article {aid!r}"
        relation = item.get("relation", "original")
        if relation not in RELATIONS:
            raise SourceError(f"{where}: unknown relation {relation!r}")
        of = item.get("of")
        if relation != "original" and of not in raw:
            raise SourceError(f"{where}: 'of' must name an existing article, got {of!r}")
        outlet = by_outlet.get(item.get("outlet", ""))
        if outlet is None:
            raise SourceError(f"{where}: unknown outlet {item.get('outlet')!r}")
        if relation in ("duplicate_of", "near_duplicate_of"):
            base = resolve(of, (*chain, aid))
            title = item.get("title", base.title)
            dek = item.get("dek", base.dek)
            text = base.text
            for old, new in item.get("edits", []):
                if old not in text:
                    raise SourceError(f"{where}: edit target {old!r} not in the copied text")
                text = text.replace(old, new, 1)
            paragraphs = _paragraphs(text)
            if item.get("append"):
                paragraphs.append(item["append"])
            if relation == "duplicate_of" and ("edits" in item or "append" in item):
                raise SourceError(f"{where}: an exact duplicate cannot have edits")
        else:
            try:
                title, dek, paragraphs = item["title"], item["dek"], _paragraphs(item["body"])
            except KeyError as exc:
                raise SourceError(f"{where}: missing {exc.args[0]!r}") from exc
        published = datetime.fromisoformat(item["published"])
        if published.tzinfo is None:
            raise SourceError(f"{where}: 'published' needs a UTC offset")
        article = Article(
            id=aid,
            outlet=outlet,
            story=story,
            section=item.get("section", outlet.sections[0]),
            published=published,
            author=item["author"],
            relation=relation,
            of=of if relation != "original" else None,
            title=title,
            dek=dek,
            paragraphs=paragraphs,
            source_file=fname,
            kind=item.get("kind", "report"),
            canonical_to_original=bool(item.get("canonical_to_original", False)),
        )
        words = len(article.text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            raise SourceError(f"{where}: {words} words, expected {MIN_WORDS}-{MAX_WORDS}")
        resolved[aid] = article
        return article

    articles = [resolve(aid) for aid in raw]
    used: set[str] = set()
    for a in articles:
        d = a.published
        a.path = f"/{a.outlet.key}/" + a.outlet.path_pattern.format(
            section=slugify(a.section),
            slug=slugify(a.title),
            y=f"{d.year:04d}",
            m=f"{d.month:02d}",
            d=f"{d.day:02d}",
        )
        if a.path in used:
            raise SourceError(f"{a.source_file}: article {a.id!r}: URL path {a.path} is taken")
        used.add(a.path)
        if a.of is not None and resolved[a.of].published >= a.published:
            raise SourceError(f"{a.source_file}: article {a.id!r} is older than {a.of!r}")
    articles.sort(key=lambda a: (a.published, a.id))
    return outlets, stories, entities, articles


# --------------------------------------------------------------------------- HTML


def _date_text(d: datetime, lang: str) -> str:
    month = MONTHS[lang][d.month - 1]
    if lang == "es":
        return f"{d.day} de {month} de {d.year}, {d:%H:%M}"
    return f"{d.day} {month} {d.year}, {d:%H:%M} GMT"


def _image_url(story: str) -> str:
    return f"{BASE}/{MEDIA_PREFIX}/{story}.svg"


def _nav(outlet: Outlet) -> str:
    items = "".join(
        f'<li><a href="/{outlet.key}/#{slugify(s)}">{escape(s)}</a></li>' for s in outlet.sections
    )
    home = WORDS[outlet.lang]["home"]
    return f'<nav class="main-nav" aria-label="Sections"><ul><li><a href="/{outlet.key}/">{home}</a></li>{items}</ul></nav>'  # noqa: E501


def _header(outlet: Outlet) -> str:
    return (
        f'<header class="site-header">\n'
        f'  <div class="masthead"><a class="logo" href="/{outlet.key}/">{escape(outlet.name)}</a>'
        f' <span class="tagline">{escape(outlet.tagline)}</span></div>\n'
        f"  {_nav(outlet)}\n"
        f'  <form class="search" action="/{outlet.key}/search" method="get">'
        f'<input type="search" name="q" aria-label="Search"></form>\n'
        f"</header>"
    )


def _footer(outlet: Outlet) -> str:
    w = WORDS[outlet.lang]
    return (
        f'<footer class="site-footer">\n'
        f'  <ul class="footer-links"><li><a href="/{outlet.key}/about">{w["about"]}</a></li>'
        f'<li><a href="/{outlet.key}/contact">{w["contact"]}</a></li>'
        f'<li><a href="/{outlet.key}/privacy">{w["privacy"]}</a></li></ul>\n'
        f"  <p>&#169; 2025 {escape(outlet.name)} &#183; {escape(outlet.domain)}. {w['rights']}</p>\n"
        f"</footer>"
    )


def _breaking(article: Article, outlet_articles: list[Article]) -> str:
    w = WORDS[article.lang]
    others = [a for a in reversed(outlet_articles) if a.story != article.story][:3]
    if not others:
        return ""
    items = "".join(f'<li><a href="{a.url}">{escape(a.title)}</a></li>' for a in others)
    return (
        f'<aside class="breaking-news" role="complementary" aria-label="{w["breaking"]}">'
        f'<strong class="label">{w["breaking"]}</strong><ul>{items}</ul></aside>'
    )


def _related(article: Article, outlet_articles: list[Article]) -> str:
    w = WORDS[article.lang]
    same = [a for a in outlet_articles if a.story == article.story and a.id != article.id]
    rest = [a for a in reversed(outlet_articles) if a.story != article.story]
    picks = (same + rest)[:4]
    if not picks:
        return ""
    items = "".join(f'<li><a href="{a.url}">{escape(a.title)}</a></li>' for a in picks)
    return f'<aside class="related-links"><h2>{w["related"]}</h2><ul>{items}</ul></aside>'


def _newsletter(lang: str) -> str:
    w = WORDS[lang]
    return (
        f'<div class="newsletter-signup"><p>{w["newsletter"]}</p>'
        f'<form action="/newsletter" method="post"><input type="email" name="email" '
        f'placeholder="{w["email"]}"><button type="submit">{w["newsletter_button"]}</button>'
        f"</form></div>"
    )


def _paywall(lang: str) -> str:
    w = WORDS[lang]
    return (
        f'<div class="paywall-prompt" data-paywall="soft"><p>{w["paywall"]}</p>'
        f'<a class="button" href="/subscribe">{w["paywall_button"]}</a></div>'
    )


def _comments(lang: str) -> str:
    w = WORDS[lang]
    return (
        f'<section class="comments" id="comments"><h2>{w["comments"]} (0)</h2>'
        f'<p>{w["comment_prompt"]}</p><form method="post" action="/comments">'
        f'<textarea name="body" rows="4"></textarea>'
        f'<button type="submit">{w["comment_button"]}</button></form></section>'
    )


def _provenance(article: Article, by_id: dict[str, Article], story_articles: list[Article]) -> str:
    w = WORDS[article.lang]
    if article.kind == "synthesis":
        earlier = [
            a
            for a in story_articles
            if a.published < article.published and a.outlet.key != article.outlet.key
        ]
        items = "".join(
            f'<li><a href="{a.url}">{escape(a.outlet.name)}: {escape(a.title)}</a></li>'
            for a in earlier
        )
        return (
            f'<section class="original-sources"><h2>{w["sources"]}</h2><ul>{items}</ul></section>'
        )
    if article.relation in ("duplicate_of", "near_duplicate_of") and article.of:
        src = by_id[article.of]
        return (
            f'<p class="syndication-note">{w["original"]} '
            f'<a href="{src.url}">{escape(src.outlet.name)}</a>.</p>'
        )
    return ""


def _json_ld(article: Article, canonical: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "datePublished": article.published.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.outlet.name},
        "image": _image_url(article.story),
        "inLanguage": article.lang,
        "mainEntityOfPage": canonical,
    }
    text = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def render_article(
    article: Article,
    by_id: dict[str, Article],
    outlet_articles: list[Article],
    story_articles: list[Article],
    stories: dict[str, Story],
) -> str:
    outlet = article.outlet
    w = WORDS[article.lang]
    canonical = (
        by_id[article.of].url if article.canonical_to_original and article.of else article.url
    )
    image = _image_url(article.story)
    label = stories[article.story].image_label
    feed_link = ""
    if outlet.feed_kind != "news-sitemap":
        ctype = FEED_CONTENT_TYPES[outlet.feed_kind]
        feed_link = (
            f'<link rel="alternate" type="{ctype}" title="{escape(outlet.name)}" '
            f'href="{BASE}{outlet.feed_url_path}">\n'
        )
    title_sep = " - " if outlet.layout == "wire" else " | "
    head = (
        f'<meta charset="{outlet.encoding}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(article.title)}{title_sep}{escape(outlet.name)}</title>\n"
        f'<meta name="description" content="{escape(article.dek)}">\n'
        f'<meta name="author" content="{escape(article.author)}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f"{feed_link}"
        f'<meta property="og:type" content="article">\n'
        f'<meta property="og:site_name" content="{escape(outlet.name)}">\n'
        f'<meta property="og:title" content="{escape(article.title)}">\n'
        f'<meta property="og:description" content="{escape(article.dek)}">\n'
        f'<meta property="og:url" content="{canonical}">\n'
        f'<meta property="og:image" content="{image}">\n'
        f'<meta property="og:locale" content="{"es_ES" if article.lang == "es" else "en_GB"}">\n'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">\n'
        f'<meta property="article:section" content="{escape(article.section)}">\n'
        f'<link rel="stylesheet" href="/{outlet.key}/static/site.css">\n'
    )
    if outlet.layout in ("classic", "magazine"):
        head += _json_ld(article, canonical) + "\n"

    paragraphs = [f"<p>{escape(p, quote=False)}</p>" for p in article.paragraphs]
    # Boxes inside the article body that an extractor must leave out.
    if outlet.layout == "classic":
        paragraphs.insert(min(2, len(paragraphs)), _newsletter(article.lang))
    elif outlet.layout == "magazine":
        paragraphs.insert(min(3, len(paragraphs)), _paywall(article.lang))
    elif outlet.layout == "aggregator":
        paragraphs.insert(min(2, len(paragraphs)), _paywall(article.lang))
    body_html = "\n".join(paragraphs)

    byline = (
        f'<div class="byline">{w["by"]} <a rel="author" class="author" '
        f'href="/{outlet.key}/authors/{slugify(article.author)}">{escape(article.author)}</a>'
        f' &#183; <time datetime="{article.published.isoformat()}" class="published">'
        f"{_date_text(article.published, article.lang)}</time></div>"
    )
    figure = (
        f'<figure class="lead-image"><img src="{image}" alt="{escape(label)}" width="1200" '
        f'height="630"><figcaption>{w["illustration"]}: {escape(label)}.</figcaption></figure>'
    )
    breaking = _breaking(article, outlet_articles)
    related = _related(article, outlet_articles)
    provenance = _provenance(article, by_id, story_articles)
    extra = _comments(article.lang) if outlet.layout == "aggregator" else ""
    share = (
        f'<div class="share-tools" aria-label="{w["share"]}">'
        f'<a href="/{outlet.key}/share?u={slugify(article.title)}">{w["share"]}</a></div>'
    )

    if outlet.layout == "magazine":
        main = (
            f'<div class="layout">\n<main id="content">\n<article class="story">\n'
            f'<p class="kicker">{escape(article.section)}</p>\n<h1 class="headline">'
            f'{escape(article.title)}</h1>\n<p class="standfirst">{escape(article.dek)}</p>\n'
            f'{byline}\n{figure}\n<div class="story-body">\n{body_html}\n</div>\n{share}\n'
            f'</article>\n</main>\n<div class="sidebar">\n{breaking}\n{related}\n</div>\n</div>'
        )
    else:
        main = (
            f'{breaking}\n<main id="content">\n<article>\n<h1>{escape(article.title)}</h1>\n'
            f'<p class="dek">{escape(article.dek)}</p>\n{byline}\n{figure}\n'
            f'<div class="article-body">\n{body_html}\n</div>\n{provenance}\n{share}\n'
            f"{related}\n</article>\n{extra}\n</main>"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{article.lang}">\n<head>\n{head}</head>\n'
        f'<body class="layout-{outlet.layout}">\n{_header(outlet)}\n{main}\n{_footer(outlet)}\n'
        f"</body>\n</html>\n"
    )


def render_outlet_home(outlet: Outlet, articles: list[Article]) -> str:
    w = WORDS[outlet.lang]
    items = "\n".join(
        f'<li><a href="{a.url}">{escape(a.title)}</a> '
        f'<time datetime="{a.published.isoformat()}">{_date_text(a.published, a.lang)}</time></li>'
        for a in reversed(articles)
    )
    feed = ""
    if outlet.feed_kind != "news-sitemap":
        ctype = FEED_CONTENT_TYPES[outlet.feed_kind]
        feed = (
            f'<link rel="alternate" type="{ctype}" title="{escape(outlet.name)}" '
            f'href="{BASE}{outlet.feed_url_path}">\n'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{outlet.lang}">\n<head>\n<meta charset="{outlet.encoding}">\n'
        f"<title>{escape(outlet.name)}: {escape(outlet.tagline)}</title>\n{feed}"
        f'<meta property="og:site_name" content="{escape(outlet.name)}">\n</head>\n'
        f'<body>\n{_header(outlet)}\n<main>\n<h1>{w["latest"]}</h1>\n<ul class="headlines">\n'
        f"{items}\n</ul>\n</main>\n{_footer(outlet)}\n</body>\n</html>\n"
    )


def render_root(outlets: list[Outlet]) -> str:
    rows = "\n".join(
        f'<li><a href="/{o.key}/">{escape(o.name)}</a> ({o.lang}, {escape(o.domain)}): '
        f'<a href="{BASE}{o.feed_url_path}">{o.feed_kind}</a></li>'
        for o in outlets
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>NewsSearcher sample outlets</title>\n</head>\n<body>\n"
        "<h1>NewsSearcher sample outlets</h1>\n<p>Fictional news sites written for the "
        "NewsSearcher demo and tests. Every name and event here is invented.</p>\n"
        f"<ul>\n{rows}\n</ul>\n</body>\n</html>\n"
    )


def render_svg(story: Story) -> str:
    digest = hashlib.sha1(story.key.encode()).hexdigest()
    color = f"#{digest[:6]}"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">'
        f'<rect width="1200" height="630" fill="{color}"/>'
        '<text x="600" y="330" font-family="sans-serif" font-size="64" fill="#ffffff" '
        f'text-anchor="middle">{escape(story.image_label)}</text></svg>\n'
    )


# --------------------------------------------------------------------------- feeds


def _x(text: str) -> str:
    return escape(text, quote=False)


def _rfc822(d: datetime) -> str:
    return format_datetime(d)


def _latest(articles: list[Article]) -> datetime:
    """Newest publication time (a fixed start date for an outlet with nothing visible yet)."""
    return max((a.published for a in articles), default=CORPUS_EPOCH)


def render_rss2(outlet: Outlet, articles: list[Article]) -> str:
    full_text = outlet.key == "el-faro"
    items = []
    for a in reversed(articles):
        content = ""
        if full_text:
            html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in a.paragraphs)
            content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
        items.append(
            f"<item><title>{_x(a.title)}</title><link>{a.url}</link>"
            f'<guid isPermaLink="true">{a.url}</guid><pubDate>{_rfc822(a.published)}</pubDate>'
            f"<dc:creator>{_x(a.author)}</dc:creator><category>{_x(a.section)}</category>"
            f"<description>{_x(a.dek)}</description>{content}"
            f'<media:content url="{_image_url(a.story)}" medium="image" type="image/svg+xml"/>'
            f"</item>"
        )
    last = _latest(articles)
    body = "\n".join(items)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n'
        f"<title>{_x(outlet.name)}</title>\n<link>{BASE}{outlet.home}</link>\n"
        f"<description>{_x(outlet.tagline)}</description>\n<language>{outlet.lang}</language>\n"
        f"<lastBuildDate>{_rfc822(last)}</lastBuildDate>\n"
        f'<atom:link href="{BASE}{outlet.feed_url_path}" rel="self" type="application/rss+xml"/>\n'
        f"{body}\n</channel>\n</rss>\n"
    )


def render_rss091(outlet: Outlet, articles: list[Article]) -> str:
    items = "\n".join(
        f"<item><title>{_x(a.title)}</title><link>{a.url}</link>"
        f"<description>{_x(a.dek)}</description></item>"
        for a in reversed(articles)
    )
    return (
        f'<?xml version="1.0" encoding="{outlet.encoding}"?>\n<rss version="0.91">\n<channel>\n'
        f"<title>{_x(outlet.name)}</title>\n<link>{BASE}{outlet.home}</link>\n"
        f"<description>{_x(outlet.tagline)}</description>\n<language>{outlet.lang}</language>\n"
        f"{items}\n</channel>\n</rss>\n"
    )


def render_rss1(outlet: Outlet, articles: list[Article]) -> str:
    ordered = list(reversed(articles))
    seq = "".join(f'<rdf:li rdf:resource="{a.url}"/>' for a in ordered)
    items = "\n".join(
        f'<item rdf:about="{a.url}"><title>{_x(a.title)}</title><link>{a.url}</link>'
        f"<description>{_x(a.dek)}</description><dc:date>{a.published.isoformat()}</dc:date>"
        f"<dc:creator>{_x(a.author)}</dc:creator><dc:subject>{_x(a.section)}</dc:subject>"
        f"<dc:language>{a.lang}</dc:language></item>"
        for a in ordered
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<channel rdf:about="{BASE}{outlet.feed_url_path}">\n<title>{_x(outlet.name)}</title>\n'
        f"<link>{BASE}{outlet.home}</link>\n<description>{_x(outlet.tagline)}</description>\n"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items>\n</channel>\n{items}\n</rdf:RDF>\n"
    )


def render_atom(outlet: Outlet, articles: list[Article]) -> str:
    entries = "\n".join(
        f'<entry><title>{_x(a.title)}</title><link rel="alternate" type="text/html" href="{a.url}"/>'
        f"<id>tag:{outlet.domain},{a.published:%Y-%m-%d}:{a.id}</id>"
        f"<published>{a.published.isoformat()}</published>"
        f"<updated>{a.published.isoformat()}</updated>"
        f"<author><name>{_x(a.author)}</name></author>"
        f'<category term="{escape(slugify(a.section))}" label="{escape(a.section)}"/>'
        f'<summary type="text">{_x(a.dek)}</summary></entry>'
        for a in reversed(articles)
    )
    last = _latest(articles)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.lang}">\n'
        f"<title>{_x(outlet.name)}</title>\n<subtitle>{_x(outlet.tagline)}</subtitle>\n"
        f"<id>{BASE}{outlet.home}</id>\n<updated>{last.isoformat()}</updated>\n"
        f'<link rel="self" type="application/atom+xml" href="{BASE}{outlet.feed_url_path}"/>\n'
        f'<link rel="alternate" type="text/html" href="{BASE}{outlet.home}"/>\n'
        f"{entries}\n</feed>\n"
    )


def render_jsonfeed(outlet: Outlet, articles: list[Article]) -> str:
    with_text = outlet.key == "diario-altiplano"
    items = []
    for a in reversed(articles):
        item: dict[str, Any] = {
            "id": a.url,
            "url": a.url,
            "title": a.title,
            "summary": a.dek,
            "date_published": a.published.isoformat(),
            "authors": [{"name": a.author}],
            "image": _image_url(a.story),
            "tags": [a.section],
            "language": a.lang,
        }
        if with_text:
            item["content_text"] = a.text
        else:
            item["content_html"] = f"<p>{escape(a.dek, quote=False)}</p>"
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "description": outlet.tagline,
        "home_page_url": f"{BASE}{outlet.home}",
        "feed_url": f"{BASE}{outlet.feed_url_path}",
        "language": outlet.lang,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def render_news_sitemap(outlet: Outlet, articles: list[Article]) -> str:
    urls = "\n".join(
        f"<url><loc>{a.url}</loc><lastmod>{a.published.isoformat()}</lastmod><news:news>"
        f"<news:publication><news:name>{_x(outlet.name)}</news:name>"
        f"<news:language>{outlet.lang}</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{_x(a.title)}</news:title></news:news></url>"
        for a in reversed(articles)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


FEED_RENDERERS = {
    "rss2": render_rss2,
    "rss091": render_rss091,
    "rss1": render_rss1,
    "atom": render_atom,
    "jsonfeed": render_jsonfeed,
    "news-sitemap": render_news_sitemap,
}


# --------------------------------------------------------------------------- build


def _root_of(article: Article, by_id: dict[str, Article]) -> str:
    while article.of is not None:
        article = by_id[article.of]
    return article.id


def build_manifest(
    outlets: list[Outlet],
    stories: list[Story],
    entities: list[dict[str, Any]],
    articles: list[Article],
) -> dict[str, Any]:
    by_id = {a.id: a for a in articles}
    counts: dict[str, int] = {}
    for a in articles:
        counts[a.outlet.key] = counts.get(a.outlet.key, 0) + 1
    return {
        "version": MANIFEST_VERSION,
        "description": "Gold truth for the NewsSearcher sample corpus. All outlets, people and "
        "events are fictional.",
        "placeholder": BASE,
        "outlets": [
            {
                "key": o.key,
                "name": o.name,
                "domain": o.domain,
                "lang": o.lang,
                "home": o.home,
                "encoding": o.encoding,
                "feed": {
                    "path": o.feed_url_path,
                    "file": o.feed_url_path.lstrip("/"),
                    "kind": o.feed_kind,
                    "content_type": FEED_CONTENT_TYPES[o.feed_kind],
                },
                "articles": counts.get(o.key, 0),
            }
            for o in outlets
        ],
        "stories": [
            {
                "key": s.key,
                "title": s.title,
                "title_es": s.title_es,
                "topics": s.topics,
                "image": f"/{MEDIA_PREFIX}/{s.key}.svg",
                "claims": s.claims,
                "articles": [a.id for a in articles if a.story == s.key],
            }
            for s in stories
        ],
        "entities": entities,
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet.key,
                "source": a.outlet.name,
                "lang": a.lang,
                "story": a.story,
                "relation": a.relation,
                "of": a.of,
                "earliest": _root_of(a, by_id),
                "kind": a.kind,
                "path": a.path,
                "file": a.path.lstrip("/"),
                "canonical": by_id[a.of].path if a.canonical_to_original and a.of else a.path,
                "title": a.title,
                "dek": a.dek,
                "author": a.author,
                "published": a.published.isoformat(),
                "section": a.section,
                "image": f"/{MEDIA_PREFIX}/{a.story}.svg",
                "words": len(a.text.split()),
                "text": a.text,
            }
            for a in articles
        ],
    }


def render_all(source_dir: Path = SOURCE_DIR) -> dict[str, bytes]:
    """Every corpus file as ``relative path -> bytes`` (deterministic)."""
    outlets, stories, entities, articles = load_sources(source_dir)
    by_id = {a.id: a for a in articles}
    story_by_key = {s.key: s for s in stories}
    files: dict[str, str | bytes] = {}
    encodings: dict[str, str] = {}

    for outlet in outlets:
        mine = [a for a in articles if a.outlet.key == outlet.key]
        if not mine:
            raise SourceError(f"outlets.toml: outlet {outlet.key!r} has no articles")
        for a in mine:
            story_articles = [b for b in articles if b.story == a.story]
            rel = a.path.lstrip("/")
            files[rel] = render_article(a, by_id, mine, story_articles, story_by_key)
            encodings[rel] = outlet.encoding
        files[f"{outlet.key}/index.html"] = render_outlet_home(outlet, mine)
        encodings[f"{outlet.key}/index.html"] = outlet.encoding
        feed_rel = outlet.feed_url_path.lstrip("/")
        files[feed_rel] = FEED_RENDERERS[outlet.feed_kind](outlet, mine)
        encodings[feed_rel] = outlet.encoding
        files[f"{outlet.key}/static/site.css"] = (
            f"/* {outlet.name} */\nbody{{font-family:Georgia,serif;margin:0 auto;max-width:72em}}\n"
            ".breaking-news,.paywall-prompt,.newsletter-signup{background:#fee;padding:1em}\n"
        )
    for story in stories:
        files[f"{MEDIA_PREFIX}/{story.key}.svg"] = render_svg(story)
    files["index.html"] = render_root(outlets)
    manifest = build_manifest(outlets, stories, entities, articles)
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"

    out: dict[str, bytes] = {}
    for rel, content in files.items():
        if isinstance(content, bytes):
            out[rel] = content
        else:
            out[rel] = content.encode(encodings.get(rel, "utf-8"), errors="xmlcharrefreplace")
    return out


def write_corpus(target: Path = CORPUS_DIR, source_dir: Path = SOURCE_DIR) -> int:
    """Replace ``target`` with a freshly rendered corpus; returns the number of files."""
    files = render_all(source_dir)
    if target.exists():
        if not (target / "manifest.json").exists() and any(target.iterdir()):
            raise SourceError(f"{target}: not a corpus folder (no manifest.json); not replacing it")
        shutil.rmtree(target)
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="output folder")
    args = parser.parse_args(argv)
    count = write_corpus(args.out)
    print(f"wrote {count} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
