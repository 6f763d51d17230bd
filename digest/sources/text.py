"""Pages saved as plain text: the article pulled out of the site's furniture."""

from __future__ import annotations

from digest.exceptions import ParseError
from digest.models import Story
from digest.normalize import decode, parse_date
from digest.sources.base import Document, Parsed
from digest.sources.text_extract import extract_article


def parse(document: Document, source_name: str | None = None) -> Parsed:
    text = decode(document.content, document.charset)
    try:
        article = extract_article(text)
    except ValueError as exc:
        raise ParseError(f"{document.location}: {exc}") from None
    body = "\n\n".join(article.paragraphs)
    story = Story(
        title=article.title,
        url=None,
        guid=None,
        published=parse_date(article.published),
        author=article.author,
        summary=article.standfirst or (article.paragraphs[0] if article.paragraphs else None),
        body=body or None,
        source=source_name or document.location,
    )
    return Parsed(stories=[story])
