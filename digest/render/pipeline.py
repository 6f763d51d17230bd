"""The render pipeline: Jinja2 -> MJML -> HTML (MRML) -> inlined CSS -> size guard.

``Renderer.render`` renders one variant (the stories a group of subscribers gets) once, with
placeholder tokens for the per-recipient fields; ``RenderedVariant.personalise`` fills them
in for each recipient, which costs a string join instead of a full render.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from digest.config import Config
from digest.exceptions import RenderError
from digest.models import Edition
from digest.render.context import ContextBuilder, select_variant
from digest.render.inline import mjml_to_email_html
from digest.render.personalise import (
    PersonalisedEmail,
    Recipient,
    Template,
    Tokens,
    html_values,
    sample_recipient,
)
from digest.render.sizeguard import SizeReport, fit
from digest.render.text import wrap
from digest.render.theme import HTML_TEMPLATE, TEXT_TEMPLATE, Theme


@dataclass(frozen=True, slots=True)
class RenderedVariant:
    """One variant rendered once. ``html`` and ``text`` still hold the placeholder tokens."""

    subject: str
    preheader: str
    html: str
    text: str
    report: SizeReport
    topics: tuple[str, ...] = ()
    edition: Edition | None = field(default=None, repr=False)
    _html: Template | None = field(default=None, repr=False)
    _text: Template | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Bytes of HTML (UTF-8), as Gmail counts them for clipping."""
        return self.report.final_bytes

    def personalise(self, recipient: Recipient) -> PersonalisedEmail:
        if self._html is None or self._text is None:
            raise RenderError(
                "this render was already made for one recipient; render the variant without one"
            )
        fields = recipient.fields()
        return PersonalisedEmail(
            subject=self.subject,
            preheader=self.preheader,
            html=self._html.fill(html_values(fields)),
            text=self._text.fill(fields),
        )


class Renderer:
    """Renders editions with one config's theme; reuse it, templates are compiled once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        user_dir = config.resolve(config.render.templates) if config.render.templates else None
        self.theme = Theme(user_dir)
        self.contexts = ContextBuilder(config)
        self.tokens = Tokens()

    def _html(self, edition: Edition, recipient: Mapping[str, str], blurbs: int | None) -> str:
        context = self.contexts.build(edition, recipient, blurbs)
        return mjml_to_email_html(self.theme.render(HTML_TEMPLATE, context))

    def render(
        self,
        edition: Edition,
        variant_topics: Iterable[str] | None = None,
        recipient: Recipient | None = None,
    ) -> RenderedVariant:
        """Render the variant of ``edition`` for ``variant_topics`` (section names; none: all).

        With ``recipient`` it is a full render for that one person (the slow, naive way; the
        result's ``html``/``text`` are final). Without it the output holds placeholder tokens
        for ``personalise``.
        """
        topics = tuple(variant_topics or ())
        variant = select_variant(edition, topics)
        values = recipient.fields() if recipient else self.tokens.placeholders()
        html, fitted, report = fit(
            variant,
            self.config.render.size_budget,
            lambda candidate, blurbs: self._html(candidate, values, blurbs),
        )
        context = self.contexts.build(fitted, values, report.blurbs_shortened_to)
        text = wrap(self.theme.render(TEXT_TEMPLATE, context))
        return RenderedVariant(
            subject=context["subject"],
            preheader=context["preheader"],
            html=html,
            text=text,
            report=report,
            topics=topics,
            edition=fitted,
            _html=None if recipient else self.tokens.split(html),
            _text=None if recipient else self.tokens.split(text),
        )

    def render_for(
        self, edition: Edition, recipient: Recipient, variant_topics: Iterable[str] | None = None
    ) -> PersonalisedEmail:
        """A full render for one recipient, without render-once (for comparison and previews)."""
        rendered = self.render(edition, variant_topics, recipient)
        return PersonalisedEmail(rendered.subject, rendered.preheader, rendered.html, rendered.text)


@dataclass(frozen=True, slots=True)
class SamplePreview:
    """An edition as the sample subscriber gets it: what editors look at before sending."""

    variant: RenderedVariant
    recipient: Recipient
    email: PersonalisedEmail

    @property
    def html_bytes(self) -> int:
        return len(self.email.html.encode("utf-8"))


def render_sample(
    config: Config, edition: Edition, variant_topics: Iterable[str] | None = None
) -> SamplePreview:
    """Render ``edition`` (or one variant of it) for the sample subscriber."""
    variant = Renderer(config).render(edition, variant_topics)
    recipient = sample_recipient(config.render.base_url, edition.period)
    return SamplePreview(variant, recipient, variant.personalise(recipient))
