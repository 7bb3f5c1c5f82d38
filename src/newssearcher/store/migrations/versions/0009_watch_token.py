"""watchlists.feed_token: an unguessable token for the per-watchlist Atom feed

Revision ID: 0009_watch_token
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_watch_token"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("watchlists", sa.Column("feed_token", sa.String(64), nullable=True))
    op.create_index(op.f("ix_watchlists_feed_token"), "watchlists", ["feed_token"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_watchlists_feed_token"), table_name="watchlists")
    op.drop_column("watchlists", "feed_token")
