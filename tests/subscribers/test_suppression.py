"""Who may receive an edition, including when someone leaves during a send."""

from __future__ import annotations

from pathlib import Path

from digest.config import Config
from digest.store.db import Database
from digest.subscribers import (
    add_confirmed,
    forget,
    import_csv,
    links_for,
    may_receive,
    pause,
    recipients_for,
    record_bounce,
    unsubscribe,
)


def test_only_active_unpaused_unforgotten_subscribers_receive(
    config: Config, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "email,status\n"
        "active1@example.com,active\n"
        "pending@example.com,pending\n"
        "left@example.com,unsubscribed\n"
        "bounced@example.com,bounced\n"
        "complained@example.com,complained\n"
        "paused@example.com,active\n"
        "active2@example.com,active\n"
    )
    import_csv(config, database, path)
    paused = add_confirmed(config, database, "paused@example.com")
    token = links_for(config, database, paused).preferences_url.rsplit("/", 1)[1]
    pause(config, database, token, weeks=1)
    receivers = [s.email for s in recipients_for(config, database, "2026-W48")]
    assert receivers == ["active1@example.com", "active2@example.com"]
    assert may_receive(database, "ACTIVE1@example.com")
    for address in ("pending", "left", "bounced", "complained", "paused", "nobody"):
        assert not may_receive(database, f"{address}@example.com"), address
    forget(config, database, "active2@example.com")
    assert not may_receive(database, "active2@example.com")
    assert [s.email for s in recipients_for(config, database)] == ["active1@example.com"]


def test_unsubscribe_during_a_send_skips_the_recipients_not_yet_sent(
    config: Config, database: Database
) -> None:
    people = [add_confirmed(config, database, f"reader{n}@example.com") for n in range(2500)]
    # Leaving mid-send: one via the unsubscribe link, one via a provider bounce.
    leave_by_link = people[1800]
    unsubscribe_token = links_for(config, database, leave_by_link).unsubscribe_url.rsplit("/")[-1]
    sent: list[str] = []
    skipped: list[str] = []
    for number, recipient in enumerate(recipients_for(config, database, "2026-W48")):
        if number == 1000:
            unsubscribe(config, database, unsubscribe_token)
            record_bounce(config, database, "reader2100@example.com")
            unsubscribe(
                config,
                database,
                links_for(config, database, people[10]).unsubscribe_url.rsplit("/")[-1],
            )
        if not may_receive(database, recipient.email):
            skipped.append(recipient.email)
            continue
        sent.append(recipient.email)
    # Recipients were read a page at a time, so those left later never came up at all,
    # or were skipped by the per-send check; either way nobody who left got the email.
    assert "reader1800@example.com" not in sent
    assert "reader2100@example.com" not in sent
    assert "reader10@example.com" in sent  # already sent before they left
    # reader1800 was on the page already read when they left: the per-send check caught it.
    assert skipped == ["reader1800@example.com"]
    assert len(sent) == 2498
