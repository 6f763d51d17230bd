"""Editions (placeholder: the rank stage fills this revision in).

Revision ID: 0002_editions
Revises: 0001_core
"""

revision = "0002_editions"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
