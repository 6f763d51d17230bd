"""Source kinds, one module each: feed, page, text, markdown, folder.

``parse_document`` is the single entry: it picks the kind (detected from the
content unless given) and returns the stories in document order.
"""

from __future__ import annotations

from collections.abc import Callable

from digest.exceptions import ParseError
from digest.sources import feed, markdown, page, text
from digest.sources.base import Document, Parsed, detect_kind

Parser = Callable[[Document, str | None], Parsed]

PARSERS: dict[str, Parser] = {
    "feed": feed.parse,
    "page": page.parse,
    "text": text.parse,
    "markdown": markdown.parse,
}
KINDS = (*PARSERS, "folder")


def parse_document(
    document: Document, kind: str | None = None, source_name: str | None = None
) -> Parsed:
    if not document.content.strip():
        raise ParseError(f"{document.location}: the file is empty")
    kind = kind or detect_kind(document)
    if kind not in PARSERS:
        raise ParseError(
            f"{document.location}: unknown kind {kind!r} (one of {', '.join(PARSERS)})"
        )
    return PARSERS[kind](document, source_name)


__all__ = ["KINDS", "Document", "Parsed", "detect_kind", "parse_document"]
