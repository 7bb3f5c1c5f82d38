"""job queue tables (Procrastinate) on PostgreSQL; nothing on SQLite

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    exists = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    if exists is None:
        # the driver interpolates parameters, so literal percent signs are doubled
        bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def downgrade() -> None:
    # The job tables belong to Procrastinate; dropping them would lose queued work.
    pass
