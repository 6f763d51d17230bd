"""Sources and stories.

Revision ID: 0001_core
Revises:
"""

import sqlalchemy as sa
from alembic import op

from digest.store.tables import UTCDateTime

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_fetched_at", UTCDateTime),
        sa.Column("last_status", sa.String(20)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("guid", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("body", sa.Text),
        sa.Column("image", sa.Text),
        sa.Column("source_name", sa.String(200), nullable=False),
        sa.Column("language", sa.String(20)),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("published_at", UTCDateTime),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_stories_guid", "stories", ["guid"])
    op.create_index("ix_stories_published_at", "stories", ["published_at"])


def downgrade() -> None:
    op.drop_table("stories")
    op.drop_table("sources")
