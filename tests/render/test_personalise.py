"""Render once per variant, fill per-recipient fields: the same email as a full render."""

from __future__ import annotations

import pytest

from digest.exceptions import RenderError
from digest.models import Edition
from digest.render import Recipient, Renderer
from tests.render.conftest import recipient

NAMES = [
    "Sample Reader",
    "Zoë O'Brien & <Co>",
    'Ana "Nana" Núñez',
    "李小龍",
    "",
    "  spaced\tout\nname  ",
    "{{ 7*7 }} zq" + "a" * 70,
]


@pytest.mark.parametrize("name", NAMES)
def test_personalised_equals_a_full_render(renderer: Renderer, edition: Edition, name: str) -> None:
    reader = recipient(name, "someone@example.com")
    once = renderer.render(edition).personalise(reader)
    full = renderer.render_for(edition, reader)
    assert once.html == full.html
    assert once.text == full.text
    assert once.subject == full.subject


def test_each_recipient_gets_their_own_fields(renderer: Renderer, edition: Edition) -> None:
    variant = renderer.render(edition)
    ana = variant.personalise(recipient("Ana", "ana@example.com"))
    bob = variant.personalise(recipient("Bob & Co", "bob@example.com"))
    assert "Hi Ana," in ana.html and "Hi Ana," in ana.text
    assert "Hi Bob &amp; Co," in bob.html and "Hi Bob & Co," in bob.text
    assert "https://riverside.example/u/ana-at-example.com?sig=abc&amp;x=1" in ana.html
    assert "https://riverside.example/u/ana-at-example.com?sig=abc&x=1" in ana.text
    assert "bob-at-example.com" not in ana.html + ana.text
    for email in (ana, bob):
        for token in renderer.tokens.by_field.values():
            assert token not in email.html and token not in email.text


def test_a_missing_name_greets_politely(renderer: Renderer, edition: Edition) -> None:
    email = renderer.render(edition).personalise(recipient("", "x@example.com"))
    assert "Hi there," in email.html and "Hi there," in email.text


def test_a_recipient_link_must_be_http(renderer: Renderer, edition: Edition) -> None:
    bad = Recipient(
        "x@example.com", "X", "javascript:alert(1)", "https://a.example/p", "https://a.example/v"
    )
    with pytest.raises(RenderError, match="unsubscribe_url"):
        renderer.render(edition).personalise(bad)


def test_links_that_need_encoding_match_a_full_render(renderer: Renderer, edition: Edition) -> None:
    reader = Recipient(
        "zoe@example.com",
        "Zoë",
        "https://riverside.example/u/zoë?sig=a b&x=<1>",
        "https://riverside.example/p/zoe?next=/pages/préférences",
        'https://riverside.example/w/2026-W47?q="quoted"',
    )
    once = renderer.render(edition).personalise(reader)
    full = renderer.render_for(edition, reader)
    assert once.html == full.html and once.text == full.text
    assert "https://riverside.example/u/zo%C3%AB?sig=a%20b&amp;x=%3C1%3E" in once.html
    assert '"quoted"' not in once.html


def test_a_full_render_cannot_be_personalised_again(
    renderer: Renderer, edition: Edition, reader: Recipient
) -> None:
    full = renderer.render(edition, recipient=reader)
    with pytest.raises(RenderError, match="already made for one recipient"):
        full.personalise(reader)
