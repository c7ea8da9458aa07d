"""The claims of a ledger status in key order, and the placed events of a document.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

``ix_claim_facts_status_claim`` (status, reading_id, idx) replaces
``ix_claim_facts_status`` (status, of 0007, its prefix): the count of a status's
claims is an index-only walk of its rows that stops at the cap
(``queries.bounded_count``), and a page of one status, in the claims' key order,
reads the index in that order and stops at the page, instead of probing the facts
of every claim until enough have that status.

``ix_event_facts_placed`` (document_id, where ``lat IS NOT NULL``): the map's walk
of the newest documents probes each document's placed events (an eighth of them in
the scale store) instead of every event of each document.

Measured in docs/performance.md ("The map, -sources, claims by status and search").
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_claim_facts_status_claim", "claim_facts", ["status", "reading_id", "idx"], unique=False
    )
    op.drop_index(op.f("ix_claim_facts_status"), table_name="claim_facts")
    op.create_index(
        "ix_event_facts_placed",
        "event_facts",
        ["document_id"],
        unique=False,
        postgresql_where=sa.text("lat IS NOT NULL"),
        sqlite_where=sa.text("lat IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_event_facts_placed", table_name="event_facts")
    op.create_index(op.f("ix_claim_facts_status"), "claim_facts", ["status"], unique=False)
    op.drop_index("ix_claim_facts_status_claim", table_name="claim_facts")
