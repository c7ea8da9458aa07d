"""Stories: stories, their documents, the story index, document frequencies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Only tables are created here. Documents stored before this revision are
linked into stories by ``link.hooks.link_pending`` (``watchfloor stories`` calls
it), in storage order, exactly as ``Store.add`` links new ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("earliest", sa.Date(), nullable=True),
        sa.Column("latest", sa.Date(), nullable=True),
        sa.Column("centroid", sa.JSON(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_table(
        "story_documents",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("earliest", sa.Date(), nullable=True),
        sa.Column("latest", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_story_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_documents_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_story_documents")),
    )
    op.create_index(
        op.f("ix_story_documents_story_id"), "story_documents", ["story_id"], unique=False
    )
    op.create_table(
        "story_keys",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Text(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_keys_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "story_id", name=op.f("pk_story_keys")),
    )
    op.create_index(
        op.f("ix_story_keys_key_last_seq"), "story_keys", ["key", "last_seq"], unique=False
    )
    op.create_index(op.f("ix_story_keys_story_id"), "story_keys", ["story_id"], unique=False)
    op.create_table(
        "term_df",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_term_df")),
    )
    op.create_table(
        "link_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_link_counters")),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_story_keys_story_id"), table_name="story_keys")
    op.drop_index(op.f("ix_story_keys_key_last_seq"), table_name="story_keys")
    op.drop_table("story_keys")
    op.drop_index(op.f("ix_story_documents_story_id"), table_name="story_documents")
    op.drop_table("story_documents")
    op.drop_table("stories")
    op.drop_table("term_df")
    op.drop_table("link_counters")
