"""The MIME message: multipart/alternative with one-click unsubscribe headers (RFC 8058)."""

from __future__ import annotations

import email
import email.policy

from digest.config import Config
from digest.models import Edition
from digest.render import Recipient, Renderer, build_message


def test_message_has_both_parts_and_one_click_unsubscribe(
    config: Config, edition: Edition, reader: Recipient
) -> None:
    personalised = Renderer(config).render(edition).personalise(reader)
    message = build_message(config, personalised, reader)
    parsed = email.message_from_bytes(bytes(message), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"] == edition.subject
    assert parsed["From"] == "The Riverside Weekly <news@riverside.example>"
    assert parsed["To"] == "Sample Reader <reader@example.com>"
    assert parsed["List-Unsubscribe"] == f"<{reader.unsubscribe_url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Message-ID"] and parsed["Date"]
    text, html = parsed.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert text.get_content() == personalised.text
    assert html.get_content() == personalised.html
    assert edition.preheader in html.get_content()
