"""The confirmation email of double opt-in, as a plain-text RFC 5322 message.

Until the delivery layer exists, queued messages are written to the outbox
folder as ``.eml`` files; ``signup`` takes a ``send`` callable so delivery can
take over without changing the lifecycle code.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path

from digest.config import Config
from digest.models import Subscriber


def confirmation_message(config: Config, subscriber: Subscriber, confirm_url: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = email.utils.formataddr((config.name, config.render.from_email))
    message["To"] = email.utils.formataddr((subscriber.name, subscriber.email))
    message["Subject"] = f"Please confirm your subscription to {config.name}"
    message["Date"] = email.utils.format_datetime(dt.datetime.now(dt.UTC))
    domain = config.render.from_email.rpartition("@")[2] or "localhost"
    message["Message-ID"] = email.utils.make_msgid("confirm", domain=domain)
    if config.render.reply_to:
        message["Reply-To"] = config.render.reply_to
    days = config.subscribers.pending_expiry_days
    greeting = f"Hello {subscriber.name}," if subscriber.name else "Hello,"
    body = (
        f"{greeting}\n\n"
        f"Someone (we hope you) asked to receive {config.name} at this address.\n"
        f"To confirm, open this link within {days} day{'s' if days != 1 else ''}:\n\n"
        f"{confirm_url}\n\n"
        "If it was not you, ignore this email: you will not hear from us again.\n\n"
        f"-- \n{config.render.sender_address}\n"
    )
    # 7bit keeps the long link on one line, readable in the .eml as it is; quoted-printable
    # would fold it (only needed when a name or address is not ASCII).
    message.set_content(body, cte="7bit" if body.isascii() else "quoted-printable")
    return message


def write_to_outbox(config: Config, message: EmailMessage) -> Path:
    """Write the message as an ``.eml`` file in the outbox folder; return its path."""
    folder = config.resolve(config.delivery.outbox_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    message_id = re.sub(r"[^A-Za-z0-9]+", "-", str(message["Message-ID"] or "")).strip("-")
    path = folder / f"{stamp}-{message_id[:40]}.eml"
    path.write_bytes(bytes(message))
    return path


def purge_outbox(config: Config, address_key: str) -> int:
    """Delete the outbox messages addressed to someone (by lower-cased address); return how many.

    Forgetting a person must not leave their address in queued ``.eml`` files.
    """
    folder = config.resolve(config.delivery.outbox_dir)
    if not folder.is_dir():
        return 0
    parser = BytesHeaderParser(policy=default_policy)
    removed = 0
    for path in folder.glob("*.eml"):
        try:
            with path.open("rb") as handle:
                headers = parser.parse(handle)
            recipients = [
                addr for _name, addr in email.utils.getaddresses(headers.get_all("To", []))
            ]
        except (OSError, ValueError):
            continue
        if any(addr.strip().lower() == address_key for addr in recipients):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
