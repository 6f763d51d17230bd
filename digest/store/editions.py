"""Editions, editor overrides and sent stories: the only SQL for them.

The built edition is kept as JSON (``content``) beside the columns that the
lifecycle and the editor change (status, subject, preheader, intro). Overrides
live in their own rows, one per story, so a rebuild can never lose them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, and_, func, or_, select, type_coerce

from digest.normalize import canonical_url
from digest.rank import Candidate, Override
from digest.store.db import Database
from digest.store.tables import (
    UTCDateTime,
    edition_overrides,
    editions,
    sent_stories,
    stories,
)

# How much of a story's text ranking reads: enough for the lede and a blurb.
_TEXT_CHARS = 320


@dataclass(slots=True)
class EditionRecord:
    id: int
    newsletter: str
    period: str
    status: str
    subject: str | None
    preheader: str | None
    intro: str | None
    skip_reason: str | None
    content: dict[str, Any]
    updated_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _when() -> Any:
    # A story without a date counts from when we first saw it.
    return func.coalesce(stories.c.published_at, stories.c.first_seen_at)


def _not_sent(newsletter: str) -> Any:
    already = select(sent_stories.c.story_id).where(sent_stories.c.newsletter == newsletter)
    return stories.c.id.not_in(already)


_CANDIDATE_COLUMNS = (
    stories.c.id,
    stories.c.title,
    stories.c.url,
    stories.c.source_name,
    type_coerce(_when(), UTCDateTime).label("published"),
    func.substr(func.coalesce(stories.c.summary, ""), 1, _TEXT_CHARS).label("summary"),
    func.substr(func.coalesce(stories.c.body, ""), 1, _TEXT_CHARS).label("lede"),
    func.length(func.coalesce(stories.c.body, "")).label("body_length"),
    stories.c.image,
    # Raw JSON text: tag lists repeat (a feed's categories), so each is decoded once.
    type_coerce(stories.c.tags, Text).label("tags"),
    stories.c.weight,
)


def load_candidates(
    database: Database,
    newsletter: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    include_ids: Iterable[int] = (),
) -> list[Candidate]:
    """Unsent stories dated in [start, end), plus ``include_ids`` (the editor's picks)."""
    extra = sorted(set(include_ids))
    in_period = and_(_when() >= start, _when() < end)
    condition = or_(in_period, stories.c.id.in_(extra)) if extra else in_period
    query = (
        select(*_CANDIDATE_COLUMNS).where(condition, _not_sent(newsletter)).order_by(stories.c.id)
    )
    with database.engine.connect() as connection:
        rows = connection.execute(query).all()
    decoded: dict[str | None, tuple[str, ...]] = {None: ()}

    def tags_of(raw: str | None) -> tuple[str, ...]:
        if raw not in decoded:
            decoded[raw] = tuple(json.loads(raw) or ())
        return decoded[raw]

    return [
        Candidate(
            id=row.id,
            title=row.title,
            url=row.url,
            source=row.source_name,
            published=row.published,
            lede=row.lede,
            summary=row.summary,
            image=row.image,
            body_length=row.body_length or 0,
            tags=tags_of(row.tags),
            weight=row.weight,
        )
        for row in rows
    ]


def count_candidates(
    database: Database, newsletter: str, start: dt.datetime, end: dt.datetime
) -> int:
    query = (
        select(func.count())
        .select_from(stories)
        .where(_when() >= start, _when() < end, _not_sent(newsletter))
    )
    with database.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def newest_story_date(
    database: Database, newsletter: str, before: dt.datetime
) -> dt.datetime | None:
    """When the newest unsent story dated before ``before`` was published."""
    column = func.max(_when())
    query = select(column).where(_when() < before, _not_sent(newsletter))
    with database.engine.connect() as connection:
        value = connection.execute(query).scalar_one_or_none()
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back aggregates of datetimes as text
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _record(row: Any) -> EditionRecord:
    return EditionRecord(
        id=row.id,
        newsletter=row.newsletter,
        period=row.period,
        status=row.status,
        subject=row.subject,
        preheader=row.preheader,
        intro=row.intro,
        skip_reason=row.skip_reason,
        content=row.content or {},
        updated_at=row.updated_at,
    )


def get_edition(database: Database, newsletter: str, period: str) -> EditionRecord | None:
    query = select(editions).where(editions.c.newsletter == newsletter, editions.c.period == period)
    with database.engine.connect() as connection:
        row = connection.execute(query).first()
    return _record(row) if row is not None else None


def list_editions(database: Database, newsletter: str) -> list[EditionRecord]:
    query = select(editions).where(editions.c.newsletter == newsletter).order_by(editions.c.period)
    with database.engine.connect() as connection:
        return [_record(row) for row in connection.execute(query)]


def ensure_edition(database: Database, newsletter: str, period: str, status: str) -> EditionRecord:
    """The edition row for the period, created empty when missing."""
    existing = get_edition(database, newsletter, period)
    if existing is not None:
        return existing
    now = _now()
    with database.engine.begin() as connection:
        connection.execute(
            editions.insert().values(
                newsletter=newsletter,
                period=period,
                status=status,
                content={},
                created_at=now,
                updated_at=now,
            )
        )
    record = get_edition(database, newsletter, period)
    assert record is not None
    return record


def update_edition(database: Database, edition_id: int, **values: Any) -> None:
    """Change columns of one edition (status, content, skip_reason, subject, ...)."""
    with database.engine.begin() as connection:
        connection.execute(
            editions.update().where(editions.c.id == edition_id).values(updated_at=_now(), **values)
        )


def change_status(
    database: Database, edition_id: int, expected: str, status: str, **values: Any
) -> bool:
    """Move to ``status`` only if the edition is still in ``expected``; False if it was not.

    The check and the change are one UPDATE, so two processes cannot both take
    the same step (say, both start sending).
    """
    with database.engine.begin() as connection:
        result = connection.execute(
            editions.update()
            .where(editions.c.id == edition_id, editions.c.status == expected)
            .values(status=status, updated_at=_now(), **values)
        )
    return result.rowcount == 1


def load_overrides(database: Database, edition_id: int) -> dict[int, Override]:
    query = select(edition_overrides).where(edition_overrides.c.edition_id == edition_id)
    with database.engine.connect() as connection:
        return {
            row.story_id: Override(
                story_id=row.story_id,
                pinned=row.pinned,
                position=row.position,
                dropped=row.dropped,
                section=row.section,
                title=row.title,
                blurb=row.blurb,
                boost=row.boost,
            )
            for row in connection.execute(query)
        }


_OVERRIDE_FIELDS = ("pinned", "position", "dropped", "section", "title", "blurb", "boost")


def save_override(database: Database, edition_id: int, override: Override) -> None:
    values = {name: getattr(override, name) for name in _OVERRIDE_FIELDS}
    with database.engine.begin() as connection:
        existing = connection.execute(
            select(edition_overrides.c.id).where(
                edition_overrides.c.edition_id == edition_id,
                edition_overrides.c.story_id == override.story_id,
            )
        ).first()
        if existing is None:
            connection.execute(
                edition_overrides.insert().values(
                    edition_id=edition_id, story_id=override.story_id, updated_at=_now(), **values
                )
            )
        else:
            connection.execute(
                edition_overrides.update()
                .where(edition_overrides.c.id == existing.id)
                .values(updated_at=_now(), **values)
            )


def delete_overrides(database: Database, edition_id: int, story_id: int | None = None) -> int:
    """Forget the editor's decisions on one story, or on all of them; returns how many."""
    statement = edition_overrides.delete().where(edition_overrides.c.edition_id == edition_id)
    if story_id is not None:
        statement = statement.where(edition_overrides.c.story_id == story_id)
    with database.engine.begin() as connection:
        return connection.execute(statement).rowcount


def record_sent(
    database: Database, newsletter: str, edition_id: int, story_ids: Iterable[int]
) -> None:
    """Remember that these stories ran in this newsletter (already recorded ones are kept)."""
    rows = [
        {"newsletter": newsletter, "story_id": story_id, "edition_id": edition_id}
        for story_id in sorted(set(story_ids))
    ]
    with database.engine.begin() as connection:
        existing = _sent_ids(connection, newsletter, [r["story_id"] for r in rows])
        fresh = [r for r in rows if r["story_id"] not in existing]
        if fresh:
            connection.execute(sent_stories.insert(), fresh)


def _sent_ids(connection: Connection, newsletter: str, story_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(story_ids), 400):
        query = select(sent_stories.c.story_id).where(
            sent_stories.c.newsletter == newsletter,
            sent_stories.c.story_id.in_(story_ids[start : start + 400]),
        )
        found.update(connection.execute(query).scalars())
    return found


def was_sent(database: Database, newsletter: str, story_id: int) -> bool:
    with database.engine.connect() as connection:
        return bool(_sent_ids(connection, newsletter, [story_id]))


def find_story(database: Database, reference: str) -> tuple[int, str] | None:
    """A story by id (digits) or by URL (canonicalised as collect stores it): (id, title)."""
    reference = reference.strip()
    if reference.isdigit():
        condition = stories.c.id == int(reference)
    else:
        url = canonical_url(reference) or reference
        condition = or_(
            stories.c.key == url,
            stories.c.key == reference,
            stories.c.url == url,
            stories.c.url == reference,
        )
    with database.engine.connect() as connection:
        row = connection.execute(
            select(stories.c.id, stories.c.title).where(condition).order_by(stories.c.id)
        ).first()
    return (row.id, row.title) if row is not None else None
