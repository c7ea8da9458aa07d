"""Report snapshots (schema 0006) on every backend: the newest of a scope comes back as
stored, scopes are apart, and only the newest KEEP are kept."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from watchfloor.store import Store, snapshots
from watchfloor.store import schema as t


def test_snapshots_round_trip_per_scope_and_are_pruned(store: Store) -> None:
    assert snapshots.last(store, "") is None
    start = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)
    for n in range(snapshots.KEEP + 5):
        snap = {"version": 1, "n": n, "events": [{"id": "d1#e0", "label": "FIGHT: “x” → ü"}]}
        snapshots.record(store, "", start + dt.timedelta(hours=n), snap)
    snapshots.record(store, "kirkuk", start, {"version": 1, "n": -1})
    newest = snapshots.last(store, "")
    assert newest is not None and newest["n"] == snapshots.KEEP + 4
    assert newest["events"][0]["label"] == "FIGHT: “x” → ü"
    assert snapshots.last(store, "kirkuk") == {"version": 1, "n": -1}
    s = t.report_snapshots.c
    with store.engine.connect() as conn:
        kept = conn.execute(sa.select(sa.func.count()).where(s.scope == "")).scalar_one()
    assert kept == snapshots.KEEP
