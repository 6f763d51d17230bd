"""Markdown stories: YAML front matter (title, date, url, tags, image, summary) and a body."""

from __future__ import annotations

import re
from typing import Any

import markdown as markdown_lib
import yaml

from digest.exceptions import ParseError
from digest.models import Story
from digest.normalize import canonical_url, clean_text, decode, html_to_text, parse_date, summarize
from digest.sources.base import Document, Parsed

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise ParseError(f"{location}: the front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise ParseError(f"{location}: the front matter must be a mapping of keys to values")
    return data, text[match.end() :]


def parse(document: Document, source_name: str | None = None) -> Parsed:
    text = decode(document.content, document.charset)
    meta, body_md = split_front_matter(text, document.location)
    problems: list[str] = []
    body = html_to_text(markdown_lib.markdown(body_md)) if body_md.strip() else ""
    title = clean_text(str(meta.get("title") or ""))
    if not title:
        heading = re.search(r"^#\s+(.+)$", body_md, re.M)
        title = clean_text(heading.group(1)) if heading else ""
        if title and body.startswith(title):
            body = body[len(title) :].lstrip()
    if not title:
        raise ParseError(f"{document.location}: no title (add 'title:' to the front matter)")
    url = canonical_url(str(meta["url"]), document.base_url) if meta.get("url") else None
    if meta.get("url") and not url:
        problems.append(f"url {meta['url']!r} is not an http(s) link; dropped")
    published = parse_date(meta.get("date"))
    if meta.get("date") and published is None:
        problems.append(f"date {meta['date']!r} is not a date I can read; left empty")
    raw_tags = meta.get("tags") or []
    if isinstance(raw_tags, str):
        raw_tags = [t for t in re.split(r"[,;]", raw_tags)]
    tags = tuple(clean_text(str(tag)) for tag in raw_tags if clean_text(str(tag)))
    summary = clean_text(str(meta.get("summary") or meta.get("description") or "")) or (
        summarize(body) if body else None
    )
    story = Story(
        title=title,
        url=url,
        guid=clean_text(str(meta["id"])) if meta.get("id") else None,
        published=published,
        author=clean_text(str(meta.get("author") or "")) or None,
        summary=summary,
        body=body or None,
        image=canonical_url(str(meta["image"]), url) if meta.get("image") else None,
        source=source_name or clean_text(str(meta.get("source") or "")) or document.location,
        language=clean_text(str(meta.get("language") or meta.get("lang") or "")) or None,
        tags=tags,
    )
    return Parsed(stories=[story], problems=problems)
