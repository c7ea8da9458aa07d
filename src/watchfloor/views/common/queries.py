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
from watchfloor.errors import ConfigError, NotFoundError
from watchfloor.link import picture
from watchfloor.link.ledger import ClaimLedger, page_ledger
from watchfloor.store import Store, watches
from watchfloor.store import event_views as ev
from watchfloor.store import filters as sf
from watchfloor.store import queries as sq
from watchfloor.views.common.filters import EventFilter
from watchfloor.views.common.watches import Watch, keyword_patterns, keyword_reason

Obj = dict[str, Any]


def stored_watch(store: Store, name: str) -> Watch | None:
    """The stored watch of that name (``watchfloor watch add``), or None."""
    try:
        found = watches.load(store, (name,))
    except ConfigError:
        return None
    return Watch.from_dict(found[0].name, found[0].query) if found else None


def resolved(store: Store, filt: EventFilter) -> EventFilter:
    """The filter with its ``watch`` (if any) added; NotFoundError for an unknown watch."""
    if filt.watch is None:
        return filt
    watch = stored_watch(store, filt.watch)
    if watch is None:
        raise NotFoundError("watch", filt.watch)
    return filt.merged(watch.filter())


def _keywords(filt: EventFilter) -> sq.Match | None:
    """The Python test of the filter's keywords (None without keywords)."""
    if not filt.keyword:
        return None
    patterns = keyword_patterns(filt.keyword)

    def keeps(doc: Any, reading: Any, event: Any) -> bool:
        return keyword_reason(filt.keyword, patterns, doc) is not None

    return keeps


def selected(store: Store, filt: EventFilter) -> tuple[Any, sq.Match | None]:
    """The SQL statement of a filter (its watch added) and its Python test, if any."""
    full = resolved(store, filt)
    return sf.event_select(**full.sql()), _keywords(full)


# The filters the timeline reads from its day counts (store.view_counts) alone.
DAY_COUNT_FILTERS = frozenset({"since", "until", "type"})


def day_counts_filter(store: Store, filt: EventFilter) -> EventFilter | None:
    """The filter (its watch added) when it holds nothing but event types and dates, so
    that the timeline's counts per day are the store's (``event_views.timeline_days``);
    None when it needs the events themselves."""
    full = resolved(store, filt)
    used = {k for k, v in full.sql().items() if v is not None and v != ()}
    return full if used <= DAY_COUNT_FILTERS and not full.keyword else None


def event_page(
    store: Store, filt: EventFilter, *, sort: str = "-date", limit: int, offset: int = 0
) -> tuple[sq.Total, list[Obj]]:
    """The total (bounded: ``store.queries.bounded_count``) and one page of the events
    the filter keeps, in the order ``sort``."""
    if filt.empty_range():
        return sq.Total(0), []
    stmt, match = selected(store, filt)
    total, items = ev.event_page(store, stmt, sort=sort, limit=limit, offset=offset, match=match)
    for item in items:
        item["label"] = event_label(item["event"])
    return total, items


def event_label(ev: Obj) -> str:
    """ "TYPE: actor → recipient", naming only who is known (never a '?')."""

    def who(refs: Any) -> str:
        return ", ".join(r.get("entity_text") or r.get("id") or "" for r in refs or () if r)

    actor, recipient = who(ev.get("actor")), who(ev.get("recipient"))
    label = str(ev.get("event") or "")
    if actor and recipient:
        return f"{label}: {actor} → {recipient}"
    if actor:
        return f"{label}: {actor}"
    if recipient:
        return f"{label}: → {recipient}"
    trigger = (ev.get("trigger") or {}).get("text")
    return f"{label}: “{trigger}”" if trigger else label


def claim_page(store: Store, **filters: Any) -> tuple[sq.Total, list[Obj]]:
    """``store.queries.claim_page``, each claim with what the ledger says of it (the link
    facts written when its story changed; merged now for a claim without them) and a
    readable label of each of its events."""
    total, items = sq.claim_page(store, **filters)
    stored = ev.claim_facts(store, [i["_key"] for i in items])
    missing = [i for i in items if i["_key"] not in stored]
    if missing:
        ledger = page_ledger(store, [(i["document_id"], i["claim"]["id"]) for i in missing])
        for item, entry in zip(missing, ledger, strict=True):
            stored[item["_key"]] = ledger_fields(entry)
    for item in items:
        item.update(stored[item.pop("_key")])
        item["event_labels"] = [event_label(e) for e in item.pop("_events")]
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
