"""The plain-text part: every story with its link, the unsubscribe link, 78 columns."""

from __future__ import annotations

import re

from digest.models import Edition
from digest.render import Recipient, Renderer
from digest.render.text import wrap

URL_LINE = re.compile(r"^\s*<?https?://\S+>?$")


def test_every_story_has_its_url_and_the_footer_its_links(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    text = renderer.render(edition).personalise(reader).text
    for item in edition.items + edition.more:
        assert item.url and item.url in text
        assert item.title.split()[0] in text
    for url in (reader.unsubscribe_url, reader.preferences_url, reader.view_url):
        assert url in text
    assert "Unsubscribe:" in text
    assert "Riverside Weekly, 1 Quay Street, Riverside RV1 2AB" in text
    assert "Hi Sample Reader," in text
    assert "Also covered by: Town Crier <https://other.example.net/story-4>" in " ".join(
        text.split()
    )


def test_lines_are_wrapped_at_78_columns(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    edition.items[0].url = "https://news.example.org/" + "a-very-long-slug-" * 6
    text = renderer.render(edition).personalise(reader).text
    long_lines = [line for line in text.splitlines() if len(line) > 78]
    # Only a bare URL may pass 78 columns: breaking it would break the link.
    assert all(URL_LINE.match(line) for line in long_lines), long_lines
    assert any(URL_LINE.match(line) for line in long_lines)
    for item in edition.items:
        assert item.url in text.split()


def test_titles_are_not_mangled_when_wrapped(renderer: Renderer, edition: Edition) -> None:
    edition.items[0].title = "A " + "remarkably " * 12 + "long headline"
    text = renderer.render(edition).text
    assert " ".join(edition.items[0].title.split()) in " ".join(text.split())


def test_wrap_keeps_indent_and_bullets() -> None:
    wrapped = wrap("* " + "word " * 30 + "\n  " + "blurb " * 20 + "\n")
    lines = wrapped.splitlines()
    assert all(len(line) <= 78 for line in lines)
    assert lines[0].startswith("* ") and lines[1].startswith("  word")
    assert all(line.startswith("  ") for line in lines[1:])
