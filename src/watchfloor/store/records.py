"""What the store returns: result and listing records, and the rows they are read from."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.vocab import Dct, DctHow, Document, Event, Removed, Story

Status = Literal["new", "duplicate"]


class Snippet(NamedTuple):
    """A span of a document's clean text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


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
    label: str = ""  # the title, else the opening words of the text (vocab.document_label)


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
    snippet: Snippet | None
    label: str = ""  # the title, else the opening words of the text (vocab.document_label)


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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """For storage: aware datetimes in UTC, naive ones taken as UTC (SQLite keeps no offset)."""
    return None if value is None else as_utc(value)


def as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def publication_key(outlet: str | None, url: str | None, origin: str | None) -> str:
    """What makes two publications of one text the same: outlet, URL and origin."""
    return hashlib.sha256(json.dumps([outlet, url, origin]).encode()).hexdigest()


def label(value: str) -> str:
    """A label (origin, error) made storable: NUL and lone surrogates escaped."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def dct_of(row: sa.Row[Any]) -> Dct:
    return Dct(
        date=row.dct_date,
        earliest=row.dct_earliest,
        latest=row.dct_latest,
        how=DctHow(row.dct_how),
        reasons=tuple(row.dct_reasons),
    )


def document_of(row: sa.Row[Any]) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        raw=row.raw,
        content_hash=row.content_hash,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        language=row.language,
        dct=dct_of(row),
        removed=tuple(Removed(**r) for r in row.removed),
        origin=row.origin,
        author=row.author,
        source=row.source_data,
        source_type=row.source_type,
    )


def documents_from() -> sa.FromClause:
    """documents with their original bytes, when they have some."""
    return t.documents.outerjoin(t.document_sources).outerjoin(
        t.sources, t.sources.c.sha256 == t.document_sources.c.sha256
    )


DOCUMENT_COLUMNS = (
    t.documents,
    t.sources.c.data.label("source_data"),
    t.document_sources.c.media_type.label("source_type"),
)


def publication_of(row: sa.Row[Any]) -> Publication:
    return Publication(
        document_id=row.document_id,
        outlet=row.outlet,
        url=row.url,
        title=row.title,
        dct=dct_of(row),
        origin=row.origin,
        seen_at=as_utc(row.seen_at),
    )
