"""Extract an article from a web page saved as plain text ("save as text" / copy-paste).

Pure and deterministic: no I/O, no network. Site furniture (menus, cookie banners, share
buttons, "related" lists, comment forms, footers) is left out using general signals only:
sentence shape, line length, position, runs of short lines and a multilingual list of
boilerplate phrases. The body is the densest run of prose (a max-subarray over lines);
the headline, standfirst, date and byline are looked for just above it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from digest.sources import _text_furniture as F

__all__ = ["TextArticle", "extract_article"]


@dataclass(frozen=True)
class TextArticle:
    title: str  # the headline alone
    standfirst: str | None  # the dek / summary line under the headline, if any
    published: datetime.date | None
    author: str | None  # if a byline like "By Jane Doe" is found, else None
    paragraphs: list[str]  # article body paragraphs, whitespace-normalised, in order


# Line kinds. HARD boilerplate and date/byline lines split prose runs; SOFT lines (ads,
# captions, inline promos) may sit inside the body but are never output.
PROSE, SHORT, SOFT, HARD, DATE, BYLINE = "prose", "short", "soft", "hard", "date", "byline"


# "Read also"-style promos: inline ("Read more: <headline>") they are dropped from the body;
# bare ("Lire aussi" on its own line) they are a promo only if prose resumes right after.
_INLINE_PROMO = re.compile(rf"^(?:{F.READ_ALSO})\s*[:：>»|–—-]\s*\S", re.I)
_BARE_PROMO = re.compile(rf"^(?:{F.READ_ALSO})\s*[:：>»…]?$", re.I)
_CAPTION = re.compile(
    r"^(?:photo|foto|image|picture|pic|bild|illustration|video|credit|crédit|crédits|"
    r"source|quelle|fuente)s?\s*(?:[:©/|]|credit\b)|getty images|\bafp photo\b",
    re.I,
)
# A credit anywhere in a short line ("... at dusk. Photograph: J. Smith") marks a caption.
_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?|picture|image|foto|bild|crédit photo|credit)s?\s*:\s*"
    r"[\w©]|\((?:photo|foto)\b|©\s*\w",
    re.I,
)

_MONTH = "|".join(sorted(F.MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 20 March 2026 / 20. März 2026 / 20 mars 2026 / 20 de marzo de 2026 / 1er mars 2026
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<m>{_MONTH})\b\.?,?"
        rf"\s+(?:de\s+|del\s+)?(?P<y>\d{{4}})(?!\d)",
        re.I,
    ),
    # March 20, 2026 / Mar. 20 2026
    re.compile(
        rf"\b(?P<m>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I
    ),
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),  # 2026-03-20
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)"),  # 20.03.2026
    # 20/03/2026: read day-first (most of the world); month-first only if day-first is invalid.
    re.compile(r"(?<!\d)(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?!\d)"),
)
_UPDATED = re.compile(
    r"updated|modified|aktualisiert|geändert|mis à jour|modifié|actualizado|"
    r"modificado|stand:",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}(?:[:h.]\d{2})(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)?", re.I)
_NAME_TOKEN = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|van|von|der|den|de|da|di|del|du|la|le|dos|y|and|und|et|&)"
_BYLINE = re.compile(
    r"^(?i:(?:written|posted|reported|words)\s+by|by|von|par|por|author|autor|autorin|auteur|"
    rf"auteure|text|texte|texto)\s*[:–-]?\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+{_NAME_TOKEN}){{0,5}})"
    r"\s*(?:$|[|,·•–—(/]|\s-\s|\s(?i:on|am|le|el|the)\s)"
)
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[•·▪►>*])\s*")


@dataclass
class _Line:
    text: str
    kind: str
    date: datetime.date | None = None
    updated: bool = False
    author: str | None = None


def _norm(s: str) -> str:
    """Lower-case, straight apostrophes, no surrounding punctuation/bullets: for phrase lookup."""
    s = s.lower().replace("’", "'").replace("\u00ad", "")
    return " ".join(re.sub(r"^[\W_]+|[\W_]+$", "", s).split())


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _lower_share(words: list[str]) -> float:
    return sum(w[0].islower() for w in words) / len(words) if words else 0.0


def _is_prose(s: str) -> bool:
    """A sentence-shaped line: ends like a sentence and is not a Title Case link."""
    words = _words(s)
    if _LIST_ITEM.match(s) and len(words) < 12:  # numbered / bulleted link lists
        return False
    if _TERMINAL.search(s) or (s.endswith(":") and len(words) >= 6):
        return len(words) >= 2 and (len(words) < 4 or _lower_share(words) >= 0.25)
    # A long sentence-case line is a paragraph even without final punctuation.
    return len(words) >= 20 and _lower_share(words) >= 0.4


def _boilerplate(s: str) -> str | None:
    n = _norm(s)
    if not n:
        return HARD  # a line of only symbols (separators, icons)
    if n in F.SOFT_LABELS or _CAPTION.search(s) or _INLINE_PROMO.match(n):
        return SOFT
    core = re.sub(r"^\d+\s+|\s*\(?\d+\)?$", "", n)  # "3 Comments", "Comments (3)"
    if n in F.HARD_LABELS or core in F.HARD_LABELS:
        return HARD
    raw = " ".join(s.lower().replace("’", "'").split())  # keeps a leading "©"
    if len(n.split()) <= 15 and (n.startswith(F.HARD_PREFIXES) or raw.startswith(F.HARD_PREFIXES)):
        return HARD
    if any(p in n for p in F.HARD_CONTAINS):
        return HARD
    return SOFT if len(n.split()) <= 30 and _CREDIT.search(s) else None


def _parse_dates(s: str) -> list[tuple[int, datetime.date]]:
    """All dates in a line as (start offset, date), in order of appearance."""
    found: list[tuple[int, datetime.date]] = []
    taken: list[tuple[int, int]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            month = m.group("m")
            mon = int(month) if month.isdigit() else F.MONTHS[month.lower()]
            day, year = int(m.group("d")), int(m.group("y"))
            for d, mo in ((day, mon), (mon, day)) if "/" in m.group(0) else ((day, mon),):
                try:
                    found.append((m.start(), datetime.date(year, mo, d)))
                    taken.append(m.span())
                    break
                except ValueError:
                    continue
    return sorted(found, key=lambda t: t[0])


def _byline(s: str) -> str | None:
    m = _BYLINE.match(s)
    if not m or len(_words(s)) > 14:
        return None
    name = m.group("name").strip(" .-")
    words = name.split()
    # Drop trailing particles picked up before a separator ("By Jane Doe and").
    while words and words[-1].lower() in {"and", "und", "et", "y", "&", "de", "von", "van"}:
        words.pop()
    if not words or words[0].lower().strip(".,") in F.WEEKDAYS or words[0].lower() in F.MONTHS:
        return None
    return " ".join(words)


def _classify(text: str) -> _Line:
    line = _Line(text, SHORT)
    if (bp := _boilerplate(text)) is not None:
        line.kind = bp
        return line
    prose = _is_prose(text)
    if not prose or len(_words(text)) <= 14:
        line.author = _byline(text)
        dates = _parse_dates(text)
        if dates:
            rest = text
            for pat in (*_DATE_PATTERNS, _TIME, _BYLINE):
                rest = pat.sub(" ", rest)
            # A dateline carries at most one stray word besides the date vocabulary.
            if sum(w.lower() not in F.DATE_WORDS for w in _words(rest)) <= 1:
                line.kind = DATE
                # Prefer a date that is not introduced by "Updated" on the same line.
                prev_end, chosen = 0, None
                for start, d in dates:
                    upd = bool(_UPDATED.search(text[prev_end:start]))
                    if chosen is None or (chosen[1] and not upd):
                        chosen = (d, upd)
                    prev_end = start
                line.date, line.updated = chosen if chosen else (None, False)
                return line
        if line.author:
            line.kind = BYLINE
            return line
    line.kind = PROSE if prose else SHORT
    return line


def _split_lines(text: str) -> list[str]:
    """Normalise whitespace and re-join paragraphs that were hard-wrapped across lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    out: list[str] = []
    joinable = False  # previous line belongs to the same block and can be continued
    for raw in text.split("\n"):
        s = " ".join(raw.split())  # also turns NBSP and tabs into plain spaces
        if not s:
            joinable = False
            continue
        # A lower-case start right after an unfinished long line is the same paragraph.
        if joinable and s[0].islower() and not _TERMINAL.search(out[-1]):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
        joinable = len(_words(out[-1])) >= 8
    return out


def _mark_bare_promos(lines: list[_Line]) -> None:
    """A bare "Read also" followed by one or two link lines and then real prose is a promo
    inside the article (soft); otherwise it heads a related-links block (hard)."""
    for i, line in enumerate(lines):
        if not _BARE_PROMO.match(_norm(line.text)):
            continue
        line.kind = HARD
        for j in range(i + 1, min(i + 4, len(lines))):
            nxt = lines[j]
            if nxt.kind == PROSE:
                if j > i + 1 and len(_words(nxt.text)) >= 15:
                    for k in range(i, j):
                        lines[k].kind = SOFT
                break
            if nxt.kind != SHORT:
                break


def _comment_marker(s: str) -> bool:
    return re.sub(r"^\d+\s+|\s*\(?\d+\)?$", "", _norm(s)) in F.COMMENT_MARKERS


def _best_run(lines: list[_Line]) -> tuple[int, int] | None:
    """Max-subarray over lines: prose earns its length, other lines cost a little, and
    hard furniture, datelines and bylines end a run outright."""
    best: tuple[int, int, int] | None = None
    score, start = 0, -1
    for i, line in enumerate(lines):
        # Readers' comments can out-talk the article; once an article exists, stop there.
        if best is not None and best[0] >= 200 and _comment_marker(line.text):
            break
        if line.kind in (HARD, DATE, BYLINE):
            score, start = 0, -1
            continue
        if line.kind == PROSE:
            if start < 0:
                start, score = i, 0
            score += len(line.text)
            if best is None or score > best[0]:
                best = (score, start, i)
        elif start >= 0:
            score -= 50 if line.kind == SHORT else 10
            if score <= 0:
                score, start = 0, -1
    return (best[1], best[2]) if best else None


def _title_like(line: _Line) -> bool:
    s = line.text
    n = len(_words(s))
    return (
        line.kind == SHORT
        and 3 <= n <= 20
        and len(s) <= 200
        and not s.endswith((".", ":"))
        and not _LIST_ITEM.match(s)
        and (s[0].isupper() or s[0].isdigit() or s[0] in "\"'“«¿¡")
    )


def _dek_like(line: _Line) -> bool:
    words = _words(line.text)
    return line.kind in (PROSE, SHORT) and len(words) >= 8 and _lower_share(words) >= 0.4


def _strip_site(title: str) -> str:
    """'Headline | Site' / 'Headline - Site' -> 'Headline'; also 'Site | Headline'."""
    seps = list(_SITE_SEPARATOR.finditer(title))
    if not seps:
        return title

    def site_like(part: str) -> bool:  # a short, capitalised name ("The County Post")
        words = _words(part)
        return 0 < len(words) <= 4 and _lower_share(words) <= 0.34

    head, last = title[: seps[-1].start()], title[seps[-1].end() :]
    if site_like(last) and len(_words(head)) >= 3:
        return head
    first, tail = title[: seps[0].start()], title[seps[0].end() :]
    if "|" in seps[0].group() and site_like(first) and len(_words(tail)) >= 3:
        return tail
    return title


def _menu_member(lines: list[_Line], i: int) -> bool:
    """Part of a run of >= 3 consecutive short lines (navigation), and short itself."""

    def short(j: int) -> bool:
        return lines[j].kind in (SHORT, HARD) and len(_words(lines[j].text)) <= 4

    if not short(i):
        return False
    lo = hi = i
    while lo > 0 and short(lo - 1):
        lo -= 1
    while hi + 1 < len(lines) and short(hi + 1):
        hi += 1
    return hi - lo + 1 >= 3


def _find_headline(lines: list[_Line], body_start: int) -> tuple[int | None, int | None]:
    """Walk up from the body over datelines, bylines, furniture and one standfirst to the
    headline. Returns (headline index, standfirst index)."""
    standfirst: int | None = None
    menu_fallback: int | None = None
    for i in range(body_start - 1, max(-1, body_start - 13), -1):
        line = lines[i]
        if _title_like(line):
            if _menu_member(lines, i):
                menu_fallback = i if menu_fallback is None else menu_fallback
                continue
            prev = next((j for j in range(i - 1, -1, -1) if lines[j].kind != SOFT), None)
            # Headline directly over an unpunctuated dek: the longer, sentence-case one is the dek.
            if (
                prev is not None
                and standfirst is None
                and _title_like(lines[prev])
                and len(_words(lines[prev].text)) >= 4
                and _dek_like(line)
                and len(line.text) > len(lines[prev].text)
            ):
                return prev, i
            return i, standfirst
        if line.kind == PROSE:
            if standfirst is not None:
                break
            standfirst = i
    # No clean headline: a "Headline | Site" window title near the top, then a menu-like one.
    for i, line in enumerate(lines[: min(body_start, 6)]):
        if _title_like(line) and _strip_site(line.text) != line.text:
            return i, standfirst
    if menu_fallback is not None:
        return menu_fallback, standfirst
    for i in range(body_start - 1, -1, -1):
        if _title_like(lines[i]):
            return i, None
    return None, None


def extract_article(text: str) -> TextArticle:
    """Pull the article (headline, standfirst, date, byline, body) out of a saved text page.

    Raises ValueError("no article text found") when there is no run of prose to call a body.
    """
    lines = [_classify(s) for s in _split_lines(text or "")]
    _mark_bare_promos(lines)
    run = _best_run(lines)
    if run is None:
        raise ValueError("no article text found")
    start, end = run
    paragraphs = [ln.text for ln in lines[start : end + 1] if ln.kind == PROSE]
    if sum(len(_words(p)) for p in paragraphs) < 12:
        raise ValueError("no article text found")

    head, dek = _find_headline(lines, start)
    if head is None:
        # No headline at all: fall back to the body's first sentence, shortened.
        first = re.split(r"(?<=[.!?])\s", paragraphs[0], maxsplit=1)[0]
        title = " ".join(first.split()[:14]).rstrip(".")
    else:
        title = _strip_site(lines[head].text)
    if dek is None and head is not None:
        dek = next(
            (
                j
                for j in range(head + 1, start)
                if lines[j].kind == PROSE or (_dek_like(lines[j]) and lines[j].kind == SHORT)
            ),
            None,
        )

    # Header zone: between headline and body, plus a few lines above the headline and
    # just after the body (some sites put the date or byline there).
    top = head if head is not None else start
    zone = [
        *range(top + 1, start),
        *range(max(0, top - 3), top),
        *range(end + 1, min(len(lines), end + 4)),
    ]
    dated = [lines[j] for j in zone if lines[j].kind == DATE and lines[j].date]
    pick = next((ln for ln in dated if not ln.updated), dated[0] if dated else None)
    author = next((lines[j].author for j in zone if lines[j].author), None)
    return TextArticle(
        title=title,
        standfirst=lines[dek].text if dek is not None else None,
        published=pick.date if pick else None,
        author=author,
        paragraphs=paragraphs,
    )
