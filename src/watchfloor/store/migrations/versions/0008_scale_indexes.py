"""Indexes for a store of a million documents: storage order, a document's events, dates.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

* ``ix_documents_ingested_at_id``: storage order (``documents()``, ``readings()``)
  and the newest-first feed of what changed (``/api/changes``, ``/api/documents``)
  read a page from the index instead of sorting every document;
* ``ix_events_document_id``: the events of given documents (a page's event
  counts, a watch's documents, a document's deletion);
* ``ix_story_documents_seq``: a page of stories, the most recently active first,
  walks the newest linked documents instead of grouping every one;
* ``ix_events_dates``, ``ix_events_dates_desc``: a page of events by date
  (``sort=date``, ``sort=-date``, the default) reads its rows in index order.

Measured in docs/performance.md ("A store of a million documents").
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_documents_ingested_at_id"), "documents", ["ingested_at", "id"], unique=False
    )
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"], unique=False)
    op.create_index(op.f("ix_story_documents_seq"), "story_documents", ["seq"], unique=False)
    op.create_index("ix_events_dates", "events", ["date_start", "date_end"], unique=False)
    # SQLite puts NULL last in a DESC order already and refuses NULLS LAST in an index
    last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index(
        "ix_events_dates_desc",
        "events",
        [sa.text(f"date_end DESC{last}"), sa.text("date_start DESC")],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_events_dates_desc", table_name="events")
    op.drop_index("ix_events_dates", table_name="events")
    op.drop_index(op.f("ix_story_documents_seq"), table_name="story_documents")
    op.drop_index(op.f("ix_events_document_id"), table_name="events")
    op.drop_index(op.f("ix_documents_ingested_at_id"), table_name="documents")
