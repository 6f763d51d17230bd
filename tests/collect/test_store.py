"""The store: migrations keep data, collection is idempotent at the row level."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from digest.models import Story
from digest.store.db import Database
from digest.store.stories import list_stories, save_stories


def test_upgrade_from_the_first_schema_keeps_every_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Database(url)
    old.migrate("0001_core")
    story = Story(
        title="Kept",
        url="https://a.example/kept",
        published=dt.datetime(2026, 11, 17, tzinfo=dt.UTC),
    )
    save_stories(old, [story], source_name="A", location="a.xml")
    old.dispose()

    upgraded = Database(url)
    upgraded.migrate()
    assert upgraded.current_revisions() == upgraded.head_revisions()
    [kept] = list_stories(upgraded)
    assert (kept.title, kept.url, kept.published) == (story.title, story.url, story.published)


def test_sqlite_runs_in_wal_mode(database: Database, tmp_path: Path) -> None:
    save_stories(
        database, [Story(title="x", url="https://a.example/x")], source_name="A", location="a"
    )
    mode = sqlite3.connect(tmp_path / "digest.db").execute("pragma journal_mode").fetchone()[0]
    assert mode == "wal"


def test_same_guid_or_url_in_one_batch_is_stored_once(database: Database) -> None:
    stories = [
        Story(title="One", url="https://a.example/1", guid="g-1"),
        Story(title="One again", url="https://a.example/1-copy", guid="g-1"),
        Story(title="One by URL", url="https://a.example/1"),
    ]
    counts = save_stories(database, stories, source_name="A", location="a")
    assert (counts.new, counts.updated, counts.unchanged) == (1, 0, 0)
    assert [s.title for s in list_stories(database)] == ["One"]
