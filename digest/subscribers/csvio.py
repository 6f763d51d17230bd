"""Subscriber list files: streaming import with a per-line report, and a safe export.

The format (see ``subscribers/README.md``)::

    email,name,topics,timezone,status
    ann@example.com,Ann Example,local news;sport,Europe/London,active

Only ``email`` is required in the header. Import reads the file as a stream
and writes in batches (one transaction each), so memory stays flat whatever
the size; bad rows are reported with their line number and reason while the
good rows go in. Importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from digest.config import Config
from digest.exceptions import SubscriberError, SubscriberFileError
from digest.models import LEFT_STATUSES, SubscriberStatus
from digest.store import subscribers as store
from digest.store import subscribers_bulk as bulk
from digest.store.db import Database
from digest.subscribers.records import (
    email_hash,
    email_key,
    normalise_email,
    normalise_name,
    normalise_timezone,
    parse_status,
    parse_topics,
)

COLUMNS = ("email", "name", "topics", "timezone", "status")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Beyond this many, problems are counted but not listed, so the report stays small.
MAX_LISTED = 10_000
BATCH_SIZE = 5_000
# What undecodable bytes become when the file is read (errors="replace").
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    email: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "email": self.email, "reason": self.reason}


@dataclass(slots=True)
class ProblemList:
    """Problems in file order, listed up to ``MAX_LISTED`` and counted past it."""

    items: list[RowProblem] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, email: str, reason: str) -> None:
        self.count += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(RowProblem(line, email, reason))


@dataclass(slots=True)
class ImportReport:
    """What an import did; ``invalid`` rows were refused, ``skipped`` rows were valid
    but not applied (someone who left, without ``--force``)."""

    file: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    forced: int = 0
    invalid: ProblemList = field(default_factory=ProblemList)
    skipped: ProblemList = field(default_factory=ProblemList)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "forced": self.forced,
            "invalid_count": self.invalid.count,
            "invalid": [p.to_json() for p in self.invalid.items],
            "skipped_count": self.skipped.count,
            "skipped": [p.to_json() for p in self.skipped.items],
            "warnings": self.warnings,
        }


@dataclass(slots=True)
class FileRow:
    """A valid row; ``None`` fields were empty in the file and leave stored values alone."""

    line: int
    email: str
    name: str
    topics: tuple[str, ...] | None
    timezone: str | None
    status: SubscriberStatus | None


def _unquote_formula(cell: str) -> str:
    # Export protects formula-like cells with a leading apostrophe; import takes it off again.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _read_header(reader: Any, path: Path) -> tuple[dict[str, int], int, list[str]]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SubscriberFileError(f"{path}: line 1: cannot read the header: {exc}") from None
    if header is None or not any(cell.strip() for cell in header):
        raise SubscriberFileError(
            f"{path}: the file is empty; the first line must be the header {','.join(COLUMNS)}"
        )
    names = [cell.strip().lower() for cell in header]
    if "email" not in names:
        raise SubscriberFileError(
            f"{path}: line 1: the header has no 'email' column "
            f"(expected {','.join(COLUMNS)}; found {','.join(names)})"
        )
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise SubscriberFileError(f"{path}: line 1: column(s) repeated: {', '.join(repeated)}")
    warnings = []
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        warnings.append(f"ignored unknown column(s): {', '.join(unknown)}")
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        warnings.append(
            f"no {', '.join(missing)} column(s): new rows get the defaults"
            + (" (status active)" if "status" in missing else "")
        )
    return {name: names.index(name) for name in COLUMNS if name in names}, len(names), warnings


def _records(
    handle: TextIO, path: Path, report: ImportReport, check_deliverability: bool
) -> Iterator[FileRow]:
    reader = csv.reader(handle)
    index, width, warnings = _read_header(reader, path)
    report.warnings.extend(warnings)
    i_email = index["email"]
    i_name, i_topics = index.get("name"), index.get("topics")
    i_tz, i_status = index.get("timezone"), index.get("status")
    last_line = reader.line_num
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.rows += 1
            report.invalid.add(last_line + 1, "", f"unreadable CSV: {exc}")
            last_line = reader.line_num
            continue
        line, last_line = last_line + 1, reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue  # a blank line is not a row
        report.rows += 1
        raw_email = fields[i_email].strip() if i_email < len(fields) else ""
        if len(fields) != width:
            report.invalid.add(
                line, raw_email, f"expected {width} fields like the header, found {len(fields)}"
            )
            continue
        if any(REPLACEMENT in cell for cell in fields):
            report.invalid.add(line, raw_email, "not valid UTF-8 (save the file as UTF-8)")
            continue
        try:
            address = normalise_email(
                _unquote_formula(raw_email), check_deliverability=check_deliverability
            )
            name = normalise_name(_unquote_formula(fields[i_name])) if i_name is not None else ""
            topics = (
                parse_topics(_unquote_formula(fields[i_topics])) if i_topics is not None else None
            )
            timezone = normalise_timezone(fields[i_tz]) if i_tz is not None else None
            status_cell = fields[i_status] if i_status is not None else ""
            status = parse_status(status_cell, SubscriberStatus.ACTIVE) if status_cell else None
        except SubscriberError as exc:
            report.invalid.add(line, raw_email, str(exc))
            continue
        yield FileRow(line, address, name, topics or None, timezone, status)


class _Importer:
    """Applies batches of file rows: the rules for who may be added or changed."""

    def __init__(
        self, session: bulk.BulkSession, report: ImportReport, *, force: bool, source: str
    ) -> None:
        self.session = session
        self.report = report
        self.force = force
        self.reason = f"import {source}"

    def flush(self, batch: dict[str, FileRow]) -> None:
        if not batch:
            return
        at = dt.datetime.now(dt.UTC)
        with self.session.begin():
            for key, earlier_line in self.session.seen_before(list(batch)).items():
                row = batch.pop(key)
                self.report.invalid.add(
                    row.line, row.email, f"duplicate of line {earlier_line} (same address)"
                )
            self.session.mark_seen([(key, row.line) for key, row in batch.items()])
            existing = self.session.existing(list(batch))
            new = {key: row for key, row in batch.items() if key not in existing}
            self._insert(new, at)
            changes: list[bulk.RowChange] = []
            for key, stored in existing.items():
                changes.extend(self._changes(batch[key], stored, at))
            self.session.apply(changes, at)

    def _insert(self, new: dict[str, FileRow], at: dt.datetime) -> None:
        hashes = {email_hash(row.email): key for key, row in new.items()}
        forgotten = self.session.suppressed(list(hashes)) if hashes else set()
        plain: list[dict[str, Any]] = []
        forced: list[dict[str, Any]] = []
        for hashed, key in hashes.items():
            row = new[key]
            values = {
                "email": row.email,
                "email_key": key,
                "name": row.name,
                "topics": store.join_topics(row.topics or ()),
                "timezone": row.timezone,
                "status": (row.status or SubscriberStatus.ACTIVE).value,
            }
            if hashed not in forgotten:
                plain.append(values)
            elif self.force:
                forced.append(values)
            else:
                self.report.skipped.add(
                    row.line, row.email, "asked to be forgotten; pass --force to add it again"
                )
        self.session.insert_new(plain, self.reason, at)
        if forced:
            self.session.insert_new(forced, f"{self.reason} --force (previously forgotten)", at)
            self.session.unsuppress([h for h, key in hashes.items() if h in forgotten])
        self.report.added += len(plain)
        self.report.forced += len(forced)

    def _changes(
        self, row: FileRow, stored: bulk.StoredRow, at: dt.datetime
    ) -> list[bulk.RowChange]:
        current = SubscriberStatus(stored.status)
        target = row.status
        forced = False
        if target is not None and target != current:
            if current in LEFT_STATUSES and target not in LEFT_STATUSES:
                if not self.force:
                    self.report.skipped.add(
                        row.line,
                        row.email,
                        f"is {current.value}; not resubscribed (pass --force to override)",
                    )
                    return []
                forced = True
            elif current is SubscriberStatus.ACTIVE and target is SubscriberStatus.PENDING:
                target = None  # consent already given is not taken back by a file
            elif current is SubscriberStatus.COMPLAINED:
                target = None  # a complaint outranks a bounce or an unsubscribe
        else:
            target = None
        details: dict[str, Any] = {}
        if row.name and row.name != stored.name:
            details["name"] = row.name
        if row.topics is not None and store.join_topics(row.topics) != stored.topics:
            details["topics"] = store.join_topics(row.topics)
        if row.timezone is not None and row.timezone != stored.timezone:
            details["timezone"] = row.timezone
        changes = []
        if details:
            what = ", ".join(sorted(details))
            changes.append(bulk.RowChange(stored.id, details, "details", f"{self.reason} ({what})"))
        if target is not None:
            reason = f"{self.reason} --force" if forced else self.reason
            values: dict[str, Any] = {
                "status": target.value,
                "status_reason": reason,
                "status_changed_at": at,
            }
            if target is SubscriberStatus.ACTIVE:
                values["confirmed_at"] = at
            changes.append(
                bulk.RowChange(stored.id, values, "status", reason, current.value, target.value)
            )
        if forced:
            self.report.forced += 1
        elif changes:
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        return changes


def import_csv(
    config: Config,
    database: Database,
    path: Path | str,
    *,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import a subscriber CSV: every row validated, good rows in, bad rows reported.

    Raises ``SubscriberFileError`` only when the file as a whole cannot be
    used (missing, not readable, no ``email`` column); a bad row never stops
    the import.
    """
    path = Path(path)
    report = ImportReport(file=str(path))
    check = config.subscribers.check_deliverability
    try:
        # utf-8-sig drops a BOM; undecodable bytes become U+FFFD and fail that row's checks.
        handle = path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise SubscriberFileError(f"{path}: cannot read the file: {exc.strerror}") from None
    with handle, bulk.BulkSession(database) as session:
        importer = _Importer(session, report, force=force, source=path.name)
        batch: dict[str, FileRow] = {}
        for row in _records(handle, path, report, check):
            key = email_key(row.email)
            first = batch.get(key)
            if first is not None:
                report.invalid.add(
                    row.line, row.email, f"duplicate of line {first.line} (same address)"
                )
                continue
            batch[key] = row
            if len(batch) >= batch_size:
                importer.flush(batch)
                batch = {}
                if on_batch is not None:
                    on_batch(report)
        importer.flush(batch)
    return report


def export_csv(
    config: Config,
    database: Database,
    target: TextIO,
    *,
    status: SubscriberStatus | None = None,
) -> int:
    """Write subscribers in the import format (formula-safe); returns the number of rows."""
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    statuses = [status] if status is not None else None
    for subscriber in store.iter_subscribers(database, statuses=statuses, page_size=5000):
        writer.writerow(
            [
                safe_cell(subscriber.email),
                safe_cell(subscriber.name),
                safe_cell(store.join_topics(subscriber.topics)),
                subscriber.timezone or "",
                subscriber.status.value,
            ]
        )
        count += 1
    return count
