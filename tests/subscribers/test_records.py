"""Address normalisation: the fast path agrees with email-validator."""

from __future__ import annotations

import random

import pytest
from email_validator import EmailNotValidError, validate_email

from digest.exceptions import InvalidEmailError, SubscriberError
from digest.subscribers.records import (
    _fast_normalise,
    email_hash,
    email_key,
    normalise_email,
    normalise_timezone,
    parse_topics,
)


def test_trimmed_and_domain_lower_cased() -> None:
    assert normalise_email("  Ann.Smith@Example.COM \t") == "Ann.Smith@example.com"
    assert email_key("Ann.Smith@example.com") == "ann.smith@example.com"
    assert email_hash("Ann@Example.com") == email_hash("ann@example.com")


@pytest.mark.parametrize(
    "address",
    [
        "",
        "plain",
        "a@b",
        "a..b@example.com",
        ".a@example.com",
        "a@example..com",
        "a@-x.com",
        "a@localhost",
        "a@site.test",
        "a b@example.com",
        "a@example.com.",
        "Ann <a@example.com>",
    ],
)
def test_invalid_addresses_say_why(address: str) -> None:
    with pytest.raises(InvalidEmailError):
        normalise_email(address)


def test_international_addresses_go_through_email_validator() -> None:
    assert normalise_email("josé@Exämple.com") == "josé@exämple.com"


def test_the_fast_path_accepts_only_what_email_validator_accepts() -> None:
    rng = random.Random(11)
    alphabet = "abcAB09.-_+'=!#@x--."
    samples = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        + rng.choice(
            ["@example.com", "@ex-ample.org", "@a.b.co", "@x--y.com", "@sub.example.invalid", ""]
        )
        for _ in range(5000)
    ]
    samples += ["a@b.c", "a@1.com", "a@example.c0m", "a@xn--bcher-kva.example", "x@y.arpa"]
    for address in samples:
        fast = _fast_normalise(address)
        if fast is None:
            continue
        try:
            expected = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            pytest.fail(f"fast path accepted {address!r}, email-validator says {exc}")
        assert fast == expected


def test_topics_and_timezones() -> None:
    assert parse_topics(" Sport ; ;culture;SPORT ") == ("Sport", "culture")
    assert parse_topics(["a", " b "]) == ("a", "b")
    assert parse_topics("") == ()
    assert normalise_timezone(" Europe/Paris ") == "Europe/Paris"
    assert normalise_timezone("") is None
    with pytest.raises(SubscriberError, match="timezone"):
        normalise_timezone("Europe/Atlantis")
