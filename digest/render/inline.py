"""MJML to email-ready HTML: ``mjml2html`` (MRML), then CSS inlined with premailer.

MRML does not inline ``<mj-style inline="inline">``, so those blocks are taken out of the
MJML before it is compiled and handed to premailer as the only CSS to inline. Every other
style block (MRML's resets, media queries, the dark palette) is marked for premailer to leave
alone: inlining MRML's ``table, td`` reset would repeat it on every cell for nothing.
"""

from __future__ import annotations

import logging
import re

from mjml import mjml2html
from premailer import Premailer

from digest.exceptions import RenderError

_INLINE_STYLE = re.compile(r"<mj-style\s+inline=\"inline\"\s*>(.*?)</mj-style>", re.S | re.I)
_STYLE_OPEN = re.compile(r"<style(?=[\s>])")
_IGNORE = ' data-premailer="ignore"'
_DOCTYPE = "<!DOCTYPE html>"
_TABLE_WITHOUT_ROLE = re.compile(r"<table(?![^>]*\brole=)")
_COLOR_SCHEME = (
    '<meta name="color-scheme" content="light dark">'
    '<meta name="supported-color-schemes" content="light dark">'
)


def split_inline_css(mjml: str) -> tuple[str, str]:
    """The MJML without its ``inline="inline"`` style blocks, and their CSS."""
    css = "\n".join(match.group(1) for match in _INLINE_STYLE.finditer(mjml))
    return _INLINE_STYLE.sub("", mjml), css


def compile_mjml(mjml: str) -> str:
    try:
        return mjml2html(mjml)
    except Exception as exc:  # MRML raises plain exceptions for malformed MJML
        raise RenderError(f"the theme produced MJML that does not compile: {exc}") from None


def inline_css(html: str, css: str) -> str:
    """Inline ``css`` into the elements it matches; keep every style block, comment, doctype."""
    marked = _STYLE_OPEN.sub("<style" + _IGNORE, html)
    try:
        inlined = Premailer(
            marked,
            css_text=css or None,
            allow_network=False,
            keep_style_tags=True,
            remove_classes=False,
            strip_important=False,
            disable_validation=True,
            disable_leftover_css=True,
            cssutils_logging_level=logging.CRITICAL,
        ).transform()
    except Exception as exc:
        raise RenderError(f"inlining the email's CSS failed: {exc}") from None
    inlined = inlined.replace(_IGNORE, "")
    # premailer (lxml) drops the lower-case doctype MRML writes; without one clients fall
    # back to quirks mode and the layout shifts.
    if inlined.lstrip()[:9].lower() != "<!doctype":
        inlined = f"{_DOCTYPE}\n{inlined}"
    return inlined


def finish(html: str) -> str:
    """Accessibility and dark-mode hints every email carries, whatever the theme wrote."""
    html = _TABLE_WITHOUT_ROLE.sub('<table role="presentation"', html)
    if 'name="color-scheme"' not in html:
        html = html.replace("<head>", "<head>" + _COLOR_SCHEME, 1)
    return html


def mjml_to_email_html(mjml: str) -> str:
    source, css = split_inline_css(mjml)
    return finish(inline_css(compile_mjml(source), css))
