"""articles (story_id, outlet): lets the story refresh find a batch's new outlets without
reading every member of a large story

Revision ID: 0010_story_outlet_index
Revises: 0009_watch_token
"""

from __future__ import annotations

from alembic import op

revision = "0010_story_outlet_index"
down_revision = "0009_watch_token"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_story_outlet", "articles", ["story_id", "outlet"])


def downgrade() -> None:
    op.drop_index("ix_articles_story_outlet", table_name="articles")
