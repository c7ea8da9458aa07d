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
