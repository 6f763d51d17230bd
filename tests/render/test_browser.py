"""The email in a real browser (Debian's headless chromium) at phone and desktop widths:
no horizontal scrolling, every story title visible. Screenshots are saved in the test's
tmp folder and copied to /tmp/digest-screens/ for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.models import Edition
from digest.render import Recipient, Renderer
from tests.support.browser import HOST, Chromium, chromium_path
from tests.support.httpserver import LocalServer

SCREENS = Path("/tmp/digest-screens")

PHOTO = """<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600" viewBox="0 0 1200 600">
<rect width="1200" height="600" fill="#7aa6c2"/><circle cx="900" cy="160" r="90" fill="#f4d35e"/>
<path d="M0 420 L300 260 L520 400 L760 230 L1200 450 L1200 600 L0 600 Z" fill="#3d6b4f"/></svg>"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (tests/run.sh installs it with apt-get as root)")
    return Chromium(executable, tmp_path_factory.mktemp("chromium"))


@pytest.fixture
def page(tmp_path: Path, renderer: Renderer, edition: Edition, reader: Recipient):
    with LocalServer() as server:
        for item in edition.items:
            if item.image:
                item.image = server.add(
                    f"/img/{item.story_id}.svg", PHOTO, content_type="image/svg+xml"
                )
        # A long unbroken word is what usually pushes a phone layout sideways.
        edition.items[1].title = "Supercalifragilisticexpialidociousness hits the harbour road"
        edition.items[2].blurb = "See https://news.example.org/" + "very-long-path-segment-" * 5
        html = renderer.render(edition).personalise(reader).html
        (tmp_path / "email.html").write_text(html, encoding="utf-8")
        email_url = server.add("/email.html", html)
        for width in (375, 640):
            server.add(f"/host-{width}.html", HOST % {"src": "/email.html", "width": width})
        yield server, email_url, edition


def _save(shot: Path) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENS / shot.name)


@pytest.mark.parametrize("width", [375, 640])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_horizontal_scrolling_and_every_title_visible(
    browser: Chromium,
    page: tuple[LocalServer, str, Edition],
    tmp_path: Path,
    width: int,
    dark: bool,
) -> None:
    server, email_url, edition = page
    measured = browser.measure(server.url(f"/host-{width}.html"), width, dark=dark)
    assert measured["innerWidth"] == width
    assert measured["scrollWidth"] <= measured["innerWidth"], measured["scrollWidth"]
    titles = measured["titles"]
    assert [t["text"] for t in titles] == [item.title for item in edition.items]
    for title in titles:
        assert not title["hidden"], title
        assert title["width"] > 0 and title["height"] > 0, title
        assert title["left"] >= 0 and title["right"] <= width, title
    assert measured["images"]
    for image in measured["images"]:
        assert image["loaded"] and image["right"] <= width, image
    if dark:
        assert measured["dark"], "chromium did not emulate prefers-color-scheme: dark"
        assert measured["background"] != "rgb(242, 244, 247)"
    mode = "dark" if dark else "light"
    shot = tmp_path / f"email-{width}-{mode}.png"
    browser.screenshot(email_url, shot, width, min(int(measured["height"]) + 20, 8000), dark=dark)
    assert shot.stat().st_size > 10_000
    _save(shot)
