"""What the views count (``store.view_counts``): the timeline's days and the actors' and
places' counts kept by ``Store.add`` equal the aggregates of the fact tables they
replace, after new documents, new readings that drop and change facts, and the
migration that counts a store's readings stored before it; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

import watchfloor
from test_picture import DENIAL, LOCAL, RELAY, WIRE
from watchfloor.store import Store, migrate
from watchfloor.store import event_views as ev
from watchfloor.store import queries as sq
from watchfloor.store import schema as t
from watchfloor.store.filters import event_select
from watchfloor.store.view_counts import actor_recount, day_recount, place_recount

TEXTS = (
    (WIRE, "Wire Service", "2019-03-04"),
    (LOCAL, "Kurd News", "2019-03-04"),
    (RELAY, "Relay Daily", "2019-03-05"),
    (DENIAL, "Wire Service", "2019-03-05"),
    (
        "Flooding in Dhaka\n\nHeavy monsoon rains flooded Dhaka on Tuesday, displacing "
        "thousands of residents, the Bangladesh government said.",
        "Relay Daily",
        "2020-07-14",
    ),
)


@pytest.fixture(scope="module")
def pairs(resources: Any) -> list[Any]:
    return [
        watchfloor.read(text, id=f"d{i}", dct=day, outlet=outlet, resources=resources)
        for i, (text, outlet, day) in enumerate(TEXTS)
    ]


def stored(store: Store, stmt: sa.Select[Any]) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return sorted((tuple(row) for row in conn.execute(stmt)), key=repr)


def assert_counts_are_the_aggregates(store: Store) -> None:
    c = t.event_day_counts.c
    days = stored(store, sa.select(c.event, c.date_start, c.date_end, c.events))
    assert days and days == stored(store, day_recount())
    assert stored(store, sa.select(t.actor_counts)) == stored(store, actor_recount())
    assert stored(store, sa.select(t.place_counts)) == stored(store, place_recount())
    # and the timeline read from them is the timeline of the events
    for since, until, types in (
        (None, None, ()),
        (None, None, ("ASSAULT",)),
        (dt.date(2019, 3, 5), None, ()),
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), ("ASSAULT", "FIGHT", "DISPLACE")),
    ):
        want = ev.timeline_rows(store, event_select(since=since, until=until, type=types))
        got = ev.timeline_days(store, since=since, until=until, types=types)
        # in days order; the types of one span in any order (the timeline adds them up)
        assert [(r.date_start, r.date_end) for r in got[1]] == [
            (r.date_start, r.date_end) for r in want[1]
        ]
        assert (got[0], sorted(map(tuple, got[1]))) == (want[0], sorted(map(tuple, want[1])))


def reread(reading: Any, extractor: str) -> Any:
    """Another extractor's reading: its first event and actor gone, an event moved a day,
    one more event with no date."""
    events = list(reading.events[1:])
    if events and events[0].date:
        events[0] = dataclasses.replace(events[0], date="2019-03-07")
    if reading.events:
        events.append(dataclasses.replace(reading.events[0], id="e-undated", date=None))
    return dataclasses.replace(
        reading, extractor=extractor, events=tuple(events), actors=tuple(reading.actors[1:])
    )


def test_the_counts_are_the_aggregates_through_adds_and_new_readings(
    store: Store, pairs: list[Any]
) -> None:
    for doc, reading in pairs:
        store.add(doc, reading)
    assert_counts_are_the_aggregates(store)
    actors_before = sq.actor_page(store, limit=50, offset=0)
    assert actors_before[0] > 0 and all(a["documents"] > 0 for a in actors_before[1])
    # new readings of stored documents replace what their old readings counted
    for doc, reading in pairs[:3]:
        result = store.add(doc, reread(reading, reading.extractor + "+next"))
        assert result.new_reading
    assert_counts_are_the_aggregates(store)
    # a duplicate and a known reading count nothing more
    doc, reading = pairs[4]
    store.add(doc, reading)
    assert_counts_are_the_aggregates(store)
    total, places = sq.place_page(store, limit=50, offset=0)
    assert total == len(places) > 0
    ids = {p["id"] for p in places}
    detail = sq.place_detail(store, places[0]["id"], 10)
    assert detail is not None and detail["place"] == places[0]
    assert sq.place_detail(store, "geonames:0", 10) is None and "geonames:0" not in ids


def test_the_migration_counts_the_readings_stored_before_it(
    store_url: str, pairs: list[Any]
) -> None:
    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        doc, reading = pairs[0]
        store.add(doc, reread(reading, reading.extractor + "+next"))
        kept = [stored(store, sa.select(tb)) for tb in (t.actor_counts, t.place_counts)]
        migrate.downgrade(store.engine, "0010")
        migrate.upgrade(store.engine)
        assert_counts_are_the_aggregates(store)
        assert [stored(store, sa.select(tb)) for tb in (t.actor_counts, t.place_counts)] == kept
