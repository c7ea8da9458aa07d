"""Full-text search over documents' title and text.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

SQLite: a *contentless* FTS5 table ``documents_fts`` (title, text): the words
are indexed, the text is not stored a second time (``documents`` holds it).
Its rowids are ``documents_fts_ids.id``, an INTEGER PRIMARY KEY mapped to the
document id, not ``documents``' implicit rowid, which VACUUM may renumber
(``documents`` has a TEXT key). Triggers on ``documents`` keep the index in
step with every insert, delete (also by cascade) and update of title or text;
a contentless table forgets a row by being given its old values, which the
triggers have.

PostgreSQL: a stored generated column ``documents.search`` (title weight A,
the first 100,000 characters of the text weight B; see
watchfloor.store.search.PG_INDEXED_CHARS) with a GIN index. The 'simple'
configuration lowercases and splits words without stemming or stop words: the
store holds many languages, and FTS5's unicode61 does no stemming either.

Both back-fill the documents already stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_INDEXED_CHARS = 100_000  # the same as watchfloor.store.search.PG_INDEXED_CHARS

_FORGET = (
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "SELECT 'delete', id, old.title, old.text FROM documents_fts_ids WHERE document_id = old.id;"
)
_INDEX = (
    "INSERT INTO documents_fts(rowid, title, text) "
    "SELECT id, new.title, new.text FROM documents_fts_ids WHERE document_id = new.id;"
)

SQLITE_UP = [
    "CREATE TABLE documents_fts_ids (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts_ids(document_id) VALUES (new.id); " + _INDEX + " END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    + _FORGET
    + " DELETE FROM documents_fts_ids WHERE document_id = old.id; END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
    + _FORGET
    + " UPDATE documents_fts_ids SET document_id = new.id WHERE document_id = old.id; "
    + _INDEX
    + " END",
    # Back-fill, in storage order.
    "INSERT INTO documents_fts_ids(document_id) SELECT id FROM documents ORDER BY ingested_at, id",
    "INSERT INTO documents_fts(rowid, title, text) SELECT m.id, d.title, d.text "
    "FROM documents_fts_ids AS m JOIN documents AS d ON d.id = m.document_id",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TABLE IF EXISTS documents_fts",
    "DROP TABLE IF EXISTS documents_fts_ids",
]
PG_UP = [
    # Adding a stored generated column computes it for every stored row: the back-fill.
    "ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, left(text, {PG_INDEXED_CHARS})), 'B')"
    ") STORED",
    "CREATE INDEX ix_documents_search ON documents USING gin (search)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS ix_documents_search",
    "ALTER TABLE documents DROP COLUMN IF EXISTS search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(PG_UP)
    else:  # pragma: no cover - the store supports these two
        raise NotImplementedError(f"full-text search is not built for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(PG_DOWN)
