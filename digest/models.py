"""Plain value objects that flow between the pipeline's stages.

Stages never hand each other ORM rows or internals: collect produces
``Story`` values, rank produces an ``Edition``, render consumes it, and so on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class Story:
    """One story as a source gives it, normalised.

    ``url`` is the canonical URL (tracking parameters and fragment removed),
    ``published`` is timezone-aware UTC or ``None``, ``summary`` and ``body``
    are plain text (body paragraphs separated by a blank line).
    """

    title: str
    url: str | None = None
    guid: str | None = None
    published: dt.datetime | None = None
    author: str | None = None
    summary: str | None = None
    body: str | None = None
    image: str | None = None
    source: str = ""
    language: str | None = None
    tags: tuple[str, ...] = ()
    id: int | None = None

    @property
    def key(self) -> str:
        """The identity used for dedup: canonical URL first, then GUID, then title."""
        return self.url or (f"guid:{self.guid}" if self.guid else f"title:{self.title}")

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "published": _iso(self.published),
            "author": self.author,
            "summary": self.summary,
            "body": self.body,
            "image": self.image,
            "source": self.source,
            "guid": self.guid,
            "language": self.language,
            "tags": list(self.tags),
        }


class EditionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class AlsoCovered:
    """Another source's version of the same news, shown as "also covered by"."""

    title: str
    url: str | None
    source: str


@dataclass(slots=True)
class EditionItem:
    """One story in an edition, after ranking and the editor's overrides."""

    story_id: int
    title: str
    url: str | None
    source: str
    published: dt.datetime | None = None
    blurb: str = ""
    image: str | None = None
    section: str = ""
    score: float = 0.0
    score_parts: dict[str, float] = field(default_factory=dict)
    pinned: bool = False
    also: list[AlsoCovered] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    name: str
    items: list[EditionItem] = field(default_factory=list)


@dataclass(slots=True)
class Edition:
    """A newsletter issue for one period (an ISO week such as ``2026-W12``)."""

    newsletter: str
    period: str
    status: EditionStatus = EditionStatus.DRAFT
    subject: str = ""
    preheader: str = ""
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    more: list[EditionItem] = field(default_factory=list)
    skip_reason: str | None = None
    id: int | None = None

    @property
    def items(self) -> list[EditionItem]:
        return [item for section in self.sections for item in section.items]


class SubscriberStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"
    COMPLAINED = "complained"


# Statuses that mean "this person left": never emailed, never re-added by accident.
LEFT_STATUSES = frozenset(
    {SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED}
)


@dataclass(slots=True)
class Subscriber:
    """One person on the list.

    ``email`` is normalised (trimmed, domain lower-cased); ``topics`` are the
    sections they want (empty means all); ``uid`` is the random, stable id that
    signed links carry instead of the address or the row id.
    """

    email: str
    name: str = ""
    topics: tuple[str, ...] = ()
    timezone: str | None = None
    status: SubscriberStatus = SubscriberStatus.PENDING
    id: int | None = None
    uid: str | None = None
    status_reason: str | None = None
    status_changed_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    confirmed_at: dt.datetime | None = None
    paused_until: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "topics": list(self.topics),
            "timezone": self.timezone,
            "status": str(self.status),
            "status_reason": self.status_reason,
            "status_changed_at": _iso(self.status_changed_at),
            "created_at": _iso(self.created_at),
            "confirmed_at": _iso(self.confirmed_at),
            "paused_until": _iso(self.paused_until),
        }


@dataclass(frozen=True, slots=True)
class SubscriberEvent:
    """One line of a subscriber's audit trail: what changed, when and why."""

    at: dt.datetime
    kind: str
    from_status: str | None
    to_status: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": _iso(self.at),
            "kind": self.kind,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "reason": self.reason,
        }
