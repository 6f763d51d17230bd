"""Benchmark: a full draft build over 5k, 10k and 20k stories with near-duplicate groups.

Run: .venv/bin/python bench/rank.py [--sizes 5000 10000 20000] [--repeat 3]
For each size it fills a fresh SQLite store with one week of synthetic stories
(about a quarter of the news told by 2-4 sources in different words), then
times, best of ``--repeat``:

* full build: ``build_draft`` (read the candidates from the store, cluster,
  score, select, save the draft), and
* pure rank: ``rank`` on candidates already in memory.

It prints the growth between sizes against n log n. Target (2-core machine):
20k stories in 3 s or less, growing no faster than n log n.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine  # noqa: E402
from digest.config import config_from_dict  # noqa: E402
from digest.editions import build_draft, period_bounds  # noqa: E402
from digest.models import Story  # noqa: E402
from digest.rank import rank  # noqa: E402
from digest.store import editions as edition_store  # noqa: E402
from digest.store.db import open_database  # noqa: E402
from digest.store.stories import save_stories  # noqa: E402

PERIOD = "2026-W47"
WEEK_START = dt.datetime(2026, 11, 16, tzinfo=dt.UTC)
SOURCES = 40
CONSONANTS = "bcdfghklmnprstvwz"
VOWELS = "aeiou"


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.randint(2, 4)
        words.add("".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)))
    return sorted(words)


class Writer:
    """Sentences from a Zipf-like general vocabulary plus an event's own words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.general = vocabulary(rng, 6000)
        self.weights = [1 / (rank + 1) for rank in range(len(self.general))]
        self.specific = vocabulary(random.Random(99), 60000)

    def event_words(self) -> list[str]:
        return self.rng.sample(self.specific, 14)

    def text(self, own: list[str], words: int, share: float) -> str:
        picked_own = self.rng.sample(own, min(len(own), int(words * share)))
        general = self.rng.choices(self.general, self.weights, k=words - len(picked_own))
        mixed = picked_own + general
        self.rng.shuffle(mixed)
        return " ".join(mixed)


def stories_for(size: int, seed: int = 7) -> tuple[dict[str, list[Story]], int]:
    """Stories per source, and how many distinct pieces of news they tell."""
    rng = random.Random(seed)
    writer = Writer(rng)
    by_source: dict[str, list[Story]] = {f"Source {i:02d}": [] for i in range(SOURCES)}
    names = sorted(by_source)
    made = 0
    event = 0
    while made < size:
        own = writer.event_words()
        copies = rng.choice((2, 3, 4)) if rng.random() < 0.25 else 1
        copies = min(copies, size - made)
        for source in rng.sample(names, copies):
            published = WEEK_START + dt.timedelta(minutes=rng.randrange(7 * 24 * 60))
            title = writer.text(own, 9, 0.4).capitalize()
            body = ". ".join(writer.text(own, 20, 0.35) for _ in range(rng.randint(3, 12)))
            by_source[source].append(
                Story(
                    title=title,
                    url=f"https://{source.replace(' ', '').lower()}.example/{event}/{made}",
                    published=published,
                    summary=writer.text(own, 35, 0.35) if rng.random() < 0.7 else None,
                    body=body,
                    image=f"https://img.example/{made}.jpg" if rng.random() < 0.5 else None,
                    source=source,
                    tags=(rng.choice(("News", "Sport", "Business", "Arts", "Council")),),
                )
            )
            made += 1
        event += 1
    return by_source, event


def fill(url: str, size: int) -> int:
    database = open_database(url)
    by_source, events = stories_for(size)
    for index, (source, batch) in enumerate(sorted(by_source.items())):
        save_stories(
            database, batch, source_name=source, location=source, weight=0.8 + (index % 5) * 0.1
        )
    database.dispose()
    return events


def best_of(repeat: int, action) -> float:  # noqa: ANN001 - a zero-argument callable
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = config_from_dict({"name": "Bench Weekly", "timezone": "UTC"})
    start, end = period_bounds(config, PERIOD)
    print(machine())
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            url = f"sqlite:///{Path(folder) / f'bench-{size}.db'}"
            events = fill(url, size)
            database = open_database(url)
            # The first build in a fresh process is what `digest draft` pays (cold caches).
            first = best_of(1, lambda: build_draft(config, database, PERIOD))  # noqa: B023
            candidates = edition_store.load_candidates(database, config.name, start, end)
            full = best_of(args.repeat, lambda: build_draft(config, database, PERIOD))  # noqa: B023
            pure = best_of(args.repeat, lambda: rank(candidates, config.rank, start, end))  # noqa: B023
            ranked = rank(candidates, config.rank, start, end)
            database.dispose()
            rows.append((size, first, full, pure, f"{ranked.clusters}/{events}"))
    print(
        f"{'stories':>8} {'clusters/news':>14} {'first build':>12} {'full build':>11} "
        f"{'pure rank':>10} {'growth':>7} {'n log n':>8}"
    )
    previous = None
    for size, first, full, pure, clusters in rows:
        growth = nlogn = ""
        if previous is not None:
            growth = f"{full / previous[1]:.2f}x"
            nlogn = f"{(size * math.log(size)) / (previous[0] * math.log(previous[0])):.2f}x"
        print(
            f"{size:>8} {clusters:>14} {first:>11.2f}s {full:>10.2f}s "
            f"{pure:>9.2f}s {growth:>7} {nlogn:>8}"
        )
        previous = (size, full)


if __name__ == "__main__":
    main()
