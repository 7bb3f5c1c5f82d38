"""article_moves: an article taken out of the story it had joined (old story, new story)

Revision ID: 0011_article_moves
Revises: 0010_story_outlet_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import newssearcher.store.models.base

revision = "0011_article_moves"
down_revision = "0010_story_outlet_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("from_story_id", sa.Integer(), nullable=False),
        sa.Column("to_story_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "moved_at", newssearcher.store.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_moves_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_story_id"], ["stories.id"], name=op.f("fk_article_moves_to_story_id_stories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_moves")),
    )
    op.create_index(op.f("ix_article_moves_article_id"), "article_moves", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_article_moves_article_id"), table_name="article_moves")
    op.drop_table("article_moves")
