"""The queries of the web pages beyond those of the API (watchfloor.api.queries).

Same rules: current readings only, paged in SQL, facts taken from the stored
contracts so that every span is the one ``watchfloor read`` printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from watchfloor import timex
from watchfloor.api import queries as q
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.store.queries import events_query
from watchfloor.watch.model import Watch

Obj = dict[str, Any]


def _current() -> sa.Select[Any]:
    r = t.readings.c
    return sa.select(r.id).where(r.current.is_(True))


def event_rows(
    store: Store,
    *,
    event: str | None = None,
    modality: str | None = None,
    actor: str | None = None,
    place: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    newest_first: bool = False,
    limit: int,
    offset: int = 0,
    watch: Watch | None = None,
) -> tuple[int, list[Obj]]:
    """Events of current readings with their document and claim, filtered like /api/events
    plus ``place`` (the event's location); storage order, or latest date first.
    ``watch``: only the events it matches (``api.queries.watch_hits``, a Python pass)."""
    e = t.events.c
    stmt = events_query(
        event=event, modality=modality, actor=actor, place=place, since=since, until=until
    )
    order = (
        (e.date_end.is_(None), e.date_end.desc(), e.reading_id.desc(), e.idx)
        if newest_first
        else (e.reading_id, e.idx)
    )
    hits: Sequence[sa.Row[Any]]
    if watch is not None:
        matched = q.watch_hits(store, stmt.order_by(*order), watch)
        total, hits = len(matched), matched[offset : offset + limit]
    else:
        total = q.count(store, stmt)
        hits = q.run(store, stmt.order_by(*order).limit(limit).offset(offset))
    by_reading = q.contracts(store, {h.reading_id for h in hits})
    items = []
    for h in hits:
        contract = by_reading[h.reading_id]
        ev = contract["events"][h.idx]
        claim = next(
            (c for c in contract.get("claims", ()) if c.get("id") == ev.get("claim")), None
        )
        items.append(
            {
                "document_id": h.document_id,
                "document_title": contract.get("title"),
                "event": ev,
                "claim": claim,
            }
        )
    return total, items


def days_of(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an event's date (a TIMEX3 value), or None when unknown."""
    return timex.days(value)


def choices(store: Store) -> Obj:
    """What the events filter form offers: actors, places, event types present."""
    _, actors = q.actor_page(store, limit=500, offset=0)
    _, places = q.place_page(store, limit=500, offset=0)
    e = t.events.c
    types = q.run(
        store,
        sa.select(e.event).where(e.reading_id.in_(_current())).distinct().order_by(e.event),
    )
    return {
        "actors": sorted(actors, key=lambda a: str(a["name"] or a["id"]).lower()),
        "places": sorted(places, key=lambda p: str(p["name"] or p["id"]).lower()),
        "types": [row.event for row in types],
        "watches": q.watch_names(store),
    }
