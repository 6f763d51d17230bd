"""Sources' fetch state and the stories they gave: the only SQL for them.

Saving is idempotent. A story is the same story when its canonical URL or its
GUID matches a stored row; seen again it updates that row (when its content
changed) instead of adding one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Row, or_, select

from digest.models import Story
from digest.store.db import Database
from digest.store.tables import sources, stories


@dataclass(frozen=True, slots=True)
class SourceState:
    """What we remember of a source between runs, for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class SaveCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: SaveCounts) -> SaveCounts:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def content_hash(story: Story) -> str:
    payload = json.dumps(
        [
            story.title,
            story.url,
            story.guid,
            story.author,
            story.summary,
            story.body,
            story.image,
            story.language,
            list(story.tags),
            story.published and story.published.isoformat(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _ensure_source(connection: Connection, name: str, location: str, kind: str | None) -> int:
    row = connection.execute(select(sources.c.id).where(sources.c.name == name)).first()
    if row is not None:
        connection.execute(
            sources.update().where(sources.c.id == row.id).values(location=location, kind=kind)
        )
        return int(row.id)
    result = connection.execute(
        sources.insert().values(name=name, location=location, kind=kind, created_at=_now())
    )
    return int(result.inserted_primary_key[0])


def source_state(database: Database, name: str, location: str) -> SourceState:
    """The validators from the last successful fetch of this source at this location."""
    with database.engine.connect() as connection:
        row = connection.execute(
            select(sources.c.etag, sources.c.last_modified, sources.c.location).where(
                sources.c.name == name
            )
        ).first()
    if row is None or row.location != location:
        return SourceState()
    return SourceState(etag=row.etag, last_modified=row.last_modified)


def record_fetch(
    database: Database,
    name: str,
    location: str,
    kind: str | None,
    *,
    status: str,
    error: str | None = None,
    state: SourceState | None = None,
) -> None:
    """Remember how the last run of a source went (and its validators when it worked)."""
    with database.engine.begin() as connection:
        source_id = _ensure_source(connection, name, location, kind)
        values: dict[str, object] = {
            "last_fetched_at": _now(),
            "last_status": status,
            "last_error": error,
        }
        if state is not None:
            values["etag"] = state.etag
            values["last_modified"] = state.last_modified
        connection.execute(sources.update().where(sources.c.id == source_id).values(**values))


def _find_existing(connection: Connection, batch: Sequence[Story]) -> dict[str, Row]:
    """Stored rows matching the batch by key (canonical URL) or GUID, indexed both ways."""
    keys = [story.key for story in batch]
    guids = [story.guid for story in batch if story.guid]
    found: dict[str, Row] = {}
    chunk = 400  # stay well under SQLite's bound-parameter limit
    for start in range(0, max(len(keys), len(guids)), chunk):
        condition = or_(
            stories.c.key.in_(keys[start : start + chunk]),
            stories.c.guid.in_(guids[start : start + chunk]),
        )
        for row in connection.execute(select(stories).where(condition)):
            found[row.key] = row
            if row.guid:
                found[f"guid:{row.guid}"] = row
    return found


def _unique(batch: Iterable[Story]) -> list[Story]:
    """The batch without repeats: the first story with a given key or GUID wins."""
    seen: set[str] = set()
    unique: list[Story] = []
    for story in batch:
        ids = {story.key} | ({f"guid:{story.guid}"} if story.guid else set())
        if ids & seen:
            continue
        seen |= ids
        unique.append(story)
    return unique


def save_stories(
    database: Database,
    stories_to_save: Iterable[Story],
    *,
    source_name: str,
    location: str,
    kind: str | None = None,
    weight: float = 1.0,
) -> SaveCounts:
    """Insert new stories, update changed ones, count the unchanged; one transaction."""
    batch = _unique(stories_to_save)
    counts = SaveCounts()
    now = _now()
    with database.engine.begin() as connection:
        source_id = _ensure_source(connection, source_name, location, kind)
        existing = _find_existing(connection, batch)
        for story in batch:
            hash_ = content_hash(story)
            row = existing.get(story.key) or (
                existing.get(f"guid:{story.guid}") if story.guid else None
            )
            values = {
                "url": story.url,
                "guid": story.guid,
                "title": story.title,
                "author": story.author,
                "summary": story.summary,
                "body": story.body,
                "image": story.image,
                "source_name": story.source or source_name,
                "language": story.language,
                "tags": list(story.tags),
                "weight": weight,
                "published_at": story.published,
                "content_hash": hash_,
            }
            if row is None:
                connection.execute(
                    stories.insert().values(
                        key=story.key,
                        source_id=source_id,
                        first_seen_at=now,
                        updated_at=now,
                        **values,
                    )
                )
                counts.new += 1
            elif row.content_hash == hash_ and row.weight == weight:
                counts.unchanged += 1
            else:
                # A re-fetch that lost the date keeps the one we had.
                if values["published_at"] is None:
                    values["published_at"] = row.published_at
                connection.execute(
                    stories.update().where(stories.c.id == row.id).values(updated_at=now, **values)
                )
                counts.updated += 1
    return counts


def row_to_story(row: Row) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        url=row.url,
        guid=row.guid,
        published=row.published_at,
        author=row.author,
        summary=row.summary,
        body=row.body,
        image=row.image,
        source=row.source_name,
        language=row.language,
        tags=tuple(row.tags or ()),
    )


def list_stories(
    database: Database,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = None,
) -> list[Story]:
    """Stories newest first; ``since``/``until`` filter on the published date
    (falling back to when we first saw a story that has no date)."""
    when = stories.c.published_at
    query = select(stories)
    if since is not None:
        query = query.where(
            or_(when >= since, (when.is_(None)) & (stories.c.first_seen_at >= since))
        )
    if until is not None:
        query = query.where(or_(when < until, (when.is_(None)) & (stories.c.first_seen_at < until)))
    query = query.order_by(stories.c.published_at.desc().nulls_last(), stories.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with database.engine.connect() as connection:
        return [row_to_story(row) for row in connection.execute(query)]


def count_stories(database: Database) -> int:
    with database.engine.connect() as connection:
        return len(connection.execute(select(stories.c.id)).all())
