"""The endpoints of docs/performance.md ("The map, -sources and claims by status"): p50s
and the plans of the statements their views run, on a PostgreSQL store.

    PYTHONPATH=src:bench python bench/view_walks.py p50 DB OUT.json
    PYTHONPATH=src:bench python bench/view_walks.py explain DB [CASE ...] [--full]

``p50``: ``scale_measure.api`` with ``ENDPOINTS`` cut to these and no exports, then
the fastest of 15 more requests of each. ``explain``: each statement ``map_data``,
``event_page`` and ``claim_page`` run for a case, recorded and explained
(``EXPLAIN (ANALYZE, BUFFERS)``) in the same transaction settings (a walk's
``SET LOCAL``s), with its time and shared buffers. Read-only but for the
migration ``Store.open`` runs.
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any

import sqlalchemy as sa

ENDPOINTS = (
    "/api/events?limit=50",
    "/api/events?min_sources=2&sort=-sources",
    "/api/claims?limit=50",
    "/api/claims?status=corroborated&limit=50",
    "/api/search?q=forces",
    "/api/search?q=police%20officers",
    "/api/map?type=FIGHT&type=ASSAULT",
    "/api/map",
)


def p50(db: str, out: str) -> None:
    from fastapi.testclient import TestClient

    import scale_measure as sm
    from watchfloor.views.web.app import create_app

    sm.ENDPOINTS, sm.EXPORTS, sm.REPEATS = ENDPOINTS, (), 9
    endpoints, _ = sm.api(db)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        for path in ENDPOINTS:
            times = []
            for _ in range(15):
                t0 = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - t0)
            endpoints[path]["min_ms"] = round(min(times) * 1000, 2)
    with open(out, "w") as fh:
        json.dump(endpoints, fh, indent=1)
    for path, v in endpoints.items():
        print(f"{path:45} p50 {v['p50_ms']:8} p90 {v['p90_ms']:8} min {v['min_ms']:8} {v['total']}")


def explain(db: str, cases: list[str], full: bool) -> None:
    from watchfloor.store import Store
    from watchfloor.store import queries as sq
    from watchfloor.views.common import queries as vq
    from watchfloor.views.common import workbench as wb
    from watchfloor.views.common.filters import EventFilter

    claims = {"modality": None, "source": None, "document": None, "status": ("corroborated",)}
    every: dict[str, Any] = {
        "map": lambda s: wb.map_data(s, EventFilter()),
        "maptype": lambda s: wb.map_data(s, EventFilter(type=("FIGHT", "ASSAULT"))),
        "sources": lambda s: vq.event_page(
            s, EventFilter(min_sources=2), sort="-sources", limit=50
        ),
        "claims": lambda s: vq.claim_page(s, limit=50, offset=0, **claims),
        "search": lambda s: sq.search(s, ["forces"], limit=20, offset=0),
    }
    with Store.open(db, hooks=()) as store:
        for name, run in every.items():
            if cases and name not in cases:
                continue
            seen: list[tuple[str, Any]] = []

            def record(
                conn: Any, cursor: Any, statement: str, params: Any, *_: Any, into: Any = seen
            ) -> None:
                into.append((statement, params))

            sa.event.listen(store.engine, "before_cursor_execute", record)
            t0 = time.perf_counter()
            run(store)
            wall = (time.perf_counter() - t0) * 1000
            sa.event.remove(store.engine, "before_cursor_execute", record)
            print(f"=================== {name}: {len(seen)} statements, {wall:.1f} ms wall")
            with store.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                for statement, params in seen:
                    cur = raw.cursor()
                    if statement.startswith("SET "):  # a walk's settings, for what follows
                        cur.execute(statement)
                        continue
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                    plan = [row[0] for row in cur.fetchall()]
                    raw.rollback()  # the walk's SET LOCALs end with their statement
                    buffers = next((line.strip() for line in plan if "Buffers:" in line), "")
                    print("----", re.sub(r"\s+", " ", statement)[:300])
                    print(f"#### ms={plan[-1].split(':')[-1].strip()} {buffers}")
                    if full:
                        print("\n".join(plan))


if __name__ == "__main__":
    if sys.argv[1] == "p50":
        p50(sys.argv[2], sys.argv[3])
    else:
        args = sys.argv[3:]
        explain(sys.argv[2], [a for a in args if not a.startswith("--")], "--full" in args)
