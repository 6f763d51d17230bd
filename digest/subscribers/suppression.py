"""Who may receive an edition: the one place the send path asks.

Only ``active`` subscribers who are not paused and whose address is not on
the forgotten list receive anything. ``recipients_for`` streams them a page at
a time; ``may_receive`` is the check right before each single send, so an
unsubscribe that lands while a send is under way still stops the emails not
sent yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from digest.config import Config
from digest.models import Subscriber, SubscriberStatus
from digest.store import subscribers as store
from digest.store.db import Database
from digest.subscribers.records import email_hash, email_key


def recipients_for(
    config: Config, database: Database, edition_period: str | None = None
) -> Iterator[Subscriber]:
    """Every subscriber who may receive the edition, in a stable order, streamed.

    ``edition_period`` (e.g. ``2026-W48``) names the edition being sent; it is
    accepted now so the delivery ledger can skip people already sent it.
    """
    forgotten = store.suppressed_hashes(database)
    now = dt.datetime.now(dt.UTC)
    for subscriber in store.iter_subscribers(
        database, statuses=[SubscriberStatus.ACTIVE], not_paused_at=now
    ):
        if forgotten and email_hash(subscriber.email) in forgotten:
            continue
        yield subscriber


def may_receive(database: Database, email: str) -> bool:
    """True only if the address is active, not paused and not forgotten, right now."""
    if not store.receivable(database, email_key(email.strip()), dt.datetime.now(dt.UTC)):
        return False
    return not store.is_suppressed(database, email_hash(email.strip()))
