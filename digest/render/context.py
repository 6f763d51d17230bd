"""From an Edition to what the templates see: plain dicts of display-ready, safe values.

Every URL passes ``safe_url`` here, so templates only ever see http(s) links and images.
Text stays text: the MJML templates escape it (autoescape), and story text is never template
source, so ``{{ 7*7 }}`` in a title is shown as typed.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from digest.config import Config
from digest.models import Edition, EditionItem
from digest.render.safety import add_utm, safe_url

# The light palette keeps at least 4.5:1 contrast, and so does its inversion, which is what
# clients that force a dark mode do; the dark palette is for clients that honour the
# prefers-color-scheme media query.
PALETTE = {
    "text": "#1f2328",
    "muted": "#59636e",
    "background": "#f2f4f7",
    "card": "#ffffff",
    "rule": "#d8dee4",
    "dark_bg": "#0d1117",
    "dark_card": "#161b22",
    "dark_text": "#e6edf3",
    "dark_muted": "#9198a1",
    "dark_accent": "#79b8ff",
}

_PERIOD = re.compile(r"^(\d{4})-W(\d{2})$")


def select_variant(edition: Edition, topics: Iterable[str] | None) -> Edition:
    """A copy of the edition with only the sections named in ``topics`` (empty: all of them).

    Topics match section names without regard to case; "more this week" keeps the runners-up
    of the chosen sections and those that belong to no section.
    """
    variant = copy.deepcopy(edition)
    wanted = {topic.casefold() for topic in topics or ()}
    if not wanted:
        return variant
    variant.sections = [s for s in variant.sections if s.name.casefold() in wanted]
    variant.more = [i for i in variant.more if not i.section or i.section.casefold() in wanted]
    return variant


def period_label(period: str) -> str:
    """``2026-W47`` -> ``Week 47 · 16–22 Nov 2026``; other periods are shown as they are."""
    match = _PERIOD.match(period)
    if not match:
        return period
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return period
    sunday = monday + dt.timedelta(days=6)
    if monday.month == sunday.month:
        span = f"{monday.day}–{sunday.day} {sunday:%b %Y}"
    elif monday.year == sunday.year:
        span = f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
    else:
        span = f"{monday.day} {monday:%b %Y} – {sunday.day} {sunday:%b %Y}"
    return f"Week {week} · {span}"


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


class ContextBuilder:
    """Builds template contexts for one config; per-edition values are computed per call."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.render = config.render

    def _link(self, url: str | None, campaign: str) -> str | None:
        url = safe_url(url)
        if url is not None and self.render.utm:
            url = add_utm(url, self.render.utm_source, self.render.utm_medium, campaign)
        return url

    def _date(self, published: dt.datetime | None) -> str:
        if published is None:
            return ""
        local = published.astimezone(self.config.tz) if published.tzinfo else published
        return f"{local.day} {local:%b %Y}"

    def story(self, item: EditionItem, campaign: str, blurb_chars: int) -> dict[str, Any]:
        return {
            "title": " ".join(item.title.split()),
            "url": self._link(item.url, campaign),
            "blurb": shorten(item.blurb, blurb_chars) if item.blurb else "",
            "image": safe_url(item.image),
            "image_alt": " ".join(item.title.split()),
            "source": item.source,
            "date": self._date(item.published),
            "section": item.section,
            "also": [
                {
                    "title": other.title,
                    "url": self._link(other.url, campaign),
                    "source": other.source,
                }
                for other in item.also
            ],
        }

    def build(
        self, edition: Edition, recipient: Mapping[str, str], blurb_chars: int | None = None
    ) -> dict[str, Any]:
        limit = blurb_chars or self.render.blurb_chars
        campaign = self.render.utm_campaign or edition.period
        name = edition.newsletter or self.config.name
        label = period_label(edition.period)
        sections = [
            {
                "name": section.name,
                "stories": [self.story(item, campaign, limit) for item in section.items],
            }
            for section in edition.sections
            if section.items
        ]
        titles = [story["title"] for section in sections for story in section["stories"]]
        preheader = edition.preheader or ("This week: " + "; ".join(titles[:3]) if titles else "")
        return {
            "newsletter": name,
            "period": edition.period,
            "period_label": label,
            "subject": edition.subject or f"{name}: {label}",
            "preheader": preheader,
            "intro": paragraphs(edition.intro),
            "sections": sections,
            "more": [self.story(item, campaign, limit) for item in edition.more],
            "recipient": dict(recipient),
            "footer": {
                "reason": self.render.reason.replace("{name}", name),
                "sender_address": self.render.sender_address,
            },
            "theme": {
                **PALETTE,
                "accent": self.render.accent_color,
                "logo_url": safe_url(self.render.logo_url),
                "language": self.render.language,
            },
        }
