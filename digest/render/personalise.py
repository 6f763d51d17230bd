"""Render once, personalise cheaply.

A variant is rendered with placeholder tokens where per-recipient fields go. The tokens are
letters and digits only, so MJML, the inliner and the HTML serialiser pass them through
untouched. Each variant's output is split once at the tokens; a recipient's email is then one
``str.join`` of the pieces and the recipient's values, escaped the way the HTML serialiser
would have written them, so the result equals a full render for that recipient.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from digest.exceptions import RenderError
from digest.render.safety import safe_url

FIELDS = ("name", "unsubscribe_url", "preferences_url", "view_url")
NAME_LIMIT = 60
DEFAULT_NAME = "there"


@dataclass(frozen=True, slots=True)
class Recipient:
    """One subscriber's per-email fields. URLs must be absolute http(s) URLs."""

    email: str
    name: str
    unsubscribe_url: str
    preferences_url: str
    view_url: str

    def fields(self) -> dict[str, str]:
        """The values as the templates show them: a tidy name, normalised URLs."""
        values = {"name": display_name(self.name)}
        for field in FIELDS[1:]:
            raw = getattr(self, field)
            url = safe_url(raw)
            if url is None:
                raise RenderError(f"recipient {self.email}: {field} {raw!r} is not an http(s) URL")
            values[field] = url
        return values


def display_name(name: str) -> str:
    """The name for "Hi <name>,": control characters dropped, spaces collapsed, length capped."""
    if name.isprintable() and len(name) <= NAME_LIMIT and "  " not in name and name == name.strip():
        return name or DEFAULT_NAME  # the common case, without a pass over every character
    cleaned = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > NAME_LIMIT:
        cleaned = cleaned[: NAME_LIMIT - 1].rstrip() + "…"
    return cleaned or DEFAULT_NAME


def _escape_text(value: str) -> str:
    # What lxml writes for a text node: &, < and > escaped, quotes and non-ASCII kept.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_url(value: str) -> str:
    # URLs are percent-encoded already (no quotes, no angle brackets): only & needs escaping.
    return value.replace("&", "&amp;")


_HTML_ESCAPE = {"name": _escape_text}


class Tokens:
    """One set of placeholder tokens; the random part keeps story text from forging one."""

    def __init__(self) -> None:
        nonce = secrets.token_hex(6)
        self.by_field = {field: f"zq{nonce}{field.replace('_', '')}zq" for field in FIELDS}
        self.field_of = {token: field for field, token in self.by_field.items()}
        self._pattern = re.compile("|".join(re.escape(token) for token in self.field_of))

    def placeholders(self) -> dict[str, str]:
        return dict(self.by_field)

    def split(self, rendered: str) -> Template:
        """Cut rendered output at the tokens: literal pieces and the fields between them."""
        pieces: list[str] = []
        slots: list[str] = []
        position = 0
        for match in self._pattern.finditer(rendered):
            pieces.append(rendered[position : match.start()])
            slots.append(self.field_of[match.group()])
            position = match.end()
        pieces.append(rendered[position:])
        return Template(tuple(pieces), tuple(slots))


@dataclass(frozen=True, slots=True)
class Template:
    """Rendered output with holes: ``pieces[0] slot[0] pieces[1] ... pieces[-1]``."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> str:
        parts = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            parts.append(values[slot])
            parts.append(piece)
        return "".join(parts)


def html_values(fields: dict[str, str]) -> dict[str, str]:
    return {key: _HTML_ESCAPE.get(key, _escape_url)(value) for key, value in fields.items()}


@dataclass(frozen=True, slots=True)
class PersonalisedEmail:
    """One recipient's email, ready to wrap in a message."""

    subject: str
    preheader: str
    html: str
    text: str


SAMPLE_TOKEN = "SAMPLE-TOKEN"


def sample_recipient(base_url: str, period: str) -> Recipient:
    """The reader previews are rendered for; signed links come from the subscribers module."""
    base = base_url.rstrip("/")
    return Recipient(
        email="reader@example.com",
        name="Sample Reader",
        unsubscribe_url=f"{base}/unsubscribe/{SAMPLE_TOKEN}",
        preferences_url=f"{base}/preferences/{SAMPLE_TOKEN}",
        view_url=f"{base}/editions/{period}",
    )
