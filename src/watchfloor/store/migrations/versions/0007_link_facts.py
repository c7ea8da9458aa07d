"""Link facts: what linking says of each event and claim, for filtering in SQL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Only tables are created here. The ``facts`` store hook (``link.facts``) writes
the rows of a story's events and claims whenever a document joins the story;
documents stored before this revision (or without the hook) are caught up by
``link.facts.facts_pending`` (``watchfloor serve`` runs it when it opens a
store).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keys(table: str) -> list[Any]:
    return [
        sa.Column("reading_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f(f"fk_{table}_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reading_id"],
            ["readings.id"],
            name=op.f(f"fk_{table}_reading_id_readings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reading_id", "idx", name=op.f(f"pk_{table}")),
    ]


EVENT_INDEXES = ("story_id", "independent_sources", "country", "admin1", "outlet")


def upgrade() -> None:
    op.create_table(
        "event_facts",
        *_keys("event_facts"),
        sa.Column("story_id", sa.Text(), nullable=True),
        sa.Column("merged_event", sa.Text(), nullable=True),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("contradicted", sa.Boolean(), nullable=False),
        sa.Column("place_name", sa.Text(), nullable=True),
        sa.Column("feature", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
    )
    for column in EVENT_INDEXES:
        op.create_index(op.f(f"ix_event_facts_{column}"), "event_facts", [column], unique=False)
    op.create_table(
        "claim_facts",
        *_keys("claim_facts"),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("ledger", sa.Text(), nullable=False),
    )
    op.create_index(op.f("ix_claim_facts_status"), "claim_facts", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_facts_status"), table_name="claim_facts")
    op.drop_table("claim_facts")
    for column in EVENT_INDEXES:
        op.drop_index(op.f(f"ix_event_facts_{column}"), table_name="event_facts")
    op.drop_table("event_facts")
