"""Benchmark: a full collect of 200 feeds x 50 items and 300 article pages from a local server.

Run: .venv/bin/python bench/collect.py [--feeds 200] [--items 50] [--pages 300]
Prints the wall time of a first (cold) run and a second run that uses conditional
GET, with the per-stage split (fetch / parse / extract / store).
Targets (2-core machine): first run <= 30 s, second run <= 3 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine  # noqa: E402
from digest.collect import collect  # noqa: E402
from digest.config import config_from_dict  # noqa: E402
from digest.store.db import open_database  # noqa: E402
from digest.store.stories import count_stories  # noqa: E402
from tests.support.httpserver import LocalServer  # noqa: E402

WORDS = (
    "council river bridge school market budget vote harbour library festival road cycle ferry "
    "mayor residents plan week money park station hospital museum weather flood trust club "
    "season teachers pupils shops traders rail bus centre street report summer winter"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def feed_xml(rng: random.Random, base: str, feed: int, items: int) -> str:
    entries = []
    for item in range(items):
        day = 16 + item % 7
        entries.append(
            f"<item><title>{sentence(rng, 7)[:-1]} {feed}-{item}</title>"
            f"<link>{base}/story/{feed}/{item}?utm_source=rss</link><guid>feed{feed}-item{item}</guid>"
            f"<pubDate>{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day - 16]}, {day} Nov 2026 09:00:00 GMT</pubDate>"
            f"<category>News</category>"
            f"<description>&lt;p&gt;{sentence(rng, 30)}&lt;/p&gt;&lt;p&gt;{sentence(rng, 25)}&lt;/p&gt;</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>{base}/</link>{''.join(entries)}</channel></rss>"
    )


def article_html(rng: random.Random, base: str, page: int) -> str:
    paragraphs = "".join(
        f"<p>{sentence(rng, 20)} {sentence(rng, 18)} {sentence(rng, 15)}</p>" for _ in range(7)
    )
    title = f"{sentence(rng, 8)[:-1]} {page}"
    return (
        f'<html lang="en"><head><title>{title} - Bench Gazette</title>'
        f'<link rel="canonical" href="{base}/article/{page}">'
        f'<meta property="og:site_name" content="Bench Gazette">'
        f'<meta property="article:published_time" content="2026-11-{16 + page % 7}T08:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"{paragraphs}</article><section class='comments'><p>{sentence(rng, 12)}</p></section>"
        f"<footer>All rights reserved.</footer></body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(7)
    with LocalServer() as server, tempfile.TemporaryDirectory() as folder:
        sources = []
        for feed in range(args.feeds):
            path = f"/feed/{feed}.xml"
            server.add(
                path,
                feed_xml(rng, server.base, feed, args.items),
                content_type="application/rss+xml",
                etag=f'"f{feed}"',
            )
            sources.append({"name": f"Feed {feed}", "url": server.url(path)})
        for page in range(args.pages):
            path = f"/article/{page}"
            server.add(
                path,
                article_html(rng, server.base, page),
                last_modified="Mon, 16 Nov 2026 08:00:00 GMT",
            )
            sources.append({"name": f"Page {page}", "url": server.url(path)})
        config_path = Path(folder) / "digest.toml"
        config_path.write_text("")
        config = config_from_dict(
            {"sources": sources, "fetch": {"concurrency": args.concurrency}}, config_path
        )
        database = open_database(config.db_url)
        print(f"machine: {machine()}")
        print(f"sources: {args.feeds} feeds x {args.items} items + {args.pages} pages")
        for label in ("first run (cold)", "second run (conditional GET)"):
            started = time.perf_counter()
            report = collect(config, database)
            wall = time.perf_counter() - started
            totals = report.totals
            statuses: dict[str, int] = {}
            for source in report.sources:
                statuses[source.status] = statuses.get(source.status, 0) + 1
            split = ", ".join(
                f"{stage} {report.seconds.get(stage, 0.0):.2f} s"
                for stage in ("fetch", "parse", "extract", "store")
            )
            print(
                f"{label}: {wall:.2f} s wall; new {totals.new}, updated {totals.updated}, "
                f"unchanged {totals.unchanged}; sources {statuses}"
            )
            print(f"  stage time ({split}; fetch is summed over concurrent requests)")
        print(f"stories stored: {count_stories(database)}")


if __name__ == "__main__":
    main()
