"""per-host request slots shared by fetching workers

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newssearcher.store.models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_slots",
        sa.Column("host", sa.String(300), nullable=False),
        sa.Column("next_allowed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("held_by", sa.String(36), nullable=True),
        sa.Column("held_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("delay_s", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_host_slots")),
    )


def downgrade() -> None:
    op.drop_table("host_slots")
