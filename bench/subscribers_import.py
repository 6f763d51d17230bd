"""Benchmark: import a subscriber CSV of 1,000,000 rows into SQLite, then import it again.

Run: .venv/bin/python bench/subscribers_import.py [--rows 1000000]
The import goes through ``digest.subscribers.import_csv``, the code the
``digest subscribers import`` command runs. Prints rows/s, seconds and the
peak resident memory of the process (the file is made in a temporary folder
first, outside the timing).
Targets (2-core machine): 1M rows in <= 60 s with peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine  # noqa: E402
from digest.config import config_from_dict  # noqa: E402
from digest.store.db import open_database  # noqa: E402
from digest.subscribers import import_csv, stats  # noqa: E402

FIRST = "ann bob cleo dev eli fay gus hana ivo jun kai lea max nia oto pia rex sol tam uma".split()
LAST = "smith jones brown khan silva novak ito garcia muller rossi".split()
TOPICS = ["local news", "sport", "culture", "business", "weather", ""]
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo", ""]
DOMAINS = ["example.com", "example.org", "mail.example.net", "post.example.co.uk"]


def write_csv(path: Path, rows: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "topics", "timezone", "status"])
        for number in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            topics = ";".join(t for t in {rng.choice(TOPICS), rng.choice(TOPICS)} if t)
            writer.writerow(
                [
                    f"{first}.{last}.{number}@{rng.choice(DOMAINS)}",
                    f"{first.title()} {last.title()}",
                    topics,
                    rng.choice(ZONES),
                    "active" if number % 50 else "unsubscribed",
                ]
            )


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "subscribers.csv"
        write_csv(csv_path, args.rows)
        config_path = Path(folder) / "digest.toml"
        config_path.write_text("")
        config = config_from_dict({}, config_path)
        database = open_database(config.db_url)
        print(f"machine: {machine()}")
        size = csv_path.stat().st_size / 2**20
        print(
            f"file: {args.rows:,} rows, {size:.1f} MiB; memory before import {peak_rss_mb():.0f} MB"
        )
        for label in ("first import", "second import (same file, changes nothing)"):
            started = time.perf_counter()
            report = import_csv(config, database, csv_path)
            seconds = time.perf_counter() - started
            print(
                f"{label}: {seconds:.1f} s, {report.rows / seconds:,.0f} rows/s; "
                f"added {report.added:,}, updated {report.updated:,}, "
                f"unchanged {report.unchanged:,}, invalid {report.invalid.count:,}; "
                f"peak RSS {peak_rss_mb():.0f} MB"
            )
        counts = {status.value: count for status, count in stats(database).items() if count}
        print(f"stored: {counts}")
        database.dispose()


if __name__ == "__main__":
    main()
