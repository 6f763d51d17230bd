"""Editions: periods, the lifecycle, building the draft, and the JSON contract.

One edition per newsletter (``config.name``) per period, an ISO week such as
``2026-W12`` counted from Monday 00:00 in ``config.timezone``.

The lifecycle, enforced by ``transition``::

    draft -> approved -> sending -> sent
      |  ^      |           (sent and cancelled are final)
      |  '------'  reopen: approved -> draft
      +-> skipped -> draft (a rebuild with enough stories)
      +-> cancelled  (from draft, approved or skipped)

``build_draft`` builds or refreshes the draft and keeps every editor override
(those live in their own rows, see ``digest.curate``). Refreshing an edition
that is approved, sending, sent or cancelled does **not** change it: the
stored edition is returned as it is. A skipped edition is rebuilt, and goes
back to draft once it has enough items.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from digest.cluster import paused_gc
from digest.config import Config, cutoff_hours
from digest.exceptions import EditionError, IllegalTransitionError
from digest.models import AlsoCovered, Edition, EditionItem, EditionStatus, Section
from digest.rank import rank
from digest.store import editions as store
from digest.store.db import Database

S = EditionStatus
ALLOWED: dict[EditionStatus, frozenset[EditionStatus]] = {
    S.DRAFT: frozenset({S.APPROVED, S.SKIPPED, S.CANCELLED}),
    S.APPROVED: frozenset({S.DRAFT, S.SENDING, S.CANCELLED}),
    S.SENDING: frozenset({S.SENT}),
    S.SKIPPED: frozenset({S.DRAFT, S.CANCELLED}),
    S.SENT: frozenset(),
    S.CANCELLED: frozenset(),
}
# Statuses a rebuild may change; the others are returned untouched.
REBUILDABLE = frozenset({S.DRAFT, S.SKIPPED})
# An edition in one of these has had its turn: pending_period looks past it.
DONE = frozenset({S.SENDING, S.SENT, S.CANCELLED})

_PERIOD = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def parse_period(text: str) -> str:
    """``2026-W12`` (also ``2026W12``, ``2026-w12``) as the canonical ``2026-W12``."""
    match = _PERIOD.match(text or "")
    if not match:
        raise EditionError(f"week {text!r}: use an ISO week such as 2026-W12")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise EditionError(f"week {text!r}: {year} has no week {week}") from None
    return f"{year}-W{week:02d}"


def _cutoff(config: Config) -> dt.timedelta:
    cutoff = config.rank.cutoff
    return dt.timedelta(hours=cutoff_hours(cutoff)) if cutoff else dt.timedelta()


def period_of(config: Config, moment: dt.datetime) -> str:
    """The ISO week a moment falls in, in the newsletter's timezone (after the cut-off)."""
    year, week, _ = (moment.astimezone(config.tz) - _cutoff(config)).isocalendar()
    return f"{year}-W{week:02d}"


def current_period(config: Config, now: dt.datetime | None = None) -> str:
    return period_of(config, now or dt.datetime.now(dt.UTC))


def period_bounds(config: Config, period: str) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) in UTC: Monday 00:00 to the next Monday, local time,
    both moved by ``rank.cutoff`` when it is set."""
    year, week = (int(part) for part in parse_period(period).split("-W"))
    monday = dt.date.fromisocalendar(year, week, 1)
    shift = _cutoff(config)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=config.tz) + shift
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=config.tz) + shift
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


# --- the JSON contract -------------------------------------------------------


def item_to_json(item: EditionItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "url": item.url,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "score": item.score,
        "score_parts": dict(item.score_parts),
        "pinned": item.pinned,
        "also": [{"title": a.title, "url": a.url, "source": a.source} for a in item.also],
        "story_id": item.story_id,
        "section": item.section,
        "blurb": item.blurb,
        "image": item.image,
    }


def item_from_json(data: dict[str, Any]) -> EditionItem:
    published = data.get("published")
    return EditionItem(
        story_id=int(data["story_id"]),
        title=data["title"],
        url=data.get("url"),
        source=data.get("source", ""),
        published=dt.datetime.fromisoformat(published) if published else None,
        blurb=data.get("blurb", ""),
        image=data.get("image"),
        section=data.get("section", ""),
        score=float(data.get("score", 0.0)),
        score_parts=dict(data.get("score_parts", {})),
        pinned=bool(data.get("pinned", False)),
        also=[AlsoCovered(a["title"], a.get("url"), a.get("source", "")) for a in data["also"]],
    )


def edition_to_json(edition: Edition) -> dict[str, Any]:
    """The documented ``--json`` shape (README, "Editions: ranking and curation")."""
    return {
        "week": edition.period,
        "newsletter": edition.newsletter,
        "status": str(edition.status),
        "subject": edition.subject,
        "preheader": edition.preheader,
        "intro": edition.intro,
        "skip_reason": edition.skip_reason,
        "sections": [
            {"name": section.name, "items": [item_to_json(item) for item in section.items]}
            for section in edition.sections
        ],
        "more": [item_to_json(item) for item in edition.more],
    }


def _edition_from_record(record: store.EditionRecord) -> Edition:
    content = record.content
    return Edition(
        newsletter=record.newsletter,
        period=record.period,
        status=EditionStatus(record.status),
        subject=record.subject if record.subject is not None else content.get("subject", ""),
        preheader=(
            record.preheader if record.preheader is not None else content.get("preheader", "")
        ),
        intro=record.intro if record.intro is not None else "",
        sections=[
            Section(s["name"], [item_from_json(i) for i in s["items"]])
            for s in content.get("sections", [])
        ],
        more=[item_from_json(i) for i in content.get("more", [])],
        skip_reason=record.skip_reason,
        id=record.id,
    )


# --- building ----------------------------------------------------------------


def _subject(items: list[EditionItem]) -> str:
    if not items:
        return ""
    lead = items[0].title
    others = len(items) - 1
    return f"{lead} (and {others} more)" if others else lead


def _preheader(items: list[EditionItem]) -> str:
    return " · ".join(item.title for item in items[1:4])


def load_edition(config: Config, db: Database, period: str) -> Edition | None:
    record = store.get_edition(db, config.name, parse_period(period))
    return _edition_from_record(record) if record is not None else None


def build_draft(
    config: Config, db: Database, period: str | None = None, *, now: dt.datetime | None = None
) -> Edition:
    """Build or refresh the period's draft (default: this week) and store it.

    Overrides are kept. An edition that is approved, sending, sent or
    cancelled is returned unchanged. With fewer than ``rank.min_items`` items
    the edition is marked skipped and ``skip_reason`` says why.
    """
    period = parse_period(period) if period else current_period(config, now)
    record = store.get_edition(db, config.name, period)
    if record is not None and EditionStatus(record.status) not in REBUILDABLE:
        return _edition_from_record(record)
    record = record or store.ensure_edition(db, config.name, period, S.DRAFT)
    overrides = store.load_overrides(db, record.id)
    start, end = period_bounds(config, period)
    picked = [o.story_id for o in overrides.values() if o.pinned or o.position or o.section]
    # Tens of thousands of small objects and no reference cycles: collecting during
    # the build only rescans them (and its cost grows faster than the week's size).
    with paused_gc():
        candidates = store.load_candidates(db, config.name, start, end, include_ids=picked)
        ranked = rank(candidates, config.rank, start, end, overrides)

    chosen = [item for _, items in ranked.sections for item in items]
    if len(chosen) < config.rank.min_items:
        status = S.SKIPPED
        count = f"{len(chosen)} new stor{'y' if len(chosen) == 1 else 'ies'}"
        skip_reason = f"only {count} for {period}; an edition needs at least {config.rank.min_items} (rank.min_items)"
    else:
        status, skip_reason = S.DRAFT, None
    content = {
        "subject": _subject(chosen),
        "preheader": _preheader(chosen),
        "sections": [
            {"name": name, "items": [item_to_json(item) for item in items]}
            for name, items in ranked.sections
        ],
        "more": [item_to_json(item) for item in ranked.more],
        "cluster_ids": {str(k): v for k, v in ranked.cluster_ids.items()},
        "stats": {"candidates": len(candidates), "clusters": ranked.clusters},
    }
    store.update_edition(db, record.id, status=status, skip_reason=skip_reason, content=content)
    refreshed = store.get_edition(db, config.name, period)
    assert refreshed is not None
    return _edition_from_record(refreshed)


# --- lifecycle ---------------------------------------------------------------


def _existing(config: Config, db: Database, period: str) -> store.EditionRecord:
    period = parse_period(period)
    record = store.get_edition(db, config.name, period)
    if record is None:
        raise EditionError(
            f"there is no edition for {period} yet; build it with `digest draft --week {period}`"
        )
    return record


def transition(
    config: Config,
    db: Database,
    period: str,
    status: EditionStatus,
    reason: str | None = None,
) -> Edition:
    """Take one lifecycle step; ``IllegalTransitionError`` if it is not allowed from here.

    ``reason`` is kept as the edition's ``skip_reason`` when skipping.
    """
    record = _existing(config, db, period)
    current = EditionStatus(record.status)
    target = EditionStatus(status)
    if target not in ALLOWED[current]:
        allowed = ", ".join(sorted(ALLOWED[current])) or "nothing (it is final)"
        raise IllegalTransitionError(
            f"edition {record.period} is {current}; it cannot become {target} "
            f"(from {current} it can become: {allowed})"
        )
    if target == S.APPROVED and not _edition_from_record(record).items:
        raise EditionError(f"edition {record.period} has no items; there is nothing to approve")
    values: dict[str, Any] = {}
    if target == S.SKIPPED:
        values["skip_reason"] = reason or "skipped by the editor"
    elif target == S.DRAFT:
        values["skip_reason"] = None
    if not store.change_status(db, record.id, current, target, **values):
        raise EditionError(f"edition {record.period} changed while this step ran; try again")
    return _edition_from_record(_existing(config, db, record.period))


def mark_sent(config: Config, db: Database, period: str) -> Edition:
    """Record that the edition went out: it becomes sent and its stories never run again.

    Every story shown counts as sent, and so does every other member of its
    cluster (the "also covered by" versions): the same news must not return
    next week under another outlet's headline.
    """
    record = _existing(config, db, period)
    if EditionStatus(record.status) == S.APPROVED:
        transition(config, db, record.period, S.SENDING)
    edition = transition(config, db, record.period, S.SENT)
    clusters: dict[str, list[int]] = record.content.get("cluster_ids", {})
    ran: set[int] = set()
    for item in edition.items:
        ran.add(item.story_id)
        ran.update(clusters.get(str(item.story_id), []))
    store.record_sent(db, config.name, record.id, ran)
    return edition


def pending_period(config: Config, db: Database, now: dt.datetime | None = None) -> str | None:
    """The newest period, not after the current one, with unsent stories and no edition
    that is sending, sent or cancelled; ``None`` when there is none."""
    _, before = period_bounds(config, current_period(config, now))
    while True:
        newest = store.newest_story_date(db, config.name, before)
        if newest is None:
            return None
        period = period_of(config, newest)
        record = store.get_edition(db, config.name, period)
        if record is None or EditionStatus(record.status) not in DONE:
            return period
        before, _ = period_bounds(config, period)
