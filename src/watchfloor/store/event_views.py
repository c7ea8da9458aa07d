"""What the views read of a filtered events query: a page, map points, timeline days,
the stored contracts to export, and the newest-first feed of what was stored.

Each function takes the statement of ``store.filters.event_select`` (the one
filter), so a page, the map, the timeline and an export of the same filter
hold the same events. Only a page and an export decode stored contracts; the
map and the timeline read indexed columns only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.store.filters import counted, order_by, placed
from watchfloor.store.queries import (
    TEXT_HEAD,
    Match,
    Total,
    bounded_count,
    contracts,
    fetch,
    matching,
)
from watchfloor.store.records import as_utc
from watchfloor.vocab import document_label

if TYPE_CHECKING:
    from watchfloor.store.store import Store

Obj = dict[str, Any]
e, d, f = t.events.c, t.documents.c, t.event_facts.c
EXPORT_BATCH = 200  # readings decoded at a time by an export


def _facts(stmt: sa.Select[Any]) -> sa.Subquery:
    return stmt.subquery("hits")


def _page_columns(hits: sa.Subquery) -> sa.Select[Any]:
    """What a list shows of each hit, besides its contract."""
    return sa.select(
        hits.c.reading_id,
        hits.c.idx,
        hits.c.document_id,
        e.event_id,
        e.date_start,
        e.date_end,
        f.story_id,
        f.independent_sources,
        f.contradicted,
        f.outlet,
        f.place_name,
        f.admin1,
        f.country,
        d.title,
        d.dct_date,
        d.dct_earliest,
        d.dct_latest,
        d.dct_how,
        d.ingested_at,
    ).select_from(
        hits.join(t.events, sa.and_(e.reading_id == hits.c.reading_id, e.idx == hits.c.idx))
        .join(t.documents, d.id == hits.c.document_id)
        .outerjoin(t.event_facts, sa.and_(f.reading_id == hits.c.reading_id, f.idx == hits.c.idx))
    )


def _sentence(contract: Obj, ev: Obj) -> str | None:
    text = contract.get("text") or ""
    sent = ev.get("sentence") or {}
    start, end = sent.get("start"), sent.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return None


def _item(row: Any, contract: Obj) -> Obj:
    ev = contract["events"][row.idx]
    claim_id = ev.get("claim")
    claim = next((c for c in contract.get("claims", ()) if c.get("id") == claim_id), None)
    return {
        "uid": f"{row.document_id}-{row.event_id}",
        "document_id": row.document_id,
        "document_title": row.title,
        "document_label": document_label(row.title, contract.get("text"), row.document_id),
        "event": ev,
        "claim": claim if claim_id is not None else None,
        "date_earliest": row.date_start.isoformat() if row.date_start else None,
        "date_latest": row.date_end.isoformat() if row.date_end else None,
        "sentence_text": _sentence(contract, ev),
        "story_id": row.story_id,
        "outlet": row.outlet or contract.get("outlet"),
        "published": {
            "date": row.dct_date,
            "earliest": row.dct_earliest,
            "latest": row.dct_latest,
            "how": row.dct_how,
        },
        "ingested_at": as_utc(row.ingested_at),
        "place": None
        if row.place_name is None
        else {"name": row.place_name, "admin1": row.admin1, "country": row.country},
        "independent_sources": row.independent_sources,
        "contradicted": row.contradicted,
    }


def event_page(
    store: Store,
    stmt: sa.Select[Any],
    *,
    sort: str,
    limit: int,
    offset: int,
    match: Match | None = None,
) -> tuple[Total, list[Obj]]:
    """The total and one page of the events of ``stmt`` in the order ``sort`` (a key of
    ``store.filters.SORTS``), each with its contract, claim and facts. The total is
    bounded (``queries.bounded_count``). ``match``: only the events it keeps
    (``queries.matching``, a Python pass over every hit; its total is exact)."""
    ordered = stmt.order_by(*order_by(sort))
    if match is not None:
        kept = matching(store, ordered, match)
        total = Total(len(kept))
        keys = [(h.reading_id, h.idx) for h in kept[offset : offset + limit]]
    else:
        total = bounded_count(store, counted(stmt), offset=offset, limit=limit, walk=True)
        keys = [(h.reading_id, h.idx) for h in fetch(store, ordered.limit(limit).offset(offset))]
    rows = _rows_of(store, keys)
    by_reading = contracts(store, {row.reading_id for row in rows})
    return total, [_item(row, by_reading[row.reading_id]) for row in rows]


def _rows_of(store: Store, keys: Sequence[tuple[int, int]]) -> list[Any]:
    """The page columns of these (reading_id, idx) keys, in their order."""
    if not keys:
        return []
    wanted = sa.select(e.reading_id, e.idx, e.document_id).where(
        sa.tuple_(e.reading_id, e.idx).in_(list(keys))
    )
    rows = {(row.reading_id, row.idx): row for row in fetch(store, _page_columns(_facts(wanted)))}
    return [rows[k] for k in keys if k in rows]


# Keys of the events a Python test keeps, at most, put back into SQL (an IN list).
MAX_MATCHED = 20_000


def keep_matching(store: Store, stmt: sa.Select[Any], match: Match | None) -> sa.Select[Any]:
    """``stmt`` narrowed to the events ``match`` keeps (``queries.matching``), for the
    map, timeline and exports of a filter with keywords; at most ``MAX_MATCHED``."""
    if match is None:
        return stmt
    kept = matching(store, stmt, match)[:MAX_MATCHED]
    keys = [(h.reading_id, h.idx) for h in kept] or [(-1, -1)]
    return stmt.where(sa.tuple_(e.reading_id, e.idx).in_(keys))


def map_points(store: Store, stmt: sa.Select[Any], cap: int) -> tuple[Total, Total, list[Obj]]:
    """(events, events with a place, points): each placed event of ``stmt`` as its uid,
    type, modality, place and coordinates; at most ``cap`` points, newest stored first.

    The points are ``stmt``'s placed rows read from the facts side
    (``filters.placed``), walked newest document first (``ix_documents_ingested_at_id``
    backwards, each document's placed facts by ``ix_event_facts_placed``) and cut
    after ``cap + 1`` placed events (a walk: ``fetch(..., walk=True)``); both counts
    are bounded walks (``queries.bounded_count``), the events' without the documents
    (``filters.counted``), the placed ones counted only when the points are cut.
    One condition, ``lat IS NOT NULL``: with ``lon``'s too, PostgreSQL multiplies the
    two (correlated) selectivities, expects an eighth of the placed events, and
    sorts them all rather than walk the index and stop."""
    columns = (
        e.reading_id,
        e.idx,
        e.document_id,
        e.event_id,
        e.event,
        e.modality,
        e.quad_class,
        e.place_id,
        e.date,
        f.place_name,
        f.feature,
        f.admin1,
        f.country,
        f.lat,
        f.lon,
    )  # a placed event's facts have both lat and lon (a Place has both)
    newest = placed(stmt, *columns, documents=True)
    newest = newest.order_by(d.ingested_at.desc(), e.reading_id.desc(), e.idx).limit(cap + 1)
    rows = fetch(store, newest, walk=True)
    total = bounded_count(store, counted(stmt), limit=cap + 1, walk=True)
    located = (
        Total(len(rows))
        if len(rows) <= cap
        else bounded_count(
            store, placed(stmt, e.reading_id, documents=False), limit=cap + 1, walk=True
        )
    )  # counted only when cut
    rows = rows[:cap]
    points = [
        {
            "uid": f"{row.document_id}-{row.event_id}",
            "type": row.event,
            "modality": row.modality,
            "quad_class": row.quad_class,
            "date": row.date,
            "place_id": row.place_id,
            "place": row.place_name,
            "feature": row.feature,
            "admin1": row.admin1,
            "country": row.country,
            "lat": row.lat,
            "lon": row.lon,
        }
        for row in rows
    ]
    return total, located, points


class DayCount(NamedTuple):
    """Events of one type on one span of days: a timeline's input row (a plain tuple:
    the timeline reads each field of tens of thousands of them)."""

    date_start: dt.date
    date_end: dt.date
    event: str
    n: int


def timeline_rows(store: Store, stmt: sa.Select[Any]) -> tuple[int, list[DayCount]]:
    """(events, rows): the events of ``stmt`` counted per (first day, last day, type),
    the timeline's input: one aggregate of ``stmt``'s own rows (no second join of the
    events), whose NULL days row counts the undated events (counted, not listed).
    It reads every event the filter keeps: a timeline costs what its filter holds."""
    n = sa.func.count().label("n")
    grouped = stmt.with_only_columns(e.date_start, e.date_end, e.event, n).group_by(
        e.date_start, e.date_end, e.event
    )
    rows = [tuple(row) for row in fetch(store, grouped)]
    dated = sorted(
        (DayCount(a, b, kind, int(n)) for a, b, kind, n in rows if a is not None and b is not None),
        key=lambda row: (row.date_start, row.date_end),
    )
    return sum(int(row[3]) for row in rows), dated


def timeline_days(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] = (),
) -> tuple[int, list[DayCount]]:
    """``timeline_rows`` of a filter of event types and dates alone (``event_select``
    with ``type``, ``since``, ``until``, or nothing), read from ``event_day_counts``
    (``store.view_counts``): the same rows, one per (first day, last day, type) the
    filter keeps, whatever the number of events on them."""
    c = t.event_day_counts.c
    kept = []
    if since is not None:
        kept.append(c.date_end >= since)
    if until is not None:
        kept.append(c.date_start <= until)
    if types:
        kept.append(c.event.in_(list(types)))
    is_dated = sa.and_(c.date_start.is_not(None), c.date_end.is_not(None))
    stmt = (
        sa.select(c.date_start, c.date_end, c.event, c.events)
        .where(is_dated, *kept)
        .order_by(c.date_start, c.date_end)
    )
    rows = [tuple(row) for row in fetch(store, stmt)]
    dated = [DayCount(a, b, kind, int(n)) for a, b, kind, n in rows]
    undated = fetch(store, sa.select(sa.func.sum(c.events)).where(~is_dated, *kept))[0][0]
    return sum(row.n for row in dated) + int(undated or 0), dated


def events_outside(
    store: Store, stmt: sa.Select[Any], first: dt.date, last: dt.date, limit: int
) -> list[Any]:
    """The first ``limit`` dated events of ``stmt`` wholly outside [first, last], by date."""
    hits = _facts(stmt)
    rows = (
        sa.select(hits.c.document_id, e.event_id, e.event, e.date_start, e.date_end)
        .select_from(
            hits.join(t.events, sa.and_(e.reading_id == hits.c.reading_id, e.idx == hits.c.idx))
        )
        .where(sa.or_(e.date_end < first, e.date_start > last))
        .order_by(e.date_start, e.date_end, hits.c.document_id, e.event_id)
        .limit(limit)
    )
    return list(fetch(store, rows))


def export_events(store: Store, stmt: sa.Select[Any], sort: str) -> Iterator[tuple[Obj, Obj]]:
    """(contract, event) of every event of ``stmt`` in the order ``sort``, streamed: the
    keys are read once, the contracts ``EXPORT_BATCH`` readings at a time."""
    keys = list(fetch(store, stmt.order_by(*order_by(sort))))
    for start in range(0, len(keys), EXPORT_BATCH * 5):
        chunk = keys[start : start + EXPORT_BATCH * 5]
        by_reading = contracts(store, {k.reading_id for k in chunk})
        for k in chunk:
            contract = by_reading.get(k.reading_id)
            if contract is not None:  # else replaced by a newer reading meanwhile
                yield contract, contract["events"][k.idx]


def export_documents(store: Store, stmt: sa.Select[Any]) -> Iterator[tuple[Obj, list[int]]]:
    """Each document (its contract) with events in ``stmt``, in storage order, with the
    positions of those events: for the per-document formats."""
    keys = fetch(store, stmt.order_by(d.ingested_at, e.document_id, e.idx))
    by_reading: dict[int, list[int]] = {}
    for k in keys:
        by_reading.setdefault(k.reading_id, []).append(k.idx)
    ids = list(by_reading)
    for start in range(0, len(ids), EXPORT_BATCH):
        chunk = ids[start : start + EXPORT_BATCH]
        found = contracts(store, set(chunk))
        for rid in chunk:
            if rid in found:
                yield found[rid], by_reading[rid]


# ------------------------------------------------------------------ what changed


def recent_documents(
    store: Store, *, since: Any = None, limit: int, offset: int = 0
) -> tuple[Total, list[Obj]]:
    """Documents newest stored first (stored at or after ``since`` when given), each with
    its number of events: the feed of what changed. The events are counted for the
    page's documents only."""
    stmt = sa.select(
        d.id,
        d.title,
        TEXT_HEAD,
        d.url,
        d.outlet,
        d.dct_date,
        d.dct_earliest,
        d.dct_latest,
        d.ingested_at,
    )
    if since is not None:
        stmt = stmt.where(d.ingested_at >= since)
    total = bounded_count(store, stmt, offset=offset, limit=limit)
    rows = fetch(store, stmt.order_by(d.ingested_at.desc(), d.id).limit(limit).offset(offset))
    current = sa.select(t.readings.c.id).where(t.readings.c.current.is_(True))
    n: dict[str, int] = {}
    if rows:
        counted = fetch(
            store,
            sa.select(e.document_id, sa.func.count().label("n"))
            .where(e.reading_id.in_(current), e.document_id.in_([row.id for row in rows]))
            .group_by(e.document_id),
        )
        n = {row.document_id: int(row.n) for row in counted}
    return total, [
        {
            "id": row.id,
            "title": row.title,
            "label": document_label(row.title, row.text_head, row.id),
            "url": row.url,
            "outlet": row.outlet,
            "published": row.dct_date or row.dct_earliest,
            "ingested_at": as_utc(row.ingested_at),
            "events": int(n.get(row.id, 0)),
        }
        for row in rows
    ]


def claim_facts(store: Store, keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Obj]:
    """The stored ledger fields of these (reading_id, idx) claims, where written."""
    if not keys:
        return {}
    c = t.claim_facts.c
    rows = fetch(
        store,
        sa.select(c.reading_id, c.idx, c.ledger).where(
            sa.tuple_(c.reading_id, c.idx).in_(list(keys))
        ),
    )
    return {(row.reading_id, row.idx): json.loads(row.ledger) for row in rows}


# ------------------------------------------------------------------ the filter form's choices


def place_choices(store: Store, limit: int) -> list[Obj]:
    """The places where events are located (id, name, admin1, country, events), the most
    events first: from the link facts, one indexed pass."""
    current = sa.select(t.readings.c.id).where(t.readings.c.current.is_(True))
    rows = fetch(
        store,
        sa.select(
            e.place_id,
            sa.func.max(f.place_name).label("name"),
            sa.func.max(f.admin1).label("admin1"),
            sa.func.max(f.country).label("country"),
            sa.func.count().label("events"),
        )
        .select_from(
            t.events.join(t.event_facts, sa.and_(f.reading_id == e.reading_id, f.idx == e.idx))
        )
        .where(e.reading_id.in_(current), e.place_id.is_not(None))
        .group_by(e.place_id)
        .order_by(sa.func.count().desc(), e.place_id)
        .limit(limit),
    )
    return [dict(row._mapping, id=row.place_id) for row in rows]


def actor_choices(store: Store, limit: int) -> list[Obj]:
    """The KB actors taking part in events (id, name, events), the most events first."""
    p, a = t.event_participants.c, t.actors_seen.c
    current = sa.select(t.readings.c.id).where(t.readings.c.current.is_(True))
    counted = (
        sa.select(p.actor_id, sa.func.count().label("events"))
        .where(p.reading_id.in_(current), p.actor_id.is_not(None))
        .group_by(p.actor_id)
        .order_by(sa.func.count().desc(), p.actor_id)
        .limit(limit)
        .subquery()
    )
    names = (
        sa.select(a.actor_id, sa.func.max(a.name).label("name"))
        .where(a.actor_id.in_(sa.select(counted.c.actor_id)))
        .group_by(a.actor_id)
        .subquery()
    )
    rows = fetch(
        store,
        sa.select(counted.c.actor_id, names.c.name, counted.c.events).select_from(
            counted.outerjoin(names, names.c.actor_id == counted.c.actor_id)
        ),
    )
    return [{"id": r.actor_id, "name": r.name, "events": r.events} for r in rows]


def generation(store: Store) -> int:
    """The newest reading's id: it changes whenever the store gets a reading, so what is
    derived from the store's events can be kept until it does."""
    r = t.readings.c
    return int(fetch(store, sa.select(sa.func.coalesce(sa.func.max(r.id), 0)))[0][0])
