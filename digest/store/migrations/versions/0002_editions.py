"""Editions, the editor's overrides, and the stories each newsletter has sent.

Revision ID: 0002_editions
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from digest.store.tables import UTCDateTime

revision = "0002_editions"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("newsletter", sa.String(200), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("preheader", sa.Text),
        sa.Column("intro", sa.Text),
        sa.Column("skip_reason", sa.Text),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("newsletter", "period", name="uq_editions_newsletter_period"),
    )
    op.create_table(
        "edition_overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "edition_id",
            sa.Integer,
            sa.ForeignKey("editions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("pinned", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer),
        sa.Column("dropped", sa.Boolean, nullable=False),
        sa.Column("section", sa.String(200)),
        sa.Column("title", sa.Text),
        sa.Column("blurb", sa.Text),
        sa.Column("boost", sa.Float, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("edition_id", "story_id", name="uq_edition_overrides_story"),
    )
    op.create_table(
        "sent_stories",
        sa.Column("newsletter", sa.String(200), nullable=False),
        sa.Column(
            "story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "edition_id",
            sa.Integer,
            sa.ForeignKey("editions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("newsletter", "story_id"),
    )


def downgrade() -> None:
    op.drop_table("sent_stories")
    op.drop_table("edition_overrides")
    op.drop_table("editions")
