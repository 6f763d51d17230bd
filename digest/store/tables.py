"""Table definitions shared by the store's repositories.

Each area keeps its tables next to its queries (``stories.py`` here; editions
and subscribers in their own modules) but they all hang off one ``metadata``
so migrations and tests see one schema.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect

metadata = MetaData()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC in Python whatever the database keeps (SQLite keeps naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a timezone first")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("location", Text, nullable=False),
    Column("kind", String(20)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched_at", UTCDateTime),
    Column("last_status", String(20)),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    # The identity used for dedup: canonical URL, else "guid:<guid>", else "title:<title>".
    Column("key", Text, nullable=False, unique=True),
    Column("url", Text),
    Column("guid", Text),
    Column("title", Text, nullable=False),
    Column("author", Text),
    Column("summary", Text),
    Column("body", Text),
    Column("image", Text),
    Column("source_name", String(200), nullable=False),
    Column("language", String(20)),
    Column("tags", JSON, nullable=False, default=list),
    Column("weight", Float, nullable=False, default=1.0),
    Column("published_at", UTCDateTime),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Index("ix_stories_guid", "guid"),
    Index("ix_stories_published_at", "published_at"),
)

editions = Table(
    "editions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("newsletter", String(200), nullable=False),
    Column("period", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    # The editor's texts; NULL means "use the generated one" kept in content.
    Column("subject", Text),
    Column("preheader", Text),
    Column("intro", Text),
    Column("skip_reason", Text),
    # The built edition (sections, items, runners-up) as JSON, refreshed by each build.
    Column("content", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("newsletter", "period", name="uq_editions_newsletter_period"),
)

edition_overrides = Table(
    "edition_overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("edition_id", Integer, ForeignKey("editions.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("pinned", Boolean, nullable=False, default=False),
    Column("position", Integer),
    Column("dropped", Boolean, nullable=False, default=False),
    Column("section", String(200)),
    Column("title", Text),
    Column("blurb", Text),
    Column("boost", Float, nullable=False, default=0.0),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("edition_id", "story_id", name="uq_edition_overrides_story"),
)

# Which stories ran in a sent edition, so a story never runs twice in one newsletter.
sent_stories = Table(
    "sent_stories",
    metadata,
    Column("newsletter", String(200), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("edition_id", Integer, ForeignKey("editions.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("newsletter", "story_id"),
)
