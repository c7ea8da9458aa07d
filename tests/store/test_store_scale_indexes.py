"""The indexes of schema 0008 (a store of a million documents) on every backend: a page of
events by date keeps its order (every dated event by its days, unknown last) and, on
PostgreSQL, is read from ``ix_events_dates`` / ``ix_events_dates_desc`` rather than a
sort of every event; the newest-first feed reads ``ix_documents_ingested_at_id``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import sqlalchemy as sa

import watchfloor
from test_picture import DENIAL, LOCAL, RELAY, WIRE
from watchfloor.store import Store
from watchfloor.store import filters as sf
from watchfloor.store import schema as t

DAYS = ("2019-03-04", "2019-03-05", None, "2021-06-01", "2018-01-02", None)


@pytest.fixture(scope="module")
def pairs(resources: Any) -> list[Any]:
    texts = (WIRE, LOCAL, RELAY, DENIAL, LOCAL.replace("Kirkuk", "Mosul"), WIRE + " Later.")
    return [
        watchfloor.read(text, id=f"d{i}", dct=day, resources=resources)
        for i, (text, day) in enumerate(zip(texts, DAYS, strict=True))
    ]


def _plan(store: Store, stmt: sa.Select[Any]) -> str:
    sql = stmt.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {sql}").all()
            return "\n".join(r[0] for r in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
        return "\n".join(str(r[-1]) for r in rows)


def test_a_page_by_date_keeps_its_order_and_reads_the_date_index(
    store_url: str, pairs: list[Any]
) -> None:
    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        e, d = t.events.c, t.documents.c
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(e.reading_id, e.idx, e.date_start, e.date_end, d.ingested_at).join(
                    t.documents, d.id == e.document_id
                )
            ).all()
        assert any(r.date_start is None for r in rows) and any(r.date_start for r in rows)
        # the order of "date" and "-date" (ties: newest stored, then the event's position)
        far = (9999, 12, 31)

        def day(v: Any, unknown: Any) -> Any:
            return (v.year, v.month, v.day) if v is not None else unknown

        asc = sorted(
            rows,
            key=lambda r: (
                r.date_start is None,
                day(r.date_start, far),
                day(r.date_end, far),
                -r.ingested_at.timestamp(),
                -r.reading_id,
                r.idx,
            ),
        )
        desc = sorted(
            rows,
            key=lambda r: (
                r.date_end is None,
                tuple(-x for x in day(r.date_end, (0, 0, 0))),
                tuple(-x for x in day(r.date_start, (0, 0, 0))),
                -r.ingested_at.timestamp(),
                -r.reading_id,
                r.idx,
            ),
        )
        for sort, want in (("date", asc), ("-date", desc)):
            page = sf.event_select().order_by(*sf.order_by(sort))
            with store.engine.connect() as conn:
                got = [(r.reading_id, r.idx) for r in conn.execute(page)]
            assert got == [(r.reading_id, r.idx) for r in want], sort
        if store.engine.dialect.name == "postgresql":
            asc_plan = _plan(store, sf.event_select().order_by(*sf.order_by("date")).limit(50))
            desc_plan = _plan(store, sf.event_select().order_by(*sf.order_by("-date")).limit(5))
            assert "ix_events_dates " in asc_plan + " " and "ix_events_dates_desc" in desc_plan
            newest = sa.select(d.id).order_by(d.ingested_at.desc(), d.id).limit(5)
            assert "ix_documents_ingested_at_id" in _plan(store, newest)


def test_a_page_of_stories_is_the_page_of_every_story(
    store_url: str, pairs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchfloor.store import story_listing

    monkeypatch.setattr(story_listing, "READ_BATCH", 1)  # walk the documents 5 at a time
    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        for k in range(3):  # more documents than a walk's step, in a few stories
            for doc, reading in pairs[:4]:
                again = dataclasses.replace(
                    doc, id=f"{doc.id}-{k}", content_hash=f"{k}{doc.content_hash}"[:64]
                )
                store.add(again, dataclasses.replace(reading, document_id=again.id))
        every = store.stories()
        assert len(every) >= 3 and sum(len(e.documents) for e in every) == len(pairs) + 12
        for offset in range(len(every) + 2):
            for limit in (1, 2, 50):
                assert store.stories(limit=limit, offset=offset) == every[offset : offset + limit]
        if store.engine.dialect.name == "postgresql":
            sd = t.story_documents.c
            walk = sa.select(sd.story_id, sd.seq).order_by(sd.seq.desc()).limit(5)
            assert "ix_story_documents_seq" in _plan(store, walk)


def test_a_copy_group_is_found_by_index_lookups(store_url: str, pairs: list[Any]) -> None:
    doc, reading = pairs[0]
    with Store.open(store_url) as store:
        store.add(doc, reading)
        reprint = dataclasses.replace(
            doc, id="reprint", content_hash="f" * 64, text=doc.text + " Reprinted.", raw=doc.raw
        )
        added = store.add(reprint, dataclasses.replace(reading, document_id="reprint"))
        assert added.copy_of == doc.id
        group = [(c.document_id, c.copy_of) for c in store.copies("reprint")]
        assert (
            group
            == [(doc.id, None), ("reprint", doc.id)]
            == [(c.document_id, c.copy_of) for c in store.copies(doc.id)]
        )
        if store.engine.dialect.name == "postgresql":
            c = t.copies.c
            plan = _plan(store, sa.select(c.document_id).where(c.copy_of == doc.id))
            assert "ix_copies_copy_of" in plan


def test_most_sourced_first_keeps_its_order_and_reads_the_sources_index(
    store_url: str, pairs: list[Any]
) -> None:
    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        e, d, f = t.events.c, t.documents.c, t.event_facts.c
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(e.reading_id, e.idx, f.independent_sources, d.ingested_at)
                .join(t.documents, d.id == e.document_id)
                .outerjoin(t.event_facts, sa.and_(f.reading_id == e.reading_id, f.idx == e.idx))
            ).all()
        assert len({r.independent_sources for r in rows}) > 1  # more than one value to order

        def ties(r: Any) -> tuple[Any, ...]:
            return (-r.ingested_at.timestamp(), -r.reading_id, r.idx)

        for sort, key in (
            ("-sources", lambda r: (r.independent_sources is None, -(r.independent_sources or 0))),
            ("sources", lambda r: (r.independent_sources is None, r.independent_sources or 0)),
        ):
            want = sorted(rows, key=lambda r, key=key: (*key(r), *ties(r)))  # type: ignore[misc]
            page = sf.event_select().order_by(*sf.order_by(sort))
            with store.engine.connect() as conn:
                got = [(r.reading_id, r.idx) for r in conn.execute(page)]
            assert got == [(r.reading_id, r.idx) for r in want], sort
        if store.engine.dialect.name == "postgresql":
            kept = sf.event_select(min_sources=1)
            plan = _plan(store, kept.order_by(*sf.order_by("-sources")).limit(50))
            assert t.EVENT_FACTS_SOURCES_DESC in plan, plan


def test_the_map_walks_the_newest_documents(store_url: str, pairs: list[Any]) -> None:
    from watchfloor.store import event_views as ev

    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        total, located, points = ev.map_points(store, sf.event_select(), cap=2)
        assert located.count > 2 and len(points) == 2 and not total.lower_bound
        # newest stored first, the next point the first one left out
        every = ev.map_points(store, sf.event_select(), cap=1000)[2]
        assert points == every[:2] and len(every) == located.count
        # (its plan on a store of 10,000 documents: docs/performance.md)


def test_health_estimates_every_table_without_counting_it(store_url: str, pairs: list[Any]) -> None:
    from watchfloor.store import queries as sq

    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)

        def exact() -> dict[str, int]:
            with store.engine.connect() as conn:
                return {
                    name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                    for name, table in sq.ESTIMATED.items()
                }

        want = exact()
        assert want["documents"] == len(pairs) and want["events"] > 0
        if store.engine.dialect.name == "sqlite":  # nothing deleted: the largest rowid
            assert sq.estimated_counts(store) == want
        else:  # the statistics of an ANALYZE (autovacuum's may come at any time)
            with store.engine.connect() as conn:
                for table in {tbl.name for tbl in sq.ESTIMATED.values()}:
                    conn.exec_driver_sql(f"ANALYZE {table}")
                conn.commit()
            assert sq.estimated_counts(store) == want
            more = dataclasses.replace(pairs[0][0], id="more", content_hash="e" * 64)
            store.add(more, dataclasses.replace(pairs[0][1], document_id="more"))
            # rows per page of the ANALYZE times the pages now: an estimate, not a count
            assert 0 < sq.estimated_counts(store)["documents"] <= want["documents"] + 1
