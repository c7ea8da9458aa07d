"""The SQL of the views' one event filter (``views.common.filters.EventFilter``).

``event_select`` is the one filtered events query: the events of current
readings joined with their document and their link facts (``event_facts``,
schema 0007: story, independent sources, contradicted, where, outlet), every
condition given ANDed, every repeatable one an ``IN``/``OR`` of its values.
Events whose facts are not written yet (a store opened without the ``facts``
hook, before its catch-up) have NULL facts: they are listed, and left out by
any filter on a fact. ``SORTS`` are the orders a list may ask for: dates sort
by their days (``timex.days``: a month before the days inside it, then by its
end), unknown last in either direction.

The views page, count, aggregate (map places, timeline days) and export what
``event_select`` keeps, so the API, every page and the exports agree by
construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from watchfloor.store import schema as t

e, d, f, r = t.events.c, t.documents.c, t.event_facts.c, t.readings.c
p = t.event_participants.c


def _any_participant(values: Sequence[str]) -> Any:
    """An event with a participant that is one of ``values``: its KB id, its name as
    written (lower-cased), or, for an ISO3 code, a participant of that country."""
    folded = [v.lower() for v in values]
    countries = [v for v in values if len(v) == 3 and v.isalpha() and v.isupper()]
    who = [p.actor_id.in_(values), sa.func.lower(p.entity_text).in_(folded)]
    if countries:
        who.append(p.country.in_(countries))
    return sa.exists().where(p.reading_id == e.reading_id, p.event_idx == e.idx, sa.or_(*who))


def _any_place(values: Sequence[str]) -> Any:
    """An event whose place is one of ``values``: its id, its name (case folded), or its
    country."""
    folded = [v.lower() for v in values]
    return sa.or_(
        e.place_id.in_(values), f.country.in_(values), sa.func.lower(f.place_name).in_(folded)
    )


def _bbox(west: float, south: float, east: float, north: float) -> Any:
    lon = (
        f.lon.between(west, east) if west <= east else sa.or_(f.lon >= west, f.lon <= east)
    )  # west > east: the box crosses the antimeridian
    return sa.and_(f.lat.between(south, north), lon)


def event_select(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    ingested_since: dt.datetime | None = None,
    ingested_until: dt.datetime | None = None,
    type: Sequence[str] = (),
    modality: Sequence[str] = (),
    actor: Sequence[str] = (),
    place: Sequence[str] = (),
    country: Sequence[str] = (),
    admin1: Sequence[str] = (),
    bbox: tuple[float, float, float, float] | None = None,
    outlet: Sequence[str] = (),
    story: Sequence[str] = (),
    document: Sequence[str] = (),
    min_sources: int | None = None,
    contradicted: bool | None = None,
) -> sa.Select[Any]:
    """(reading_id, idx, document_id) of the events of current readings that every
    condition given keeps (see ``views.common.filters.FILTERS`` for their meaning)."""
    stmt = (
        sa.select(e.reading_id, e.idx, e.document_id)
        .select_from(
            t.events.join(t.documents, d.id == e.document_id).outerjoin(
                t.event_facts, sa.and_(f.reading_id == e.reading_id, f.idx == e.idx)
            )
        )
        .where(e.reading_id.in_(sa.select(r.id).where(r.current.is_(True))))
    )
    conditions: list[Any] = []
    if since is not None:
        conditions.append(e.date_end >= since)
    if until is not None:
        conditions.append(e.date_start <= until)
    if ingested_since is not None:
        conditions.append(d.ingested_at >= ingested_since)
    if ingested_until is not None:
        conditions.append(d.ingested_at < ingested_until)
    for column, values in (
        (e.event, type),
        (e.modality, modality),
        (f.country, country),
        (f.admin1, admin1),
        (f.outlet, outlet),
        (f.story_id, story),
        (e.document_id, document),
    ):
        if values:
            conditions.append(column.in_(list(values)))
    if actor:
        conditions.append(_any_participant(list(actor)))
    if place:
        conditions.append(_any_place(list(place)))
    if bbox is not None:
        conditions.append(_bbox(*bbox))
    if min_sources is not None:
        conditions.append(f.independent_sources >= min_sources)
    if contradicted is not None:
        conditions.append(f.contradicted.is_(contradicted))
    return stmt.where(*conditions)


def _reads(clause: Any, table: sa.Table) -> bool:
    """Whether ``clause`` (subqueries too) reads a column of ``table``."""
    return any(
        isinstance(el, sa.Column) and el.table is table for el in sa.sql.visitors.iterate(clause)
    )


def placed(stmt: sa.Select[Any], *columns: Any, documents: bool) -> sa.Select[Any]:
    """``columns`` of the placed events of ``stmt`` (of ``event_select``, narrowed or
    not: its conditions as they are), read from the facts side: the facts with a
    place (``ix_event_facts_placed``, migration 0012) joined to their events by key
    and, when ``documents`` or a condition reads one, to their documents by the
    facts' ``document_id`` (an event's facts carry its document). So a walk of the
    newest documents probes each one's placed facts, not all its events."""
    where = stmt.whereclause
    rows = t.event_facts.join(t.events, sa.and_(e.reading_id == f.reading_id, e.idx == f.idx))
    if documents or (where is not None and _reads(where, t.documents)):
        rows = rows.join(t.documents, d.id == f.document_id)
    kept = sa.select(*columns).select_from(rows).where(f.lat.is_not(None))
    return kept if where is None else kept.where(where)


def counted(stmt: sa.Select[Any]) -> sa.Select[Any]:
    """The rows of ``stmt`` (of ``event_select``, narrowed or not), for counting them:
    without its join of the documents when no condition reads a document, which are
    the same rows (an event's document is a NOT NULL foreign key), so a count probes
    the events, their readings and their facts alone. PostgreSQL also drops the outer
    join of the facts when no condition reads them (a unique key, no column read)."""
    where = stmt.whereclause
    if where is None or _reads(where, t.documents):
        return stmt
    facts = sa.and_(f.reading_id == e.reading_id, f.idx == e.idx)
    return (
        sa.select(e.reading_id, e.idx, e.document_id)
        .select_from(t.events.outerjoin(t.event_facts, facts))
        .where(where)
    )


def without_facts(stmt: sa.Select[Any]) -> sa.Select[Any]:
    """``stmt`` (of ``event_select``) kept to the events whose link facts are not written
    yet (a store opened without the ``facts`` hook, before its catch-up)."""
    return stmt.where(f.reading_id.is_(None))


def _dates(descending: bool) -> tuple[Any, ...]:
    """Dates as days: by first day, then last; unknown last either way. Written with
    NULLS LAST (not a leading ``IS NULL`` key) so that the indexes ``ix_events_dates``
    and ``ix_events_dates_desc`` give the order and a page reads its rows alone; the
    order is the same (an event has both days or neither)."""
    if descending:
        return (e.date_end.desc().nulls_last(), e.date_start.desc())
    return (e.date_start.nulls_last(), e.date_end)


def _column(column: Any, descending: bool) -> tuple[Any, ...]:
    return (column.is_(None), column.desc() if descending else column)


def _sources(descending: bool) -> tuple[Any, ...]:
    """Independent sources, unknown (no link facts yet) last either way; NULLS LAST, as
    the dates, so that ``ix_event_facts_sources_desc`` (migration 0009) gives the order
    of ``-sources`` and ``ix_event_facts_independent_sources`` that of ``sources``."""
    s = f.independent_sources
    return (s.desc().nulls_last(),) if descending else (s.nulls_last(),)


# The orders a list can ask for; "-name" is descending. Ties: newest stored first, then
# the event's position, so a page is stable.
SORTS = (
    "date",
    "ingested",
    "type",
    "modality",
    "sources",
    "place",
    "country",
    "outlet",
    "document",
)


def order_by(sort: str) -> tuple[Any, ...]:
    """The ORDER BY of a sort key (one of ``SORTS``, or ``-`` and one)."""
    descending, key = sort.startswith("-"), sort.removeprefix("-")
    columns = {
        "ingested": d.ingested_at,
        "type": e.event,
        "modality": e.modality,
        "country": f.country,
        "outlet": f.outlet,
        "document": d.title,
    }
    if key == "date":
        first = _dates(descending)
    elif key == "sources":
        first = _sources(descending)
    elif key == "place":
        first = (*_column(f.place_name, descending), f.admin1, f.country)
    elif key in columns:
        first = _column(columns[key], descending)
    else:
        raise ValueError(f"not a sort key: {sort!r}")
    return (*first, d.ingested_at.desc(), e.reading_id.desc(), e.idx)
