"""Double opt-in, unsubscribe, preferences, pause, bounces, forget and expiry."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import time
from pathlib import Path

import pytest

from digest.config import Config
from digest.exceptions import SubscriberError, SuppressedError, TokenError
from digest.models import SubscriberStatus
from digest.store.db import Database
from digest.subscribers import (
    add_confirmed,
    confirm,
    expire_pending,
    find_subscriber,
    forget,
    history,
    import_csv,
    links_for,
    pause,
    record_bounce,
    record_complaint,
    remove,
    resume,
    secret_key,
    signup,
    subscriber_for_preferences,
    unsubscribe,
    update_preferences,
)

ACTIVE, PENDING = SubscriberStatus.ACTIVE, SubscriberStatus.PENDING
UNSUBSCRIBED = SubscriberStatus.UNSUBSCRIBED


def outbox_messages(config: Config) -> list[email.message.EmailMessage]:
    folder = config.resolve(config.delivery.outbox_dir)
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def confirm_token(config: Config) -> str:
    body = outbox_messages(config)[-1].get_content()
    url = next(line for line in body.splitlines() if "/confirm/" in line)
    return url.strip().rsplit("/", 1)[1]


def test_signup_queues_a_confirmation_and_the_link_activates(
    config: Config, database: Database
) -> None:
    pending = signup(config, database, " Ann@Example.com", name="Ann", topics="Sport")
    assert pending.status is PENDING
    [message] = outbox_messages(config)
    assert message["To"] == "Ann <Ann@example.com>"
    assert "confirm" in message["Subject"].lower()
    assert message["Message-ID"] and message["Date"]
    active = confirm(config, database, confirm_token(config))
    assert active.status is ACTIVE and active.confirmed_at is not None
    assert confirm(config, database, confirm_token(config)).status is ACTIVE  # twice is fine
    trail = [(e.kind, e.from_status, e.to_status, e.reason) for e in history(database, active)]
    assert trail == [
        ("created", None, "pending", "signup"),
        ("status", "pending", "active", "confirmed by link"),
    ]


def test_signup_again_resends_and_an_active_subscriber_is_left_alone(
    config: Config, database: Database
) -> None:
    signup(config, database, "ann@example.com")
    signup(config, database, "ann@example.com")
    assert len(outbox_messages(config)) == 2
    confirm(config, database, confirm_token(config))
    assert signup(config, database, "ann@example.com").status is ACTIVE
    assert len(outbox_messages(config)) == 2


def test_a_confirm_link_past_the_expiry_is_refused(
    config: Config, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = config.subscribers.pending_expiry_days
    long_ago = time.time() - (days + 1) * 86400
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: long_ago)
        signup(config, database, "ann@example.com")
    with pytest.raises(TokenError) as caught:
        confirm(config, database, confirm_token(config))
    assert caught.value.reason == "expired"
    assert find_subscriber(config, database, "ann@example.com").status is PENDING


def test_pending_records_expire(config: Config, database: Database) -> None:
    signup(config, database, "ann@example.com")
    add_confirmed(config, database, "bob@example.com")
    assert expire_pending(config, database) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=config.subscribers.pending_expiry_days + 1)
    assert expire_pending(config, database, now=later) == ["ann@example.com"]
    assert find_subscriber(config, database, "ann@example.com") is None
    assert find_subscriber(config, database, "bob@example.com") is not None
    with pytest.raises(TokenError, match="sign up again"):
        confirm(config, database, confirm_token(config))


def test_unsubscribe_by_token_is_idempotent_and_logged(config: Config, database: Database) -> None:
    ann = add_confirmed(config, database, "ann@example.com")
    token = links_for(config, database, ann).unsubscribe_url.rsplit("/", 1)[1]
    first = unsubscribe(config, database, token)
    second = unsubscribe(config, database, token)
    assert first.status is UNSUBSCRIBED and second.status is UNSUBSCRIBED
    assert second.status_changed_at == first.status_changed_at
    statuses = [e.to_status for e in history(database, first) if e.kind == "status"]
    assert statuses == ["unsubscribed"]
    with pytest.raises(TokenError) as caught:
        confirm(config, database, token)  # an unsubscribe token is not a confirm token
    assert caught.value.reason == "wrong-purpose"


def test_an_old_confirm_link_does_not_undo_an_unsubscribe(
    config: Config, database: Database
) -> None:
    signup(config, database, "ann@example.com")
    token = confirm_token(config)
    remove(config, database, "ann@example.com")
    with pytest.raises(SuppressedError):
        confirm(config, database, token)
    # Signing up again is a fresh double opt-in.
    assert signup(config, database, "ann@example.com").status is PENDING
    assert confirm(config, database, confirm_token(config)).status is ACTIVE


def test_operator_cannot_re_add_someone_who_left_without_force(
    config: Config, database: Database
) -> None:
    add_confirmed(config, database, "ann@example.com")
    remove(config, database, "ann@example.com")
    with pytest.raises(SuppressedError, match="--force"):
        add_confirmed(config, database, "ann@example.com")
    again = add_confirmed(config, database, "ann@example.com", force=True)
    assert again.status is ACTIVE
    assert history(database, again)[-1].reason.endswith("(--force)")


def test_bounces_and_complaints(config: Config, database: Database) -> None:
    add_confirmed(config, database, "ann@example.com")
    add_confirmed(config, database, "bob@example.com")
    assert record_bounce(config, database, "ann@example.com").status is SubscriberStatus.BOUNCED
    assert record_complaint(config, database, "bob@example.com").status is (
        SubscriberStatus.COMPLAINED
    )
    # A complaint is not downgraded by a later bounce; unknown addresses are ignored.
    assert record_bounce(config, database, "bob@example.com").status is (
        SubscriberStatus.COMPLAINED
    )
    assert record_bounce(config, database, "nobody@example.com") is None
    with pytest.raises(SuppressedError):
        signup(config, database, "ann@example.com")


def test_preferences_change_topics_name_timezone(config: Config, database: Database) -> None:
    ann = add_confirmed(config, database, "ann@example.com", topics="Sport")
    token = links_for(config, database, ann).preferences_url.rsplit("/", 1)[1]
    assert subscriber_for_preferences(config, database, token).email == "ann@example.com"
    changed = update_preferences(
        config, database, token, topics=["Culture", "Business"], timezone="Asia/Tokyo", name="A"
    )
    assert (changed.topics, changed.timezone, changed.name) == (
        ("Culture", "Business"),
        "Asia/Tokyo",
        "A",
    )
    assert update_preferences(config, database, token, topics=[]).topics == ()
    assert history(database, changed)[-1].kind == "details"
    unsubscribe_token = links_for(config, database, ann).unsubscribe_url.rsplit("/", 1)[1]
    with pytest.raises(TokenError):
        update_preferences(config, database, unsubscribe_token, topics=["x"])


def test_pause_and_resume(config: Config, database: Database) -> None:
    ann = add_confirmed(config, database, "ann@example.com")
    token = links_for(config, database, ann).preferences_url.rsplit("/", 1)[1]
    paused = pause(config, database, token, weeks=2)
    assert paused.status is ACTIVE and paused.paused_until is not None
    assert resume(config, database, token).paused_until is None
    with pytest.raises(SubscriberError, match="future"):
        pause(config, database, token, until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(SubscriberError):
        pause(config, database, token)


def test_forget_deletes_everything_but_a_hash(
    config: Config, database: Database, tmp_path: Path
) -> None:
    ann = add_confirmed(config, database, "ann@example.com", name="Ann")
    token = links_for(config, database, ann).unsubscribe_url.rsplit("/", 1)[1]
    assert forget(config, database, "ANN@example.com") is True
    assert find_subscriber(config, database, "ann@example.com") is None
    assert unsubscribe(config, database, token) is None  # nothing left to unsubscribe
    with database.engine.connect() as connection:
        dumped = "\n".join(connection.connection.driver_connection.iterdump())
    assert "ann@example.com" not in dumped.lower() and "'Ann'" not in dumped
    with pytest.raises(SuppressedError, match="forgotten"):
        add_confirmed(config, database, "ann@example.com")
    path = tmp_path / "again.csv"
    path.write_text("email\nann@example.com\n")
    assert import_csv(config, database, path).skipped.count == 1
    assert forget(config, database, "never@example.com") is False
    # A signup is deliberate: double opt-in, and confirming lifts the old suppression.
    signup(config, database, "ann@example.com")
    assert confirm(config, database, confirm_token(config)).status is ACTIVE


def test_forget_removes_their_queued_emails_from_the_outbox(
    config: Config, database: Database
) -> None:
    signup(config, database, "Bea@Example.com", name="Bea")
    signup(config, database, "cal@example.com", name="Cal")
    assert len(outbox_messages(config)) == 2
    forget(config, database, "bea@example.com")
    remaining = outbox_messages(config)
    assert [m["To"].addresses[0].addr_spec for m in remaining] == ["cal@example.com"]


def test_secret_from_environment_signs_the_links(
    config: Config, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_SECRET_KEY", "x" * 32)
    assert secret_key(config, database) == "x" * 32
    signup(config, database, "ann@example.com")
    token = confirm_token(config)
    monkeypatch.setenv("DIGEST_SECRET_KEY", "y" * 32)
    with pytest.raises(TokenError) as caught:
        confirm(config, database, token)
    assert caught.value.reason == "altered"
