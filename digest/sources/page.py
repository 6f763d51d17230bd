"""Article pages (a URL or a saved .html file), extracted with trafilatura.

trafilatura finds the main text and most metadata; we add what it leaves to
the caller: the rel=canonical URL, a full publication timestamp from the
page's meta tags, the language from ``<html lang>``, and a headline without
the site-name suffix (" - BBC News", " | The Japan Times").
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from digest.exceptions import ParseError
from digest.models import Story
from digest.normalize import (
    canonical_url,
    clean_paragraphs,
    clean_text,
    decode,
    html_to_text,
    parse_date,
    publisher_of,
    summarize,
)
from digest.sources.base import Document, Parsed

_SEPARATORS = re.compile(r"\s+(?:[-|–—·•:»]|::)\s+")
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).strip()
        value = element.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = value.strip()
    return found


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def strip_site_name(title: str, site_names: list[str], headline: str | None = None) -> str:
    """The headline alone: drop a leading or trailing site name joined by a separator.

    A segment is a site name when it matches one we know (og:site_name, the
    host), or when the page's own ``<h1>`` equals the rest of the title.
    """
    title = clean_text(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if headline:
        for candidate in (" ".join(parts[:-1]), " ".join(parts[1:])):
            if _alnum(candidate) == _alnum(headline):
                return clean_text(headline)
    known = {_alnum(name) for name in site_names if name and _alnum(name)}

    def is_site(segment: str) -> bool:
        key = _alnum(segment)
        if not key:
            return False
        return any(
            key == name or (len(key) >= 4 and (key in name or name in key)) for name in known
        )

    # Trailing site names first ("Headline - Site"), then leading ones ("Site | Headline").
    while len(parts) > 1 and is_site(parts[-1]):
        parts = parts[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        parts = parts[1:]
    match = list(_SEPARATORS.finditer(title))
    if len(parts) == len(match) + 1:
        return title
    # Rebuild from the original text so separators inside the headline stay as written.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


def parse(document: Document, source_name: str | None = None) -> Parsed:
    text = decode(document.content, document.charset)
    if not text.strip():
        raise ParseError(f"{document.location}: the page is empty")
    try:
        tree = lxml.html.document_fromstring(
            text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"{document.location}: not readable HTML ({exc})") from None
    meta = _meta(tree)
    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            canonical = canonical_url(link.get("href"), document.base_url)
            break
    url = (
        canonical
        or canonical_url(meta.get("og:url"), document.base_url)
        or canonical_url(document.base_url)
    )
    extracted = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if extracted is None or not (extracted.text or extracted.title):
        raise ParseError(f"{document.location}: no article text found on the page")
    h1 = next(
        (clean_text(h.text_content()) for h in tree.iter("h1") if clean_text(h.text_content())),
        None,
    )
    site = clean_text(meta.get("og:site_name") or extracted.sitename or "") or None
    host = publisher_of(url) or ""
    raw_title = (
        clean_text(tree.findtext(".//title") or "")
        or meta.get("og:title")
        or extracted.title
        or h1
        or ""
    )
    raw_title = html_to_text(raw_title)
    title = strip_site_name(raw_title, [site or "", host, host.split(".")[0]], h1)
    if not title:
        raise ParseError(f"{document.location}: the page has no title")
    paragraphs = [clean_text(line) for line in (extracted.text or "").split("\n")]
    # trafilatura repeats the <h1> as the first line of the text.
    if paragraphs and _alnum(paragraphs[0]) == _alnum(title):
        paragraphs = paragraphs[1:]
    body = clean_paragraphs("\n\n".join(p for p in paragraphs if p))
    published = None
    for key in _DATE_META:
        published = parse_date(meta.get(key.lower()))
        if published:
            break
    if published is None:
        for element in tree.iter("time"):
            published = parse_date(element.get("datetime"))
            if published:
                break
    if published is None:
        published = parse_date(extracted.date)
    description = html_to_text(
        extracted.description or meta.get("description") or meta.get("og:description")
    )
    language = (
        tree.get("lang") or extracted.language or meta.get("og:locale") or ""
    ).strip() or None
    tags = tuple(
        dict.fromkeys(t for t in (extracted.tags or []) + (extracted.categories or []) if t)
    )
    story = Story(
        title=title,
        url=url,
        guid=None,
        published=published,
        author=clean_text(extracted.author) or None,
        summary=description or (summarize(body) if body else None),
        body=body or None,
        image=canonical_url(extracted.image or meta.get("og:image"), url),
        source=source_name or site or host or document.location,
        language=language.replace("_", "-") if language else None,
        tags=tags,
    )
    return Parsed(stories=[story], title=site)
