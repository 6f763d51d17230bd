"""The [render] keys: checked when the config is loaded, with the key named."""

from __future__ import annotations

import pytest

from digest.exceptions import ConfigError
from tests.render.conftest import make_config


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("accent_color", "blue", "render.accent_color"),
        ("logo_url", "javascript:alert(1)", "render.logo_url: must start with http"),
        ("base_url", "ftp://example.org", "render.base_url: must start with http"),
        ("language", "english please", "render.language"),
        ("size_budget", 0, "render.size_budget"),
        ("colour", "#000000", "render.colour: unknown key"),
    ],
)
def test_bad_render_keys_are_named(key: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make_config(**{key: value})


def test_render_defaults() -> None:
    render = make_config().render
    assert render.size_budget == 95_000
    assert render.utm is False
    assert render.language == "en"
