"""What the views read: the store's queries, with what linking and watches add.

The SQL is the store's (``store.queries``); here are the parts that need a
view's layers: the claim ledger's corroboration of each claim, a story's
merged events (``link``), and the events a saved watch matches
(``views.watch``). The API and the pages both read through here, never
through each other's routes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from watchfloor import timex
from watchfloor.errors import ConfigError
from watchfloor.link import picture
from watchfloor.link.ledger import ClaimLedger, page_ledger
from watchfloor.store import Store, watches
from watchfloor.store import queries as sq
from watchfloor.views.common.watches import Watch

Obj = dict[str, Any]


def stored_watch(store: Store, name: str) -> Watch | None:
    """The stored watch of that name (``watchfloor watch add``), or None."""
    try:
        found = watches.load(store, (name,))
    except ConfigError:
        return None
    return Watch.from_dict(found[0].name, found[0].query) if found else None


def _test(watch: Watch) -> dict[str, Any]:
    """A watch as the store's event filters: its types and modalities narrow the SQL (the
    same test as ``Watch.match``), ``match`` tests what is left."""

    def keeps(doc: Any, reading: Any, event: Any) -> bool:
        return watch.match(doc, reading, event) is not None

    return {"types": watch.types, "modalities": watch.modalities, "match": keeps}


def event_page(
    store: Store, *, watch: Watch | None = None, **filters: Any
) -> tuple[int, list[Obj]]:
    """``store.queries.event_page``, with only the events ``watch`` matches."""
    if watch is None:
        return sq.event_page(store, **filters)
    return sq.event_page(store, **_test(watch), **filters)


def watched_places(store: Store, places: list[Obj], watch: Watch) -> list[Obj]:
    """The places of the events ``watch`` matches, their counts those of the matches."""
    events: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for document_id, place_id in sq.matched_event_places(store, **_test(watch)):
        if place_id is not None:
            events[place_id] = events.get(place_id, 0) + 1
            docs.setdefault(place_id, set()).add(document_id)
    return [
        {**p, "events": events[p["id"]], "documents": len(docs[p["id"]])}
        for p in places
        if p["id"] in events
    ]


def claim_page(store: Store, **filters: Any) -> tuple[int, list[Obj]]:
    """``store.queries.claim_page``, each claim with what the ledger says of it."""
    total, items = sq.claim_page(store, **filters)
    ledger = page_ledger(store, [(i["document_id"], i["claim"]["id"]) for i in items])
    for item, entry in zip(items, ledger, strict=True):
        item.update(ledger_fields(entry))
    return total, items


def ledger_fields(entry: ClaimLedger) -> Obj:
    """The ledger's corroboration of one claim as the fields of a claims item."""
    return {
        "story": entry.story,
        "status": entry.status,
        "other_sources": entry.other_sources,
        "corroborated_by": [dataclasses.asdict(c) for c in entry.corroborated_by],
        "contradicted_by": [dataclasses.asdict(c) for c in entry.contradicted_by],
    }


def story_detail(store: Store, story_id: str) -> Obj | None:
    """A story (``Store.story``), its documents, and its merged events with their
    independent sources and contradictions (``link.picture.story_events``)."""
    entry = store.story(story_id)
    if entry is None:
        return None
    read = {}
    for member in entry.documents:
        pair = store.get(member.document_id)
        if pair is not None:  # else removed since it was linked
            read[member.document_id] = pair
    merged = picture.story_events(store, list(read), read)
    return {
        "story": sq.story_summary(entry),
        "documents": [
            {
                "id": m.document_id,
                "title": m.title,
                "outlet": m.outlet,
                "published": m.dct,
                "score": m.score,
            }
            for m in entry.documents
            if m.document_id in read
        ],
        "events": picture.to_json(merged),
    }


def days_of(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an event's date (a TIMEX3 value), or None when unknown."""
    return timex.days(value)


def choices(store: Store) -> Obj:
    """What the events filter form offers: actors, places, event types present, watches."""
    _, actors = sq.actor_page(store, limit=500, offset=0)
    _, places = sq.place_page(store, limit=500, offset=0)
    return {
        "actors": sorted(actors, key=lambda a: str(a["name"] or a["id"]).lower()),
        "places": sorted(places, key=lambda p: str(p["name"] or p["id"]).lower()),
        "types": sq.event_types(store),
        "watches": sq.watch_names(store),
    }
