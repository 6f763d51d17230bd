"""Normalising and validating what makes a subscriber record: address, topics, timezone, status.

Addresses are checked for syntax by email-validator. It costs ~70 us an
address, which alone would take over a minute for a million-row import, so
plain ASCII addresses that match a strict pattern (a subset of what
email-validator accepts) skip it; everything else, including every address the
pattern rejects, goes to email-validator for the verdict and the message.
"""

from __future__ import annotations

import hashlib
import re
import zoneinfo
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from digest.exceptions import InvalidEmailError, SubscriberError
from digest.models import SubscriberStatus

MAX_NAME_LENGTH = 200
MAX_TOPIC_LENGTH = 80

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_FAST_ADDRESS = re.compile(rf"({_ATOM}(?:\.{_ATOM})*)@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
# Names email-validator refuses as special-use (RFC 6761 and friends).
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def _fast_normalise(address: str) -> str | None:
    """The normalised address when it is certainly valid plain ASCII, else ``None``."""
    match = _FAST_ADDRESS.fullmatch(address)
    if match is None:
        return None
    local, domain = match.group(1), match.group(2).lower()
    if len(local) > 64 or len(domain) > 253 or len(address) > 254 or "--" in domain:
        return None  # rare shapes: let email-validator judge them
    # The special-use names are single labels, so "is or ends with .name" means "last label is".
    if domain.rsplit(".", 1)[1] in _SPECIAL_USE:
        return None
    return f"{local}@{domain}"


def normalise_email(raw: str, *, check_deliverability: bool = False) -> str:
    """The address trimmed with its domain lower-cased; ``InvalidEmailError`` says why not."""
    address = raw.strip()
    if not address:
        raise InvalidEmailError("the email address is empty")
    if not check_deliverability:
        fast = _fast_normalise(address)
        if fast is not None:
            return fast
    try:
        result = validate_email(address, check_deliverability=check_deliverability)
    except EmailNotValidError as exc:
        raise InvalidEmailError(f"{address!r} is not a valid email address: {exc}") from None
    return result.normalized


def email_key(email: str) -> str:
    """What uniqueness compares: the normalised address, lower-cased."""
    return email.lower()


def email_hash(email: str) -> str:
    """The hash kept for a forgotten address. Unkeyed on purpose, so it survives
    a change of secret; it only ever needs to match the same address again."""
    return hashlib.sha256(("digest-suppression:" + email_key(email)).encode("utf-8")).hexdigest()


def normalise_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if len(name) > MAX_NAME_LENGTH:
        raise SubscriberError(f"the name is longer than {MAX_NAME_LENGTH} characters")
    return name


def parse_topics(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Topics from ``"a; b"`` or a list: trimmed, blanks dropped, repeats (any case) dropped."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        return _parse_topic_text(raw)
    return _clean_topics(list(raw))


@lru_cache(maxsize=4096)
def _parse_topic_text(raw: str) -> tuple[str, ...]:
    # Lists repeat the same few topic cells over and over: parse each once.
    return _clean_topics(raw.split(";"))


def _clean_topics(parts: list[str]) -> tuple[str, ...]:
    topics: list[str] = []
    seen: set[str] = set()
    for part in parts:
        topic = " ".join(part.split())
        if not topic:
            continue
        if ";" in topic:
            raise SubscriberError(f"topic {topic!r} contains ';', which separates topics")
        if len(topic) > MAX_TOPIC_LENGTH:
            raise SubscriberError(f"topic {topic[:20]!r}... is longer than {MAX_TOPIC_LENGTH}")
        if topic.casefold() not in seen:
            seen.add(topic.casefold())
            topics.append(topic)
    return tuple(topics)


@lru_cache(maxsize=1024)
def _known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def normalise_timezone(raw: str | None) -> str | None:
    name = (raw or "").strip()
    if not name:
        return None
    if not _known_timezone(name):
        raise SubscriberError(f"unknown timezone {name!r} (use an IANA name such as Europe/Paris)")
    return name


def parse_status(raw: str | None, default: SubscriberStatus) -> SubscriberStatus:
    text = (raw or "").strip().lower()
    if not text:
        return default
    try:
        return SubscriberStatus(text)
    except ValueError:
        allowed = ", ".join(s.value for s in SubscriberStatus)
        raise SubscriberError(f"unknown status {text!r} (use one of: {allowed})") from None
