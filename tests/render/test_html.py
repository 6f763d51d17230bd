"""The HTML part: what every email client needs to show it well, and the 12-story size."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from digest.config import Config
from digest.models import Edition
from digest.render import Recipient, Renderer
from tests.render.conftest import make_config


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.tables: list[dict[str, str | None]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "table":
            self.tables.append(attributes)
        elif tag == "html":
            self.html_lang = attributes.get("lang")


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_html_has_what_email_clients_need(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    html = renderer.render(edition).personalise(reader).html
    assert html.lstrip().upper().startswith("<!DOCTYPE HTML>")
    assert "<!--[if mso | IE]>" in html and "<![endif]-->" in html
    assert re.search(r"@media only screen and \(m(in|ax)-width:\s*4\d\dpx\)", html)
    assert "prefers-color-scheme: dark" in html
    assert '<meta name="color-scheme" content="light dark">' in html
    parsed = parse(html)
    assert parsed.html_lang == "en"
    assert parsed.tables and all(t.get("role") == "presentation" for t in parsed.tables)


def test_preheader_is_hidden_and_subject_comes_from_the_edition(
    renderer: Renderer, edition: Edition
) -> None:
    rendered = renderer.render(edition)
    assert rendered.subject == edition.subject
    assert rendered.preheader == edition.preheader
    hidden = re.search(r'<div style="display:none;[^"]*">([^<]*)</div>', rendered.html)
    assert hidden and hidden.group(1).strip() == edition.preheader
    assert f"<title>{edition.subject}</title>" in rendered.html


def test_subject_and_preheader_fall_back_when_the_edition_has_none(
    renderer: Renderer, edition: Edition
) -> None:
    edition.subject = ""
    edition.preheader = ""
    rendered = renderer.render(edition)
    assert rendered.subject == "The Riverside Weekly: Week 47 · 16–22 Nov 2026"
    assert rendered.preheader.startswith("This week: Council approves £4.2m budget")


def test_every_story_is_linked_with_alt_texts_and_footer_links(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    html = renderer.render(edition).personalise(reader).html
    parsed = parse(html)
    for item in edition.items + edition.more:
        assert item.url in parsed.links, item.title
        assert item.title in html
    for other in (o for item in edition.items for o in item.also if o.url):
        assert other.url in parsed.links
    for url in (reader.unsubscribe_url, reader.preferences_url, reader.view_url):
        assert url in parsed.links
    assert all(link.startswith(("https://", "http://")) for link in parsed.links)
    story_images = [i for i in parsed.images if "img.example.org" in (i.get("src") or "")]
    assert len(story_images) == sum(1 for item in edition.items if item.image)
    for image in story_images:
        assert image.get("alt"), image
        assert image.get("width") == "552"
    assert "Riverside Weekly, 1 Quay Street, Riverside RV1 2AB" in html
    assert "because you subscribed to The Riverside Weekly" in html


def test_twelve_stories_fit_well_under_the_budget(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    assert len(edition.items) == 12
    rendered = renderer.render(edition)
    html = rendered.personalise(reader).html
    assert len(html.encode("utf-8")) < 60_000
    assert rendered.size < 60_000
    assert not rendered.report.changed
    assert "fits, nothing changed" in rendered.report.lines()[0]


def test_logo_replaces_the_name_and_keeps_it_as_alt_text(edition: Edition) -> None:
    html = Renderer(make_config(logo_url="https://riverside.example/logo.png")).render(edition).html
    logo = [i for i in parse(html).images if i.get("src") == "https://riverside.example/logo.png"]
    assert logo and logo[0].get("alt") == "The Riverside Weekly"


def test_language_and_accent_colour_come_from_config(edition: Edition) -> None:
    html = Renderer(make_config(language="fr", accent_color="#8a1c7c")).render(edition).html
    assert parse(html).html_lang == "fr"
    assert "#8a1c7c" in html


def test_a_variant_holds_only_its_topics(renderer: Renderer, edition: Edition) -> None:
    rendered = renderer.render(edition, variant_topics=["sport", "Council"])
    assert "Rowing club celebrates" in rendered.html
    assert "Council approves" in rendered.html
    assert "Market hall reopens" not in rendered.html
    assert "Flood defences opened" not in rendered.html
    # Runners-up of the other sections are left out too.
    assert "Runner-up story number 1 " not in rendered.html  # Community
    assert "Runner-up story number 0 " in rendered.html  # Council
    assert "Market hall reopens" not in rendered.text
    assert "Rowing club celebrates" in rendered.text


def test_the_edition_passed_in_is_not_changed(config: Config, edition: Edition) -> None:
    before = repr(edition)
    Renderer(
        config.model_copy(
            update={"render": config.render.model_copy(update={"size_budget": 30_000})}
        )
    ).render(edition)
    assert repr(edition) == before
