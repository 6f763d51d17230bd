"""Every error digest raises on purpose.

The hierarchy::

    DigestError
    ├── ConfigError                 the config file or environment is wrong (names key and file)
    ├── StoreError                  the database cannot be opened or migrated
    ├── SourceError                 one input or source could not be read; the others go on
    │   ├── FetchError              the HTTP side: refused, timed out, bad status
    │   │   ├── UnsafeURLError      not http(s), or no host
    │   │   └── TooLargeError       the body passed the size cap
    │   └── ParseError              the bytes arrived but hold no stories we can read
    ├── EditionError                an edition cannot be built or changed as asked
    │   └── IllegalTransitionError  a lifecycle step that is not allowed from the current status
    ├── RenderError                 a template or the MJML/inliner stage failed
    │   └── TemplateError           a template is broken (names the file and line)
    ├── SubscriberError             a subscriber operation was refused
    │   ├── InvalidEmailError       an address fails validation
    │   ├── TokenError              a signed link is forged, altered, expired or for another purpose
    │   ├── SuppressedError         the address left (unsubscribed, bounced, complained, forgotten)
    │   └── SubscriberFileError     a subscriber CSV cannot be read at all (bad rows are reported, not raised)
    └── DeliveryError               a provider refused or failed a send

The CLI catches ``DigestError`` and prints its message; anything else is a bug.
"""

from __future__ import annotations


class DigestError(Exception):
    """Base class: the message is meant for the person running digest."""


class ConfigError(DigestError):
    pass


class StoreError(DigestError):
    pass


class SourceError(DigestError):
    pass


class FetchError(SourceError):
    pass


class UnsafeURLError(FetchError):
    pass


class TooLargeError(FetchError):
    pass


class ParseError(SourceError):
    pass


class EditionError(DigestError):
    pass


class IllegalTransitionError(EditionError):
    pass


class RenderError(DigestError):
    pass


class TemplateError(RenderError):
    pass


class SubscriberError(DigestError):
    pass


class InvalidEmailError(SubscriberError):
    pass


class TokenError(SubscriberError):
    """``reason`` is one of ``expired``, ``altered``, ``wrong-purpose``, ``malformed``."""

    def __init__(self, message: str, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason


class SuppressedError(SubscriberError):
    pass


class SubscriberFileError(SubscriberError):
    pass


class DeliveryError(DigestError):
    pass
