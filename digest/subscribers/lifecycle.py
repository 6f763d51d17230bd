"""What happens to one subscriber: signup, confirm, unsubscribe, preferences, pause, forget, expiry.

The statuses and the moves between them::

    (new) --signup--> pending --confirm link--> active
    (new) --add --confirmed / import--> active
    pending | active --unsubscribe--> unsubscribed      (idempotent)
    any but complained --bounce--> bounced
    any --complaint--> complained
    unsubscribed --signup--> pending                    (a fresh double opt-in)
    unsubscribed | bounced | complained --> active      only by the operator with --force, logged
    pending older than pending_expiry_days --expire--> deleted
    any --forget--> deleted, only a hash of the address kept

Every move is logged with its reason in the subscriber's audit trail. The web
pages and the provider webhooks call these functions; the CLI does too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from email.message import EmailMessage

from digest.config import Config
from digest.exceptions import SubscriberError, SuppressedError, TokenError
from digest.models import LEFT_STATUSES, Subscriber, SubscriberEvent, SubscriberStatus
from digest.store import subscribers as store
from digest.store.db import Database
from digest.subscribers.mail import confirmation_message, purge_outbox, write_to_outbox
from digest.subscribers.records import (
    email_hash,
    email_key,
    normalise_email,
    normalise_name,
    normalise_timezone,
    parse_topics,
)
from digest.subscribers.tokens import Purpose, links_for, secret_key, verify_token

# Sends one message; the default writes it to the outbox folder.
Sender = Callable[[EmailMessage], object]

ACTIVE = SubscriberStatus.ACTIVE
PENDING = SubscriberStatus.PENDING


def _left_message(subscriber: Subscriber) -> str:
    when = (
        subscriber.status_changed_at.strftime("%Y-%m-%d")
        if subscriber.status_changed_at
        else "earlier"
    )
    return f"{subscriber.email} is {subscriber.status.value} (since {when})"


def find_subscriber(config: Config, database: Database, email: str) -> Subscriber | None:
    address = normalise_email(email, check_deliverability=False)
    return store.find_by_key(database, email_key(address))


def get_subscriber(config: Config, database: Database, email: str) -> Subscriber:
    found = find_subscriber(config, database, email)
    if found is None:
        raise SubscriberError(f"no subscriber with the address {email.strip()!r}")
    return found


def history(database: Database, subscriber: Subscriber) -> list[SubscriberEvent]:
    """The audit trail, oldest first."""
    return store.events_of(database, subscriber.id) if subscriber.id is not None else []


def send_confirmation(
    config: Config, database: Database, subscriber: Subscriber, send: Sender | None = None
) -> object:
    """Queue the confirmation email (to the outbox unless ``send`` is given)."""
    links = links_for(config, database, subscriber)
    assert links.confirm_url is not None, "only pending subscribers get a confirmation"
    message = confirmation_message(config, subscriber, links.confirm_url)
    return send(message) if send is not None else write_to_outbox(config, message)


def signup(
    config: Config,
    database: Database,
    email: str,
    *,
    name: str = "",
    topics: Sequence[str] | str = (),
    timezone: str | None = None,
    reason: str = "signup",
    send: Sender | None = None,
) -> Subscriber:
    """Double opt-in: a new ``pending`` subscriber and a confirmation email.

    Already active: nothing happens. Pending: the email is sent again.
    Unsubscribed: back to pending (they must confirm again). Bounced or
    complained: refused with ``SuppressedError``.
    """
    address = normalise_email(email, check_deliverability=config.subscribers.check_deliverability)
    details = Subscriber(
        email=address,
        name=normalise_name(name),
        topics=parse_topics(topics),
        timezone=normalise_timezone(timezone),
        status=PENDING,
    )
    existing = store.find_by_key(database, email_key(address))
    if existing is None:
        subscriber = store.insert_subscriber(database, details, email_key(address), reason)
    elif existing.status is ACTIVE:
        return existing
    elif existing.status in (SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED):
        raise SuppressedError(f"{_left_message(existing)}; it cannot sign up again")
    else:
        assert existing.id is not None
        store.update_details(
            database,
            existing.id,
            reason,
            name=details.name or None,
            topics=details.topics or None,
            timezone=details.timezone if details.timezone else store.UNSET,
        )
        changed = store.change_status(database, existing.id, PENDING, f"{reason} again")
        assert changed is not None
        subscriber = changed
    send_confirmation(config, database, subscriber, send)
    return subscriber


def add_confirmed(
    config: Config,
    database: Database,
    email: str,
    *,
    name: str = "",
    topics: Sequence[str] | str = (),
    timezone: str | None = None,
    reason: str = "added by the operator",
    force: bool = False,
) -> Subscriber:
    """Add someone who already consented, as ``active`` (no confirmation email).

    Someone who left or was forgotten is refused unless ``force``; then the
    change is logged as forced.
    """
    address = normalise_email(email, check_deliverability=config.subscribers.check_deliverability)
    key = email_key(address)
    clean_name, clean_topics = normalise_name(name), parse_topics(topics)
    clean_timezone = normalise_timezone(timezone)
    existing = store.find_by_key(database, key)
    if existing is None:
        hashed = email_hash(address)
        if store.is_suppressed(database, hashed):
            if not force:
                raise SuppressedError(
                    f"{address} asked to be forgotten; pass --force to add it again anyway"
                )
            reason += " (--force, previously forgotten)"
            store.remove_suppression(database, hashed)
        details = Subscriber(
            email=address,
            name=clean_name,
            topics=clean_topics,
            timezone=clean_timezone,
            status=ACTIVE,
        )
        return store.insert_subscriber(database, details, key, reason)
    assert existing.id is not None
    if existing.status in LEFT_STATUSES:
        if not force:
            raise SuppressedError(f"{_left_message(existing)}; pass --force to resubscribe it")
        reason += " (--force)"
    store.update_details(
        database,
        existing.id,
        reason,
        name=clean_name or None,
        topics=clean_topics or None,
        timezone=clean_timezone if clean_timezone else store.UNSET,
    )
    changed = store.change_status(database, existing.id, ACTIVE, reason)
    assert changed is not None
    return changed


def _subscriber_for(
    config: Config, database: Database, token: str, purpose: Purpose, max_age: float | None
) -> Subscriber | None:
    uid = verify_token(secret_key(config, database), token, purpose, max_age=max_age)
    return store.find_by_uid(database, uid)


def confirm(config: Config, database: Database, token: str) -> Subscriber:
    """The confirm link: ``pending`` becomes ``active``; confirming twice is harmless."""
    max_age = config.subscribers.pending_expiry_days * 86400
    subscriber = _subscriber_for(config, database, token, Purpose.CONFIRM, max_age)
    if subscriber is None:
        raise TokenError(
            "this subscription request has expired or was withdrawn; please sign up again",
            reason="unknown",
        )
    if subscriber.status is ACTIVE:
        return subscriber
    if subscriber.status is not PENDING:
        raise SuppressedError(f"{_left_message(subscriber)}; please sign up again")
    assert subscriber.id is not None
    changed = store.change_status(
        database, subscriber.id, ACTIVE, "confirmed by link", only_from=[PENDING]
    )
    assert changed is not None
    # A fresh, confirmed consent outweighs an old request to be forgotten.
    store.remove_suppression(database, email_hash(changed.email))
    return changed


def unsubscribe(
    config: Config, database: Database, token: str, reason: str = "unsubscribe link"
) -> Subscriber | None:
    """The one-click unsubscribe: idempotent, effective for every later send at once.

    Returns the record afterwards, or ``None`` when the person was forgotten
    already (nothing left to unsubscribe). Bounced or complained stay so.
    """
    subscriber = _subscriber_for(config, database, token, Purpose.UNSUBSCRIBE, None)
    if subscriber is None or subscriber.id is None or subscriber.status in LEFT_STATUSES:
        return subscriber
    return store.change_status(
        database,
        subscriber.id,
        SubscriberStatus.UNSUBSCRIBED,
        reason,
        only_from=[PENDING, ACTIVE],
    )


def remove(
    config: Config, database: Database, email: str, reason: str = "removed by the operator"
) -> Subscriber:
    """Unsubscribe by address (the operator, or a provider's unsubscribe event)."""
    subscriber = get_subscriber(config, database, email)
    if subscriber.status in LEFT_STATUSES or subscriber.id is None:
        return subscriber
    changed = store.change_status(
        database, subscriber.id, SubscriberStatus.UNSUBSCRIBED, reason, only_from=[PENDING, ACTIVE]
    )
    assert changed is not None
    return changed


def record_bounce(
    config: Config, database: Database, email: str, reason: str = "hard bounce"
) -> Subscriber | None:
    """A hard bounce from the provider: never send there again (complained stays complained)."""
    subscriber = find_subscriber(config, database, email)
    if subscriber is None or subscriber.id is None:
        return None
    allowed = [s for s in SubscriberStatus if s is not SubscriberStatus.COMPLAINED]
    return store.change_status(
        database, subscriber.id, SubscriberStatus.BOUNCED, reason, only_from=allowed
    )


def record_complaint(
    config: Config, database: Database, email: str, reason: str = "spam complaint"
) -> Subscriber | None:
    """A spam complaint from the provider: the strongest "stop", from any status."""
    subscriber = find_subscriber(config, database, email)
    if subscriber is None or subscriber.id is None:
        return None
    return store.change_status(database, subscriber.id, SubscriberStatus.COMPLAINED, reason)


def subscriber_for_preferences(config: Config, database: Database, token: str) -> Subscriber:
    """Who a preferences link belongs to (for showing the page)."""
    subscriber = _subscriber_for(config, database, token, Purpose.PREFERENCES, None)
    if subscriber is None:
        raise TokenError("this subscriber no longer exists", reason="unknown")
    return subscriber


def update_preferences(
    config: Config,
    database: Database,
    token: str,
    *,
    topics: Sequence[str] | str | None = None,
    name: str | None = None,
    timezone: str | None = None,
) -> Subscriber:
    """Change topics (empty list = everything), name or timezone from a preferences link."""
    subscriber = subscriber_for_preferences(config, database, token)
    assert subscriber.id is not None
    changed = store.update_details(
        database,
        subscriber.id,
        "preferences",
        name=normalise_name(name) if name is not None else None,
        topics=parse_topics(topics) if topics is not None else None,
        timezone=normalise_timezone(timezone) if timezone is not None else store.UNSET,
    )
    assert changed is not None
    return changed


def pause(
    config: Config,
    database: Database,
    token: str,
    *,
    until: dt.datetime | None = None,
    weeks: int | None = None,
) -> Subscriber:
    """Stop sending until a date (or for some weeks) without unsubscribing."""
    now = dt.datetime.now(dt.UTC)
    if (until is None) == (weeks is None):
        raise SubscriberError("pause needs exactly one of 'until' or 'weeks'")
    if weeks is not None:
        if weeks < 1:
            raise SubscriberError("pause for at least one week")
        until = now + dt.timedelta(weeks=weeks)
    assert until is not None
    if until.tzinfo is None:
        raise SubscriberError("the pause end needs a timezone")
    if until <= now:
        raise SubscriberError("the pause must end in the future")
    subscriber = subscriber_for_preferences(config, database, token)
    assert subscriber.id is not None
    changed = store.update_details(database, subscriber.id, "paused", paused_until=until)
    assert changed is not None
    return changed


def resume(config: Config, database: Database, token: str) -> Subscriber:
    subscriber = subscriber_for_preferences(config, database, token)
    assert subscriber.id is not None
    changed = store.update_details(database, subscriber.id, "resumed", paused_until=None)
    assert changed is not None
    return changed


def forget(config: Config, database: Database, email: str) -> bool:
    """Delete everything about the address, keeping only its hash so it is never re-added
    by accident, and the queued outbox emails addressed to it. True when there was a
    record; the hash is kept either way."""
    address = normalise_email(email, check_deliverability=False)
    existed = store.delete_and_suppress(
        database, email_key(address), email_hash(address), "forgotten on request"
    )
    purge_outbox(config, email_key(address))
    return existed


def expire_pending(config: Config, database: Database, now: dt.datetime | None = None) -> list[str]:
    """Delete pending subscribers older than ``pending_expiry_days``; return their addresses.

    They never confirmed, so nothing of theirs is kept.
    """
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=config.subscribers.pending_expiry_days)
    return store.delete_pending_before(database, cutoff)
