"""Collection against a real local HTTP server and a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from digest.collect import collect
from digest.config import config_from_dict
from digest.store.stories import list_stories

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Post</title><link>{base}/</link>
<item><title>School roof repaired</title><link>{base}/news/roof?utm_source=rss</link><guid>vp-1</guid>
<pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate><description>Pupils return on Monday.</description></item>
<item><title>Market moves indoors</title><link>{base}/news/market</link><guid>vp-2</guid>
<pubDate>Tue, 17 Nov 2026 10:00:00 GMT</pubDate><description>The winter market opens in the hall.</description></item>
</channel></rss>"""

ARTICLE = """<html lang="en"><head><title>Weir fish pass opens - Valley Post</title>
<meta property="og:site_name" content="Valley Post"><meta property="article:published_time" content="2026-11-18T12:00:00Z">
</head><body><article><h1>Weir fish pass opens</h1>
<p>Salmon can now climb past the old mill weir after a new fish pass opened on Wednesday, the river trust said.</p>
<p>The pass took two summers to build and was paid for by a lottery grant and local donations.</p>
</article></body></html>"""


def _config(tmp_path: Path, server, **extra) -> object:
    data = {
        "name": "Test Weekly",
        "sources": [
            {"name": "Valley Post feed", "url": server.url("/feed.xml")},
            {"name": "Weir story", "url": server.url("/weir")},
        ],
        **extra,
    }
    path = tmp_path / "digest.toml"
    path.write_text("")  # the config's folder decides where the SQLite file goes
    return config_from_dict(data, path)


def _serve_defaults(server) -> None:
    server.add(
        "/feed.xml",
        FEED.format(base=server.base),
        content_type="application/rss+xml",
        etag='"feed-v1"',
    )
    server.add("/weir", ARTICLE, last_modified="Wed, 18 Nov 2026 12:00:00 GMT")


def test_collect_twice_adds_nothing_and_uses_conditional_get(
    tmp_path, http_server, database
) -> None:
    _serve_defaults(http_server)
    config = _config(tmp_path, http_server)
    first = collect(config, database)
    assert [r.status for r in first.sources] == ["ok", "ok"]
    assert first.totals.new == 3
    second = collect(config, database)
    assert second.totals.new == 0
    assert [r.status for r in second.sources] == ["not modified", "not modified"]
    feed_requests = http_server.requests_for("/feed.xml")
    assert feed_requests[-1].headers.get("If-None-Match") == '"feed-v1"'
    assert feed_requests[-1].status == 304
    weir_requests = http_server.requests_for("/weir")
    assert weir_requests[-1].headers.get("If-Modified-Since") == "Wed, 18 Nov 2026 12:00:00 GMT"
    assert len(list_stories(database)) == 3


def test_same_story_seen_again_updates_instead_of_adding(tmp_path, http_server, database) -> None:
    _serve_defaults(http_server)
    config = _config(tmp_path, http_server)
    collect(config, database)
    # The feed changes: a new ETag, an edited headline for vp-2, and vp-1 now with other tracking params.
    changed = FEED.format(base=http_server.base).replace(
        "Market moves indoors", "Market moves indoors for winter"
    )
    changed = changed.replace("roof?utm_source=rss", "roof?utm_medium=email&amp;fbclid=abc")
    http_server.add("/feed.xml", changed, content_type="application/rss+xml", etag='"feed-v2"')
    report = collect(config, database)
    feed_report = report.sources[0]
    assert (feed_report.counts.new, feed_report.counts.updated, feed_report.counts.unchanged) == (
        0,
        1,
        1,
    )
    titles = sorted(s.title for s in list_stories(database))
    assert titles == [
        "Market moves indoors for winter",
        "School roof repaired",
        "Weir fish pass opens",
    ]


def test_one_broken_source_never_stops_the_others(tmp_path, http_server, database) -> None:
    _serve_defaults(http_server)
    http_server.add("/slow", "<html></html>", delay=3)
    http_server.add("/huge", endless_bytes=50_000_000)
    http_server.add("/gone", "", status=500)
    http_server.add("/loop", redirect_to="/loop")
    data_sources = [
        {"name": "Valley Post feed", "url": http_server.url("/feed.xml")},
        {"name": "Slow", "url": http_server.url("/slow")},
        {"name": "Huge", "url": http_server.url("/huge")},
        {"name": "Broken", "url": http_server.url("/gone")},
        {"name": "Loop", "url": http_server.url("/loop")},
        {"name": "Missing file", "path": "nowhere/feed.xml"},
    ]
    path = tmp_path / "digest.toml"
    path.write_text("")
    config = config_from_dict(
        {"sources": data_sources, "fetch": {"read_timeout": 0.5, "total_timeout": 2}}, path
    )
    report = collect(config, database)
    by_name = {r.name: r for r in report.sources}
    assert (
        by_name["Valley Post feed"].status == "ok" and by_name["Valley Post feed"].counts.new == 2
    )
    assert by_name["Slow"].status == "failed" and "timed out" in by_name["Slow"].error
    assert by_name["Huge"].status == "failed" and "5,000,000-byte limit" in by_name["Huge"].error
    assert by_name["Broken"].status == "failed" and "500" in by_name["Broken"].error
    assert by_name["Loop"].status == "failed" and "redirects" in by_name["Loop"].error
    assert (
        by_name["Missing file"].status == "failed"
        and "no such file" in by_name["Missing file"].error
    )
    # Failures are recorded with the source, for the next run and for the operator.
    rows = dict(
        sqlite3.connect(tmp_path / "digest.db").execute("select name, last_status from sources")
    )
    assert rows["Slow"] == "failed" and rows["Valley Post feed"] == "ok"


def test_redirects_and_gzip_are_followed(tmp_path, http_server, database) -> None:
    http_server.add("/old-feed", redirect_to="/feed.xml", status=301)
    http_server.add(
        "/feed.xml",
        FEED.format(base=http_server.base),
        content_type="application/rss+xml",
        gzip=True,
    )
    path = tmp_path / "digest.toml"
    path.write_text("")
    config = config_from_dict(
        {"sources": [{"name": "Moved", "url": http_server.url("/old-feed")}]}, path
    )
    report = collect(config, database)
    assert report.sources[0].counts.new == 2
    assert "gzip" in http_server.requests_for("/feed.xml")[0].headers.get("Accept-Encoding", "")
    assert "digest/" in http_server.requests_for("/feed.xml")[0].headers.get("User-Agent", "")


def test_cli_collect_prints_a_table_and_ingest_reports_each_failure(
    tmp_path, http_server, digest_cli
) -> None:
    _serve_defaults(http_server)
    (tmp_path / "digest.toml").write_text(
        f'name = "T"\n[[sources]]\nname = "Feed"\nurl = "{http_server.url("/feed.xml")}"\n'
        f'[[sources]]\nname = "Dead"\nurl = "{http_server.url("/nothing")}"\n'
    )
    result = digest_cli("collect", cwd=tmp_path)
    assert result.returncode == 1  # one source failed
    assert "Feed" in result.stdout and "Dead" in result.stdout and "404" in result.stdout
    assert "Traceback" not in result.stderr
    listing = digest_cli("stories", "--since", "", "--json", cwd=tmp_path)
    assert {s["title"] for s in json.loads(listing.stdout)} == {
        "School roof repaired",
        "Market moves indoors",
    }

    ingest = digest_cli(
        "ingest",
        "--json",
        http_server.url("/weir"),
        "javascript:alert(1)",
        str(tmp_path / "none.xml"),
        http_server.url("/feed.xml"),
        cwd=tmp_path,
    )
    assert ingest.returncode == 1
    stories = json.loads(ingest.stdout)
    # The good inputs in input order; each bad one named on stderr.
    assert [s["title"] for s in stories] == [
        "Weir fish pass opens",
        "School roof repaired",
        "Market moves indoors",
    ]
    assert "javascript:alert(1): only http:// and https:// URLs" in ingest.stderr
    assert "none.xml: no such file" in ingest.stderr
    assert "Traceback" not in ingest.stderr


def test_ingest_save_stores_like_collect(tmp_path, http_server, digest_cli) -> None:
    _serve_defaults(http_server)
    for _ in range(2):
        result = digest_cli("ingest", "--save", http_server.url("/feed.xml"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert "0 new, 0 updated, 2 unchanged" in result.stderr
    count = (
        sqlite3.connect(tmp_path / "digest.db")
        .execute("select count(*) from stories")
        .fetchone()[0]
    )
    assert count == 2
