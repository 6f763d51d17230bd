"""Render editions as email: a responsive HTML part and a plain-text part.

    renderer = Renderer(config)
    variant = renderer.render(edition, variant_topics=["Sport"])   # once per variant
    email = variant.personalise(recipient)                         # per recipient, cheap
    message = build_message(config, email, recipient)

Modules: ``theme`` (templates and their errors), ``context`` (edition -> template values),
``safety`` (URLs), ``inline`` (MJML -> HTML -> inlined CSS), ``sizeguard``, ``text``,
``personalise`` (placeholder tokens), ``message`` (MIME), ``pipeline`` (``Renderer``).
"""

from __future__ import annotations

from digest.render.message import build_message
from digest.render.personalise import PersonalisedEmail, Recipient, sample_recipient
from digest.render.pipeline import RenderedVariant, Renderer, SamplePreview, render_sample
from digest.render.sizeguard import SizeReport

__all__ = [
    "PersonalisedEmail",
    "Recipient",
    "RenderedVariant",
    "Renderer",
    "SamplePreview",
    "SizeReport",
    "build_message",
    "render_sample",
    "sample_recipient",
]
