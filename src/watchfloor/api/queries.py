"""Read-only queries the API needs beyond ``Store``'s methods.

They read the store's tables (watchfloor.store.schema) with SQLAlchemy Core,
always through the *current* reading of each document, and page in SQL
(``LIMIT``/``OFFSET``, a ``COUNT`` for totals), so a request touches at most
one page of contracts. Contracts are the stored JSON (``readings.contract``),
exactly what ``watchfloor read`` prints: a fact's position in its table
(``idx``) is its position in the contract's list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from watchfloor.errors import ConfigError, StoreError
from watchfloor.link import picture
from watchfloor.link.ledger import ClaimLedger, page_ledger
from watchfloor.serialize import document_reading_from_dict
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.store.queries import events_query
from watchfloor.store.records import StoryEntry, as_utc
from watchfloor.watch import state
from watchfloor.watch.model import Watch

Obj = dict[str, Any]

d = t.documents.c
r = t.readings.c


def run(store: Store, stmt: sa.Executable) -> Sequence[sa.Row[Any]]:
    """Rows of ``stmt``; a database failure becomes a StoreError (HTTP 503)."""
    try:
        with store.engine.connect() as conn:
            return conn.execute(stmt).all()
    except SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise StoreError(f"cannot read the store: {reason}", where=store.url) from None


def count(store: Store, stmt: sa.Select[Any]) -> int:
    return int(run(store, sa.select(sa.func.count()).select_from(stmt.subquery()))[0][0])


def _current() -> sa.Select[Any]:
    return sa.select(r.id).where(r.current.is_(True))


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
    rows = run(store, sa.select(r.id, r.contract).where(r.id.in_(sorted(reading_ids))))
    return {row.id: json.loads(row.contract) for row in rows}


# ------------------------------------------------------------------ documents

_SUMMARY = (
    d.id,
    d.title,
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
) -> tuple[int, list[Obj]]:
    stmt = _dct_overlaps(sa.select(*_SUMMARY), since, until)
    if outlet is not None:
        stmt = stmt.where(d.outlet == outlet)
    total = count(store, stmt)
    rows = run(store, stmt.order_by(d.ingested_at, d.id).limit(limit).offset(offset))
    return total, [summary(row) for row in rows]


def summary(row: Any) -> Obj:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "outlet": row.outlet,
        "author": row.author,
        "language": row.language,
        "origin": row.origin,
        "dct": dct_obj(row),
        "ingested_at": as_utc(row.ingested_at),
    }


# ------------------------------------------------------------------ events and claims


def _claim_of(contract: Obj, claim_id: str | None) -> Obj | None:
    if claim_id is None:
        return None
    return next((c for c in contract.get("claims", ()) if c.get("id") == claim_id), None)


def event_page(
    store: Store,
    *,
    event: str | None,
    modality: str | None,
    actor: str | None,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    offset: int,
    watch: Watch | None = None,
) -> tuple[int, list[Obj]]:
    """Events of current readings, in storage order, with their claim and its chain.

    ``since``/``until``: the event's days overlap the range; an event whose
    date is unknown or not a span of days is left out when either is given.
    ``watch``: only the events it matches (``watch_hits``: a Python pass).
    """
    e = t.events.c
    stmt = events_query(event=event, modality=modality, actor=actor, since=since, until=until)
    hits: Sequence[sa.Row[Any]]
    if watch is not None:
        matched = watch_hits(store, stmt.order_by(e.reading_id, e.idx), watch)
        total, hits = len(matched), matched[offset : offset + limit]
    else:
        total = count(store, stmt)
        hits = run(store, stmt.order_by(e.reading_id, e.idx).limit(limit).offset(offset))
    by_reading = contracts(store, {h.reading_id for h in hits})
    items = []
    for h in hits:
        contract = by_reading[h.reading_id]
        ev = contract["events"][h.idx]
        items.append(
            {
                "document_id": h.document_id,
                "document_title": contract.get("title"),
                "event": ev,
                "claim": _claim_of(contract, ev.get("claim")),
            }
        )
    return total, items


# Readings decoded at a time by ``watch_hits``.
WATCH_BATCH = 200


def stored_watch(store: Store, name: str) -> Watch | None:
    """The stored watch of that name (``watchfloor watch add``), or None."""
    try:
        found = state.load(store.engine, (name,))
    except ConfigError:
        return None
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the watches: {exc}", where=store.url) from None
    return found[0][0] if found else None


def watch_names(store: Store) -> list[str]:
    """The names of the stored watches, sorted."""
    w = t.watches.c
    return [row.name for row in run(store, sa.select(w.name).order_by(w.name))]


def watch_hits(store: Store, stmt: sa.Select[Any], watch: Watch) -> list[sa.Row[Any]]:
    """The rows of an events query (reading_id, idx, document_id, in its order) whose
    event ``watch`` matches (``Watch.match``).

    A Python pass over every event the SQL filters leave: the watch's types and
    modalities are added to the SQL first (the same test as ``Watch.match``), then
    the readings of the remaining events are decoded, ``WATCH_BATCH`` at a time,
    and matched. Its cost grows with the events the other filters leave, not with
    the page asked for.
    """
    e = t.events.c
    if watch.types:
        stmt = stmt.where(e.event.in_(watch.types))
    if watch.modalities:
        stmt = stmt.where(e.modality.in_(watch.modalities))
    rows = run(store, stmt)
    out = []
    for start in range(0, len(rows), WATCH_BATCH):
        chunk = rows[start : start + WATCH_BATCH]
        decoded = {
            rid: document_reading_from_dict(contract)
            for rid, contract in contracts(store, {h.reading_id for h in chunk}).items()
        }
        for h in chunk:
            if h.reading_id not in decoded:  # replaced by a newer reading meanwhile
                continue
            doc, reading = decoded[h.reading_id]
            if watch.match(doc, reading, reading.events[h.idx]) is not None:
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
) -> tuple[int, list[Obj]]:
    """Claims of current readings; ``source``: a KB actor id anywhere in the claim's chain."""
    c = t.claims.c
    stmt = sa.select(c.reading_id, c.idx, c.document_id).where(c.reading_id.in_(_current()))
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
    total = count(store, stmt)
    hits = run(store, stmt.order_by(c.reading_id, c.idx).limit(limit).offset(offset))
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
                "claim": claim,
                "events": events,
            }
        )
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


# ------------------------------------------------------------------ actors


def _actor_counts() -> sa.Select[Any]:
    a, m, p = t.actors_seen.c, t.actor_mentions.c, t.event_participants.c
    mentions = (
        sa.select(m.actor_id, sa.func.count().label("n"))
        .where(m.reading_id.in_(_current()))
        .group_by(m.actor_id)
        .subquery()
    )
    taking_part = (
        sa.select(p.actor_id, p.reading_id, p.event_idx)
        .where(p.reading_id.in_(_current()), p.actor_id.is_not(None))
        .distinct()
        .subquery()
    )
    events = (
        sa.select(taking_part.c.actor_id, sa.func.count().label("n"))
        .group_by(taking_part.c.actor_id)
        .subquery()
    )
    seen = (
        sa.select(
            a.actor_id.label("id"),
            sa.func.max(a.name).label("name"),
            sa.func.max(a.type).label("type"),
            sa.func.max(a.country).label("country"),
            sa.func.max(a.code).label("code"),
            sa.func.max(a.sector).label("sector"),
            sa.func.max(sa.cast(a.generic, sa.Integer)).label("generic"),
            sa.func.count(sa.distinct(a.document_id)).label("documents"),
        )
        .where(a.reading_id.in_(_current()))
        .group_by(a.actor_id)
        .subquery()
    )
    return sa.select(
        seen,
        sa.func.coalesce(mentions.c.n, 0).label("mentions"),
        sa.func.coalesce(events.c.n, 0).label("events"),
    ).select_from(
        seen.outerjoin(mentions, mentions.c.actor_id == seen.c.id).outerjoin(
            events, events.c.actor_id == seen.c.id
        )
    )


def _actor_summary(row: Any) -> Obj:
    return {**row._mapping, "generic": bool(row.generic)}


def _ranked_page(
    store: Store, counts: sa.Select[Any], summary: Any, limit: int, offset: int
) -> tuple[int, list[Obj]]:
    """One page of an actor or place count query, most documents (then mentions) first."""
    stmt = counts.subquery()
    rows = run(
        store,
        sa.select(stmt)
        .order_by(stmt.c.documents.desc(), stmt.c.mentions.desc(), stmt.c.id)
        .limit(limit)
        .offset(offset),
    )
    return count(store, counts), [summary(row) for row in rows]


def actor_page(store: Store, *, limit: int, offset: int) -> tuple[int, list[Obj]]:
    return _ranked_page(store, _actor_counts(), _actor_summary, limit, offset)


_REF = (d.id, d.title, d.outlet, d.dct_date, d.dct_earliest, d.dct_latest, d.dct_how, d.dct_reasons)


def _doc_refs(
    store: Store, mention_table: sa.Table, column: str, key: str, limit: int
) -> list[Obj]:
    """Documents whose current reading mentions ``key``, with how often; most mentions first."""
    m = mention_table.c
    counts = (
        sa.select(m.document_id, sa.func.count().label("mentions"))
        .where(m.reading_id.in_(_current()), m[column] == key)
        .group_by(m.document_id)
        .subquery()
    )
    rows = run(
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
            "outlet": x.outlet,
            "dct": dct_obj(x),
            "mentions": x.mentions,
        }
        for x in rows
    ]


def actor_detail(store: Store, actor_id: str, limit: int) -> Obj | None:
    """The actor as the newest reading listing it records it, counts, documents, events."""
    inner = _actor_counts().subquery()
    found = run(store, sa.select(inner).where(inner.c.id == actor_id))
    if not found:
        return None
    a = t.actors_seen.c
    newest = run(
        store,
        sa.select(a.reading_id, a.idx)
        .where(a.reading_id.in_(_current()), a.actor_id == actor_id)
        .order_by(a.reading_id.desc(), a.idx)
        .limit(1),
    )[0]
    contract = contracts(store, {newest.reading_id})[newest.reading_id]
    record = contract["actors"][newest.idx]
    p, e = t.event_participants.c, t.events.c
    rows = run(
        store,
        sa.select(e.document_id, e.event_id, e.event, e.modality, e.date, p.role)
        .join(t.events, sa.and_(e.reading_id == p.reading_id, e.idx == p.event_idx))
        .where(p.reading_id.in_(_current()), p.actor_id == actor_id)
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
    m, e = t.place_mentions.c, t.events.c
    events = (
        sa.select(e.place_id, sa.func.count().label("n"))
        .where(e.reading_id.in_(_current()), e.place_id.is_not(None))
        .group_by(e.place_id)
        .subquery()
    )
    seen = (
        sa.select(
            m.place_id.label("id"),
            sa.func.max(m.name).label("name"),
            sa.func.max(m.country).label("country"),
            sa.func.max(m.lat).label("lat"),
            sa.func.max(m.lon).label("lon"),
            sa.func.max(m.feature).label("feature"),
            sa.func.count(sa.distinct(m.document_id)).label("documents"),
            sa.func.count().label("mentions"),
            sa.func.sum(sa.case((m.metonymic.is_(False), 1), else_=0)).label("locational_mentions"),
        )
        .where(m.reading_id.in_(_current()))
        .group_by(m.place_id)
        .subquery()
    )
    return sa.select(seen, sa.func.coalesce(events.c.n, 0).label("events")).select_from(
        seen.outerjoin(events, events.c.place_id == seen.c.id)
    )


def _place_summary(row: Any) -> Obj:
    out = dict(row._mapping)
    out["locational_mentions"] = int(out["locational_mentions"] or 0)
    return out


def place_page(store: Store, *, limit: int, offset: int) -> tuple[int, list[Obj]]:
    return _ranked_page(store, _place_counts(), _place_summary, limit, offset)


def place_detail(store: Store, place_id: str, limit: int) -> Obj | None:
    inner = _place_counts().subquery()
    found = run(store, sa.select(inner).where(inner.c.id == place_id))
    if not found:
        return None
    e = t.events.c
    rows = run(
        store,
        sa.select(e.document_id, e.event_id, e.event, e.modality, e.date)
        .where(e.reading_id.in_(_current()), e.place_id == place_id)
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


def story_page(store: Store, *, limit: int, offset: int) -> tuple[int, list[Obj]]:
    """Stories, the most recently active first (``Store.stories``)."""
    return store.story_count(), [
        story_summary(e) for e in store.stories(limit=limit, offset=offset)
    ]


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
        "story": story_summary(entry),
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
