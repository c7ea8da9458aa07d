"""Read-only queries of the store's tables for the views (API, pages, watches, reports).

They read the store's tables with SQLAlchemy Core, always through the
*current* reading of each document, and page in SQL (``LIMIT``/``OFFSET``, and a
bounded ``COUNT`` for totals: ``bounded_count``), so a request touches at most one
page of contracts and a total costs at most ``TOTAL_CAP`` rows, whatever the store
holds.
Contracts are the stored JSON (``readings.contract``), exactly what
``watchfloor read`` prints: a fact's position in its table (``idx``) is its
position in the contract's list. The views' filtered events (the one filter
model's SQL) are in ``store.filters`` and ``store.event_views``; what linking
adds (the claim ledger, merged events) and what a watch's keywords keep are the
views' (``views.common.queries``): a view hands its test in as a ``Match``
function (``matching``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from watchfloor.serialize import document_reading_from_dict
from watchfloor.store import schema as t
from watchfloor.store.records import StoryEntry, as_utc
from watchfloor.store.view_counts import ACTOR_ATTRS, PLACE_ATTRS
from watchfloor.vocab import Document, Event, Modality, Reading, document_label

if TYPE_CHECKING:  # the Store class imports this module
    from watchfloor.store.store import Store

Obj = dict[str, Any]
# Whether a view keeps an event (a watch's test): the document, its reading, the event.
Match = Callable[[Document, Reading, Event], bool]

d = t.documents.c
r = t.readings.c


def fetch(store: Store, stmt: sa.Executable, *, walk: bool = False) -> Sequence[sa.Row[Any]]:
    """Rows of ``stmt``; a database failure becomes a StoreError (HTTP 503). ``walk``: a
    statement that reads a bounded number of rows, run as index probes that stop at its
    limit (``StoreBase._query``)."""
    return store._query(stmt, walk=walk)


def count(store: Store, stmt: sa.Select[Any]) -> int:
    """Every row of ``stmt``: for what must be exact (a Python API's answer, not a page)."""
    return int(fetch(store, sa.select(sa.func.count()).select_from(stmt.subquery()))[0][0])


# A list's total is counted exactly up to this many rows, and no further: beyond, the
# count stops and says so (``Total.lower_bound``), so that the total of a page costs
# at most this many rows, not what the store holds (docs/api.md, "Totals"). Read at
# each call, so a test may lower it.
TOTAL_CAP = 10_000


@dataclass(frozen=True)
class Total:
    """How many items a list holds: exactly ``count``, or (``lower_bound``) at least it."""

    count: int
    lower_bound: bool = False

    def __str__(self) -> str:
        return f"{self.count}+" if self.lower_bound else str(self.count)


def bounded_count(
    store: Store,
    stmt: sa.Select[Any],
    *,
    offset: int = 0,
    limit: int = 0,
    cap: int | None = None,
    walk: bool = False,
) -> Total:
    """The rows of ``stmt``, counted up to ``max(cap, offset + limit)`` (``cap``:
    ``TOTAL_CAP``), so a page's own rows are always inside the count: the database
    reads at most one row more than that (``SELECT count(*) FROM (... LIMIT n + 1)``)
    and stops. More rows than that: that many, as a lower bound. ``walk``: counted by
    index probes (``fetch``), for a statement of several joins, whose hash joins
    PostgreSQL would otherwise build over whole tables before the limit stops it."""
    upto = max(TOTAL_CAP if cap is None else cap, offset + limit)
    sub = stmt.order_by(None).limit(upto + 1).subquery()
    n = int(fetch(store, sa.select(sa.func.count()).select_from(sub), walk=walk)[0][0])
    return Total(min(n, upto), lower_bound=n > upto)


def event_documents(store: Store, *stmts: sa.Select[Any]) -> set[str]:
    """The documents with events in any of these filtered events statements
    (``store.filters.event_select``)."""
    found: set[str] = set()
    for stmt in stmts:
        sub = stmt.subquery()
        found.update(row[0] for row in fetch(store, sa.select(sub.c.document_id).distinct()))
    return found


def current_readings() -> sa.Select[Any]:
    """The ids of the current reading of every document."""
    return sa.select(r.id).where(r.current.is_(True))


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


def dct_obj(row: Any) -> Obj:
    return {
        "date": row.dct_date,
        "earliest": row.dct_earliest,
        "latest": row.dct_latest,
        "how": row.dct_how,
        "reasons": list(row.dct_reasons or ()),
    }


def contracts(store: Store, reading_ids: set[int]) -> dict[int, Obj]:
    """The stored contract of each reading id."""
    if not reading_ids:
        return {}
    rows = fetch(store, sa.select(r.id, r.contract).where(r.id.in_(sorted(reading_ids))))
    return {row.id: json.loads(row.contract) for row in rows}


# ------------------------------------------------------------------ health

# What ``/api/health`` and the overview state of the store: name -> table.
ESTIMATED = {
    "documents": t.documents,
    "readings": t.readings,
    "quarantined": t.quarantine,
    "publications": t.publications,
    "copies": t.copies,
    "sources": t.sources,
    "actor_mentions": t.actor_mentions,
    "place_mentions": t.place_mentions,
    "times": t.times,
    "claims": t.claims,
    "events": t.events,
}


def estimated_counts(store: Store) -> dict[str, int]:
    """The rows of each table of ``ESTIMATED``, estimated without reading the tables
    (a health check is O(1)): on PostgreSQL the planner's own estimate (the rows per
    page ``pg_class.reltuples / relpages`` of the last ANALYZE or autovacuum, times the
    pages the table has now), a table never analysed counted up to ``TOTAL_CAP``; on
    SQLite the largest rowid (rows ever inserted: a deleted row is still counted).
    Rows of every reading, not only current ones; ``Store.counts`` is exact (and reads
    every row)."""
    if store.engine.dialect.name == "postgresql":
        return _pg_estimates(store)
    row = fetch(
        store,
        sa.select(
            *(
                sa.select(sa.func.coalesce(sa.func.max(sa.literal_column("rowid")), 0))
                .select_from(table)
                .scalar_subquery()
                .label(name)
                for name, table in ESTIMATED.items()
            )
        ),
    )[0]
    return {name: int(value) for name, value in row._mapping.items()}


def _pg_estimates(store: Store) -> dict[str, int]:
    names = sorted({table.name for table in ESTIMATED.values()})
    rel = sa.text(
        "SELECT c.relname, c.reltuples, c.relpages,"
        " pg_relation_size(c.oid) / current_setting('block_size')::int AS pages"
        " FROM unnest(CAST(:names AS text[])) AS n(name)"
        " JOIN pg_class c ON c.oid = to_regclass(n.name)"  # the search path's tables
    ).bindparams(names=names)
    stats = {row.relname: row for row in fetch(store, rel)}
    out: dict[str, int] = {}
    for name, table in ESTIMATED.items():
        row = stats.get(table.name)
        if row is not None and row.reltuples >= 0 and row.relpages > 0:
            out[name] = round(row.reltuples / row.relpages * row.pages)
        elif row is not None and row.reltuples >= 0 and row.pages == 0:
            out[name] = 0
        else:  # never analysed: no statistics yet
            out[name] = bounded_count(store, sa.select(sa.literal(1)).select_from(table)).count
    return out


# ------------------------------------------------------------------ documents

# The opening of a document's text: enough for a label when it has no title.
TEXT_HEAD = sa.func.substr(d.text, 1, 200).label("text_head")

_SUMMARY = (
    d.id,
    d.title,
    TEXT_HEAD,
    d.url,
    d.outlet,
    d.author,
    d.language,
    d.origin,
    d.dct_date,
    d.dct_earliest,
    d.dct_latest,
    d.dct_how,
    d.dct_reasons,
    d.ingested_at,
)


def _dct_overlaps(stmt: sa.Select[Any], since: dt.date | None, until: dt.date | None) -> Any:
    """Documents whose publication date (a day, or an inferred range) overlaps [since, until].

    An open end of an inferred range is open; a document with no date at all
    is left out as soon as a bound is given.
    """
    first = sa.func.coalesce(d.dct_date, d.dct_earliest)
    last = sa.func.coalesce(d.dct_date, d.dct_latest)
    known = sa.or_(first.is_not(None), last.is_not(None))
    if since is not None:
        stmt = stmt.where(known, sa.or_(last >= since, last.is_(None)))
    if until is not None:
        stmt = stmt.where(known, sa.or_(first <= until, first.is_(None)))
    return stmt


def document_page(
    store: Store,
    *,
    since: dt.date | None,
    until: dt.date | None,
    outlet: str | None,
    limit: int,
    offset: int,
) -> tuple[Total, list[Obj]]:
    stmt = _dct_overlaps(sa.select(*_SUMMARY), since, until)
    if outlet is not None:
        stmt = stmt.where(d.outlet == outlet)
    total = bounded_count(store, stmt, offset=offset, limit=limit)
    rows = fetch(store, stmt.order_by(d.ingested_at, d.id).limit(limit).offset(offset))
    return total, [summary(row) for row in rows]


def summary(row: Any) -> Obj:
    return {
        "id": row.id,
        "title": row.title,
        "label": document_label(row.title, row.text_head, row.id),
        "url": row.url,
        "outlet": row.outlet,
        "author": row.author,
        "language": row.language,
        "origin": row.origin,
        "dct": dct_obj(row),
        "ingested_at": as_utc(row.ingested_at),
    }


# ------------------------------------------------------------------ events and claims


def event_types(store: Store) -> list[str]:
    """The PLOVER types of the events of current readings, sorted."""
    e = t.events.c
    stmt = sa.select(e.event).where(e.reading_id.in_(current_readings())).distinct()
    return [row.event for row in fetch(store, stmt.order_by(e.event))]


# Readings decoded at a time by ``matching``.
MATCH_BATCH = 200


def matching(store: Store, stmt: sa.Select[Any], match: Match) -> list[sa.Row[Any]]:
    """The rows of an events query (reading_id, idx, document_id, in its order) whose
    event ``match`` keeps.

    A Python pass over every event the SQL filters leave: the readings of the
    remaining events are decoded, ``MATCH_BATCH`` at a time, and tested. Its
    cost grows with the events the other filters leave, not with the page asked
    for, so a caller narrows the SQL first (a watch's types and modalities).
    """
    hits = fetch(store, stmt)
    out = []
    for start in range(0, len(hits), MATCH_BATCH):
        chunk = hits[start : start + MATCH_BATCH]
        decoded = {
            rid: document_reading_from_dict(contract)
            for rid, contract in contracts(store, {h.reading_id for h in chunk}).items()
        }
        for h in chunk:
            if h.reading_id not in decoded:  # replaced by a newer reading meanwhile
                continue
            doc, reading = decoded[h.reading_id]
            if match(doc, reading, reading.events[h.idx]):
                out.append(h)
    return out


def claim_page(
    store: Store,
    *,
    modality: str | None,
    source: str | None,
    document: str | None,
    limit: int,
    offset: int,
    status: Sequence[str] = (),
) -> tuple[Total, list[Obj]]:
    """Claims of current readings, with the ids of their events; ``source``: a KB actor id
    anywhere in the claim's chain; ``status``: any of these ledger statuses (the link
    facts of schema 0007). The views add what the claim ledger says of each.

    With ``status`` the claims are joined to their facts (one row each: its key), so
    the count walks ``ix_claim_facts_status_claim`` and probes each claim and its reading
    (``bounded_count``'s ``walk``), reading the claims it counts, not every claim
    (an ``EXISTS`` per claim probed the facts of every claim until the cap)."""
    c = t.claims.c
    stmt = sa.select(c.reading_id, c.idx, c.document_id).where(c.reading_id.in_(current_readings()))
    if status:
        cf = t.claim_facts.c
        stmt = stmt.join(
            t.claim_facts, sa.and_(cf.reading_id == c.reading_id, cf.idx == c.idx)
        ).where(cf.status.in_(list(status)))
    if modality is not None:
        stmt = stmt.where(c.modality == modality)
    if document is not None:
        stmt = stmt.where(c.document_id == document)
    if source is not None:
        s = t.claim_sources.c
        stmt = stmt.where(
            sa.exists().where(
                s.reading_id == c.reading_id, s.claim_idx == c.idx, s.actor_id == source
            )
        )
    total = bounded_count(store, stmt, offset=offset, limit=limit, walk=True)
    hits = fetch(store, stmt.order_by(c.reading_id, c.idx).limit(limit).offset(offset))
    by_reading = contracts(store, {h.reading_id for h in hits})
    items = []
    for h in hits:
        contract = by_reading[h.reading_id]
        claim = contract["claims"][h.idx]
        events = [ev["id"] for ev in contract.get("events", ()) if ev.get("claim") == claim["id"]]
        items.append(
            {
                "document_id": h.document_id,
                "document_title": contract.get("title"),
                "document_label": document_label(
                    contract.get("title"), contract.get("text"), h.document_id
                ),
                "claim": claim,
                "events": events,
                "_key": (h.reading_id, h.idx),
                "_events": [
                    ev for ev in contract.get("events", ()) if ev.get("claim") == claim["id"]
                ],
            }
        )
    return total, items


def watch_names(store: Store) -> list[str]:
    """The names of the stored watches, sorted."""
    w = t.watches.c
    return [row.name for row in fetch(store, sa.select(w.name).order_by(w.name))]


# ------------------------------------------------------------------ actors


def _actor_counts() -> sa.Select[Any]:
    """The actors of current readings with their counts (``store.view_counts``: kept by
    ``Store.add``, so a page reads the actors it lists, not every mention)."""
    c = t.actor_counts.c
    return sa.select(
        c.actor_id.label("id"),
        *(c[name] for name in ACTOR_ATTRS),
        c.documents,
        c.mentions,
        c.events,
    ).where(c.documents > 0)


def _actor_summary(row: Any) -> Obj:
    return {**row._mapping, "generic": bool(row.generic)}


def _ranked_page(
    store: Store, counts: sa.Select[Any], summary: Any, limit: int, offset: int
) -> tuple[int, list[Obj]]:
    """One page of an actor or place count query, most documents (then mentions) first."""
    stmt = counts.subquery()
    rows = fetch(
        store,
        sa.select(stmt)
        .order_by(stmt.c.documents.desc(), stmt.c.mentions.desc(), stmt.c.id)
        .limit(limit)
        .offset(offset),
    )
    return count(store, counts), [summary(row) for row in rows]


def actor_page(store: Store, *, limit: int, offset: int) -> tuple[int, list[Obj]]:
    return _ranked_page(store, _actor_counts(), _actor_summary, limit, offset)


_REF = (
    d.id,
    d.title,
    TEXT_HEAD,
    d.outlet,
    d.dct_date,
    d.dct_earliest,
    d.dct_latest,
    d.dct_how,
    d.dct_reasons,
)


def _doc_refs(
    store: Store, mention_table: sa.Table, column: str, key: str, limit: int
) -> list[Obj]:
    """Documents whose current reading mentions ``key``, with how often; most mentions first."""
    m = mention_table.c
    counts = (
        sa.select(m.document_id, sa.func.count().label("mentions"))
        .where(m.reading_id.in_(current_readings()), m[column] == key)
        .group_by(m.document_id)
        .subquery()
    )
    rows = fetch(
        store,
        sa.select(*_REF, counts.c.mentions)
        .join(counts, counts.c.document_id == d.id)
        .order_by(counts.c.mentions.desc(), d.ingested_at, d.id)
        .limit(limit),
    )
    return [
        {
            "id": x.id,
            "title": x.title,
            "label": document_label(x.title, x.text_head, x.id),
            "outlet": x.outlet,
            "dct": dct_obj(x),
            "mentions": x.mentions,
        }
        for x in rows
    ]


def actor_detail(store: Store, actor_id: str, limit: int) -> Obj | None:
    """The actor as the newest reading listing it records it, counts, documents, events."""
    found = fetch(store, _actor_counts().where(t.actor_counts.c.actor_id == actor_id))
    if not found:
        return None
    a = t.actors_seen.c
    newest = fetch(
        store,
        sa.select(a.reading_id, a.idx)
        .where(a.reading_id.in_(current_readings()), a.actor_id == actor_id)
        .order_by(a.reading_id.desc(), a.idx)
        .limit(1),
    )[0]
    contract = contracts(store, {newest.reading_id})[newest.reading_id]
    record = contract["actors"][newest.idx]
    p, e = t.event_participants.c, t.events.c
    rows = fetch(
        store,
        sa.select(e.document_id, e.event_id, e.event, e.modality, e.date, p.role)
        .join(t.events, sa.and_(e.reading_id == p.reading_id, e.idx == p.event_idx))
        .where(p.reading_id.in_(current_readings()), p.actor_id == actor_id)
        .distinct()
        .order_by(e.document_id, e.event_id, p.role)
        .limit(limit),
    )
    return {
        "actor": record,
        "counts": _actor_summary(found[0]),
        "documents": _doc_refs(store, t.actor_mentions, "actor_id", actor_id, limit),
        "events": [dict(row._mapping) for row in rows],
    }


# ------------------------------------------------------------------ places


def _place_counts() -> sa.Select[Any]:
    """The places mentioned in current readings with their counts (``store.view_counts``)."""
    c = t.place_counts.c
    return sa.select(
        c.place_id.label("id"),
        *(c[name] for name in PLACE_ATTRS),
        c.documents,
        c.mentions,
        c.locational_mentions,
        c.events,
    ).where(c.mentions > 0)


def _place_summary(row: Any) -> Obj:
    out = dict(row._mapping)
    out["locational_mentions"] = int(out["locational_mentions"] or 0)
    return out


def place_page(store: Store, *, limit: int, offset: int) -> tuple[int, list[Obj]]:
    return _ranked_page(store, _place_counts(), _place_summary, limit, offset)


def place_detail(store: Store, place_id: str, limit: int) -> Obj | None:
    found = fetch(store, _place_counts().where(t.place_counts.c.place_id == place_id))
    if not found:
        return None
    e = t.events.c
    rows = fetch(
        store,
        sa.select(e.document_id, e.event_id, e.event, e.modality, e.date)
        .where(e.reading_id.in_(current_readings()), e.place_id == place_id)
        .order_by(e.document_id, e.idx)
        .limit(limit),
    )
    return {
        "place": _place_summary(found[0]),
        "documents": _doc_refs(store, t.place_mentions, "place_id", place_id, limit),
        "events": [dict(row._mapping) for row in rows],
    }


# ------------------------------------------------------------------ search


@dataclass(frozen=True)
class SearchPage:
    more: bool
    items: list[Obj]


def search(store: Store, words: list[str], *, limit: int, offset: int) -> SearchPage:
    """Documents whose title or clean text holds every word, most relevant first
    (``Store.search``: the full-text index of schema 0005)."""
    hits = store.search(words, limit=limit + 1, offset=offset)
    items = [
        {
            "id": h.document_id,
            "title": h.title,
            "label": h.label,
            "outlet": h.outlet,
            "dct": {
                "date": h.dct.date,
                "earliest": h.dct.earliest,
                "latest": h.dct.latest,
                "how": h.dct.how.value,
                "reasons": list(h.dct.reasons),
            },
            "rank": h.rank,
            "snippet": h.snippet._asdict() if h.snippet is not None else None,
        }
        for h in hits[:limit]
    ]
    return SearchPage(more=len(hits) > limit, items=items)


# ------------------------------------------------------------------ stories


def story_summary(entry: StoryEntry) -> Obj:
    story = entry.story
    return {
        "id": story.id,
        "title": story.title,
        "size": len(entry.documents),
        "earliest": story.earliest,
        "latest": story.latest,
        "actors": [{"id": i, "name": entry.actor_names.get(i)} for i in story.actor_ids],
        "places": list(entry.place_ids),
    }


def story_page(store: Store, *, limit: int, offset: int) -> tuple[Total, list[Obj]]:
    """Stories, the most recently active first (``Store.stories``); the total of the
    stories with documents bounded (``bounded_count``: an index-only walk of
    ``ix_story_documents_story_id`` that stops)."""
    sd = t.story_documents.c
    total = bounded_count(store, sa.select(sd.story_id).distinct(), offset=offset, limit=limit)
    return total, [story_summary(e) for e in store.stories(limit=limit, offset=offset)]
