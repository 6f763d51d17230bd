"""Feeds: the shared samples and malformed files, JSON Feed, charsets, hostile entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.sources import Document, parse_document


def _ingest(digest_cli, *paths: Path | str) -> tuple[list[dict], str, int]:
    result = digest_cli("ingest", "--json", *map(str, paths))
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout or "[]"), result.stderr, result.returncode


def test_shared_sample_feeds_give_titles_links_and_dates(digest_cli, shared_dir: Path) -> None:
    samples = sorted((shared_dir / "fixtures" / "feeds" / "samples").iterdir())
    for path in samples:
        stories, stderr, code = _ingest(digest_cli, path)
        assert code == 0, f"{path.name}: {stderr}"
        assert stories, f"{path.name} gave no entries"
        for story in stories:
            assert story["title"], path.name
            assert story["url"] and story["url"].startswith("http"), path.name
            assert story["published"], path.name


def test_feed_entries_keep_feed_order(shared_dir: Path) -> None:
    path = shared_dir / "fixtures" / "feeds" / "samples" / "rss20.xml"
    parsed = parse_document(Document(path.read_bytes(), str(path)))
    raw = path.read_text()
    positions = [raw.index(story.title) for story in parsed.stories]
    assert positions == sorted(positions)


def test_every_malformed_feed_goes_through_without_traceback(digest_cli, shared_dir: Path) -> None:
    folder = shared_dir / "fixtures" / "feeds" / "malformed"
    paths = sorted(p for p in folder.rglob("*.xml"))
    stories, stderr, code = _ingest(digest_cli, *paths)
    # Broken files are named on stderr; the recoverable ones still give their entries.
    assert "Traceback" not in stderr
    titles = {s["title"] for s in stories}
    assert "crashes here" in titles  # rdf_channel_empty_textinput.xml
    assert any("пережить" in t for t in titles)  # koi8r.xml, read from a legacy charset
    assert any("get?a=1&b=2" in (s["url"] or "") for s in stories)  # corrupted ampersands recovered
    for line in stderr.splitlines():
        assert line.startswith(("error:", "warning:", " ", "")) or line


RSS_WITH_HOSTILE_ITEMS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Town Crier</title><link>https://crier.example/</link>
<item><title>Bins &lt;script&gt;alert(1)&lt;/script&gt; collected late</title>
<link>javascript:alert(document.cookie)</link><guid isPermaLink="false">crier-1</guid>
<description>&lt;p&gt;Collections ran a day behind.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;</description></item>
<item><title>No date on this one</title><link>/news/undated?utm_campaign=x&amp;id=7#c</link></item>
<item><title>Dated item</title><link>https://crier.example/news/dated</link><pubDate>Tue, 17 Nov 2026 09:15:00 +0100</pubDate></item>
</channel></rss>"""


def test_hostile_feed_items_are_defused() -> None:
    parsed = parse_document(
        Document(RSS_WITH_HOSTILE_ITEMS.encode(), "https://crier.example/feed.xml")
    )
    first, undated, dated = parsed.stories
    assert "<script" not in first.title and "alert" not in first.title
    assert first.url is None  # the javascript: link is dropped, the story kept
    assert first.guid == "crier-1"
    assert "steal" not in (first.summary or "")
    assert undated.published is None
    assert undated.url == "https://crier.example/news/undated?id=7"
    assert (
        dated.published is not None and dated.published.isoformat() == "2026-11-17T08:15:00+00:00"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "windows-1251", "iso-8859-1"])
def test_feeds_in_utf16_and_legacy_charsets(encoding: str) -> None:
    title = "Café reopens" if encoding == "iso-8859-1" else "Кафе снова открыто"
    declared = "utf-16" if encoding.startswith("utf-16") else encoding
    xml = (
        f'<?xml version="1.0" encoding="{declared}"?>\n<rss version="2.0"><channel><title>T</title>'
        f"<item><title>{title}</title><link>https://ex.example/a</link></item></channel></rss>"
    )
    data = xml.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    [story] = parse_document(Document(data, "feed.xml")).stories
    assert story.title == title


JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Riverside Radio",
    "home_page_url": "https://radio.example/",
    "authors": [{"name": "Newsroom"}],
    "items": [
        {
            "id": "r-1",
            "url": "https://radio.example/news/1?utm_source=feed",
            "title": "Bridge closes for repairs",
            "content_html": "<p>The old bridge shuts on Monday.</p><p>Diversions are signed.</p>",
            "date_published": "2026-11-17T08:00:00+01:00",
            "tags": ["Transport"],
            "image": "https://radio.example/bridge.jpg",
        },
        {"id": 2, "content_text": "A short note with no title and no link."},
        {"id": "r-3", "url": "/news/3", "title": "Relative link"},
    ],
}


def test_json_feed_1_1_and_1_0() -> None:
    parsed = parse_document(
        Document(json.dumps(JSON_FEED).encode(), "https://radio.example/feed.json")
    )
    first, third = parsed.stories
    assert first.title == "Bridge closes for repairs"
    assert first.url == "https://radio.example/news/1"
    assert (
        first.published is not None and first.published.isoformat() == "2026-11-17T07:00:00+00:00"
    )
    assert first.body == "The old bridge shuts on Monday.\n\nDiversions are signed."
    assert first.author == "Newsroom" and first.tags == ("Transport",)
    assert third.url == "https://radio.example/news/3"
    assert any("item 2" in p for p in parsed.problems)

    old = {**JSON_FEED, "version": "https://jsonfeed.org/version/1", "author": {"name": "Desk"}}
    del old["authors"]
    parsed_old = parse_document(Document(json.dumps(old).encode(), "feed.json"))
    assert parsed_old.stories[0].author == "Desk"
