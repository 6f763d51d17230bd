"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 by hand.

A malformed feed (feedparser's "bozo") still gives every entry that can be
recovered, in feed order; the problem is reported, not fatal.
"""

from __future__ import annotations

import json
from typing import Any

import feedparser

from digest.exceptions import ParseError
from digest.models import Story
from digest.normalize import canonical_url, clean_text, html_to_text, parse_date, summarize
from digest.sources.base import Document, Parsed

_IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/jpg")


def parse(document: Document, source_name: str | None = None) -> Parsed:
    stripped = document.content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return parse_json_feed(document, source_name)
    return parse_xml_feed(document, source_name)


def parse_xml_feed(document: Document, source_name: str | None = None) -> Parsed:
    # Without a content type feedparser flags a local file as bozo; XML is what a feed file is.
    content_type = document.content_type or "application/xml"
    if document.charset:
        content_type += f"; charset={document.charset}"
    headers = {"content-type": content_type}
    if document.base_url:
        headers["content-location"] = document.base_url
    # feedparser never raises on bad input; it flags it as "bozo" and recovers what it can.
    result = feedparser.parse(document.content, response_headers=headers, sanitize_html=True)
    feed = result.get("feed", {})
    entries = result.get("entries", [])
    problems: list[str] = []
    exc = result.get("bozo_exception")
    # A server calling its feed text/plain is common and harmless; it is not worth a warning.
    if result.get("bozo") and not isinstance(exc, feedparser.NonXMLContentType):
        problems.append(f"malformed feed: {clean_text(str(exc)) or type(exc).__name__}")
    if not entries and not feed.get("title") and result.get("bozo"):
        raise ParseError(f"{document.location}: not a readable feed ({problems[0]})")
    feed_link = canonical_url(feed.get("link"), document.base_url) or document.base_url
    title = clean_text(html_to_text(feed.get("title"))) or None
    language = clean_text(feed.get("language")) or None
    if not entries:
        problems.append("the feed has no entries")
    parsed = Parsed(problems=problems, title=title)
    for index, entry in enumerate(entries, start=1):
        story = _entry_to_story(
            entry, feed_link, source_name or title or document.location, language
        )
        if story is None:
            problems.append(f"entry {index} has neither a title nor a link; skipped")
            continue
        parsed.stories.append(story)
    return parsed


def _entry_image(entry: Any, base: str | None, content_html: str) -> str | None:
    candidates: list[str | None] = []
    for media in entry.get("media_content", []) or []:
        if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/"):
            candidates.append(media.get("url"))
    for thumb in entry.get("media_thumbnail", []) or []:
        candidates.append(thumb.get("url"))
    for link in entry.get("links", []) or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).lower() in _IMAGE_TYPES:
            candidates.append(link.get("href"))
    image = entry.get("image")
    if isinstance(image, dict):
        candidates.append(image.get("href") or image.get("url"))
    if content_html and "<img" in content_html:
        import lxml.html

        try:
            for src in lxml.html.fromstring(content_html).xpath("//img/@src")[:1]:
                candidates.append(str(src))
        except Exception:  # noqa: BLE001 - a broken fragment only means no image
            pass
    for candidate in candidates:
        url = canonical_url(candidate, base)
        if url:
            return url
    return None


def _entry_to_story(
    entry: Any, base: str | None, source: str, language: str | None
) -> Story | None:
    link = canonical_url(entry.get("link"), base)
    if not link:
        for alternate in entry.get("links", []) or []:
            if alternate.get("rel") in (None, "alternate"):
                link = canonical_url(alternate.get("href"), base)
                if link:
                    break
    guid = clean_text(entry.get("id")) or None
    content_html = ""
    for content in entry.get("content", []) or []:
        if content.get("value"):
            content_html = content["value"]
            break
    body = html_to_text(content_html) if content_html else ""
    summary = html_to_text(entry.get("summary"))
    if summary == body:
        summary = summarize(body)
    title = clean_text(html_to_text(entry.get("title")))
    if not title and not link:
        return None
    if not title:
        title = summarize(summary or body, 90) or link or ""
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        published = parse_date(entry.get(key))
        if published:
            break
    if published is None:
        published = parse_date(entry.get("published") or entry.get("updated"))
    tags = tuple(
        clean_text(tag.get("term") or tag.get("label"))
        for tag in entry.get("tags", []) or []
        if clean_text(tag.get("term") or tag.get("label"))
    )
    return Story(
        title=title,
        url=link,
        guid=guid,
        published=published,
        author=clean_text(entry.get("author")) or None,
        summary=summary or (summarize(body) if body else None) or None,
        body=body or summary or None,
        image=_entry_image(entry, link or base, content_html),
        source=source,
        language=language,
        tags=tags,
    )


def parse_json_feed(document: Document, source_name: str | None = None) -> Parsed:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(
            document.content.decode(document.charset or "utf-8-sig", errors="replace")
        )
    except ValueError as exc:
        raise ParseError(f"{document.location}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ParseError(f"{document.location}: not a JSON Feed (no 'items' list)")
    problems: list[str] = []
    if "jsonfeed.org" not in str(data.get("version", "")):
        problems.append("no JSON Feed version; read as JSON Feed anyway")
    base = canonical_url(data.get("home_page_url"), document.base_url) or document.base_url
    title = clean_text(str(data.get("title") or "")) or None
    language = clean_text(str(data.get("language") or "")) or None
    feed_authors = _json_authors(data)
    parsed = Parsed(problems=problems, title=title)
    for index, item in enumerate(data["items"], start=1):
        if not isinstance(item, dict):
            problems.append(f"item {index} is not an object; skipped")
            continue
        link = canonical_url(item.get("url") or item.get("external_url"), base)
        html_body = item.get("content_html")
        body = html_to_text(html_body) if html_body else html_to_text(item.get("content_text"))
        summary = html_to_text(item.get("summary")) or (summarize(body) if body else "")
        item_title = clean_text(html_to_text(str(item.get("title") or "")))
        if not item_title and not link:
            problems.append(f"item {index} has neither a title nor a link; skipped")
            continue
        image = canonical_url(item.get("image") or item.get("banner_image"), link or base)
        parsed.stories.append(
            Story(
                title=item_title or summarize(summary or body, 90) or link or "",
                url=link,
                guid=clean_text(str(item.get("id"))) if item.get("id") is not None else None,
                published=parse_date(item.get("date_published") or item.get("date_modified")),
                author=_json_authors(item) or feed_authors,
                summary=summary or None,
                body=body or None,
                image=image,
                source=source_name or title or document.location,
                language=clean_text(str(item.get("language") or "")) or language,
                tags=tuple(
                    clean_text(str(t)) for t in item.get("tags", []) or [] if clean_text(str(t))
                ),
            )
        )
    return parsed


def _json_authors(data: dict[str, Any]) -> str | None:
    authors = data.get("authors")
    if not authors and isinstance(data.get("author"), dict):  # JSON Feed 1.0
        authors = [data["author"]]
    if not isinstance(authors, list):
        return None
    names = [
        clean_text(str(a.get("name"))) for a in authors if isinstance(a, dict) and a.get("name")
    ]
    return ", ".join(names) or None
