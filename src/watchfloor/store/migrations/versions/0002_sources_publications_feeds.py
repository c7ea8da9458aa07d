"""Original bytes, publications, near-duplicate copies, feed state; author, dct reasons, note.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Upgrading a store that holds documents keeps them and fills the new tables
from them: each document gets the publication it was added as (its outlet,
URL, title, date and origin, seen when it was ingested), and its MinHash
signature and band keys, computed with the frozen duplicates.v1 MinHash below (``link.duplicates`` of 0.1) in
storage order, so documents already stored that are near-duplicates of an
earlier one are linked to it exactly as ``Store.add`` would have linked them.

New columns of ``documents`` are plain (no foreign key): SQLite can add those
in place, while adding a foreign key would rebuild the table and, with
foreign keys on, cascade-delete every reading.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Documents read per query while filling the new tables: bounds memory.
BACKFILL_BATCH = 500


def _fk(name: str, column: str, ondelete: str | None = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["documents.id"], name=op.f(name), ondelete=ondelete)


def _create_tables() -> None:
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "sources",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sources")),
    )
    op.create_table(
        "copies",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("copy_of", sa.Text(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        _fk("fk_copies_copy_of_documents", "copy_of"),
        _fk("fk_copies_document_id_documents", "document_id"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_copies")),
    )
    op.create_index(op.f("ix_copies_copy_of"), "copies", ["copy_of"], unique=False)
    op.create_table(
        "document_sources",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("media_type", sa.Text(), nullable=True),
        _fk("fk_document_sources_document_id_documents", "document_id"),
        sa.ForeignKeyConstraint(
            ["sha256"], ["sources.sha256"], name=op.f("fk_document_sources_sha256_sources")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_sources")),
    )
    op.create_index(
        op.f("ix_document_sources_sha256"), "document_sources", ["sha256"], unique=False
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        _fk("fk_feed_entries_document_id_documents", "document_id", "SET NULL"),
        sa.PrimaryKeyConstraint("feed_url", "entry_id", name=op.f("pk_feed_entries")),
    )
    op.create_index(
        op.f("ix_feed_entries_document_id"), "feed_entries", ["document_id"], unique=False
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("dct_date", sa.Date(), nullable=True),
        sa.Column("dct_earliest", sa.Date(), nullable=True),
        sa.Column("dct_latest", sa.Date(), nullable=True),
        sa.Column("dct_how", sa.String(length=16), nullable=False),
        sa.Column("dct_reasons", sa.JSON(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        _fk("fk_publications_document_id_documents", "document_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("document_id", "key", name=op.f("uq_publications_document_id_key")),
    )
    op.create_table(
        "signature_bands",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Text(), nullable=False),
        _fk("fk_signature_bands_document_id_documents", "document_id"),
        sa.PrimaryKeyConstraint("key", "document_id", name=op.f("pk_signature_bands")),
    )
    op.create_index(
        op.f("ix_signature_bands_document_id"), "signature_bands", ["document_id"], unique=False
    )
    op.create_table(
        "signatures",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        _fk("fk_signatures_document_id_documents", "document_id"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_signatures")),
    )


def _publication_key(outlet: str | None, url: str | None, origin: str | None) -> str:
    # The same function as watchfloor.store.records.publication_key, frozen here.
    return hashlib.sha256(json.dumps([outlet, url, origin]).encode()).hexdigest()


# ---- duplicates.v1, frozen: the MinHash scheme of watchfloor 0.1 (link.duplicates), so
# this migration writes the same signatures whatever later code does. Never edit.
_SCHEME = "duplicates.v1"
_SHINGLE_WORDS, _PERMUTATIONS, _BANDS, _ROWS = 5, 64, 16, 4
_NEAR_DUPLICATE_JACCARD, _MIN_SHINGLES = 0.7, 20
_PRIME = 4_294_967_291
_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20190310)
_A = _rng.integers(1, _PRIME, _PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, _PERMUTATIONS, dtype=np.uint64)


def _shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    n = _SHINGLE_WORDS
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def _signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text, None when it is too short to compare."""
    sh = _shingles(text)
    if len(sh) < _MIN_SHINGLES:
        return None
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in sh),
        dtype=np.uint64,
        count=len(sh),
    )
    permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) % np.uint64(_PRIME)
    return permuted.min(axis=1)


def _band_keys(sig: np.ndarray) -> list[int]:
    keys = []
    for band in range(_BANDS):
        rows = sig[band * _ROWS : (band + 1) * _ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


class _Index:
    def __init__(self) -> None:
        self.signatures: dict[str, np.ndarray] = {}
        self.buckets: dict[int, list[str]] = defaultdict(list)

    def add(self, doc_id: str, sig: np.ndarray) -> list[tuple[str, float]]:
        """Index ``sig``; the near-duplicates among those added before, most similar first."""
        candidates = {d for key in _band_keys(sig) for d in self.buckets.get(key, ())}
        scored = [(d, _similarity(sig, self.signatures[d])) for d in candidates]
        found = sorted(
            ((d, x) for d, x in scored if x >= _NEAR_DUPLICATE_JACCARD), key=lambda p: (-p[1], p[0])
        )
        self.signatures[doc_id] = sig
        for key in _band_keys(sig):
            self.buckets[key].append(doc_id)
        return found


def _backfill() -> None:
    """Publications, signatures, band keys and copy links of the documents already stored."""
    conn = op.get_bind()
    # Typed columns, so dates and timestamps cross backends as values, not strings.
    dates = [sa.column(c, sa.Date) for c in ("dct_date", "dct_earliest", "dct_latest")]
    texts = ("outlet", "url", "title", "origin", "dct_how")
    documents = sa.table(
        "documents",
        sa.column("id", sa.Text),
        sa.column("text", sa.Text),
        sa.column("ingested_at", sa.DateTime(timezone=True)),
        *(sa.column(c, sa.Text) for c in texts),
        *dates,
    )
    publications = sa.table(
        "publications",
        sa.column("document_id", sa.Text),
        sa.column("key", sa.Text),
        sa.column("seen_at", sa.DateTime(timezone=True)),
        *(sa.column(c, sa.Text) for c in texts),
        *(sa.column(c, sa.Date) for c in ("dct_date", "dct_earliest", "dct_latest")),
        sa.column("dct_reasons", sa.JSON),
    )
    signatures = sa.table(
        "signatures",
        sa.column("document_id", sa.Text),
        sa.column("scheme", sa.Text),
        sa.column("signature", sa.LargeBinary),
    )
    bands = sa.table(
        "signature_bands", sa.column("key", sa.BigInteger), sa.column("document_id", sa.Text)
    )
    copies = sa.table(
        "copies",
        sa.column("document_id", sa.Text),
        sa.column("copy_of", sa.Text),
        sa.column("similarity", sa.Float),
    )
    ids = [
        row.id
        for row in conn.execute(
            sa.select(documents.c.id).order_by(documents.c.ingested_at, documents.c.id)
        )
    ]
    index = _Index()
    root: dict[str, str] = {}
    for start in range(0, len(ids), BACKFILL_BATCH):
        chunk = ids[start : start + BACKFILL_BATCH]
        rows = {
            r.id: r for r in conn.execute(sa.select(documents).where(documents.c.id.in_(chunk)))
        }
        for doc_id in chunk:
            row = rows[doc_id]
            conn.execute(
                publications.insert().values(
                    document_id=doc_id,
                    key=_publication_key(row.outlet, row.url, row.origin),
                    outlet=row.outlet,
                    url=row.url,
                    title=row.title,
                    origin=row.origin,
                    seen_at=row.ingested_at,
                    dct_date=row.dct_date,
                    dct_earliest=row.dct_earliest,
                    dct_latest=row.dct_latest,
                    dct_how=row.dct_how,
                    dct_reasons=[],
                )
            )
            sig = _signature(row.text)
            if sig is None:
                continue
            found = index.add(doc_id, sig)
            conn.execute(
                signatures.insert().values(
                    document_id=doc_id, scheme=_SCHEME, signature=sig.astype("<u4").tobytes()
                )
            )
            conn.execute(
                bands.insert(),
                [{"key": k, "document_id": doc_id} for k in set(_band_keys(sig))],
            )
            if found:
                first = root.get(found[0][0], found[0][0])
                root[doc_id] = first
                conn.execute(
                    copies.insert().values(
                        document_id=doc_id,
                        copy_of=first,
                        similarity=_similarity(sig, index.signatures[first]),
                    )
                )


def upgrade() -> None:
    _create_tables()
    op.add_column("documents", sa.Column("author", sa.Text(), nullable=True))
    op.add_column(
        "documents",
        sa.Column("dct_reasons", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )
    op.add_column("readings", sa.Column("note", sa.Text(), nullable=True))
    _backfill()


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): never a table rebuild,
    # which would cascade-delete the readings of every document.
    op.drop_column("readings", "note")
    op.drop_column("documents", "dct_reasons")
    op.drop_column("documents", "author")
    op.drop_index(op.f("ix_signature_bands_document_id"), table_name="signature_bands")
    for table in ("signatures", "signature_bands", "publications"):
        op.drop_table(table)
    op.drop_index(op.f("ix_feed_entries_document_id"), table_name="feed_entries")
    op.drop_table("feed_entries")
    op.drop_index(op.f("ix_document_sources_sha256"), table_name="document_sources")
    op.drop_table("document_sources")
    op.drop_index(op.f("ix_copies_copy_of"), table_name="copies")
    for table in ("copies", "sources", "feeds"):
        op.drop_table(table)
