"""What the views count, kept as the store grows: the timeline's days, the actors' and
the places' lists.

Owns the tables ``event_day_counts``, ``actor_counts`` and ``place_counts`` (schema,
since 0011). An unfiltered timeline, the actors page and the places page would
otherwise aggregate every event, actor row and place mention of the store on each
request (docs/performance.md, "The timeline, actors and places from counts"); these
tables hold those aggregates, so such a request reads what it shows:

* ``event_day_counts``: the events of current readings per (type, first day, last
  day), undated ones under the key ``"/"``: exactly the rows the timeline grouped
  (``event_views.timeline_rows``), also for a filter of types and dates alone;
* ``actor_counts``: per actor id found in a current reading (listed, mentioned or
  taking part in an event) the documents listing it, its mentions, the events it
  takes part in, and the largest name, type, country, code, sector and "generic"
  over the readings listing it, as the list's aggregate said (``actor_recount``);
* ``place_counts``: the same per place id (mentioned, or an event's place).

``Store.add`` keeps them in its transaction (``count_reading``): a new document adds
its reading's counts; a new reading of a stored document (a newer extractor) takes
its old reading's events off the timeline and counts its actors and places again
from the current readings (``actor_recount``, ``place_recount``: a rare path, whose
cost is what those actors and places hold). Migration 0011 counted the readings
stored before it; ``store.replicate`` adds each copy's counts in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from watchfloor.store import schema as t

Row = Mapping[str, Any]

ACTOR_ATTRS = ("name", "type", "country", "code", "sector", "generic")
PLACE_ATTRS = ("name", "country", "lat", "lon", "feature")
UNDATED = "/"


def days_key(start: dt.date | None, end: dt.date | None) -> str:
    """The key of an event's days in ``event_day_counts``: ISO days, "" for unknown
    (the migration and ``store.replicate`` write the same with ``to_char``)."""
    return f"{start.isoformat() if start else ''}/{end.isoformat() if end else ''}"


def _current() -> sa.Select[Any]:
    r = t.readings.c
    return sa.select(r.id).where(r.current.is_(True))


# ------------------------------------------------------------------ keeping them


def count_reading(
    conn: sa.Connection, rows: Mapping[sa.Table, Sequence[Row]], old_reading: int | None
) -> None:
    """Count a reading just stored (``rows``: its fact rows, ``rows.fact_rows``) that
    replaced ``old_reading`` as its document's current one (None: a new document)."""
    days: Counter[tuple[str, str, dt.date | None, dt.date | None]] = Counter()
    for ev in rows.get(t.events, ()):
        start, end = ev["date_start"], ev["date_end"]
        days[(ev["event"], days_key(start, end), start, end)] += 1
    if old_reading is not None:
        e = t.events.c
        n = sa.func.count().label("n")
        for row in conn.execute(
            sa.select(e.event, e.date_start, e.date_end, n)
            .where(e.reading_id == old_reading)
            .group_by(e.event, e.date_start, e.date_end)
        ):
            start, end = row.date_start, row.date_end
            days[(row.event, days_key(start, end), start, end)] -= int(row.n)
    _bump_days(conn, days)
    if old_reading is None:
        _add_actors(conn, rows)
        _add_places(conn, rows)
        return
    ids = {row.actor_id for row in _old_ids(conn, old_reading, actor=True)}
    ids |= {r["actor_id"] for table in _ACTOR_TABLES for r in rows.get(table, ())}
    recount(conn, t.actor_counts, actor_recount, ids)
    ids = {row.place_id for row in _old_ids(conn, old_reading, actor=False)}
    ids |= {r["place_id"] for table in (t.place_mentions, t.events) for r in rows.get(table, ())}
    recount(conn, t.place_counts, place_recount, ids)


_ACTOR_TABLES = (t.actors_seen, t.actor_mentions, t.event_participants)


def _old_ids(conn: sa.Connection, reading_id: int, *, actor: bool) -> Iterable[Any]:
    if actor:
        parts = [
            sa.select(table.c.actor_id).where(table.c.reading_id == reading_id)
            for table in _ACTOR_TABLES
        ]
        return conn.execute(sa.union(*parts))
    return conn.execute(
        sa.union(
            sa.select(t.place_mentions.c.place_id).where(
                t.place_mentions.c.reading_id == reading_id
            ),
            sa.select(t.events.c.place_id).where(t.events.c.reading_id == reading_id),
        )
    )


def _bump_days(
    conn: sa.Connection, days: Counter[tuple[str, str, dt.date | None, dt.date | None]]
) -> None:
    """Add each count to its (type, days) row, in key order (two writers lock rows in
    the same order); rows at 0 go."""
    c = t.event_day_counts.c
    for (event, key, start, end), n in sorted(days.items(), key=lambda kv: kv[0][:2]):
        if n == 0:
            continue
        where = sa.and_(c.event == event, c.days == key)
        done = conn.execute(t.event_day_counts.update().where(where).values(events=c.events + n))
        if done.rowcount == 0:
            conn.execute(
                t.event_day_counts.insert().values(
                    event=event, days=key, date_start=start, date_end=end, events=n
                )
            )
        elif n < 0:
            conn.execute(t.event_day_counts.delete().where(where, c.events <= 0))


def _greatest(column: Any, value: Any) -> Any:
    """``column`` raised to ``value`` when larger, compared by the database (its
    collation, as ``max`` compares): the running maximum of an attribute."""
    v = sa.cast(sa.literal(value, column.type), column.type)
    return sa.case((sa.or_(column.is_(None), column < v), v), else_=column)


def _upsert(
    conn: sa.Connection,
    table: sa.Table,
    key: str,
    ident: str,
    steps: Mapping[str, int],
    attrs: Sequence[Row],
    names: Sequence[str],
) -> None:
    """Add ``steps`` to the row of ``ident`` and raise its attributes to each of ``attrs``
    (rows of the reading listing it); a row made when there is none."""
    col = table.c
    where = col[key] == ident
    first = attrs[0] if attrs else {}
    values: dict[str, Any] = {name: col[name] + n for name, n in steps.items()}
    values.update({a: _greatest(col[a], first[a]) for a in names if first.get(a) is not None})
    if conn.execute(table.update().where(where).values(**values)).rowcount == 0:
        conn.execute(
            table.insert().values(
                {key: ident, **steps, **{a: first.get(a) for a in names}},
            )
        )
    for more in attrs[1:]:
        raised = {a: _greatest(col[a], more[a]) for a in names if more.get(a) is not None}
        if raised:
            conn.execute(table.update().where(where).values(**raised))


def _add_actors(conn: sa.Connection, rows: Mapping[sa.Table, Sequence[Row]]) -> None:
    seen: dict[str, list[dict[str, Any]]] = {}
    for a in rows.get(t.actors_seen, ()):
        seen.setdefault(a["actor_id"], []).append({**a, "generic": int(bool(a["generic"]))})
    mentions = Counter(m["actor_id"] for m in rows.get(t.actor_mentions, ()))
    events = Counter(
        p["actor_id"]
        for p in {
            (p["actor_id"], p["event_idx"]): p
            for p in rows.get(t.event_participants, ())
            if p["actor_id"] is not None
        }.values()
    )
    for ident in sorted(set(seen) | set(mentions) | set(events)):
        steps = {
            "documents": 1 if ident in seen else 0,
            "mentions": mentions[ident],
            "events": events[ident],
        }
        _upsert(conn, t.actor_counts, "actor_id", ident, steps, seen.get(ident, []), ACTOR_ATTRS)


def _add_places(conn: sa.Connection, rows: Mapping[sa.Table, Sequence[Row]]) -> None:
    seen: dict[str, list[Row]] = {}
    for m in rows.get(t.place_mentions, ()):
        seen.setdefault(m["place_id"], []).append(m)
    events = Counter(e["place_id"] for e in rows.get(t.events, ()) if e["place_id"] is not None)
    for ident in sorted(set(seen) | set(events)):
        mentions = seen.get(ident, [])
        steps = {
            "documents": 1 if mentions else 0,
            "mentions": len(mentions),
            "locational_mentions": sum(1 for m in mentions if not m["metonymic"]),
            "events": events[ident],
        }
        _upsert(conn, t.place_counts, "place_id", ident, steps, mentions, PLACE_ATTRS)


def recount(conn: sa.Connection, table: sa.Table, counts: Any, ids: Iterable[str | None]) -> None:
    """Count the rows of these ids again from the current readings (``counts``:
    ``actor_recount`` or ``place_recount``); an id found in none goes."""
    chosen = sorted(i for i in ids if i is not None)
    if not chosen:
        return
    key = table.primary_key.columns.values()[0]
    conn.execute(table.delete().where(key.in_(chosen)))
    fresh = counts(chosen).subquery()
    conn.execute(table.insert().from_select([c.name for c in table.columns], sa.select(*fresh.c)))


# ------------------------------------------------------------------ counting in full


def actor_recount(
    ids: Sequence[str] | None = None, readings: sa.Select[Any] | None = None
) -> sa.Select[Any]:
    """``actor_counts``'s rows counted from the fact tables of current readings (of
    ``ids`` only, when given; ``readings``: of these reading ids instead): what the
    actors page aggregated on every request before 0011, and what the table must equal."""
    a, m, p = t.actors_seen.c, t.actor_mentions.c, t.event_participants.c
    chosen = _current() if readings is None else readings

    def only(column: Any) -> list[Any]:
        return [column.in_(ids)] if ids is not None else []

    every = sa.union(
        sa.select(a.actor_id.label("id")).where(a.reading_id.in_(chosen), *only(a.actor_id)),
        sa.select(m.actor_id).where(m.reading_id.in_(chosen), *only(m.actor_id)),
        sa.select(p.actor_id).where(
            p.reading_id.in_(chosen), p.actor_id.is_not(None), *only(p.actor_id)
        ),
    ).subquery()
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
        .where(a.reading_id.in_(chosen), *only(a.actor_id))
        .group_by(a.actor_id)
        .subquery()
    )
    mentions = (
        sa.select(m.actor_id, sa.func.count().label("n"))
        .where(m.reading_id.in_(chosen), *only(m.actor_id))
        .group_by(m.actor_id)
        .subquery()
    )
    taking_part = (
        sa.select(p.actor_id, p.reading_id, p.event_idx)
        .where(p.reading_id.in_(chosen), p.actor_id.is_not(None), *only(p.actor_id))
        .distinct()
        .subquery()
    )
    events = (
        sa.select(taking_part.c.actor_id, sa.func.count().label("n"))
        .group_by(taking_part.c.actor_id)
        .subquery()
    )
    return sa.select(
        every.c.id.label("actor_id"),
        *(seen.c[name] for name in ACTOR_ATTRS),
        sa.func.coalesce(seen.c.documents, 0).label("documents"),
        sa.func.coalesce(mentions.c.n, 0).label("mentions"),
        sa.func.coalesce(events.c.n, 0).label("events"),
    ).select_from(
        every.outerjoin(seen, seen.c.id == every.c.id)
        .outerjoin(mentions, mentions.c.actor_id == every.c.id)
        .outerjoin(events, events.c.actor_id == every.c.id)
    )


def place_recount(
    ids: Sequence[str] | None = None, readings: sa.Select[Any] | None = None
) -> sa.Select[Any]:
    """``place_counts``'s rows counted from the fact tables of current readings (of
    ``ids`` only, when given; ``readings``: of these reading ids instead): what the
    places page aggregated before 0011."""
    m, e = t.place_mentions.c, t.events.c
    chosen = _current() if readings is None else readings

    def only(column: Any) -> list[Any]:
        return [column.in_(ids)] if ids is not None else []

    every = sa.union(
        sa.select(m.place_id.label("id")).where(m.reading_id.in_(chosen), *only(m.place_id)),
        sa.select(e.place_id).where(
            e.reading_id.in_(chosen), e.place_id.is_not(None), *only(e.place_id)
        ),
    ).subquery()
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
            sa.func.sum(sa.case((m.metonymic.is_(False), 1), else_=0)).label("locational"),
        )
        .where(m.reading_id.in_(chosen), *only(m.place_id))
        .group_by(m.place_id)
        .subquery()
    )
    events = (
        sa.select(e.place_id, sa.func.count().label("n"))
        .where(e.reading_id.in_(chosen), e.place_id.is_not(None), *only(e.place_id))
        .group_by(e.place_id)
        .subquery()
    )
    return sa.select(
        every.c.id.label("place_id"),
        *(seen.c[name] for name in PLACE_ATTRS),
        sa.func.coalesce(seen.c.documents, 0).label("documents"),
        sa.func.coalesce(seen.c.mentions, 0).label("mentions"),
        sa.func.coalesce(seen.c.locational, 0).label("locational_mentions"),
        sa.func.coalesce(events.c.n, 0).label("events"),
    ).select_from(
        every.outerjoin(seen, seen.c.id == every.c.id).outerjoin(
            events, events.c.place_id == every.c.id
        )
    )


def day_recount(readings: sa.Select[Any] | None = None) -> sa.Select[Any]:
    """``event_day_counts``'s rows as (event, date_start, date_end, events), counted from
    the events of current readings (``readings``: of these reading ids instead): what
    the table must equal."""
    e = t.events.c
    return (
        sa.select(e.event, e.date_start, e.date_end, sa.func.count().label("events"))
        .where(e.reading_id.in_(_current() if readings is None else readings))
        .group_by(e.event, e.date_start, e.date_end)
    )


# ------------------------------------------------------------------ a batch (PostgreSQL)


def add_readings(conn: sa.Connection, readings: sa.Select[Any]) -> None:
    """Add the counts of these readings (current ones of documents new to the store, as
    ``store.replicate``'s copy writes them) to every table, one ``INSERT ... SELECT ...
    ON CONFLICT`` each: PostgreSQL only. Attributes are raised with ``greatest``
    (NULLs ignored, as ``max`` ignores them). Rows are written in key order, so copies
    made at once (``replicate(part=...)``) wait for each other's rows, never deadlock
    on them; it runs last in a copy's transaction, so the wait is short."""
    from sqlalchemy.dialects.postgresql import insert

    now = readings.where(t.readings.c.current.is_(True))
    days = day_recount(now).subquery()
    key = sa.func.coalesce(sa.func.to_char(days.c.date_start, "YYYY-MM-DD"), "") + "/"
    key = key + sa.func.coalesce(sa.func.to_char(days.c.date_end, "YYYY-MM-DD"), "")
    stmt = insert(t.event_day_counts).from_select(
        ["event", "days", "date_start", "date_end", "events"],
        sa.select(days.c.event, key, days.c.date_start, days.c.date_end, days.c.events).order_by(
            days.c.event, key
        ),
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["event", "days"],
            set_={"events": t.event_day_counts.c.events + stmt.excluded.events},
        )
    )
    for table, counts, attrs in (
        (t.actor_counts, actor_recount(readings=now), ACTOR_ATTRS),
        (t.place_counts, place_recount(readings=now), PLACE_ATTRS),
    ):
        names = [c.name for c in table.columns]
        ins = insert(table).from_select(names, counts.order_by(sa.text(names[0])))
        col = table.c
        sets: dict[str, Any] = {
            name: sa.func.greatest(col[name], ins.excluded[name]) for name in attrs
        }
        sets.update(
            {
                name: col[name] + ins.excluded[name]
                for name in names
                if name not in attrs and not col[name].primary_key
            }
        )
        conn.execute(ins.on_conflict_do_update(index_elements=[names[0]], set_=sets))
