"""The store: Documents and their Readings in SQL (SQLite by default, or PostgreSQL).

``Store.open(url)`` migrates the database to the current schema and returns a
store; every ``add`` is one transaction, idempotent by the content hash of the
input. See docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa
from alembic.util import CommandError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from watchfloor.errors import StoreError
from watchfloor.serialize import document_reading_to_dict, reading_from_dict
from watchfloor.store import migrate
from watchfloor.store import schema as t
from watchfloor.store import search as fts
from watchfloor.store.hooks import AddContext, AddHook, installed_hooks, ordered
from watchfloor.store.rows import fact_rows
from watchfloor.vocab import (
    Dct,
    DctHow,
    Document,
    Event,
    FeedState,
    Modality,
    Reading,
    Removed,
    Story,
)

# How long a SQLite writer waits for another process's write lock before failing.
SQLITE_BUSY_TIMEOUT_S = 30.0
# How long to wait for a PostgreSQL server before saying it cannot be reached.
PG_CONNECT_TIMEOUT_S = 10
# Quarantined inputs keep at most this many bytes: ingest's documents are at
# most 2 MB, so this keeps any of them whole while bounding hostile input.
QUARANTINE_MAX_BYTES = 2_000_000
# Readings fetched per query when iterating the whole store: bounds memory and
# how long one read transaction stays open.
READ_BATCH = 100

Status = Literal["new", "duplicate"]

# A NUL escaped by json.dumps: "\u0000" after an even number of backslashes
# (an odd number means the text holds a literal backslash-u).
_JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add`` did.

    ``status`` is "new" when the content was not stored yet, "duplicate" when a
    document with the same content hash was (then ``document_id`` is the stored
    one's). ``new_reading`` is True when the reading was stored (a new document,
    or a new extractor on a stored one: it became the current reading).
    """

    status: Status
    document_id: str
    reading_id: int
    new_reading: bool
    # A publication was recorded: always for a new document; for a duplicate,
    # when it came from an outlet, URL or origin not seen for that text before.
    new_publication: bool = False
    # What the store's hooks found for a new document (store.hooks), by hook name:
    # {"copies": {"copy_of": ..., "similarity": ...}, "stories": {"story_id": ...}}.
    links: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def copy_of(self) -> str | None:
        """A new document whose text is a near-duplicate of a stored one: the first
        stored copy of that text (the ``copies`` hook)."""
        return self.links.get("copies", {}).get("copy_of")

    @property
    def similarity(self) -> float | None:
        """The estimated Jaccard similarity of a near-duplicate to its first copy."""
        return self.links.get("copies", {}).get("similarity")


@dataclass(frozen=True, slots=True)
class Publication:
    """One outlet publishing a stored text: where, when, under which headline.

    ``document_id`` is the stored document it was seen as (a near-duplicate
    copy has its own); ``seen_at`` is when the store first saw it (UTC).
    """

    document_id: str
    outlet: str | None
    url: str | None
    title: str | None
    dct: Dct
    origin: str | None
    seen_at: dt.datetime


class Copy(NamedTuple):
    """A stored document of a text: the first copy has ``copy_of`` None."""

    document_id: str
    copy_of: str | None
    similarity: float | None


class StoryMember(NamedTuple):
    """A document of a story: ``score`` against the story when it joined (None: it began it)."""

    document_id: str
    title: str | None
    outlet: str | None
    dct: dt.date | None
    score: float | None


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """A story as ``Store.stories`` lists it: the Story, its documents, names of its actors."""

    story: Story
    documents: tuple[StoryMember, ...]
    actor_names: dict[str, str]
    place_ids: tuple[str, ...]


class EventHit(NamedTuple):
    """An event found by ``Store.events``, with the document it was read from."""

    document_id: str
    event: Event


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document found by ``Store.search``: ``rank`` higher is more relevant (comparable
    within one search); ``snippet`` the text around the first word found (None: only
    the title matched)."""

    document_id: str
    title: str | None
    outlet: str | None
    dct: Dct
    rank: float
    snippet: fts.Snippet | None


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    id: int
    origin: str
    content_hash: str | None
    size: int | None
    data: bytes | None
    truncated: bool
    error: str
    created_at: dt.datetime


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """For storage: aware datetimes in UTC, naive ones taken as UTC (SQLite keeps no offset)."""
    return None if value is None else as_utc(value)


def as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def publication_key(outlet: str | None, url: str | None, origin: str | None) -> str:
    """What makes two publications of one text the same: outlet, URL and origin."""
    return hashlib.sha256(json.dumps([outlet, url, origin]).encode()).hexdigest()


def _label(value: str) -> str:
    """A label (origin, error) made storable: NUL and lone surrogates escaped."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def normalize_url(url: str) -> URL:
    """A SQLAlchemy URL for ``url``: plain paths are SQLite files; postgresql uses psycopg 3."""
    if url in ("", ":memory:"):
        return make_url("sqlite://")
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _safe(url: str) -> str:
    """``url`` for messages: never its password."""
    try:
        return normalize_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@", 1)[-1] if "@" in url else url


def _reason(exc: BaseException, url: URL | None) -> str:
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text


def _sqlite_engine(url: URL) -> sa.Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if memory:
        engine = sa.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        cur = dbapi.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A writer takes the write lock up front, so it waits (busy timeout)
        # instead of failing when another process commits in between.
        write = conn.get_execution_options().get("wf_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_engine(url: str) -> sa.Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=args)


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


class Store:
    """Documents and readings in a SQL database. Open with ``Store.open(url)``."""

    def __init__(self, engine: sa.Engine, url: str, hooks: Sequence[AddHook] = ()) -> None:
        self.engine = engine
        self.url = _safe(url)
        self.hooks = ordered(hooks)

    # ------------------------------------------------------------ lifecycle

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
                f"cannot open the store: {_reason(exc, parsed)}", where=_safe(url)
            ) from None
        except ImportError as exc:
            raise StoreError(
                f"missing database driver {exc.name!r}: install it "
                "(for PostgreSQL: pip install 'watchfloor[postgres]')",
                where=_safe(url),
            ) from None
        return cls(engine, url, chosen)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _fail(self, what: str, exc: BaseException) -> StoreError:
        return StoreError(f"{what}: {_reason(exc, None)}", where=self.url)

    def _write(self) -> sa.Connection:
        return self.engine.connect().execution_options(wf_write=True)

    # ------------------------------------------------------------ writing

    def add(self, document: Document, reading: Reading) -> AddResult:
        """Store ``document`` and ``reading`` in one transaction; idempotent.

        Same content hash as a stored document: "duplicate"; a publication is
        recorded when the outlet, URL or origin is new for that text; the
        reading is added (and becomes current) only if ``reading.extractor`` is
        new for it. A new document is then handed to the store's hooks in the
        same transaction (``store.hooks``: near-duplicate copies, stories),
        whose findings come back in ``links``. Raises StoreError (nothing
        written) when the document cannot be stored, e.g. a document id already
        used by other content, or text PostgreSQL cannot hold.
        """
        origin = document.origin
        document = replace(document, origin=_label(origin) if origin is not None else None)
        # Before the write lock is taken: what the hooks can compute alone.
        prepared = [hook.prepare(document, reading) for hook in self.hooks]
        for attempt in (1, 2):
            try:
                with self._write() as conn, conn.begin():
                    return self._add(conn, document, reading, prepared)
            except IntegrityError as exc:
                # A concurrent writer stored the same content first: look again.
                if attempt == 2:
                    raise self._fail(f"cannot store document {document.id!r}", exc) from None
            except SQLAlchemyError as exc:
                raise self._fail(f"cannot store document {document.id!r}", exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _add(
        self, conn: sa.Connection, document: Document, reading: Reading, prepared: list[Any]
    ) -> AddResult:
        d = t.documents.c
        found = conn.execute(
            sa.select(d.id, d.content_hash).where(
                sa.or_(d.content_hash == document.content_hash, d.id == document.id)
            )
        ).all()
        stored = next((row.id for row in found if row.content_hash == document.content_hash), None)
        if stored is None and found:
            raise StoreError(
                f"document id {document.id!r} is already used by other content "
                f"(sha256 {found[0].content_hash[:12]}...)",
                where=document.origin or document.id,
            )
        status: Status = "duplicate" if stored is not None else "new"
        doc_id = stored if stored is not None else document.id
        now = _utcnow()
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
        for table, rows in fact_rows(reading, reading_id, doc_id).items():
            if rows:
                conn.execute(table.insert(), rows)
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
        origin, error = _label(origin), _label(error)
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
                            created_at=_utcnow(),
                        )
                        .returning(q.id)
                    ).scalar_one()
                )
        except SQLAlchemyError as exc:
            raise self._fail(f"cannot quarantine {origin}", exc) from None

    # ------------------------------------------------------------ reading

    def _query(self, stmt: sa.Executable) -> Sequence[sa.Row[Any]]:
        try:
            with self.engine.connect() as conn:
                return conn.execute(stmt).all()
        except SQLAlchemyError as exc:
            raise self._fail("cannot read the store", exc) from None

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
                sa.select(*_DOCUMENT_COLUMNS).select_from(_documents_from()).where(d.id.in_(chunk))
            )
            by_id = {row.id: _document(row) for row in rows}
            yield from (by_id[i] for i in chunk if i in by_id)

    def get(self, document_id: str) -> tuple[Document, Reading] | None:
        """A document and its current reading; None when it is not stored."""
        rows = self._query(
            sa.select(*_DOCUMENT_COLUMNS, t.readings.c.contract)
            .select_from(
                _documents_from().join(t.readings, t.readings.c.document_id == t.documents.c.id)
            )
            .where(t.documents.c.id == document_id, t.readings.c.current.is_(True))
        )
        return self._pair(rows[0]) if rows else None

    def _pair(self, row: sa.Row[Any]) -> tuple[Document, Reading]:
        document = _document(row)
        return document, reading_from_dict(json.loads(row.contract), document.text)

    def readings(self) -> Iterator[tuple[Document, Reading]]:
        """Every document with its current reading, in the order they were stored."""
        d, r = t.documents.c, t.readings.c
        ids = [
            row.id
            for row in self._query(
                sa.select(r.id)
                .join(t.documents, d.id == r.document_id)
                .where(r.current.is_(True))
                .order_by(d.ingested_at, d.id)
            )
        ]
        for start in range(0, len(ids), READ_BATCH):
            chunk = ids[start : start + READ_BATCH]
            rows = self._query(
                sa.select(*_DOCUMENT_COLUMNS, r.contract, r.id.label("reading_id"))
                .select_from(_documents_from().join(t.readings, r.document_id == d.id))
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

    # ------------------------------------------------------------ syndication

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
        rows = self._query(
            sa.select(d.id, c.copy_of, c.similarity)
            .select_from(t.documents.outerjoin(t.copies, c.document_id == d.id))
            .where(sa.or_(d.id == first, c.copy_of == first))
            .order_by(c.copy_of.is_not(None), d.ingested_at, d.id)
        )
        return [Copy(r.id, r.copy_of, r.similarity) for r in rows]

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
        return [_publication(row) for row in rows]

    # ------------------------------------------------------------ stories

    def documents_without_story(self) -> list[str]:
        """Ids of stored documents in no story yet (stored before schema 0003, or without
        the ``stories`` hook), in storage order."""
        d, sd = t.documents.c, t.story_documents.c
        rows = self._query(
            sa.select(d.id)
            .where(~sa.exists().where(sd.document_id == d.id))
            .order_by(d.ingested_at, d.id)
        )
        return [row.id for row in rows]

    def story_of(self, document_id: str) -> str | None:
        """The id of the story a document belongs to (None: not linked yet)."""
        sd = t.story_documents.c
        rows = self._query(sa.select(sd.story_id).where(sd.document_id == document_id))
        return rows[0].story_id if rows else None

    def story_documents(self, story_id: str) -> list[str]:
        """The ids of a story's documents, in arrival order (empty for an unknown story)."""
        sd = t.story_documents.c
        rows = self._query(
            sa.select(sd.document_id).where(sd.story_id == story_id).order_by(sd.seq)
        )
        return [row.document_id for row in rows]

    def stories(self, limit: int | None = None, offset: int = 0) -> list[StoryEntry]:
        """Every story, the most recently active first, with its documents in arrival order
        (``limit``/``offset``: one page of them).

        Title: its first document's title (else that document's first line);
        dates: the span of its documents' event dates; key actors: the
        knowledge-base actors most of its documents mention.
        """
        s, sd = t.stories.c, t.story_documents.c
        last = sa.func.max(sd.seq).label("last")
        order = sa.select(sd.story_id, last).group_by(sd.story_id).subquery()
        stmt = sa.select(t.stories, order.c.last).join(order, order.c.story_id == s.id)
        stmt = stmt.order_by(order.c.last.desc(), s.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        return self._story_entries(self._query(stmt))

    def story(self, story_id: str) -> StoryEntry | None:
        """One story as ``stories`` lists it, reading only that story (None: unknown, or
        no document left in it)."""
        heads = self._query(sa.select(t.stories).where(t.stories.c.id == story_id))
        entries = self._story_entries(heads)
        return entries[0] if entries else None

    def story_count(self) -> int:
        """How many stories have documents (what ``stories`` lists)."""
        sd = t.story_documents.c
        rows = self._query(sa.select(sa.func.count(sa.distinct(sd.story_id))))
        return int(rows[0][0])

    def _story_entries(self, heads: Sequence[sa.Row[Any]]) -> list[StoryEntry]:
        """StoryEntry of each ``stories`` row given (in that order): members, actor names."""
        sd, d = t.story_documents.c, t.documents.c
        members: dict[str, list[sa.Row[Any]]] = {row.id: [] for row in heads}
        ids = list(members)
        for start in range(0, len(ids), READ_BATCH):
            rows = self._query(
                sa.select(sd.story_id, sd.document_id, sd.seq, sd.score, d.title, d.text, d.outlet)
                .add_columns(d.dct_date)
                .join(t.documents, d.id == sd.document_id)
                .where(sd.story_id.in_(ids[start : start + READ_BATCH]))
                .order_by(sd.seq)
            )
            for r in rows:
                members[r.story_id].append(r)
        names: dict[str, str] = {}
        wanted = sorted(
            {k.split(":", 1)[1] for row in heads for k in row.entities if k.startswith("actor:")}
        )
        a = t.actors_seen.c
        for start in range(0, len(wanted), READ_BATCH):
            for r in self._query(
                sa.select(a.actor_id, sa.func.min(a.name).label("name"))
                .where(a.actor_id.in_(wanted[start : start + READ_BATCH]))
                .group_by(a.actor_id)
            ):
                names[r.actor_id] = r.name
        out = []
        for row in heads:
            docs = members[row.id]
            if not docs:
                continue
            first = docs[0]
            title = (first.title or "").strip() or next(
                (line.strip() for line in first.text.splitlines() if line.strip()),
                first.document_id,
            )
            ranked = sorted(row.entities.items(), key=lambda kv: (-kv[1], kv[0]))
            actors = tuple(k.split(":", 1)[1] for k, _ in ranked if k.startswith("actor:"))[:8]
            places = tuple(k.split(":", 1)[1] for k, _ in ranked if k.startswith("place:"))[:8]
            story = Story(
                id=row.id,
                title=title[:160],
                document_ids=tuple(r.document_id for r in docs),
                earliest=row.earliest,
                latest=row.latest,
                actor_ids=actors,
            )
            out.append(
                StoryEntry(
                    story=story,
                    documents=tuple(
                        StoryMember(r.document_id, r.title, r.outlet, r.dct_date, r.score)
                        for r in docs
                    ),
                    actor_names={i: names[i] for i in actors if i in names},
                    place_ids=places,
                )
            )
        return out

    # ------------------------------------------------------------ search

    def search(self, words: Sequence[str], limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Documents whose title or clean text holds every word, most relevant first.

        A full-text index (schema 0005; watchfloor.store.search): each word is
        matched whole and case-insensitively, as the phrase of its letters and
        digits ("U.S." finds "U.S"); a word with neither is ignored, and no
        word left finds nothing. Query syntax in a word is searched as text.
        Ties in relevance keep storage order.
        """
        words = fts.searchable(words)
        if not words or limit <= 0:
            return []
        try:
            with self.engine.connect() as conn:
                ranked = fts.search_ids(conn, words, limit, offset)
        except SQLAlchemyError as exc:
            raise self._fail("cannot search the store", exc) from None
        if not ranked:
            return []
        d = t.documents.c
        rows = self._query(
            sa.select(
                d.id,
                d.title,
                d.outlet,
                d.text,
                d.dct_date,
                d.dct_earliest,
                d.dct_latest,
                d.dct_how,
                d.dct_reasons,
            ).where(d.id.in_([doc_id for doc_id, _ in ranked]))
        )
        by_id = {row.id: row for row in rows}
        return [
            SearchHit(
                document_id=doc_id,
                title=by_id[doc_id].title,
                outlet=by_id[doc_id].outlet,
                dct=_dct(by_id[doc_id]),
                rank=rank,
                snippet=fts.snippet(by_id[doc_id].text, words),
            )
            for doc_id, rank in ranked
            if doc_id in by_id  # not removed in between
        ]

    # ------------------------------------------------------------ feeds

    def feed_state(self, url: str) -> FeedState | None:
        """What was stored of the feed at ``url``, or None if it was never polled."""
        f = t.feeds.c
        rows = self._query(sa.select(t.feeds).where(f.url == url))
        if not rows:
            return None
        row = rows[0]
        return FeedState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            title=row.title,
            polled_at=_to_utc(row.polled_at),
        )

    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.url``.

        ``polled_at`` is stored in UTC (a naive datetime is taken as UTC) and
        read back as an aware UTC datetime: the same instant.
        """
        _refuse_nul(state.url, state.url, state.etag, state.last_modified, state.title)
        values = {
            "etag": state.etag,
            "last_modified": state.last_modified,
            "title": state.title,
            "polled_at": _to_utc(state.polled_at),
        }
        f = t.feeds.c
        try:
            with self._write() as conn, conn.begin():
                done = conn.execute(t.feeds.update().where(f.url == state.url).values(**values))
                if done.rowcount == 0:
                    conn.execute(t.feeds.insert().values(url=state.url, **values))
        except SQLAlchemyError as exc:
            raise self._fail(f"cannot save the state of feed {state.url}", exc) from None

    def entry_seen(self, feed_url: str, entry_id: str) -> bool:
        """Has this entry of this feed been seen (marked) before?"""
        e = t.feed_entries.c
        stmt = sa.select(e.entry_id).where(e.feed_url == feed_url, e.entry_id == entry_id)
        return bool(self._query(stmt.limit(1)))

    def mark_entry_seen(self, feed_url: str, entry_id: str, document_id: str | None) -> None:
        """Remember an entry of a feed, with the document stored from it (None: none was).

        Idempotent: the first ``seen_at`` stays; a later call that names a
        document fills it in when none was recorded. An unknown document id is
        a StoreError.
        """
        _refuse_nul(feed_url, feed_url, entry_id)
        e = t.feed_entries.c
        for attempt in (1, 2):
            try:
                with self._write() as conn, conn.begin():
                    found = conn.execute(
                        sa.select(e.document_id).where(
                            e.feed_url == feed_url, e.entry_id == entry_id
                        )
                    ).first()
                    if found is None:
                        conn.execute(
                            t.feed_entries.insert().values(
                                feed_url=feed_url,
                                entry_id=entry_id,
                                document_id=document_id,
                                seen_at=_utcnow(),
                            )
                        )
                    elif found.document_id is None and document_id is not None:
                        conn.execute(
                            t.feed_entries.update()
                            .where(e.feed_url == feed_url, e.entry_id == entry_id)
                            .values(document_id=document_id)
                        )
                return
            except IntegrityError as exc:
                # A concurrent writer marked it first, or the document is unknown.
                if attempt == 2:
                    raise self._fail(f"cannot mark entry {entry_id!r} of {feed_url}", exc) from None
            except SQLAlchemyError as exc:
                raise self._fail(f"cannot mark entry {entry_id!r} of {feed_url}", exc) from None

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


def events_query(
    *,
    event: str | None = None,
    modality: Modality | str | None = None,
    actor: str | None = None,
    place: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> sa.Select[Any]:
    """(reading_id, idx, document_id) of the events of current readings matching every
    filter given: the one event query of ``Store.events``, the API and the pages.

    ``actor``: a KB actor id taking part as actor or recipient; ``place``: the event's
    place id; ``since``/``until``: the event's dates overlap this range (inclusive;
    events with no resolvable date are left out when either is given).
    """
    e, r = t.events.c, t.readings.c
    stmt = sa.select(e.reading_id, e.idx, e.document_id).where(
        e.reading_id.in_(sa.select(r.id).where(r.current.is_(True)))
    )
    if event is not None:
        stmt = stmt.where(e.event == event)
    if modality is not None:  # a string that is no modality matches nothing
        stmt = stmt.where(e.modality == str(getattr(modality, "value", modality)))
    if place is not None:
        stmt = stmt.where(e.place_id == place)
    if actor is not None:
        p = t.event_participants.c
        stmt = stmt.where(
            sa.exists().where(
                p.reading_id == e.reading_id, p.event_idx == e.idx, p.actor_id == actor
            )
        )
    if since is not None:
        stmt = stmt.where(e.date_end >= since)
    if until is not None:
        stmt = stmt.where(e.date_start <= until)
    return stmt


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


def _dct(row: sa.Row[Any]) -> Dct:
    return Dct(
        date=row.dct_date,
        earliest=row.dct_earliest,
        latest=row.dct_latest,
        how=DctHow(row.dct_how),
        reasons=tuple(row.dct_reasons),
    )


def _document(row: sa.Row[Any]) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        raw=row.raw,
        content_hash=row.content_hash,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        language=row.language,
        dct=_dct(row),
        removed=tuple(Removed(**r) for r in row.removed),
        origin=row.origin,
        author=row.author,
        source=row.source_data,
        source_type=row.source_type,
    )


def _documents_from() -> sa.FromClause:
    """documents with their original bytes, when they have some."""
    return t.documents.outerjoin(t.document_sources).outerjoin(
        t.sources, t.sources.c.sha256 == t.document_sources.c.sha256
    )


_DOCUMENT_COLUMNS = (
    t.documents,
    t.sources.c.data.label("source_data"),
    t.document_sources.c.media_type.label("source_type"),
)


def _publication(row: sa.Row[Any]) -> Publication:
    return Publication(
        document_id=row.document_id,
        outlet=row.outlet,
        url=row.url,
        title=row.title,
        dct=_dct(row),
        origin=row.origin,
        seen_at=as_utc(row.seen_at),
    )


def _refuse_nul(where: str, *values: str | None) -> None:
    """Feed state is stored verbatim: refuse what PostgreSQL cannot hold, on every backend."""
    for value in values:
        if value is None:
            continue
        if "\x00" in value:
            raise StoreError(
                "feed state contains NUL (U+0000), which PostgreSQL cannot store", where=where
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise StoreError(
                "feed state holds a lone surrogate: not valid text", where=where
            ) from None


__all__ = [
    "AddResult",
    "Copy",
    "EventHit",
    "Publication",
    "QuarantineEntry",
    "SearchHit",
    "Store",
    "StoryEntry",
    "StoryMember",
    "normalize_url",
    "publication_key",
]
