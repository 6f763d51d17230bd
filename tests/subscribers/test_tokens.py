"""Signed links: bound to a subscriber and a purpose; forged, altered, stale or misused ones fail."""

from __future__ import annotations

import time

import pytest

from digest.config import Config
from digest.exceptions import ConfigError, TokenError
from digest.models import Subscriber
from digest.store.db import Database
from digest.subscribers import (
    Purpose,
    add_confirmed,
    links_for,
    make_token,
    secret_key,
    signup,
    verify_token,
)

SECRET = "a-test-secret-of-enough-length"


def test_a_token_verifies_for_its_purpose_and_gives_back_the_uid() -> None:
    token = make_token(SECRET, "uid-123", Purpose.UNSUBSCRIBE)
    assert verify_token(SECRET, token, Purpose.UNSUBSCRIBE) == "uid-123"
    assert verify_token(SECRET, token, "unsubscribe", max_age=60) == "uid-123"
    assert "uid-123" not in token.split(".")[1:]  # only the signed payload carries it


def test_wrong_purpose_is_refused() -> None:
    token = make_token(SECRET, "uid-123", Purpose.PREFERENCES)
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, token, Purpose.UNSUBSCRIBE)
    assert caught.value.reason == "wrong-purpose"


@pytest.mark.parametrize("where", [0, 10, -3])
def test_an_altered_token_is_refused(where: int) -> None:
    token = make_token(SECRET, "uid-123", Purpose.CONFIRM)
    flipped = "A" if token[where] != "A" else "B"
    altered = token[:where] + flipped + token[where + 1 :] if where >= 0 else None
    if altered is None:
        position = len(token) + where
        altered = token[:position] + flipped + token[position + 1 :]
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, altered, Purpose.CONFIRM)
    assert caught.value.reason in {"altered", "malformed"}


def test_a_forged_payload_for_another_purpose_is_refused() -> None:
    # Take a real preferences token and graft an unsubscribe payload onto its signature.
    real = make_token(SECRET, "uid-123", Purpose.PREFERENCES)
    other = make_token("someone-elses-secret-key", "uid-123", Purpose.UNSUBSCRIBE)
    forged = other.split(".")[0] + "." + ".".join(real.split(".")[1:])
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, forged, Purpose.UNSUBSCRIBE)
    assert caught.value.reason == "altered"


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = make_token("another-secret-entirely-0000", "uid-123", Purpose.UNSUBSCRIBE)
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, token, Purpose.UNSUBSCRIBE)
    assert caught.value.reason == "altered"


def test_garbage_is_refused() -> None:
    for junk in ("", "abc", "a.b.c", "../../etc/passwd"):
        with pytest.raises(TokenError):
            verify_token(SECRET, junk, Purpose.UNSUBSCRIBE)


def test_an_expired_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sign it "two days ago" by moving the clock itsdangerous reads, then verify now.
    two_days_ago = time.time() - 2 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: two_days_ago)
        token = make_token(SECRET, "uid-123", Purpose.CONFIRM)
    with pytest.raises(TokenError) as caught:
        verify_token(SECRET, token, Purpose.CONFIRM, max_age=86400)
    assert caught.value.reason == "expired"
    # No max_age (unsubscribe links in old emails): still good.
    assert verify_token(SECRET, token, Purpose.CONFIRM) == "uid-123"


def test_the_secret_comes_from_the_environment_when_set(
    config: Config, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_SECRET_KEY", SECRET)
    assert secret_key(config, database) == SECRET
    monkeypatch.setenv("DIGEST_SECRET_KEY", "too-short")
    with pytest.raises(ConfigError, match="at least 16"):
        secret_key(config, database)


def test_without_the_environment_a_secret_is_made_once_and_kept(
    config: Config, database: Database
) -> None:
    first = secret_key(config, database)
    assert len(first) >= 32
    assert secret_key(config, database) == first


def test_links_carry_no_address_or_row_id(config: Config, database: Database) -> None:
    pending = signup(config, database, "ann@example.com", name="Ann")
    links = links_for(config, database, pending)
    assert links.confirm_url is not None
    for url in (links.unsubscribe_url, links.preferences_url, links.confirm_url):
        assert url.startswith("https://news.example.com/")
        assert "ann" not in url.lower() and "example.com/1" not in url
    secret = secret_key(config, database)
    token = links.unsubscribe_url.rsplit("/", 1)[1]
    assert verify_token(secret, token, Purpose.UNSUBSCRIBE) == pending.uid
    assert links.unsubscribe_url.startswith("https://news.example.com/unsubscribe/")
    assert links.preferences_url.startswith("https://news.example.com/preferences/")
    active = add_confirmed(config, database, "bob@example.com")
    assert links_for(config, secret, active).confirm_url is None
    with pytest.raises(TokenError):
        links_for(config, secret, Subscriber(email="new@example.com"))
