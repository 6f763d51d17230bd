"""Subscribers: a trustworthy list of who gets the newsletter.

Import and export (``csvio``), the lifecycle of one subscriber with its audit
trail (``lifecycle``), signed links (``tokens``) and the suppression check
the send path uses (``suppression``). All database access goes through
``digest.store.subscribers``.
"""

from __future__ import annotations

from collections.abc import Iterator

from digest.models import Subscriber, SubscriberEvent, SubscriberStatus
from digest.store import subscribers as _store
from digest.store.db import Database
from digest.subscribers.csvio import ImportReport, RowProblem, export_csv, import_csv
from digest.subscribers.lifecycle import (
    add_confirmed,
    confirm,
    expire_pending,
    find_subscriber,
    forget,
    get_subscriber,
    history,
    pause,
    record_bounce,
    record_complaint,
    remove,
    resume,
    send_confirmation,
    signup,
    subscriber_for_preferences,
    unsubscribe,
    update_preferences,
)
from digest.subscribers.records import email_hash, email_key, normalise_email
from digest.subscribers.suppression import may_receive, recipients_for
from digest.subscribers.tokens import (
    Purpose,
    SubscriberLinks,
    links_for,
    make_token,
    secret_key,
    verify_token,
)


def list_subscribers(
    database: Database, status: SubscriberStatus | None = None
) -> Iterator[Subscriber]:
    """Every subscriber (or those with one status) in the order they were added, streamed."""
    return _store.iter_subscribers(database, statuses=[status] if status is not None else None)


def stats(database: Database) -> dict[SubscriberStatus, int]:
    """How many subscribers have each status (every status present, zero included)."""
    return _store.count_by_status(database)


__all__ = [
    "ImportReport",
    "Purpose",
    "RowProblem",
    "Subscriber",
    "SubscriberEvent",
    "SubscriberLinks",
    "SubscriberStatus",
    "add_confirmed",
    "confirm",
    "email_hash",
    "email_key",
    "expire_pending",
    "export_csv",
    "find_subscriber",
    "forget",
    "get_subscriber",
    "history",
    "import_csv",
    "links_for",
    "list_subscribers",
    "make_token",
    "may_receive",
    "normalise_email",
    "pause",
    "recipients_for",
    "record_bounce",
    "record_complaint",
    "remove",
    "resume",
    "secret_key",
    "send_confirmation",
    "signup",
    "stats",
    "subscriber_for_preferences",
    "unsubscribe",
    "update_preferences",
    "verify_token",
]
