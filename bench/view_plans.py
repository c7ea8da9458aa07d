"""The plans and p50s of the API's views on a PostgreSQL store: what each request's SQL reads.

    PYTHONPATH=src python bench/view_plans.py --db URL [--repeats 9] [--json OUT] [PATH ...]
    PYTHONPATH=src python bench/view_plans.py --db URL --aggregates [--json OUT]

For each path (default ``PATHS``: the timeline, the actors and places lists and
their detail pages, stories, documents, changes), one client in this process (the
FastAPI app, as bench/scale.py measures) requests it ``repeats + 1`` times (the
first a warm-up) and reports the p50 ms, wall and CPU of this process (the app's
work: on a loaded machine the wall time is mostly waiting); then requests it once more with every
SELECT it runs explained (``EXPLAIN (ANALYZE, BUFFERS)``, hooked on SQLAlchemy's
``before_cursor_execute``, the statement run twice: explained, then for real) and
reports each statement's execution time, the rows its plan's top node returned,
the largest row count any node of the plan read, and the top of the plan. Read-only:
it never writes to the store, but opening it migrates it (``Store.open``), so run it
on a copy (``createdb -T``), never on a store being measured.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

PATHS = (
    "/api/timeline",
    "/api/timeline?type=FIGHT",
    "/api/timeline?country=USA",
    "/api/actors?limit=50",
    "/api/places?limit=50",
    "/api/actors/irq.armed_group",
    "/api/places/geonames:5073708",
    "/api/stories?limit=20",
    "/api/documents?limit=20",
    "/api/changes?limit=50",
)
_ROWS = re.compile(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)")


def _explained(plan: list[str]) -> dict[str, Any]:
    top = _ROWS.search(plan[0])
    reads = [int(m.group(1)) * int(m.group(2)) for line in plan for m in _ROWS.finditer(line)]
    exec_ms = next(
        (float(line.split(":")[1].split()[0]) for line in plan if "Execution Time" in line), None
    )
    return {
        "ms": exec_ms,
        "rows": int(top.group(1)) if top else None,
        "most_rows_read": max(reads, default=0),
        "plan": [line for line in plan[:12]],
    }


def _old_actor_counts() -> Any:
    """The actors page's aggregate before migration 0011 (store.queries at 5391c81)."""
    import sqlalchemy as sa

    from watchfloor.store import schema as t
    from watchfloor.store.queries import current_readings

    a, m, p = t.actors_seen.c, t.actor_mentions.c, t.event_participants.c
    mentions = (
        sa.select(m.actor_id, sa.func.count().label("n"))
        .where(m.reading_id.in_(current_readings()))
        .group_by(m.actor_id)
        .subquery()
    )
    taking_part = (
        sa.select(p.actor_id, p.reading_id, p.event_idx)
        .where(p.reading_id.in_(current_readings()), p.actor_id.is_not(None))
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
        .where(a.reading_id.in_(current_readings()))
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


def _old_place_counts() -> Any:
    """The places page's aggregate before migration 0011 (store.queries at 5391c81)."""
    import sqlalchemy as sa

    from watchfloor.store import schema as t
    from watchfloor.store.queries import current_readings

    m, e = t.place_mentions.c, t.events.c
    events = (
        sa.select(e.place_id, sa.func.count().label("n"))
        .where(e.reading_id.in_(current_readings()), e.place_id.is_not(None))
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
        .where(m.reading_id.in_(current_readings()))
        .group_by(m.place_id)
        .subquery()
    )
    return sa.select(seen, sa.func.coalesce(events.c.n, 0).label("events")).select_from(
        seen.outerjoin(events, events.c.place_id == seen.c.id)
    )


def aggregates(db: str) -> dict[str, Any]:
    """``EXPLAIN ANALYZE`` of what the timeline, actors and places read before migration
    0011 (the aggregates of the fact tables, kept as ``view_counts``' recounts) and of
    what they read now (its tables), on the same store (``--aggregates``)."""
    import sqlalchemy as sa

    from watchfloor.store import Store
    from watchfloor.store import queries as sq
    from watchfloor.store import schema as t
    from watchfloor.store.filters import event_select

    e, c = t.events.c, t.event_day_counts.c

    def ranked(counts: sa.Select[Any], key: str) -> sa.Select[Any]:
        sub = counts.subquery()
        return (
            sa.select(sub)
            .order_by(sub.c.documents.desc(), sub.c.mentions.desc(), sub.c[key])
            .limit(50)
        )

    old_days = (
        event_select()
        .with_only_columns(e.date_start, e.date_end, e.event, sa.func.count())
        .group_by(e.date_start, e.date_end, e.event)
    )
    statements = {
        "timeline, before (every event)": old_days,
        "timeline, after (event_day_counts)": sa.select(c.date_start, c.date_end, c.event, c.events)
        .where(c.date_start.is_not(None), c.date_end.is_not(None))
        .order_by(c.date_start, c.date_end),
        "actors page, before": ranked(_old_actor_counts(), "id"),
        "actors page, after": sq._actor_counts()
        .order_by(
            t.actor_counts.c.documents.desc(),
            t.actor_counts.c.mentions.desc(),
            t.actor_counts.c.actor_id,
        )
        .limit(50),
        "places page, before": ranked(_old_place_counts(), "id"),
        "places page, after": sq._place_counts()
        .order_by(
            t.place_counts.c.documents.desc(),
            t.place_counts.c.mentions.desc(),
            t.place_counts.c.place_id,
        )
        .limit(50),
    }
    out: dict[str, Any] = {}
    with Store.open(db, hooks=()) as store, store.engine.connect() as conn:
        for name, stmt in statements.items():
            compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
            plan = [
                row[0] for row in conn.execute(sa.text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))
            ]
            out[name] = _explained(plan)
            print(
                f"{name}: {out[name]['ms']} ms, {out[name]['rows']} rows returned,"
                f" most rows read by a node {out[name]['most_rows_read']}",
                flush=True,
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--aggregates", action="store_true", help="explain the statements before/after 0011"
    )
    ap.add_argument("paths", nargs="*", default=list(PATHS))
    a = ap.parse_args()
    if a.aggregates:
        found = aggregates(a.db)
        if a.json:
            a.json.write_text(json.dumps(found, indent=1, default=str))
        return

    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from watchfloor.views.web.app import create_app

    app = create_app(a.db)
    out: dict[str, Any] = {}
    explaining: list[dict[str, Any]] | None = None

    def explain(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool):  # type: ignore[no-untyped-def]
        if explaining is None or many or not statement.lstrip().upper().startswith("SELECT"):
            return
        if "pg_class" in statement or "alembic_version" in statement:
            return
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        plan = [row[0] for row in cursor.fetchall()]
        explaining.append({"sql": " ".join(statement.split())[:160], **_explained(plan)})

    with TestClient(app, base_url="http://127.0.0.1") as client:
        engine = app.state.store.engine
        sa.event.listen(engine, "before_cursor_execute", explain)
        for path in a.paths:
            times, cpu = [], []
            for k in range(a.repeats + 1):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(path)
                if k:
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
            explaining = []
            client.get(path)
            statements, explaining = explaining, None
            body = response.json()
            total = body.get("total", body.get("events")) if isinstance(body, dict) else None
            total = total if isinstance(total, int) else None
            out[path] = {
                "status": response.status_code,
                "p50_ms": round(statistics.median(times), 2),
                "cpu_p50_ms": round(statistics.median(cpu), 2),
                "total": total,
                "statements": statements,
            }
            worst = max(statements, key=lambda s: s["most_rows_read"], default=None)
            print(
                f"{path}: {response.status_code} p50 {out[path]['p50_ms']} ms"
                f" (CPU {out[path]['cpu_p50_ms']} ms), total {total},"
                f" {len(statements)} statements,"
                f" SQL {sum(s['ms'] or 0 for s in statements):.1f} ms,"
                f" most rows read by a node {worst['most_rows_read'] if worst else 0}",
                flush=True,
            )
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
