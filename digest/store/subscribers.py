"""Subscribers, their audit trail, suppressed address hashes and settings: the only SQL for them.

Every status change writes a row to ``subscriber_events`` in the same
transaction, so the trail and the current state never disagree. Decisions
(which change is allowed) live in ``digest.subscribers``; this module only
reads and writes. Bulk import has its own module, ``subscribers_bulk``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    Result,
    Row,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from digest.models import Subscriber, SubscriberEvent, SubscriberStatus
from digest.store.db import Database
from digest.store.tables import UTCDateTime, metadata

subscribers = Table(
    "subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    # Random and stable: what signed links carry, so no URL holds a guessable id or the address.
    Column("uid", String(32), nullable=False, unique=True),
    Column("email", Text, nullable=False),
    # The address lower-cased: uniqueness ignores case.
    Column("email_key", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False, default=""),
    # Sections the person wants, joined with ";" (empty means all).
    Column("topics", Text, nullable=False, default=""),
    Column("timezone", String(64)),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text),
    Column("status_changed_at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("confirmed_at", UTCDateTime),
    Column("paused_until", UTCDateTime),
    Index("ix_subscribers_status", "status"),
)

subscriber_events = Table(
    "subscriber_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscriber_id", Integer, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20)),
    Column("reason", Text, nullable=False),
    Index("ix_subscriber_events_subscriber_id", "subscriber_id"),
)

# Addresses of people who asked to be forgotten, as hashes only.
suppressions = Table(
    "suppressions",
    metadata,
    Column("email_hash", String(64), primary_key=True),
    Column("reason", String(40), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

TOPIC_SEPARATOR = ";"


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uid() -> str:
    """A stable id for links: 96 random bits behind a time prefix.

    The random part makes it unguessable; the prefix makes ids made close in
    time sort together, so a big import appends to the ``uid`` index instead of
    writing all over it.
    """
    return f"{time.time_ns() // 1000:013x}{secrets.token_urlsafe(12)}"


def join_topics(topics: Iterable[str]) -> str:
    return TOPIC_SEPARATOR.join(topics)


def split_topics(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(TOPIC_SEPARATOR) if part)


def _insert_ignoring_conflicts(connection: Connection, table: Table) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the dialect at hand."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return insert(table)


def row_to_subscriber(row: Row) -> Subscriber:
    return Subscriber(
        id=row.id,
        uid=row.uid,
        email=row.email,
        name=row.name,
        topics=split_topics(row.topics),
        timezone=row.timezone,
        status=SubscriberStatus(row.status),
        status_reason=row.status_reason,
        status_changed_at=row.status_changed_at,
        created_at=row.created_at,
        confirmed_at=row.confirmed_at,
        paused_until=row.paused_until,
    )


# --- settings -----------------------------------------------------------------------------


def get_setting(database: Database, key: str) -> str | None:
    with database.engine.connect() as connection:
        return connection.execute(select(settings.c.value).where(settings.c.key == key)).scalar()


def setdefault_setting(database: Database, key: str, value: str) -> str:
    """Store ``value`` unless the key is set already; return what is stored (race-safe)."""
    with database.engine.begin() as connection:
        connection.execute(
            _insert_ignoring_conflicts(connection, settings).values(
                key=key, value=value, updated_at=now_utc()
            )
        )
        return connection.execute(
            select(settings.c.value).where(settings.c.key == key)
        ).scalar_one()


# --- one subscriber -----------------------------------------------------------------------


def find_by_key(database: Database, email_key: str) -> Subscriber | None:
    with database.engine.connect() as connection:
        row = connection.execute(
            select(subscribers).where(subscribers.c.email_key == email_key)
        ).first()
    return row_to_subscriber(row) if row else None


def find_by_uid(database: Database, uid: str) -> Subscriber | None:
    with database.engine.connect() as connection:
        row = connection.execute(select(subscribers).where(subscribers.c.uid == uid)).first()
    return row_to_subscriber(row) if row else None


def event_values(
    subscriber_id: int,
    at: dt.datetime,
    kind: str,
    reason: str,
    from_status: str | None = None,
    to_status: str | None = None,
) -> dict[str, Any]:
    return {
        "subscriber_id": subscriber_id,
        "at": at,
        "kind": kind,
        "from_status": from_status,
        "to_status": to_status,
        "reason": reason,
    }


def _row_by_id(connection: Connection, subscriber_id: int) -> Result[Any]:
    return connection.execute(select(subscribers).where(subscribers.c.id == subscriber_id))


def insert_subscriber(
    database: Database, subscriber: Subscriber, email_key: str, reason: str
) -> Subscriber:
    """Add a new person (the caller checked they are not there) with a "created" event."""
    now = now_utc()
    status = SubscriberStatus(subscriber.status)
    with database.engine.begin() as connection:
        result = connection.execute(
            insert(subscribers).values(
                uid=new_uid(),
                email=subscriber.email,
                email_key=email_key,
                name=subscriber.name,
                topics=join_topics(subscriber.topics),
                timezone=subscriber.timezone,
                status=status.value,
                status_reason=reason,
                status_changed_at=now,
                created_at=now,
                updated_at=now,
                confirmed_at=now if status is SubscriberStatus.ACTIVE else None,
            )
        )
        subscriber_id = int(result.inserted_primary_key[0])
        connection.execute(
            insert(subscriber_events).values(
                event_values(subscriber_id, now, "created", reason, None, status.value)
            )
        )
        row = _row_by_id(connection, subscriber_id).one()
    return row_to_subscriber(row)


def change_status(
    database: Database,
    subscriber_id: int,
    to_status: SubscriberStatus,
    reason: str,
    *,
    only_from: Sequence[SubscriberStatus] | None = None,
) -> Subscriber | None:
    """Move a subscriber to ``to_status`` and log it; a no-op when already there.

    ``only_from`` makes the change conditional on the current status, checked
    in the same UPDATE so two processes cannot both win. Returns the record as
    it is afterwards, or ``None`` when the row is gone.
    """
    now = now_utc()
    with database.engine.begin() as connection:
        row = _row_by_id(connection, subscriber_id).first()
        if row is None:
            return None
        if row.status != to_status.value and (
            only_from is None or row.status in {s.value for s in only_from}
        ):
            values: dict[str, Any] = {
                "status": to_status.value,
                "status_reason": reason,
                "status_changed_at": now,
                "updated_at": now,
            }
            if to_status is SubscriberStatus.ACTIVE:
                values["confirmed_at"] = now
                values["paused_until"] = None
            changed = connection.execute(
                update(subscribers)
                .where(subscribers.c.id == subscriber_id, subscribers.c.status == row.status)
                .values(**values)
            )
            if changed.rowcount:
                connection.execute(
                    insert(subscriber_events).values(
                        event_values(
                            subscriber_id, now, "status", reason, row.status, to_status.value
                        )
                    )
                )
            row = _row_by_id(connection, subscriber_id).one()
    return row_to_subscriber(row)


UNSET: Any = object()


def update_details(
    database: Database,
    subscriber_id: int,
    reason: str,
    *,
    name: str | None = None,
    topics: Sequence[str] | None = None,
    timezone: str | None = UNSET,
    paused_until: dt.datetime | None = UNSET,
) -> Subscriber | None:
    """Change name, topics, timezone or pause; logs one "details" event when anything changed."""
    now = now_utc()
    with database.engine.begin() as connection:
        row = _row_by_id(connection, subscriber_id).first()
        if row is None:
            return None
        values: dict[str, Any] = {}
        if name is not None and name != row.name:
            values["name"] = name
        if topics is not None and join_topics(topics) != row.topics:
            values["topics"] = join_topics(topics)
        if timezone is not UNSET and timezone != row.timezone:
            values["timezone"] = timezone
        if paused_until is not UNSET and paused_until != row.paused_until:
            values["paused_until"] = paused_until
        if values:
            what = ", ".join(sorted(values))
            values["updated_at"] = now
            connection.execute(
                update(subscribers).where(subscribers.c.id == subscriber_id).values(**values)
            )
            connection.execute(
                insert(subscriber_events).values(
                    event_values(subscriber_id, now, "details", f"{reason} ({what})")
                )
            )
            row = _row_by_id(connection, subscriber_id).one()
    return row_to_subscriber(row)


def events_of(database: Database, subscriber_id: int) -> list[SubscriberEvent]:
    query = (
        select(subscriber_events)
        .where(subscriber_events.c.subscriber_id == subscriber_id)
        .order_by(subscriber_events.c.id)
    )
    with database.engine.connect() as connection:
        return [
            SubscriberEvent(
                at=row.at,
                kind=row.kind,
                from_status=row.from_status,
                to_status=row.to_status,
                reason=row.reason,
            )
            for row in connection.execute(query)
        ]


def delete_and_suppress(database: Database, email_key: str, email_hash: str, reason: str) -> bool:
    """Delete the person's row and trail, keep only the hash; True when a row was deleted."""
    with database.engine.begin() as connection:
        ids = select(subscribers.c.id).where(subscribers.c.email_key == email_key)
        connection.execute(
            delete(subscriber_events).where(subscriber_events.c.subscriber_id.in_(ids))
        )
        deleted = connection.execute(
            delete(subscribers).where(subscribers.c.email_key == email_key)
        ).rowcount
        connection.execute(
            _insert_ignoring_conflicts(connection, suppressions).values(
                email_hash=email_hash, reason=reason, created_at=now_utc()
            )
        )
    return bool(deleted)


def is_suppressed(database: Database, email_hash: str) -> bool:
    with database.engine.connect() as connection:
        found = connection.execute(
            select(suppressions.c.email_hash).where(suppressions.c.email_hash == email_hash)
        ).first()
    return found is not None


def remove_suppression(database: Database, email_hash: str) -> None:
    with database.engine.begin() as connection:
        connection.execute(delete(suppressions).where(suppressions.c.email_hash == email_hash))


def suppressed_hashes(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(connection.execute(select(suppressions.c.email_hash)).scalars())


# --- many subscribers ---------------------------------------------------------------------


def iter_subscribers(
    database: Database,
    *,
    statuses: Sequence[SubscriberStatus] | None = None,
    not_paused_at: dt.datetime | None = None,
    page_size: int = 1000,
) -> Iterator[Subscriber]:
    """Subscribers in id order, a page at a time (keyset paging: no long-held read).

    Each page is read fresh, so a change made while the caller works through
    the list shows in the pages not read yet.
    """
    last_id = 0
    while True:
        query = select(subscribers).where(subscribers.c.id > last_id)
        if statuses is not None:
            query = query.where(subscribers.c.status.in_([s.value for s in statuses]))
        if not_paused_at is not None:
            query = query.where(
                or_(
                    subscribers.c.paused_until.is_(None),
                    subscribers.c.paused_until <= not_paused_at,
                )
            )
        query = query.order_by(subscribers.c.id).limit(page_size)
        with database.engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield row_to_subscriber(row)
        last_id = rows[-1].id


def count_by_status(database: Database) -> dict[SubscriberStatus, int]:
    counts = dict.fromkeys(SubscriberStatus, 0)
    query = select(subscribers.c.status, func.count()).group_by(subscribers.c.status)
    with database.engine.connect() as connection:
        for status, count in connection.execute(query):
            counts[SubscriberStatus(status)] = int(count)
    return counts


def receivable(database: Database, email_key: str, at: dt.datetime) -> bool:
    """Active and not paused at ``at``: one indexed read, cheap enough before every send."""
    query = select(subscribers.c.id).where(
        subscribers.c.email_key == email_key,
        subscribers.c.status == SubscriberStatus.ACTIVE.value,
        or_(subscribers.c.paused_until.is_(None), subscribers.c.paused_until <= at),
    )
    with database.engine.connect() as connection:
        return connection.execute(query).first() is not None


def delete_pending_before(database: Database, created_before: dt.datetime) -> list[str]:
    """Delete pending subscribers created before the cut-off; returns their addresses."""
    condition = (subscribers.c.status == SubscriberStatus.PENDING.value) & (
        subscribers.c.created_at < created_before
    )
    with database.engine.begin() as connection:
        rows = connection.execute(select(subscribers.c.id, subscribers.c.email).where(condition))
        found = rows.all()
        ids = [row.id for row in found]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            connection.execute(
                delete(subscriber_events).where(subscriber_events.c.subscriber_id.in_(chunk))
            )
            connection.execute(delete(subscribers).where(subscribers.c.id.in_(chunk)))
    return [row.email for row in found]
