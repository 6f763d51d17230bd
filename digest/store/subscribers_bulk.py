"""Bulk import of subscribers: the SQL for a whole file, in batches.

Kept apart from ``subscribers.py`` (one record at a time) because it trades
SQLAlchemy's conveniences for speed: see ``BulkSession``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, Text, insert, update

from digest.models import SubscriberStatus
from digest.store.db import Database
from digest.store.subscribers import event_values, new_uid, subscriber_events, subscribers
from digest.store.tables import UTCDateTime

# SQLite page caches for one bulk import, in KiB (the default is 2,000): enough for
# the hot index pages of a million rows in the store and in the temporary table.
BULK_CACHE_KIB = 65_536
BULK_TEMP_CACHE_KIB = 32_768

# A per-connection scratch table for one import: which addresses the file already had.
_scratch = MetaData()
import_seen = Table(
    "digest_import_seen",
    _scratch,
    Column("email_key", Text, primary_key=True),
    Column("line", Integer, nullable=False),
    prefixes=["TEMPORARY"],
    # One B-tree keyed by the address instead of a table plus an index: half the writes.
    sqlite_with_rowid=False,
)


@dataclass(frozen=True, slots=True)
class StoredRow:
    """What the import compares a file row with."""

    id: int
    email: str
    name: str
    topics: str
    timezone: str | None
    status: str


@dataclass(slots=True)
class RowChange:
    """An update the import decided on for one stored row, with its audit event."""

    subscriber_id: int
    values: dict[str, Any]
    kind: str
    reason: str
    from_status: str | None = None
    to_status: str | None = None


class BulkSession:
    """One connection for a whole import: batched reads and writes, one transaction per batch.

    A crash mid-file keeps the batches already written; importing again is
    idempotent, so the operator simply reruns it. The hot statements are
    written as plain SQL (portable ``IN`` lists and ``ON CONFLICT DO NOTHING``,
    which SQLite and PostgreSQL share) and run with the driver's executemany:
    SQLAlchemy's per-row parameter processing was half the import time.
    """

    def __init__(self, database: Database) -> None:
        self.connection = database.engine.connect()
        dialect = self.connection.dialect
        self._mark = "?" if dialect.paramstyle == "qmark" else "%s"
        # Datetimes go to the driver as the store keeps them (SQLite: ISO text).
        self._to_db = UTCDateTime().dialect_impl(dialect).bind_processor(dialect) or (
            lambda value: value
        )
        self._sqlite = dialect.name == "sqlite"
        if self._sqlite:
            # The unique indexes take random-order inserts; with SQLite's 2 MB default page
            # cache a million-row import spends most of its time re-reading index pages.
            self.connection.exec_driver_sql(f"PRAGMA main.cache_size = -{BULK_CACHE_KIB}")
            self.connection.exec_driver_sql(f"PRAGMA temp.cache_size = -{BULK_TEMP_CACHE_KIB}")
            self.connection.commit()
        with self.connection.begin():
            import_seen.drop(self.connection, checkfirst=True)
            import_seen.create(self.connection)

    def close(self) -> None:
        try:
            with self.connection.begin():
                import_seen.drop(self.connection, checkfirst=True)
            if self._sqlite:
                self.connection.exec_driver_sql("PRAGMA main.cache_size = -2000")
                self.connection.exec_driver_sql("PRAGMA temp.cache_size = -2000")
                self.connection.commit()
        finally:
            self.connection.close()

    def __enter__(self) -> BulkSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin(self) -> Any:
        return self.connection.begin()

    def _marks(self, count: int) -> str:
        return ", ".join([self._mark] * count)

    def _select_in(self, sql: str, values: Sequence[Any], *extra: Any) -> list[Any]:
        """Run ``sql`` with ``{marks}`` replaced by one placeholder per value."""
        if not values:
            return []
        statement = sql.format(marks=self._marks(len(values)))
        return list(self.connection.exec_driver_sql(statement, (*values, *extra)))

    def seen_before(self, keys: Sequence[str]) -> dict[str, int]:
        """Keys an earlier batch of this file already had, with that line number."""
        rows = self._select_in(
            "SELECT email_key, line FROM digest_import_seen WHERE email_key IN ({marks})", keys
        )
        return {row[0]: row[1] for row in rows}

    def mark_seen(self, lines: Sequence[tuple[str, int]]) -> None:
        if lines:
            # In key order: neighbouring inserts touch the same index pages.
            self.connection.exec_driver_sql(
                f"INSERT INTO digest_import_seen (email_key, line) VALUES ({self._marks(2)})",
                sorted(lines),
            )

    def existing(self, keys: Sequence[str]) -> dict[str, StoredRow]:
        rows = self._select_in(
            "SELECT email_key, id, email, name, topics, timezone, status FROM subscribers"
            " WHERE email_key IN ({marks})",
            keys,
        )
        return {row[0]: StoredRow(*row[1:]) for row in rows}

    def suppressed(self, hashes: Sequence[str]) -> set[str]:
        rows = self._select_in(
            "SELECT email_hash FROM suppressions WHERE email_hash IN ({marks})", hashes
        )
        return {row[0] for row in rows}

    def unsuppress(self, hashes: Sequence[str]) -> None:
        if hashes:
            self.connection.exec_driver_sql(
                f"DELETE FROM suppressions WHERE email_hash IN ({self._marks(len(hashes))})",
                tuple(hashes),
            )

    def insert_new(self, rows: Sequence[dict[str, Any]], reason: str, at: dt.datetime) -> None:
        """Insert new subscribers (keys: email, email_key, name, topics, timezone, status)
        and their "created" events, all stamped ``at``."""
        if not rows:
            return
        when = self._to_db(at)
        active = SubscriberStatus.ACTIVE.value
        params = [
            (
                new_uid(),
                row["email"],
                row["email_key"],
                row["name"],
                row["topics"],
                row["timezone"],
                row["status"],
                reason,
                when,
                when,
                when,
                when if row["status"] == active else None,
            )
            for row in sorted(rows, key=lambda row: row["email_key"])
        ]
        self.connection.exec_driver_sql(
            "INSERT INTO subscribers (uid, email, email_key, name, topics, timezone, status,"
            " status_reason, status_changed_at, created_at, updated_at, confirmed_at)"
            f" VALUES ({self._marks(12)}) ON CONFLICT DO NOTHING",
            params,
        )
        # The events point at the ids just made: one INSERT ... SELECT, not a read-back.
        keys = [row["email_key"] for row in rows]
        self.connection.exec_driver_sql(
            "INSERT INTO subscriber_events (subscriber_id, at, kind, to_status, reason)"
            " SELECT id, created_at, 'created', status, status_reason FROM subscribers"
            f" WHERE email_key IN ({self._marks(len(keys))}) AND created_at = {self._mark}",
            (*keys, when),
        )

    def apply(self, changes: Sequence[RowChange], at: dt.datetime) -> None:
        for change in changes:
            self.connection.execute(
                update(subscribers)
                .where(subscribers.c.id == change.subscriber_id)
                .values(updated_at=at, **change.values)
            )
            self.connection.execute(
                insert(subscriber_events).values(
                    event_values(
                        change.subscriber_id,
                        at,
                        change.kind,
                        change.reason,
                        change.from_status,
                        change.to_status,
                    )
                )
            )
