"""The store: the only code that touches the database."""

from digest.store.db import Database, open_database
from digest.store.stories import SaveCounts, SourceState, list_stories, save_stories

__all__ = ["Database", "SaveCounts", "SourceState", "list_stories", "open_database", "save_stories"]
