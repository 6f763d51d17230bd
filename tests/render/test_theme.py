"""Users override any template by name; a broken template names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.exceptions import TemplateError
from digest.models import Edition
from digest.render import Renderer
from digest.render.context import PALETTE
from digest.render.theme import default_templates_dir
from tests.render.conftest import make_config

FOOTER = """<mj-section><mj-column><mj-text>Custom footer for {{ newsletter }}
<a href="{{ recipient.unsubscribe_url }}">Leave</a></mj-text></mj-column></mj-section>
"""


def test_the_default_theme_is_found() -> None:
    folder = default_templates_dir()
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*.j2")}
    for expected in (
        "base.mjml.j2",
        "edition.mjml.j2",
        "edition.txt.j2",
        "partials/header.mjml.j2",
        "partials/intro.mjml.j2",
        "partials/section.mjml.j2",
        "partials/story.mjml.j2",
        "partials/also.mjml.j2",
        "partials/more.mjml.j2",
        "partials/footer.mjml.j2",
    ):
        assert expected in names


def test_a_user_template_overrides_the_default_one(tmp_path: Path, edition: Edition) -> None:
    (tmp_path / "mytheme" / "partials").mkdir(parents=True)
    (tmp_path / "mytheme" / "partials" / "footer.mjml.j2").write_text(FOOTER)
    # Relative to the config file, like every path in it.
    renderer = Renderer(make_config(tmp_path, templates="mytheme"))
    rendered = renderer.render(edition)
    assert "Custom footer for The Riverside Weekly" in rendered.html
    assert "Preferences" not in rendered.html  # the default footer is gone
    assert "Council approves" in rendered.html  # the other partials are the defaults


def test_a_template_syntax_error_names_file_and_line(tmp_path: Path, edition: Edition) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "story.mjml.j2").write_text("<mj-text>\n{{ story.title }\n</mj-text>")
    with pytest.raises(TemplateError, match=r"partials/story\.mjml\.j2:2: "):
        Renderer(make_config(tmp_path, templates=str(tmp_path))).render(edition)


def test_a_template_runtime_error_names_file_and_line(tmp_path: Path, edition: Edition) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "more.mjml.j2").write_text(
        "\n\n<mj-text>{{ no_such_thing }}</mj-text>"
    )
    with pytest.raises(TemplateError, match=r"partials/more\.mjml\.j2:3: .*no_such_thing"):
        Renderer(make_config(tmp_path, templates=str(tmp_path))).render(edition)


def test_a_missing_templates_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="templates folder not found"):
        Renderer(make_config(tmp_path, templates="nowhere"))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _inverted(colour: str) -> str:
    return "#" + "".join(f"{255 - int(colour[i : i + 2], 16):02x}" for i in (1, 3, 5))


@pytest.mark.parametrize("text", ["text", "muted", "accent"])
def test_text_stays_readable_light_dark_and_inverted(text: str) -> None:
    palette = {**PALETTE, "accent": make_config().render.accent_color}
    for background in ("card", "background"):
        assert _contrast(palette[text], palette[background]) >= 4.5
        # Clients that force dark mode invert colours; contrast must survive that too.
        assert _contrast(_inverted(palette[text]), _inverted(palette[background])) >= 4.5
    dark = {"text": "dark_text", "muted": "dark_muted", "accent": "dark_accent"}[text]
    for background in ("dark_card", "dark_bg"):
        assert _contrast(palette[dark], palette[background]) >= 4.5
