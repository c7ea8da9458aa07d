"""The store: Documents and their Readings in SQL (SQLite by default, or PostgreSQL).

``Store.open(url)`` migrates the database to the current schema and returns a
store; every ``add`` is one transaction, idempotent by the content hash of the
input, and hands each new document to the store's hooks (``store.hooks``).
The parts of ``Store`` live by what they do: syndication, stories, search,
feeds, the outlets' history (each a module of this package). See docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from alembic.util import CommandError
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from watchfloor.errors import StoreError
from watchfloor.serialize import document_reading_to_dict, reading_from_dict
from watchfloor.store import migrate
from watchfloor.store import schema as t
from watchfloor.store.engine import (
    READ_BATCH,
    StoreBase,
    create_engine,
    db_reason,
    normalize_url,
    safe_url,
)
from watchfloor.store.feeds import FeedStates
from watchfloor.store.hooks import AddContext, AddHook, installed_hooks, ordered
from watchfloor.store.outlets import OutletHistory, count_reading
from watchfloor.store.queries import events_query
from watchfloor.store.records import (
    DOCUMENT_COLUMNS,
    AddResult,
    EventHit,
    QuarantineEntry,
    Status,
    document_of,
    documents_from,
    label,
    publication_key,
    utcnow,
)
from watchfloor.store.rows import fact_rows
from watchfloor.store.search import Searching
from watchfloor.store.story_listing import StoryListing
from watchfloor.store.syndication import Syndication
from watchfloor.store.view_counts import count_reading as count_reading_views
from watchfloor.vocab import Document, Modality, Reading

# Quarantined inputs keep at most this many bytes: ingest's documents are at
# most 2 MB, so this keeps any of them whole while bounding hostile input.
QUARANTINE_MAX_BYTES = 2_000_000
# A NUL escaped by json.dumps: "\u0000" after an even number of backslashes
# (an odd number means the text holds a literal backslash-u).
_JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def _check_text(document: Document, contract: str) -> None:
    """Refuse text no backend stores verbatim: NUL (PostgreSQL) and lone surrogates."""
    where = document.origin or document.id
    nul = {"raw text": "\x00" in document.raw, "contract": bool(_JSON_NUL.search(contract))}
    for name, value in (("raw text", document.raw), ("contract", contract)):
        if nul[name]:
            raise StoreError(
                f"the {name} contains NUL (U+0000), which PostgreSQL cannot store", where=where
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise StoreError(
                f"the {name} holds a lone surrogate at {exc.start}: not valid Unicode text",
                where=where,
            ) from None


class Store(Syndication, StoryListing, Searching, FeedStates, OutletHistory, StoreBase):
    """Documents and readings in a SQL database. Open with ``Store.open(url)``."""

    def __init__(self, engine: sa.Engine, url: str, hooks: Sequence[AddHook] = ()) -> None:
        super().__init__(engine, url)
        self.hooks = ordered(hooks)

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> Store:
        return self

    @classmethod
    def open(cls, url: str, *, hooks: Sequence[AddHook] | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``url``.

        ``url``: a SQLite file path, ``:memory:``, or any SQLAlchemy URL;
        ``postgresql://`` uses the psycopg 3 driver. ``hooks``: what ``add``
        calls for each new document (``store.hooks``); None, the installed
        ones (watchfloor's near-duplicate and story linking, and plugins'),
        ``()`` none. Raises StoreError, or ConfigError for a hook that
        cannot be loaded.
        """
        chosen = installed_hooks() if hooks is None else tuple(hooks)
        parsed: URL | None = None
        engine: sa.Engine | None = None
        try:
            parsed = normalize_url(url)
            engine = create_engine(url)
            migrate.upgrade(engine)
        except (SQLAlchemyError, CommandError, OSError, ValueError) as exc:
            if engine is not None:
                engine.dispose()
            raise StoreError(
                f"cannot open the store: {db_reason(exc, parsed)}", where=safe_url(url)
            ) from None
        except ImportError as exc:
            raise StoreError(
                f"missing database driver {exc.name!r}: install it "
                "(for PostgreSQL: pip install 'watchfloor[postgres]')",
                where=safe_url(url),
            ) from None
        return cls(engine, url, chosen)

    # ------------------------------------------------------------ writing

    def add(
        self, document: Document, reading: Reading, states: frozenset[int] | None = None
    ) -> AddResult:
        """Store ``document`` and ``reading`` in one transaction; idempotent.

        Same content hash as a stored document: "duplicate"; a publication is
        recorded when the outlet, URL or origin is new for that text; the
        reading is added (and becomes current) only if ``reading.extractor`` is
        new for it. A new document is then handed to the store's hooks in the
        same transaction (``store.hooks``: near-duplicate copies, stories),
        whose findings come back in ``links``. A new reading is counted in its
        outlet's history (``store.outlets``; once per document, a new reading
        replacing the old one's count) with ``states``, its article states
        (``places.context.article_states``: the caller holds the gazetteer, the
        store never loads it); without them, a reading naming a locational
        GeoNames place is left to ``count_outlets``. Raises StoreError (nothing
        written) when the document cannot be stored, e.g. a document id already
        used by other content, or text PostgreSQL cannot hold.
        """
        origin = document.origin
        document = replace(document, origin=label(origin) if origin is not None else None)
        # Before the write lock is taken: what the hooks can compute alone.
        prepared = [hook.prepare(document, reading) for hook in self.hooks]
        for attempt in (1, 2):
            try:
                with self._write() as conn, conn.begin():
                    return self._add(conn, document, reading, prepared, states)
            except IntegrityError as exc:
                # A concurrent writer stored the same content first: look again.
                if attempt == 2:
                    raise self._fail(f"cannot store document {document.id!r}", exc) from None
            except SQLAlchemyError as exc:
                raise self._fail(f"cannot store document {document.id!r}", exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _add(
        self,
        conn: sa.Connection,
        document: Document,
        reading: Reading,
        prepared: list[Any],
        states: frozenset[int] | None,
    ) -> AddResult:
        d = t.documents.c
        found = conn.execute(
            sa.select(d.id, d.content_hash, d.url).where(
                sa.or_(d.content_hash == document.content_hash, d.id == document.id)
            )
        ).all()
        known = next((row for row in found if row.content_hash == document.content_hash), None)
        stored = known.id if known is not None else None
        if stored is None and found:
            raise StoreError(
                f"document id {document.id!r} is already used by other content "
                f"(sha256 {found[0].content_hash[:12]}...)",
                where=document.origin or document.id,
            )
        status: Status = "duplicate" if stored is not None else "new"
        doc_id = stored if stored is not None else document.id
        now = utcnow()
        published = stored is not None and _publish(conn, doc_id, document, now)
        # A new document has no readings yet: looking would let a concurrent
        # writer's commit make this call report "new" for stored content.
        existing = None
        if stored is not None:
            existing = conn.execute(
                sa.select(t.readings.c.id).where(
                    t.readings.c.document_id == doc_id, t.readings.c.extractor == reading.extractor
                )
            ).scalar_one_or_none()
        if existing is not None:
            return AddResult(status, doc_id, existing, False, new_publication=published)
        document = replace(document, id=doc_id)
        reading = replace(reading, document_id=doc_id)
        contract = json.dumps(document_reading_to_dict(document, reading), ensure_ascii=False)
        _check_text(document, contract)
        if stored is None:
            conn.execute(t.documents.insert().values(**_document_row(document, now)))
            _store_source(conn, document, now)
            published = _publish(conn, doc_id, document, now)
        old_reading = (
            conn.execute(
                sa.select(t.readings.c.id).where(
                    t.readings.c.document_id == doc_id, t.readings.c.current.is_(True)
                )
            ).scalar_one_or_none()
            if stored is not None
            else None
        )
        conn.execute(
            t.readings.update().where(t.readings.c.document_id == doc_id).values(current=False)
        )
        reading_id = conn.execute(
            t.readings.insert()
            .values(
                document_id=doc_id,
                extractor=reading.extractor,
                created_at=now,
                current=True,
                contract=contract,
                note=reading.note,
            )
            .returning(t.readings.c.id)
        ).scalar_one()
        facts = fact_rows(reading, reading_id, doc_id)
        for table, rows in facts.items():
            if rows:
                conn.execute(table.insert(), rows)
        # What the views count (store.view_counts): the timeline's days, actors, places.
        count_reading_views(conn, facts, old_reading)
        # The outlet's history: under the stored document's URL, so a publication elsewhere
        # of the same text counts nothing (store.outlets).
        url = known.url if known is not None else document.url
        count_reading(conn, doc_id, url, reading_id, reading, states)
        links = {}
        if stored is None:
            ctx = AddContext.of(conn)
            for hook, ready in zip(self.hooks, prepared, strict=True):
                links[hook.name] = dict(hook.after_add(ctx, document, reading, ready))
        return AddResult(status, doc_id, reading_id, True, published, links)

    def run_hook(self, hook: AddHook, document: Document, reading: Reading) -> Mapping[str, Any]:
        """Run one hook on a stored document in a write transaction of its own (a catch-up
        of documents stored before the hook was installed); what the hook found."""
        ready = hook.prepare(document, reading)
        try:
            with self._write() as conn, conn.begin():
                return dict(hook.after_add(AddContext.of(conn), document, reading, ready))
        except SQLAlchemyError as exc:
            raise self._fail(f"cannot run hook {hook.name!r} on {document.id!r}", exc) from None

    def quarantine(self, origin: str, data: bytes | None, error: str) -> int:
        """Keep an input that failed, with its error; returns the entry's id.

        Idempotent: the same origin, bytes and error are kept once. Inputs over
        QUARANTINE_MAX_BYTES keep their first bytes (``truncated``); the hash
        and size are of the whole input.
        """
        digest = hashlib.sha256(data).hexdigest() if data is not None else None
        origin, error = label(origin), label(error)
        q = t.quarantine.c
        try:
            with self._write() as conn, conn.begin():
                found = conn.execute(
                    sa.select(q.id).where(
                        q.origin == origin,
                        q.error == error,
                        q.content_hash.is_(None) if digest is None else q.content_hash == digest,
                    )
                ).scalar()
                if found is not None:
                    return int(found)
                return int(
                    conn.execute(
                        t.quarantine.insert()
                        .values(
                            origin=origin,
                            content_hash=digest,
                            size=len(data) if data is not None else None,
                            data=data[:QUARANTINE_MAX_BYTES] if data is not None else None,
                            truncated=data is not None and len(data) > QUARANTINE_MAX_BYTES,
                            error=error,
                            created_at=utcnow(),
                        )
                        .returning(q.id)
                    ).scalar_one()
                )
        except SQLAlchemyError as exc:
            raise self._fail(f"cannot quarantine {origin}", exc) from None

    # ------------------------------------------------------------ reading

    def contains(self, content_hash: str, extractor: str | None = None) -> bool:
        """True when content with this hash is stored (with a reading by ``extractor``)."""
        d, r = t.documents.c, t.readings.c
        stmt: sa.Select[Any] = sa.select(d.id).where(d.content_hash == content_hash)
        if extractor is not None:
            stmt = stmt.join(t.readings, r.document_id == d.id).where(r.extractor == extractor)
        return bool(self._query(stmt.limit(1)))

    def documents(self) -> Iterator[Document]:
        """Every stored document, in the order they were stored."""
        d = t.documents.c
        ids = [row.id for row in self._query(sa.select(d.id).order_by(d.ingested_at, d.id))]
        for start in range(0, len(ids), READ_BATCH):
            chunk = ids[start : start + READ_BATCH]
            rows = self._query(
                sa.select(*DOCUMENT_COLUMNS).select_from(documents_from()).where(d.id.in_(chunk))
            )
            by_id = {row.id: document_of(row) for row in rows}
            yield from (by_id[i] for i in chunk if i in by_id)

    def get(self, document_id: str) -> tuple[Document, Reading] | None:
        """A document and its current reading; None when it is not stored."""
        rows = self._query(
            sa.select(*DOCUMENT_COLUMNS, t.readings.c.contract)
            .select_from(
                documents_from().join(t.readings, t.readings.c.document_id == t.documents.c.id)
            )
            .where(t.documents.c.id == document_id, t.readings.c.current.is_(True))
        )
        return self._pair(rows[0]) if rows else None

    def _pair(self, row: sa.Row[Any]) -> tuple[Document, Reading]:
        document = document_of(row)
        return document, reading_from_dict(json.loads(row.contract), document.text)

    def readings(
        self, document_ids: Collection[str] | None = None
    ) -> Iterator[tuple[Document, Reading]]:
        """Every document with its current reading, in the order they were stored
        (``document_ids``: those documents only, in that order too)."""
        d, r = t.documents.c, t.readings.c
        current = (
            sa.select(r.id, d.ingested_at, d.id.label("document_id"))
            .join(t.documents, d.id == r.document_id)
            .where(r.current.is_(True))
        )
        if document_ids is None:
            ids = [row.id for row in self._query(current.order_by(d.ingested_at, d.id))]
        else:
            wanted, found = sorted(set(document_ids)), list[Any]()
            for start in range(0, len(wanted), READ_BATCH * 10):
                chunk = wanted[start : start + READ_BATCH * 10]
                found += self._query(current.where(d.id.in_(chunk)))
            ids = [row.id for row in sorted(found, key=lambda x: (x.ingested_at, x.document_id))]
        for start in range(0, len(ids), READ_BATCH):
            chunk = ids[start : start + READ_BATCH]
            rows = self._query(
                sa.select(*DOCUMENT_COLUMNS, r.contract, r.id.label("reading_id"))
                .select_from(documents_from().join(t.readings, r.document_id == d.id))
                .where(r.id.in_(chunk))
            )
            by_id = {row.reading_id: row for row in rows}
            yield from (self._pair(by_id[i]) for i in chunk if i in by_id)

    def events(
        self,
        *,
        event: str | None = None,
        modality: Modality | str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
    ) -> list[EventHit]:
        """Events of current readings matching every filter given.

        ``event``: PLOVER type; ``actor``: a KB actor id taking part as actor or
        recipient; ``since``/``until``: the event's dates overlap this range
        (inclusive; events with no resolvable date are left out).
        """
        e = t.events.c
        stmt = events_query(event=event, modality=modality, actor=actor, since=since, until=until)
        stmt = stmt.order_by(e.reading_id, e.idx)
        if limit is not None:
            stmt = stmt.limit(limit)
        return self._events(self._query(stmt))

    def _events(self, hits: Sequence[sa.Row[Any]]) -> list[EventHit]:
        wanted = sorted({h.reading_id for h in hits})
        readings: dict[int, Reading] = {}
        r = t.readings.c
        for start in range(0, len(wanted), READ_BATCH):
            rows = self._query(
                sa.select(r.id, r.contract, t.documents.c.text)
                .join(t.documents, t.documents.c.id == r.document_id)
                .where(r.id.in_(wanted[start : start + READ_BATCH]))
            )
            for row in rows:
                readings[row.id] = reading_from_dict(json.loads(row.contract), row.text)
        return [EventHit(h.document_id, readings[h.reading_id].events[h.idx]) for h in hits]

    # ------------------------------------------------------------ inventory

    def quarantined(self) -> list[QuarantineEntry]:
        """Every quarantined input, oldest first."""
        rows = self._query(sa.select(t.quarantine).order_by(t.quarantine.c.id))
        return [QuarantineEntry(**row._mapping) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many documents, readings, quarantined inputs, and facts of current readings."""
        current = sa.select(t.readings.c.id).where(t.readings.c.current.is_(True))
        columns = [
            sa.select(sa.func.count())
            .select_from(t.documents)
            .scalar_subquery()
            .label("documents"),
            sa.select(sa.func.count()).select_from(t.readings).scalar_subquery().label("readings"),
            sa.select(sa.func.count())
            .select_from(t.quarantine)
            .scalar_subquery()
            .label("quarantined"),
            *(
                sa.select(sa.func.count()).select_from(table).scalar_subquery().label(table.name)
                for table in (t.publications, t.copies, t.sources)
            ),
        ]
        for table in (t.actor_mentions, t.place_mentions, t.times, t.claims, t.events):
            columns.append(
                sa.select(sa.func.count())
                .select_from(table)
                .where(table.c.reading_id.in_(current))
                .scalar_subquery()
                .label(table.name)
            )
        row = self._query(sa.select(*columns))[0]
        return {key: int(value) for key, value in row._mapping.items()}


def _publish(conn: sa.Connection, doc_id: str, document: Document, now: dt.datetime) -> bool:
    """Record that ``document`` (as stored under ``doc_id``) was published; False if known."""
    p = t.publications.c
    key = publication_key(document.outlet, document.url, document.origin)
    known = conn.execute(
        sa.select(p.id).where(p.document_id == doc_id, p.key == key)
    ).scalar_one_or_none()
    if known is not None:
        return False
    dct = document.dct
    conn.execute(
        t.publications.insert().values(
            document_id=doc_id,
            key=key,
            outlet=document.outlet,
            url=document.url,
            title=document.title,
            dct_date=dct.date,
            dct_earliest=dct.earliest,
            dct_latest=dct.latest,
            dct_how=dct.how.value,
            dct_reasons=list(dct.reasons),
            origin=document.origin,
            seen_at=now,
        )
    )
    return True


def _store_source(conn: sa.Connection, document: Document, now: dt.datetime) -> None:
    """Keep the original bytes once (content-addressed) and link the document to them."""
    if document.source is None and document.source_type is None:
        return
    digest = None
    if document.source is not None:
        digest = hashlib.sha256(document.source).hexdigest()
        s = t.sources.c
        if conn.execute(sa.select(s.sha256).where(s.sha256 == digest)).first() is None:
            conn.execute(
                t.sources.insert().values(
                    sha256=digest, size=len(document.source), data=document.source, created_at=now
                )
            )
    conn.execute(
        t.document_sources.insert().values(
            document_id=document.id, sha256=digest, media_type=document.source_type
        )
    )


def _document_row(document: Document, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": document.id,
        "content_hash": document.content_hash,
        "raw": document.raw,
        "text": document.text,
        "title": document.title,
        "url": document.url,
        "outlet": document.outlet,
        "language": document.language,
        "dct_date": document.dct.date,
        "dct_earliest": document.dct.earliest,
        "dct_latest": document.dct.latest,
        "dct_how": document.dct.how.value,
        "removed": [
            {"start": r.start, "end": r.end, "text": r.text, "reason": r.reason}
            for r in document.removed
        ],
        "origin": document.origin,
        "ingested_at": now,
        "author": document.author,
        "dct_reasons": list(document.dct.reasons),
    }
