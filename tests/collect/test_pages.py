"""Article pages: headline without site name, metadata, no comments, hostile HTML."""

from __future__ import annotations

import json
from pathlib import Path

from digest.sources import Document, parse_document
from digest.sources.page import strip_site_name

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def test_saved_page_gives_clean_story_without_comments(digest_cli) -> None:
    result = digest_cli("ingest", "--json", str(PAGES / "harbour-times-ferry.html"))
    assert result.returncode == 0, result.stderr
    [story] = json.loads(result.stdout)
    assert story["title"] == "Night ferry to the islands returns after two-year pause"
    # rel=canonical wins, with utm_* and the fragment gone.
    assert story["url"] == "https://harbourtimes.example/news/2026/03/night-ferry-returns"
    assert story["published"] == "2026-03-18T07:30:00+00:00"
    assert story["author"] == "Morag Findlay"
    assert story["image"] == "https://harbourtimes.example/media/ferry-at-dusk.jpg"
    assert story["language"] == "en-GB"
    assert story["source"] == "The Harbour Times"
    assert story["body"].startswith("The overnight ferry linking the mainland port")
    assert story["body"].endswith("Tickets go on sale next Monday.")
    assert "\n\n" in story["body"]
    for furniture in (
        "About time too",
        "Seabird77",
        "refit took far longer",
        "Accept all",
        "All rights reserved",
        "Harbour wall repairs",
    ):
        assert furniture not in story["body"]


def test_title_loses_dash_suffix_and_comment_thread() -> None:
    path = PAGES / "northbridge-library.html"
    parsed = parse_document(Document(path.read_bytes(), str(path)))
    [story] = parsed.stories
    assert story.title == "Northbridge library to stay open until 9pm on weekdays"
    assert story.published is not None and story.published.date().isoformat() == "2026-03-19"
    assert "my daughter practically lives there" not in (story.body or "")
    assert "Sign up to our newsletter" not in (story.body or "")
    assert story.body and story.body.endswith("for up to three hours at a time.")


def test_site_name_suffixes_and_prefixes() -> None:
    assert strip_site_name("Budget passes - BBC News", ["BBC News"]) == "Budget passes"
    assert (
        strip_site_name("Typhoon nears coast | The Japan Times", ["The Japan Times"])
        == "Typhoon nears coast"
    )
    assert (
        strip_site_name("The Japan Times | Typhoon nears coast", ["japantimes.co.jp", "japantimes"])
        == "Typhoon nears coast"
    )
    # The page's own <h1> settles it when the site name is unknown.
    assert (
        strip_site_name("Mayor resigns - Valley Post", [], headline="Mayor resigns")
        == "Mayor resigns"
    )
    # A dash that belongs to the headline stays.
    assert (
        strip_site_name("Rain - and more rain - for the weekend", ["Weather Desk"])
        == "Rain - and more rain - for the weekend"
    )


def test_hostile_title_script_is_text_and_javascript_links_dropped() -> None:
    html = b"""<html><head><title>Flood &lt;warning&gt; <script>alert('x')</script>lifted</title>
    <link rel="canonical" href="javascript:alert(1)"><meta property="og:image" content="javascript:alert(2)">
    </head><body><article><h1>Flood warning lifted</h1>
    <p>The river fell below the alert level overnight and the warning was lifted at dawn, the agency said.</p>
    <p>Roads along the embankment reopened by nine o'clock and buses returned to their usual routes.</p>
    <script>document.write('evil')</script></article></body></html>"""
    [story] = parse_document(Document(html, "https://news.example/flood")).stories
    assert "<script" not in story.title and "alert" not in story.title
    assert story.url == "https://news.example/flood"  # the javascript: canonical is ignored
    assert story.image is None
    assert "evil" not in (story.body or "")


def test_non_utf8_page_without_charset_is_read() -> None:
    html = (
        "<html><head><title>Caf\u00e9 owners\u2019 plea</title></head><body><article><h1>Caf\u00e9 owners\u2019 plea</h1>"
        "<p>The caf\u00e9 owners on the quay say the new parking rules cost them half their trade \u2013 "
        "and they want the council to think again before the summer season starts.</p>"
        "<p>A petition with more than two thousand names will be handed in on Thursday morning.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    [story] = parse_document(Document(html, "page.html")).stories
    assert story.title == "Caf\u00e9 owners\u2019 plea"
    assert "caf\u00e9 owners on the quay" in (story.body or "")
