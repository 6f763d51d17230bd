"""Turning what sources give into clean values: URLs, text, dates, charsets.

Pure functions, no I/O. Everything that reaches the store or an email passes
through here, so this is where hostile input is defused: only http(s) links
survive, markup is reduced to text, dates become timezone-aware UTC.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from dateutil import parser as date_parser
from lxml import etree

# Query parameters that only track the reader; the same story with different
# values is still the same story.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "ref_src",
        "ncid",
        "spm",
    }
)
_WS = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
    "dl",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL without tracking parameters or fragment, or ``None``.

    ``javascript:``, ``data:``, ``mailto:`` and anything else that is not
    http(s) gives ``None``: such links are dropped, never shown.
    """
    if not url:
        return None
    url = _CONTROL.sub("", url).strip()
    # Browsers ignore whitespace inside a scheme; so must we, or "java\tscript:" slips by.
    if re.match(r"^[a-z\s]+:", url, re.I) and not re.match(
        r"^https?:", re.sub(r"\s", "", url), re.I
    ):
        return None
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def publisher_of(url: str | None) -> str | None:
    """The site a story belongs to: the host without ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def clean_text(value: str | None) -> str:
    """One line of text: entities decoded, control characters gone, spaces folded."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", html.unescape(value))
    value = _CONTROL.sub("", value)
    return _WS.sub(" ", value.replace("\r", " ").replace("\n", " ")).strip()


def clean_paragraphs(value: str | None) -> str:
    """Text whose paragraphs are separated by exactly one blank line."""
    if not value:
        return ""
    value = _CONTROL.sub(
        "", unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    )
    blocks = re.split(r"\n\s*\n", value)
    paragraphs = [_WS.sub(" ", re.sub(r"\s*\n\s*", " ", block)).strip() for block in blocks]
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(markup: str | None) -> str:
    """Markup reduced to safe plain text, paragraphs separated by a blank line.

    Scripts, styles and forms are dropped with their content; everything else
    keeps its text. Text that is not markup passes through unchanged.
    """
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return clean_paragraphs(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_paragraphs(re.sub(r"<[^>]*>", " ", markup))
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    chunks: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            chunks.append("\n\n")
        if element.text and tag:
            chunks.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                chunks.append(child.tail)
        if tag in _BLOCK_TAGS:
            chunks.append("\n\n")

    walk(root)
    return clean_paragraphs("".join(chunks))


def summarize(text: str, limit: int = 400) -> str:
    """The first paragraph, cut at a word boundary near ``limit`` characters."""
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def to_utc(value: dt.datetime | None, default_tz: dt.tzinfo = dt.UTC) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    return value.astimezone(dt.UTC)


def parse_date(value: object, default_tz: dt.tzinfo = dt.UTC) -> dt.datetime | None:
    """Any date we meet (datetime, date, struct_time, ISO or RFC 822 text) as aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return to_utc(value, default_tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=default_tz).astimezone(dt.UTC)
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser, already UTC
        try:
            return dt.datetime(*value[:6], tzinfo=dt.UTC)  # type: ignore[index]
        except (ValueError, TypeError):
            return None
    if isinstance(value, str):
        try:
            parsed = date_parser.parse(value.strip(), fuzzy=False)
        except (ValueError, OverflowError, date_parser.ParserError):
            return None
        if not 1990 <= parsed.year <= 2200:
            return None
        return to_utc(parsed, default_tz)
    return None


def sniff_charset(content: bytes, declared: str | None = None) -> str | None:
    """The charset a document declares: BOM, then the HTTP header, then meta / XML declaration."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if declared and _known_codec(declared):
        return declared
    head = content[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match:
        name = match.group(1).decode("ascii", "ignore")
        if _known_codec(name):
            return name
    return None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def decode(content: bytes, declared: str | None = None) -> str:
    """Bytes to text without ever failing: declared charset, UTF-8, a guess, then cp1252.

    A page with no charset that is not UTF-8 is most often Windows-1252;
    charset_normalizer (a trafilatura dependency) makes the guess when present.
    """
    charset = sniff_charset(content, declared)
    if charset:
        try:
            return content.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(content[:200_000]).best()
        if best is not None and best.encoding:
            return content.decode(best.encoding, errors="replace")
    except ImportError:
        pass
    return content.decode("cp1252", errors="replace")
