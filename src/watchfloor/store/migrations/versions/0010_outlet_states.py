"""The outlets' history: per outlet, its articles and the states they are about.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

``outlet_articles`` (what each document counted), ``outlets`` (articles per
outlet) and ``outlet_state_counts`` (per outlet and first-level division, the
articles about it), written by ``Store.add`` (``store.outlets``) and read by
``Store.outlet_states``. Documents stored before this revision count once
``Store.count_outlets`` has caught them up (``watchfloor ingest`` runs it at the
start of a run).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outlet_articles",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("reading_id", sa.Integer(), nullable=False),
        sa.Column("states", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_outlet_articles_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_outlet_articles")),
    )
    op.create_index(op.f("ix_outlet_articles_outlet"), "outlet_articles", ["outlet"], unique=False)
    op.create_table(
        "outlets",
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outlet", name=op.f("pk_outlets")),
    )
    op.create_table(
        "outlet_state_counts",
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "state", name=op.f("pk_outlet_state_counts")),
    )


def downgrade() -> None:
    op.drop_table("outlet_state_counts")
    op.drop_table("outlets")
    op.drop_index(op.f("ix_outlet_articles_outlet"), table_name="outlet_articles")
    op.drop_table("outlet_articles")
