"""Box pruning and call-to-action lines: what goes and, as much, what stays."""

from __future__ import annotations

from lxml.html import fromstring

from newssearcher.extract.boilerplate import drop_cta_lines, is_box, prune_boxes

BODY = "<p>" + "The harbour barrier vote passed after a long debate. " * 12 + "</p>"


def test_named_boxes_are_boxes() -> None:
    for html in (
        '<div class="paywall">x</div>',
        '<div id="newsletter-signup">x</div>',
        '<section class="breaking-news">x</section>',
        '<ul class="related-links">x</ul>',
        '<div class="c-share-bar share">x</div>',
        '<div class="ad-slot">x</div>',
        '<div class="noticias-relacionadas">x</div>',
        '<div role="complementary">x</div>',
        "<aside>x</aside>",
    ):
        assert is_box(fromstring(html)), html


def test_lookalike_names_are_not_boxes() -> None:
    for html in (
        '<div class="commentary">x</div>',
        '<div class="shared-content article-body">x</div>',
        '<div class="header-add">x</div>',
        '<div class="loading">x</div>',
        "<article>x</article>",
    ):
        assert not is_box(fromstring(html)), html


def test_prune_keeps_a_box_that_holds_the_article() -> None:
    tree = fromstring(
        f'<html><body><div class="paywall-wrapper">{BODY}'
        '<div class="newsletter"><p>Sign up today.</p></div></div></body></html>'
    )
    assert prune_boxes(tree) == 1
    text = tree.text_content()
    assert "harbour barrier" in text
    assert "Sign up today" not in text


def test_prune_keeps_text_after_a_removed_box() -> None:
    tree = fromstring(
        '<html><body><p>Before <span class="share">share!</span> after.</p></body></html>'
    )
    prune_boxes(tree)
    assert tree.find(".//p").text_content() == "Before  after."


def test_cta_lines_dropped_prose_kept() -> None:
    text = "\n".join(
        [
            "The council voted on Thursday.",
            "Subscribe now for unlimited access.",
            "Suscríbete para seguir leyendo.",
            "BREAKING: something else happened",
            "Read more: another story",
            "Subscribers will pay less from next year.",
            "Subscribers to the water scheme, the council said, will pay less from next year "
            "under a plan that was approved after a long and heated debate in the chamber "
            "that lasted well into the night and left several members frustrated with the "
            "outcome of the vote.",
        ]
    )
    out = drop_cta_lines(text)
    assert out.splitlines()[0] == "The council voted on Thursday."
    assert "Subscribe now" not in out
    assert "Suscríbete" not in out
    assert "BREAKING" not in out
    assert "Read more" not in out
    assert "Subscribers to the water scheme" in out
    assert "Subscribers will pay less from next year." in out
