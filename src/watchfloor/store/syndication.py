"""Syndication: the copies of one text and every outlet that published it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.store.engine import StoreBase
from watchfloor.store.link_tables import chunks
from watchfloor.store.records import Copy, Publication, publication_of


class Syndication(StoreBase):
    def _group(self, document_id: str) -> list[Copy]:
        c, d = t.copies.c, t.documents.c
        found = self._query(
            sa.select(d.id, c.copy_of)
            .select_from(t.documents.outerjoin(t.copies, c.document_id == d.id))
            .where(d.id == document_id)
        )
        if not found:
            raise KeyError(document_id)
        first = found[0].copy_of or document_id
        # the first copy and the documents that copy it, each found by an index (an OR
        # across the two sides of the outer join would read every document)
        copying = self._query(sa.select(c.document_id).where(c.copy_of == first))
        members = [first, *(row.document_id for row in copying)]
        rows = self._query(
            sa.select(d.id, c.copy_of, c.similarity)
            .select_from(t.documents.outerjoin(t.copies, c.document_id == d.id))
            .where(d.id.in_(members))
            .order_by(c.copy_of.is_not(None), d.ingested_at, d.id)
        )
        return [Copy(r.id, r.copy_of, r.similarity) for r in rows]

    def first_copies(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Each stored document's first copy (``copies(id)[0].document_id``), for many
        documents in three queries (per 500), not three per document; documents not stored are
        left out."""
        ids = list(dict.fromkeys(document_ids))
        c, d = t.copies.c, t.documents.c
        firsts: dict[str, str] = {}
        for chunk in chunks(ids):
            rows = self._query(
                sa.select(d.id, c.copy_of)
                .select_from(t.documents.outerjoin(t.copies, c.document_id == d.id))
                .where(d.id.in_(chunk))
            )
            firsts.update((r.id, r.copy_of or r.id) for r in rows)
        # each group's members in copies()' order: the first copy, then by storage
        # (an OR of the two sides in one query would read every document: two queries)
        best: dict[str, tuple[bool, Any, str]] = {}
        for chunk in chunks(sorted(set(firsts.values()))):
            own = self._query(
                sa.select(d.id.label("group"), d.id, d.ingested_at, c.copy_of)
                .select_from(t.documents.outerjoin(t.copies, c.document_id == d.id))
                .where(d.id.in_(chunk))
            )
            copying = self._query(
                sa.select(c.copy_of.label("group"), d.id, d.ingested_at, c.copy_of)
                .select_from(t.copies.join(t.documents, d.id == c.document_id))
                .where(c.copy_of.in_(chunk))
            )
            for r in [*own, *copying]:
                key = (r.copy_of is not None, r.ingested_at, r.id)
                if r.group not in best or key < best[r.group]:
                    best[r.group] = key
        return {i: best[f][2] for i, f in firsts.items() if f in best}

    def copies(self, document_id: str) -> list[Copy]:
        """Every stored document of the same text: the first copy, then its near-duplicates.

        In storage order; a document with no near-duplicate gives itself alone.
        KeyError when the document is not stored.
        """
        return self._group(document_id)

    def publications(self, document_id: str) -> list[Publication]:
        """Every publication of this document's text, its near-duplicate copies' included.

        Oldest first. KeyError when the document is not stored.
        """
        members = [m.document_id for m in self._group(document_id)]
        p = t.publications.c
        rows = self._query(
            sa.select(t.publications).where(p.document_id.in_(members)).order_by(p.seen_at, p.id)
        )
        return [publication_of(row) for row in rows]
