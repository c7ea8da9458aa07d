"""The SQL of the link facts (schema 0007): per event and claim, what linking says of it.

``FactTables`` is what the ``facts`` hook (``watchfloor.link.facts``) reads and
writes inside the transaction of ``Store.add``: a story's members with their
current readings, copy groups and outlets, and the rows that replace a
story's facts. ``pending`` lists the current readings whose facts are missing
(stored before schema 0007, or by a store opened without the hook), for the
catch-up. The views read the facts through ``store.filters``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa

from watchfloor.serialize import reading_from_dict
from watchfloor.store import schema as t
from watchfloor.store.link_tables import chunks
from watchfloor.store.records import DOCUMENT_COLUMNS, document_of, documents_from
from watchfloor.vocab import Document, Reading

if TYPE_CHECKING:  # the Store class imports this package
    from watchfloor.store.store import Store

Row = dict[str, Any]


class Member(NamedTuple):
    """A stored document of a story, as linking compares it."""

    document: Document
    reading: Reading
    reading_id: int
    copy_group: str  # the first stored copy of its text (its own id when none)
    outlet: str | None  # its own outlet, else its text's first publication's


class FactTables:
    """The link-fact tables, on one connection (a transaction of ``Store.add``)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def story_of(self, document_id: str) -> str | None:
        sd = t.story_documents.c
        found = self.conn.execute(sa.select(sd.story_id).where(sd.document_id == document_id))
        return found.scalar_one_or_none()

    def story_members(self, story_id: str) -> list[str]:
        """The documents of a story, in arrival order."""
        sd = t.story_documents.c
        rows = self.conn.execute(
            sa.select(sd.document_id).where(sd.story_id == story_id).order_by(sd.seq)
        )
        return [row.document_id for row in rows]

    def members(self, document_ids: Sequence[str]) -> list[Member]:
        """The stored documents among ``document_ids`` (in that order) with their current
        readings, copy groups and outlets."""
        d, r, c = t.documents.c, t.readings.c, t.copies.c
        rows: dict[str, Any] = {}
        for chunk in chunks(list(document_ids)):
            for row in self.conn.execute(
                sa.select(*DOCUMENT_COLUMNS, r.contract, r.id.label("reading_id"), c.copy_of)
                .select_from(
                    documents_from()
                    .join(t.readings, r.document_id == d.id)
                    .outerjoin(t.copies, c.document_id == d.id)
                )
                .where(d.id.in_(chunk), r.current.is_(True))
            ):
                rows[row.id] = row
        groups = {i: rows[i].copy_of or i for i in rows}
        first_outlet = self._first_outlets(sorted(set(groups.values())))
        out = []
        for doc_id in document_ids:
            if doc_id not in rows:  # removed since it was linked
                continue
            row = rows[doc_id]
            document = document_of(row)
            reading = reading_from_dict(json.loads(row.contract), document.text)
            outlet = document.outlet or first_outlet.get(groups[doc_id])
            out.append(Member(document, reading, row.reading_id, groups[doc_id], outlet))
        return out

    def _first_outlets(self, first_copies: Sequence[str]) -> dict[str, str]:
        """Per copy group (its first copy's id), the outlet of its oldest publication with one.

        A group is its first copy's publications and those of the documents copying it:
        two index lookups (``publications`` by document, ``copies`` by ``copy_of``), not
        a filter on ``coalesce(copy_of, document_id)``, which no index serves (it read
        every publication of the store, once per linked document)."""
        p, c = t.publications.c, t.copies.c
        out: dict[str, str] = {}
        for chunk in chunks(list(first_copies)):
            own = (
                sa.select(p.document_id.label("first"), p.outlet, p.seen_at, p.id)
                .select_from(t.publications.outerjoin(t.copies, c.document_id == p.document_id))
                .where(p.document_id.in_(chunk), c.document_id.is_(None), p.outlet.is_not(None))
            )
            copied = (
                sa.select(c.copy_of.label("first"), p.outlet, p.seen_at, p.id)
                .select_from(t.publications.join(t.copies, c.document_id == p.document_id))
                .where(c.copy_of.in_(chunk), p.outlet.is_not(None))
            )
            both = sa.union_all(own, copied).subquery()
            rows = self.conn.execute(
                sa.select(both.c.first, both.c.outlet).order_by(both.c.seen_at, both.c.id)
            )
            for row in rows:
                out.setdefault(row.first, row.outlet)
        return out

    def replace(self, reading_ids: Sequence[int], events: list[Row], claims: list[Row]) -> None:
        """The facts of these readings become ``events`` and ``claims``."""
        for table in (t.event_facts, t.claim_facts):
            for chunk in chunks(list(reading_ids)):
                self.conn.execute(table.delete().where(table.c.reading_id.in_(chunk)))
        if events:
            self.conn.execute(t.event_facts.insert(), events)
        if claims:
            self.conn.execute(t.claim_facts.insert(), claims)


def pending(store: Store) -> list[str]:
    """Documents whose current reading has an event or a claim without its facts, or
    whose facts name another story than the one it is in now (linked since, e.g. by
    ``watchfloor stories``), in storage order."""
    d, r, sd = t.documents.c, t.readings.c, t.story_documents.c
    current = sa.select(r.id).where(r.current.is_(True))
    missing = []
    for facts, table in ((t.event_facts, t.events), (t.claim_facts, t.claims)):
        f, x = facts.c, table.c
        missing.append(
            sa.select(x.document_id).where(
                x.reading_id.in_(current),
                ~sa.exists().where(f.reading_id == x.reading_id, f.idx == x.idx),
            )
        )
    f = t.event_facts.c
    missing.append(
        sa.select(f.document_id)
        .join(t.story_documents, sd.document_id == f.document_id)
        .where(
            f.reading_id.in_(current),
            sa.or_(f.story_id.is_(None), f.story_id != sd.story_id),
        )
    )
    ids = sa.union(*missing).subquery()
    rows = store._query(
        sa.select(d.id).where(d.id.in_(sa.select(ids.c.document_id))).order_by(d.ingested_at, d.id)
    )
    return [row.id for row in rows]
