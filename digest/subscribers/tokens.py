"""Signed tokens for the links in emails: confirm, unsubscribe, preferences.

A token is the subscriber's random ``uid`` and the purpose, timestamped and
signed with the secret (itsdangerous, HMAC-SHA256). Nothing in it can be
guessed or changed without the secret, and a token made for one purpose is
refused for another. The secret comes from ``DIGEST_SECRET_KEY``; without it,
one is generated once and kept in the database's ``settings`` table, so a
single machine works offline with no setup (several machines sharing a list
should set the environment variable).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from digest.config import Config
from digest.exceptions import ConfigError, TokenError
from digest.models import Subscriber
from digest.store.db import Database
from digest.store.subscribers import setdefault_setting

MIN_SECRET_LENGTH = 16
SECRET_SETTING = "secret_key"
_SALT = "digest.subscriber-link"


class Purpose(StrEnum):
    CONFIRM = "confirm"
    UNSUBSCRIBE = "unsubscribe"
    PREFERENCES = "preferences"


def secret_key(config: Config, database: Database) -> str:
    """``DIGEST_SECRET_KEY`` when set (at least 16 characters), else the one kept in the store."""
    from_env = config.secret_key
    if from_env is not None:
        if len(from_env) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"DIGEST_SECRET_KEY is {len(from_env)} characters long; use at least "
                f"{MIN_SECRET_LENGTH} random characters (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        return from_env
    return setdefault_setting(database, SECRET_SETTING, secrets.token_urlsafe(32))


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret, salt=_SALT, signer_kwargs={"digest_method": hashlib.sha256}
    )


def make_token(secret: str, uid: str, purpose: Purpose | str) -> str:
    return str(_serializer(secret).dumps({"p": str(Purpose(purpose)), "u": uid}))


def verify_token(
    secret: str, token: str, purpose: Purpose | str, max_age: float | None = None
) -> str:
    """The subscriber ``uid`` the token was made for; ``TokenError`` (with ``reason``) if not.

    ``max_age`` is in seconds; ``None`` accepts any age (unsubscribe links in
    old emails must keep working).
    """
    expected = str(Purpose(purpose))
    try:
        payload = _serializer(secret).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError("this link has expired", reason="expired") from None
    except BadData:
        raise TokenError(
            "this link is not valid (it was altered or not made by this newsletter)",
            reason="altered",
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), str):
        raise TokenError("this link is not valid", reason="malformed")
    if payload.get("p") != expected:
        raise TokenError(
            f"this link is for {payload.get('p')!r}, not {expected!r}", reason="wrong-purpose"
        )
    return payload["u"]


@dataclass(frozen=True, slots=True)
class SubscriberLinks:
    unsubscribe_url: str
    preferences_url: str
    confirm_url: str | None = None


def links_for(
    config: Config, database_or_secret: Database | str, subscriber: Subscriber
) -> SubscriberLinks:
    """The per-recipient links an email carries: ``{base_url}/unsubscribe/{token}`` and so on.

    ``confirm_url`` is only there while the subscriber is pending.
    """
    if subscriber.uid is None:
        raise TokenError("this subscriber has not been stored yet, so it has no links")
    secret = (
        database_or_secret
        if isinstance(database_or_secret, str)
        else secret_key(config, database_or_secret)
    )
    base = config.render.base_url.rstrip("/")

    def url(purpose: Purpose) -> str:
        return f"{base}/{purpose.value}/{make_token(secret, subscriber.uid or '', purpose)}"

    confirm = url(Purpose.CONFIRM) if subscriber.status == "pending" else None
    return SubscriberLinks(
        unsubscribe_url=url(Purpose.UNSUBSCRIBE),
        preferences_url=url(Purpose.PREFERENCES),
        confirm_url=confirm,
    )
