"""Importing and exporting real CSV files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.config import Config
from digest.exceptions import SubscriberFileError
from digest.models import SubscriberStatus
from digest.store.db import Database
from digest.subscribers import (
    export_csv,
    find_subscriber,
    forget,
    history,
    import_csv,
    list_subscribers,
    remove,
    stats,
)

REPO = Path(__file__).resolve().parents[2]
WriteCsv = Callable[..., Path]


def emails(database: Database) -> list[str]:
    return [s.email for s in list_subscribers(database)]


def reasons(report) -> dict[int, str]:
    return {problem.line: problem.reason for problem in report.invalid.items}


def test_good_rows_go_in_and_bad_lines_are_named(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(
        [
            "ann@example.com,Ann,Sport;Culture,Europe/London,active",
            "not-an-address,Bad,,,active",
            "bob@@example.com,Bob,,,",
            "cleo@example.org,Cleo,,Mars/Olympus,active",
            "dev@example.org,Dev,,,sleeping",
            "eli@example.com,Eli,,",
            "  Fay@Example.ORG  ,Fay,,,",
        ]
    )
    report = import_csv(config, database, path)
    assert report.rows == 7
    assert report.added == 2
    bad = reasons(report)
    assert sorted(bad) == [3, 4, 5, 6, 7]
    assert "@-sign" in bad[3]
    assert "timezone" in bad[5]
    assert "status" in bad[6]
    assert "fields" in bad[7]
    assert emails(database) == ["ann@example.com", "Fay@example.org"]
    ann = find_subscriber(config, database, "ANN@example.com")
    assert ann is not None
    assert ann.topics == ("Sport", "Culture")
    assert ann.timezone == "Europe/London"
    assert ann.status is SubscriberStatus.ACTIVE


def test_duplicates_differing_only_in_case_are_reported(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(
        ["Ann@Example.com,Ann,,,", "ann@example.COM,Ann again,,,", "ANN@EXAMPLE.COM,Ann 3,,,"]
    )
    # A tiny batch size puts the repeats in later batches too.
    for batch_size in (5000, 1):
        report = import_csv(config, database, path, batch_size=batch_size)
        assert reasons(report) == {
            3: "duplicate of line 2 (same address)",
            4: "duplicate of line 2 (same address)",
        }
    assert emails(database) == ["Ann@example.com"]
    assert find_subscriber(config, database, "ann@example.com").name == "Ann"


def test_a_byte_order_mark_is_not_part_of_the_first_column(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(["ann@example.com,Ann,,,active"], bom=True)
    report = import_csv(config, database, path)
    assert report.added == 1 and report.invalid.count == 0 and report.warnings == []


def test_a_missing_optional_column_gets_defaults_with_a_warning(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(["ann@example.com,Ann", "bob@example.com,Bob"], header="email,name")
    report = import_csv(config, database, path)
    assert report.added == 2
    assert any("topics, timezone, status" in warning for warning in report.warnings)
    assert stats(database)[SubscriberStatus.ACTIVE] == 2


def test_a_missing_email_column_refuses_the_file(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(["Ann,Sport"], header="name,topics")
    with pytest.raises(SubscriberFileError, match="no 'email' column"):
        import_csv(config, database, path)
    empty = write_csv([], name="empty.csv", header=None)
    empty.write_text("")
    with pytest.raises(SubscriberFileError, match="empty"):
        import_csv(config, database, empty)
    with pytest.raises(SubscriberFileError, match="cannot read"):
        import_csv(config, database, path.parent / "missing.csv")


def test_columns_in_any_order_quoted_fields_and_blank_lines(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(
        ['"Smith, Ann",ann@example.com', "", '"O\'Brien ""Bo""",bo@example.org'],
        header="Name,EMAIL",
    )
    report = import_csv(config, database, path)
    assert report.added == 2 and report.invalid.count == 0
    assert [s.name for s in list_subscribers(database)] == ["Smith, Ann", 'O\'Brien "Bo"']


def test_undecodable_bytes_fail_only_their_row(
    config: Config, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"email,name\nann@example.com,Ann\nb\xe9b@example.com,Bob\n")
    report = import_csv(config, database, path)
    assert report.added == 1
    assert list(reasons(report)) == [3]


def test_importing_the_same_file_twice_changes_nothing(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(
        [
            "ann@example.com,Ann,Sport,Europe/London,active",
            "bob@example.com,Bob,,,unsubscribed",
            "cleo@example.com,,,,pending",
        ]
    )
    first = import_csv(config, database, path)
    assert first.added == 3
    before = [(s.to_json(), len(history(database, s))) for s in list_subscribers(database)]
    second = import_csv(config, database, path)
    assert (second.added, second.updated, second.unchanged, second.skipped.count) == (0, 0, 3, 0)
    after = [(s.to_json(), len(history(database, s))) for s in list_subscribers(database)]
    assert after == before


def test_changed_details_update_and_are_logged(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    import_csv(config, database, write_csv(["ann@example.com,Ann,Sport,,pending"]))
    report = import_csv(
        config, database, write_csv(["ann@example.com,Ann B,,Europe/Paris,active"], "b.csv")
    )
    assert report.updated == 1
    ann = find_subscriber(config, database, "ann@example.com")
    # An empty topics cell leaves the stored topics alone.
    assert (ann.name, ann.topics, ann.timezone, ann.status) == (
        "Ann B",
        ("Sport",),
        "Europe/Paris",
        SubscriberStatus.ACTIVE,
    )
    kinds = [(event.kind, event.to_status) for event in history(database, ann)]
    assert kinds == [("created", "pending"), ("details", None), ("status", "active")]


def test_import_never_resubscribes_someone_who_left_unless_forced(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    import_csv(
        config,
        database,
        write_csv(
            [
                "ann@example.com,Ann,,,active",
                "bob@example.com,Bob,,,bounced",
                "cleo@example.com,Cleo,,,complained",
            ],
            "first.csv",
        ),
    )
    remove(config, database, "ann@example.com")
    again = write_csv(
        [
            "ann@example.com,Ann,,,active",
            "bob@example.com,Bob,,,active",
            "cleo@example.com,Cleo,,,pending",
        ],
        "again.csv",
    )
    report = import_csv(config, database, again)
    assert report.skipped.count == 3 and report.forced == 0
    assert {p.line: p.reason for p in report.skipped.items}[2].startswith("is unsubscribed")
    assert stats(database)[SubscriberStatus.ACTIVE] == 0

    forced = import_csv(config, database, again, force=True)
    assert forced.forced == 3
    ann = find_subscriber(config, database, "ann@example.com")
    assert ann.status is SubscriberStatus.ACTIVE
    last = history(database, ann)[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        "unsubscribed",
        "active",
        "import again.csv --force",
    )


def test_a_file_can_record_that_people_left(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    import_csv(config, database, write_csv(["ann@example.com,,,,active", "bo@example.com,,,,"]))
    import_csv(
        config,
        database,
        write_csv(["ann@example.com,,,,bounced", "bo@example.com,,,,pending"], "later.csv"),
    )
    assert find_subscriber(config, database, "ann@example.com").status is SubscriberStatus.BOUNCED
    # Consent already given is not taken back by a file saying "pending".
    assert find_subscriber(config, database, "bo@example.com").status is SubscriberStatus.ACTIVE


def test_a_forgotten_address_is_not_re_added_by_accident(
    config: Config, database: Database, write_csv: WriteCsv
) -> None:
    path = write_csv(["ann@example.com,Ann,,,active", "bob@example.com,Bob,,,active"])
    import_csv(config, database, path)
    assert forget(config, database, "ANN@example.com") is True
    report = import_csv(config, database, path)
    assert report.skipped.count == 1 and report.skipped.items[0].line == 2
    assert emails(database) == ["bob@example.com"]
    forced = import_csv(config, database, path, force=True)
    assert forced.forced == 1
    ann = find_subscriber(config, database, "ann@example.com")
    assert "previously forgotten" in history(database, ann)[0].reason


def test_export_is_formula_safe_and_imports_back_unchanged(
    config: Config, database: Database, write_csv: WriteCsv, tmp_path: Path
) -> None:
    source = write_csv(
        [
            '-dash@example.com,"=HYPERLINK(""http://evil.example"")",+sport;@home,,active',
            "plain@example.org,Plain Person,,Asia/Tokyo,unsubscribed",
        ]
    )
    assert import_csv(config, database, source).added == 2
    buffer = io.StringIO()
    assert export_csv(config, database, buffer) == 2
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == ["email", "name", "topics", "timezone", "status"]
    assert rows[1] == [
        "'-dash@example.com",
        '\'=HYPERLINK("http://evil.example")',
        "'+sport;@home",
        "",
        "active",
    ]
    only_left = io.StringIO()
    export_csv(config, database, only_left, status=SubscriberStatus.UNSUBSCRIBED)
    assert only_left.getvalue().splitlines()[1:] == [
        "plain@example.org,Plain Person,,Asia/Tokyo,unsubscribed"
    ]
    exported = tmp_path / "exported.csv"
    exported.write_text(buffer.getvalue(), encoding="utf-8")
    before = [s.to_json() for s in list_subscribers(database)]
    report = import_csv(config, database, exported)
    assert (report.unchanged, report.invalid.count) == (2, 0)
    assert [s.to_json() for s in list_subscribers(database)] == before


def test_the_sample_list_imports_cleanly(config: Config, database: Database) -> None:
    report = import_csv(config, database, REPO / "subscribers" / "sample.csv")
    assert report.invalid.count == 0 and report.warnings == []
    assert report.added == 12
    counts = stats(database)
    assert all(count > 0 for count in counts.values()), counts


def test_a_hundred_thousand_rows_with_bad_ones_sprinkled_in(
    config: Config, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    bad_lines: set[int] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "topics", "timezone", "status"])
        for number in range(100_000):
            line = number + 2
            if number % 997 == 0:
                writer.writerow([f"broken{number}.example.com", "", "", "", ""])
                bad_lines.add(line)
            elif number % 1009 == 0:
                writer.writerow([f"USER{number - 1}@example.com", "", "", "", ""])
                bad_lines.add(line)  # the same address as the line before, in capitals
            else:
                writer.writerow([f"user{number}@example.com", f"User {number}", "Sport", "", ""])
    report = import_csv(config, database, path)
    assert report.rows == 100_000
    assert {p.line for p in report.invalid.items} == bad_lines
    assert report.added == 100_000 - len(bad_lines)
    assert stats(database)[SubscriberStatus.ACTIVE] == report.added
    again = import_csv(config, database, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, report.added)
