"""What every source kind shares: the document it reads and what it gives back."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from digest.models import Story

# File endings that say what a local file is; content sniffing decides for URLs.
EXTENSIONS = {
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".json": "feed",
    ".html": "page",
    ".htm": "page",
    ".xhtml": "page",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
    "application/json",
    "application/x-rss+xml",
}


@dataclass(frozen=True, slots=True)
class Document:
    """Bytes from a file or a URL, with what is known about them."""

    content: bytes
    location: str
    content_type: str | None = None
    charset: str | None = None

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    @property
    def base_url(self) -> str | None:
        return self.location if self.is_url else None

    @property
    def extension(self) -> str:
        path = self.location.split("?", 1)[0] if self.is_url else self.location
        return PurePath(path).suffix.lower()


@dataclass(slots=True)
class Parsed:
    """The stories a document gave, in document order, and any problems met on the way."""

    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    title: str | None = None


def _head(content: bytes) -> str:
    for encoding in ("utf-8", "utf-16"):
        try:
            return content[:2048].decode(encoding, errors="strict").lstrip("\ufeff \t\r\n").lower()
        except UnicodeDecodeError:
            continue
    return content[:2048].decode("latin-1").lstrip().lower()


def detect_kind(document: Document) -> str:
    """Guess the source kind from the content, helped by the file ending and MIME type."""
    head = _head(document.content)
    if head.startswith("---") and document.extension in ("", ".md", ".markdown", ".txt"):
        return "markdown"
    if document.extension in (".md", ".markdown"):
        return "markdown"
    if head.startswith("{") and _looks_like_json_feed(document.content):
        return "feed"
    if re.match(
        r"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype (rss|feed|rdf)|<(rss|feed|rdf:rdf|channel)\b)",
        head,
        re.S,
    ):
        return "feed"
    if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head[:1024]):
        return "feed"
    if head.startswith("<") and re.search(
        r"<(!doctype html|html|head|body|meta|title|p|div|article)\b", head
    ):
        return "page"
    if document.content_type in _FEED_TYPES or document.extension in (
        ".xml",
        ".rss",
        ".atom",
        ".rdf",
    ):
        return "feed"
    if document.content_type in ("text/html", "application/xhtml+xml"):
        return "page"
    return EXTENSIONS.get(document.extension, "text")


def _looks_like_json_feed(content: bytes) -> bool:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", ""))
