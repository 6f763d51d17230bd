"""The theme: where templates come from, and turning template failures into clear errors.

Templates are looked up in a chain: the user's folder (``[render] templates``) first, then
the default theme. A file of the same name in the user's folder replaces the default one,
so a user can override a single partial and keep the rest.

The default theme lives in the top-level ``templates/`` folder of a checkout; an installed
package carries a copy in ``digest/templates/`` (see ``setup.py``).
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from digest.exceptions import TemplateError

HTML_TEMPLATE = "edition.mjml.j2"
TEXT_TEMPLATE = "edition.txt.j2"

_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def default_templates_dir() -> Path:
    """The default theme: the checkout's ``templates/`` or the copy shipped in the package."""
    for candidate in (_PACKAGE_DIR.parent / "templates", _PACKAGE_DIR / "templates"):
        if (candidate / HTML_TEMPLATE).is_file():
            return candidate
    raise TemplateError(
        f"the default email theme is missing (looked for {HTML_TEMPLATE} in "
        f"{_PACKAGE_DIR.parent / 'templates'} and {_PACKAGE_DIR / 'templates'}); reinstall digest"
    )


def _autoescape(name: str | None) -> bool:
    # Everything is HTML-escaped except the plain-text part: escaping there would show "&amp;".
    return not (name or "").endswith(".txt.j2")


def make_environment(user_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja environment over the loader chain: the user's folder, then the default theme."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: templates folder not found ([render] templates)")
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(default_templates_dir())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        # A misspelt variable is a broken template, not an empty string in 100,000 emails.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _where(exc: BaseException) -> str:
    """``file:line`` of the innermost template frame in a rendering traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name or '<template>'}:{exc.lineno}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or "/templates/" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return "<template>"


class Theme:
    """Loaded templates, compiled once and rendered many times."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.environment = make_environment(user_dir)
        self._cache: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        if name not in self._cache:
            try:
                self._cache[name] = self.environment.get_template(name)
            except jinja2.TemplateNotFound as exc:
                raise TemplateError(f"template not found: {exc.name}") from None
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{_where(exc)}: {exc.message}") from None
        return self._cache[name]

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        template = self.template(name)
        try:
            return template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            # An included partial is compiled only when it is first reached.
            raise TemplateError(f"{_where(exc)}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{_where(exc)}: template not found: {exc.name}") from None
        except Exception as exc:  # any failure inside a template is the template's fault
            raise TemplateError(f"{_where(exc)}: {type(exc).__name__}: {exc}") from None
