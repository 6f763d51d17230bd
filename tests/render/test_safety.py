"""Story text is data: escaped everywhere, never evaluated; only http(s) links and images."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from digest.models import AlsoCovered, Edition
from digest.render import Recipient, Renderer
from digest.render.safety import safe_url
from tests.render.conftest import make_config
from tests.render.test_html import parse

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
]


class _Markup(HTMLParser):
    """The tags and attribute names in a document, and its text as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.fixture
def hostile(edition: Edition) -> Edition:
    first, second, third = edition.items[:3]
    first.title = f"Budget {HOSTILE[0]} passes"
    first.blurb = f"Read this {HOSTILE[1]} now"
    second.title = f"Maths {HOSTILE[2]} class {HOSTILE[3]}"
    second.blurb = f"Total: {HOSTILE[2]}"
    second.url = "javascript:alert(document.cookie)"
    third.url = " JaVaScRiPt:alert(1)"
    third.image = "javascript:alert(2)"
    third.source = '<b onmouseover="x()">Bold Source</b>'
    third.also = [AlsoCovered("Other", "javascript:void(0)", "<i>Sneaky</i>")]
    edition.items[3].image = "data:image/svg+xml,<svg onload=alert(1)>"
    edition.more[0].title = "<script>more()</script>"
    edition.more[0].url = "vbscript:msgbox(1)"
    edition.intro = "Hello <iframe src=//evil.example>"
    return edition


def test_hostile_text_comes_out_as_text(
    renderer: Renderer, hostile: Edition, reader: Recipient
) -> None:
    email = renderer.render(hostile).personalise(reader)
    html = email.html
    parsed = _Markup()
    parsed.feed(html)
    # No element, attribute or handler came from story text...
    assert not {"script", "iframe"} & parsed.tags
    assert not [name for name in parsed.attributes if name.startswith("on")]
    assert "b" not in parsed.tags and "i" not in parsed.tags
    # ...and the reader sees exactly what was written.
    assert f"Budget {HOSTILE[0]} passes" in parsed.text
    assert f"Read this {HOSTILE[1]} now" in parsed.text
    assert '<b onmouseover="x()">Bold Source</b>' in parsed.text
    assert "<i>Sneaky</i>" in parsed.text
    assert "<script>more()</script>" in parsed.text
    assert "Hello <iframe src=//evil.example>" in parsed.text
    # Template syntax in a story is shown as typed, never evaluated.
    assert "{{ 7*7 }}" in html and "{{ 7*7 }}" in email.text
    assert "Maths 49" not in html and "Total: 49" not in email.text
    assert "{% raw %}" in html
    # The plain-text part shows the text as written, unescaped.
    assert "<script>alert('x')</script>" in email.text


def test_only_http_links_and_images_survive(
    renderer: Renderer, hostile: Edition, reader: Recipient
) -> None:
    email = renderer.render(hostile).personalise(reader)
    for part in (email.html, email.text):
        lowered = part.lower()
        assert "javascript:" not in lowered
        assert "vbscript:" not in lowered
        assert "data:image" not in lowered
    parsed = parse(email.html)
    assert all(urlsplit(link).scheme in ("http", "https") for link in parsed.links)
    assert all(urlsplit(i.get("src") or "").scheme in ("http", "https") for i in parsed.images)
    # A story whose link was dropped still shows, unlinked.
    assert "Maths {{ 7*7 }} class" in email.html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        (
            "HTTPS://Example.org:8443/a/b;c?d=[1]&e=%20#f",
            "HTTPS://Example.org:8443/a/b;c?d=[1]&e=%20#f",
        ),
        ("  https://example.org/x  ", "https://example.org/x"),
        ("https://example.org/a\nb", None),
        ("http://example.org/a b", "http://example.org/a%20b"),
        ("https://example.org/caf\u00e9", "https://example.org/caf%C3%A9"),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("//example.org/x", None),
        ("/relative/path", None),
        ("mailto:a@example.org", None),
        ("https://", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_utm_parameters_only_when_asked(edition: Edition, reader: Recipient) -> None:
    plain = Renderer(make_config()).render(edition).personalise(reader)
    assert "utm_" not in plain.html and "utm_" not in plain.text

    tracked = Renderer(make_config(utm=True, utm_source="riverside")).render(edition)
    email = tracked.personalise(reader)
    story_links = [link for link in parse(email.html).links if "news.example.org/story-" in link]
    assert story_links
    for link in story_links:
        query = parse_qs(urlsplit(link).query)
        assert query["utm_source"] == ["riverside"]
        assert query["utm_medium"] == ["email"]
        assert query["utm_campaign"] == ["2026-W47"]
        assert query["ref"] == ["feed"]  # the story's own parameters stay
    # Reader's own links (unsubscribe, preferences) are never tagged.
    for link in parse(email.html).links:
        if "riverside.example/" in link:
            assert "utm_" not in link
    assert "utm_source=riverside" in email.text
