"""Report snapshots: what the last situation reports said, for the next one's diff.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_report_snapshots_scope_generated_at"),
        "report_snapshots",
        ["scope", "generated_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_snapshots_scope_generated_at"), table_name="report_snapshots")
    op.drop_table("report_snapshots")
