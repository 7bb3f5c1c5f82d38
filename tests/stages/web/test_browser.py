"""End to end in a real headless Chromium against the hub served by uvicorn on loopback.

Needs Debian's chromium (``apt-get install -y chromium``); skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        import uvicorn

        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/v1/hubs", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    from newssearcher.config import Settings
    from newssearcher.store import Database
    from newssearcher.web.app import create_app
    from tests.stages.web.conftest import populate

    folder = tmp_path_factory.mktemp("browser")
    db = Database(f"sqlite:///{folder / 'hub.db'}")
    db.migrate()
    corpus = populate(db)
    app = create_app(Settings(data_dir=folder / "data"), db)
    with _Server(app) as server:
        yield server.url, corpus
    db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _page(browser, **kw):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **kw)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sign_up(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password", exact=True).fill("a good long password")
    page.get_by_label("Password again").fill("a good long password")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(base + "/")
    assert page.locator(".who").inner_text() == name


def test_browse_home_hub_story_and_original(hub, browser) -> None:
    base, corpus = hub
    context, page = _page(browser)
    # the originals live elsewhere; answer them locally instead of going to the network
    context.route(
        re.compile(r"https://[a-z]+\.example/.*"),
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<html><body><h1>Original article</h1></body></html>",
        ),
    )
    page.goto(base + "/")
    assert page.title().endswith("NewsSearcher")
    page.get_by_role("heading", name="Cloud", exact=True).get_by_role("link").click()
    page.wait_for_url(base + "/hub/cloud")
    assert page.get_by_role("heading", level=1).inner_text() == "Cloud"
    page.get_by_role("link", name=re.compile("Leaked memo alleges Nimbus Cloud")).first.click()
    page.wait_for_url(f"{base}/story/{corpus.stories['cloud']}")
    assert page.locator("#claims-h").is_visible()
    assert page.locator(".source-list > li").count() == 5
    first = page.locator(".first-report a.original")
    assert first.get_attribute("href") == "https://dailyledger.example/memo"
    # a citation jumps to its source
    page.locator("a.cite").first.click()
    assert page.url.endswith(f"#source-{corpus.articles['memo']}")
    first.click()
    page.wait_for_url("https://dailyledger.example/memo")
    assert page.get_by_role("heading", level=1).inner_text() == "Original article"
    context.close()


def test_search_with_filters(hub, browser) -> None:
    base, corpus = hub
    context, page = _page(browser)
    page.goto(base + "/")
    page.get_by_role("searchbox", name="Search articles").fill("Nimbus")
    page.get_by_role("searchbox", name="Search articles").press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=Nimbus"))
    everything = page.locator(".result").count()
    assert everything >= 3
    page.get_by_text("Filters").click()
    page.get_by_role("combobox", name="Language").select_option("es")
    page.get_by_role("combobox", name="Hub").select_option("cybersecurity")
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*language=es.*"))
    assert page.locator(".result").count() == 1
    assert "Un memorando filtrado" in page.locator(".result h3").inner_text()
    assert page.locator(".result mark").first.inner_text() == "Nimbus"
    context.close()


def test_sign_up_comment_reply_and_moderate(hub, browser) -> None:
    base, corpus = hub
    story = f"{base}/story/{corpus.stories['cloud']}"
    admin_ctx, admin = _page(browser)
    _sign_up(admin, base, "editor")  # the first account is the administrator
    reader_ctx, reader = _page(browser)
    _sign_up(reader, base, "reader")
    reader.goto(story)
    reader.get_by_label("Add a comment").fill("Has anyone seen the memo itself? <b>bold?</b>")
    reader.get_by_role("button", name="Post comment").click()
    comment = reader.locator(".comment").first
    comment.wait_for()
    assert "<b>bold?</b>" in comment.locator(".comment-body").inner_text()
    admin.goto(story)
    admin.locator(".comment").first.get_by_text("Reply", exact=True).click()
    admin.get_by_label("Reply to reader").fill("Not yet, only excerpts.")
    admin.get_by_role("button", name="Post reply").click()
    admin.locator(".replies .comment").wait_for()
    assert "Not yet, only excerpts." in admin.locator(".replies .comment-body").inner_text()
    # the admin reports nothing; the reader reports the reply, the admin removes it
    reader.goto(story)
    reply = reader.locator(".replies .comment").first
    reply.get_by_text("Report", exact=True).click()
    reply.get_by_label("What is wrong with this comment?").fill("off topic")
    reply.get_by_role("button", name="Send report").click()
    reader.get_by_text("A moderator will look at this comment").wait_for()
    admin.goto(base + "/")
    admin.get_by_role("link", name="Moderation").click()
    admin.wait_for_url(base + "/admin/moderation")
    assert "off topic" in admin.locator(".queue").inner_text()
    admin.get_by_role("button", name="Remove").click()
    admin.get_by_text("Nothing to review.").wait_for()
    reader.goto(story)
    assert (
        reader.locator(".replies").count() == 0
        or "Not yet" not in reader.locator(".replies").inner_text()
    )
    # a reader cannot open the moderation queue
    resp = reader.goto(base + "/admin/moderation")
    assert resp is not None and resp.status == 403
    admin_ctx.close()
    reader_ctx.close()


def test_language_switch_theme_toggle_and_keyboard(hub, browser) -> None:
    base, corpus = hub
    context, page = _page(browser, locale="en-US", color_scheme="light")
    page.goto(f"{base}/story/{corpus.stories['cloud']}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Un memorando filtrado")
    assert page.get_by_role("heading", name="Afirmaciones").is_visible()
    page.goto(base + "/hubs")
    assert page.get_by_role("link", name="Ciberseguridad").is_visible()
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    # dark mode: follows the system, and the toggle overrides it (and is remembered)
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("[data-theme-toggle]").click()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    after = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert before != after
    page.reload()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    context.close()
    dark_ctx, dark = _page(browser, color_scheme="dark")
    dark.goto(base + "/")
    assert dark.evaluate("getComputedStyle(document.body).backgroundColor") == after
    dark_ctx.close()


def test_commenting_works_without_javascript(hub, browser) -> None:
    base, corpus = hub
    context, page = _page(browser, java_script_enabled=False)
    _sign_up(page, base, "nojs")
    page.goto(f"{base}/story/{corpus.stories['outage']}")
    page.get_by_label("Add a comment").fill("Posted without JavaScript.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("Posted without JavaScript.").wait_for()
    context.close()


def test_screenshot_of_the_story_page(hub, browser) -> None:
    """Writes docs/screenshot-story.png (used by the README) when NEWSSEARCHER_SCREENSHOT=1."""
    base, corpus = hub
    context, page = _page(browser, color_scheme="light")
    page.goto(f"{base}/story/{corpus.stories['cloud']}")
    shot = page.screenshot(full_page=True)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("NEWSSEARCHER_SCREENSHOT") == "1":
        target = REPO / "docs" / "screenshot-story.png"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(shot)
    context.close()
