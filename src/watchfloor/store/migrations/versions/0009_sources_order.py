"""An index for the events most independently sourced first (``sort=-sources``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

``ix_event_facts_sources_desc``: ``event_facts.independent_sources`` descending,
unknown last (``store.filters.order_by("-sources")``), so a page of events most
sourced first reads the facts in index order (an incremental sort of the ties)
and stops at the page instead of sorting every event kept. The ascending order
reads ``ix_event_facts_independent_sources`` (0007). PostgreSQL says NULLS LAST;
SQLite's DESC puts NULL last already and refuses the words in an index.

Measured in docs/performance.md ("A store of a million documents").
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index(
        "ix_event_facts_sources_desc",
        "event_facts",
        [sa.text(f"independent_sources DESC{last}")],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_event_facts_sources_desc", table_name="event_facts")
