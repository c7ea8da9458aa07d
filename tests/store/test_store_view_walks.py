"""What keeps the map's counts, ``sort=-sources``'s total and the claims of a status flat as
the store grows, on every backend: a count of a filter without its join of the documents
(``filters.counted``) counts the same rows; a bounded count run as a walk
(``bounded_count(walk=True)``) counts the same; the claims of a status, joined to their
facts, are the claims the ledger gave that status, in key order, whatever the page; and on
PostgreSQL the walks' plans build no hash and the status's claims are read from
``ix_claim_facts_status_claim`` (migration 0012).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from typing import Any

import pytest
import sqlalchemy as sa

import watchfloor
from test_picture import DENIAL, LOCAL, RELAY, WIRE
from watchfloor.store import Store
from watchfloor.store import filters as sf
from watchfloor.store import queries as sq
from watchfloor.store import schema as t

# A hash join of any kind (a HashAggregate of a filter's own rows is no table's hash).
HASH_JOIN = re.compile(r"Hash (?:\w+ )*Join")
DAYS = ("2019-03-04", "2019-03-05", None, "2021-06-01", "2018-01-02", None)


@pytest.fixture(scope="module")
def pairs(resources: Any) -> list[Any]:
    texts = (WIRE, LOCAL, RELAY, DENIAL, LOCAL.replace("Kirkuk", "Mosul"), WIRE + " Later.")
    return [
        watchfloor.read(text, id=f"d{i}", dct=day, resources=resources)
        for i, (text, day) in enumerate(zip(texts, DAYS, strict=True))
    ]


def _fill(store: Store, pairs: list[Any]) -> None:
    for doc, reading in pairs:
        store.add(doc, reading)
    doc, reading = pairs[1]  # a second reading of d1: its first one is no longer current
    store.add(doc, dataclasses.replace(reading, extractor=reading.extractor + "+again"))


def _filters(stmt_of: Any) -> dict[str, Any]:
    far = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return {
        "every": stmt_of(),
        "ingested since": stmt_of(ingested_since=far),  # reads the documents: kept joined
        "ingested until": stmt_of(ingested_until=far),
        "min sources": stmt_of(min_sources=1),
        "two sources": stmt_of(min_sources=2),
        "types": stmt_of(type=("ATTACK", "FIGHT", "ASSAULT")),
        "country": stmt_of(country=("IRQ",)),
        "actor": stmt_of(actor=("IRQ",)),
        "place name": stmt_of(place=("kirkuk",)),
        "bbox": stmt_of(bbox=(30.0, 20.0, 60.0, 45.0)),
        "contradicted": stmt_of(contradicted=False),
        "since": stmt_of(since=dt.date(2019, 1, 1)),
        "document": stmt_of(document=("d0", "d1")),
    }


def _keys(store: Store, stmt: sa.Select[Any]) -> list[tuple[int, int]]:
    return sorted((r.reading_id, r.idx) for r in sq.fetch(store, stmt))


def test_a_count_without_the_documents_counts_the_same_events(
    store_url: str, pairs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(store_url) as store:
        _fill(store, pairs)
        every = _keys(store, sf.event_select())
        assert len(every) > 6
        for name, stmt in _filters(sf.event_select).items():
            lean = sf.counted(stmt)
            reads_documents = name.startswith("ingested")
            assert (lean is stmt) is reads_documents, name
            assert ("JOIN documents" in str(lean)) is reads_documents, name
            assert _keys(store, lean) == _keys(store, stmt), name
            n = len(_keys(store, stmt))
            for walk in (False, True):
                assert sq.bounded_count(store, lean, walk=walk) == sq.Total(n), name
            monkeypatch.setattr(sq, "TOTAL_CAP", 2)
            if n > 2:
                assert sq.bounded_count(store, lean, walk=True) == sq.Total(2, True), name
            monkeypatch.setattr(sq, "TOTAL_CAP", 10_000)
        # a statement narrowed after the filter (a watch's keywords: an IN list) too
        e = t.events.c
        narrowed = sf.event_select().where(sa.tuple_(e.reading_id, e.idx).in_(every[:3]))
        assert _keys(store, sf.counted(narrowed)) == every[:3]
        # the map's placed events: the facts' columns, the same rows
        f = t.event_facts.c
        placed = (
            sf.event_select()
            .with_only_columns(e.reading_id, e.idx, f.lat)
            .where(f.lat.is_not(None))
        )
        assert _keys(store, sf.counted(placed)) == _keys(store, placed)


def _claims_of(store: Store, statuses: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every claim of a current reading whose facts have one of ``statuses``, in key order,
    as (document id, claim id): read without the query under test."""
    c, cf, r = t.claims.c, t.claim_facts.c, t.readings.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(c.reading_id, c.idx, c.document_id, c.claim_id, cf.status, r.current)
            .select_from(
                t.claims.join(t.readings, r.id == c.reading_id).outerjoin(
                    t.claim_facts, sa.and_(cf.reading_id == c.reading_id, cf.idx == c.idx)
                )
            )
            .order_by(c.reading_id, c.idx)
        ).all()
    return [(x.document_id, x.claim_id) for x in rows if x.current and x.status in statuses]


def test_the_claims_of_a_status_are_the_claims_with_it_in_key_order(
    store_url: str, pairs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(store_url) as store:
        _fill(store, pairs)
        cf = t.claim_facts.c
        with store.engine.connect() as conn:
            present = sorted(conn.execute(sa.select(cf.status).distinct()).scalars())
        assert len(present) >= 2  # more than one status to tell apart
        choices = [(s,) for s in present] + list(itertools.combinations(present, 2))
        for statuses in [*choices, ("no such status",)]:
            want = _claims_of(store, statuses)
            args = {"modality": None, "source": None, "document": None, "status": statuses}
            total, items = sq.claim_page(store, limit=500, offset=0, **args)
            got = [(i["document_id"], i["claim"]["id"]) for i in items]
            assert got == want and total == sq.Total(len(want)), statuses
            for offset, limit in ((0, 1), (1, 2), (len(want) - 1, 5)):
                _, page = sq.claim_page(store, limit=limit, offset=max(offset, 0), **args)
                cut = want[max(offset, 0) : max(offset, 0) + limit]
                assert [(i["document_id"], i["claim"]["id"]) for i in page] == cut
            if len(want) > 2:
                monkeypatch.setattr(sq, "TOTAL_CAP", 2)
                bounded, _ = sq.claim_page(store, limit=1, offset=0, **args)
                assert bounded == sq.Total(2, lower_bound=True)
                monkeypatch.setattr(sq, "TOTAL_CAP", 10_000)
        # with another filter too: the document's claims of that status
        doc = _claims_of(store, tuple(present))[0][0]
        args = {"modality": None, "source": None, "document": doc, "status": tuple(present)}
        _, items = sq.claim_page(store, limit=500, offset=0, **args)
        want = [k for k in _claims_of(store, tuple(present)) if k[0] == doc]
        assert [(i["document_id"], i["claim"]["id"]) for i in items] == want


def _walk_plan(store: Store, stmt: sa.Select[Any]) -> str:
    """The plan of ``stmt`` as ``fetch(..., walk=True)`` runs it (seq scans off too, so a
    tiny table still shows which index it would read)."""
    sql = stmt.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        for setting in ("enable_hashjoin", "enable_mergejoin", "enable_seqscan"):
            conn.exec_driver_sql(f"SET LOCAL {setting} = off")
        return "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}").all())


@pytest.mark.postgres  # plans are PostgreSQL's: no SQLite run to skip
def test_the_walks_build_no_hash_and_read_the_status_index(pg_url: str, pairs: list[Any]) -> None:
    with Store.open(pg_url) as store:
        _fill(store, pairs)
        for name, stmt in _filters(sf.event_select).items():
            counting = sf.counted(stmt).limit(10_001).subquery()
            plan = _walk_plan(store, sa.select(sa.func.count()).select_from(counting))
            assert not HASH_JOIN.search(plan), (name, plan)
        c, cf = t.claims.c, t.claim_facts.c
        kept = (
            sa.select(c.reading_id, c.idx)
            .join(t.claim_facts, sa.and_(cf.reading_id == c.reading_id, cf.idx == c.idx))
            .where(cf.status.in_(["corroborated"]), c.reading_id.in_(sq.current_readings()))
        )
        count = sa.select(sa.func.count()).select_from(kept.limit(10_001).subquery())
        plan = _walk_plan(store, count)
        assert "ix_claim_facts_status_claim" in plan and not HASH_JOIN.search(plan), plan
        page = _walk_plan(store, kept.order_by(c.reading_id, c.idx).limit(50))
        assert "ix_claim_facts_status_claim" in page, page


def test_the_maps_placed_events_are_the_filters_placed_events(
    store_url: str, pairs: list[Any]
) -> None:
    from watchfloor.store import event_views as ev

    with Store.open(store_url) as store:
        _fill(store, pairs)
        e, d, f = t.events.c, t.documents.c, t.event_facts.c
        for name, stmt in _filters(sf.event_select).items():
            # the filter's own rows with a place, newest stored first: what the map shows
            want = sq.fetch(
                store,
                stmt.with_only_columns(e.reading_id, e.idx, e.document_id)
                .where(f.lat.is_not(None))
                .order_by(d.ingested_at.desc(), e.reading_id.desc(), e.idx),
            )
            uids = [f"{r.document_id}-{r.reading_id}-{r.idx}" for r in want]
            total, located, points = ev.map_points(store, stmt, cap=1000)
            assert located == sq.Total(len(want)) and len(points) == len(want), name
            assert total == sq.Total(len(_keys(store, stmt))), name
            got = sq.fetch(
                store,
                sf.placed(stmt, e.reading_id, e.idx, e.document_id, documents=True).order_by(
                    d.ingested_at.desc(), e.reading_id.desc(), e.idx
                ),
            )
            assert [f"{r.document_id}-{r.reading_id}-{r.idx}" for r in got] == uids, name
            if len(want) > 1:  # cut: the newest, and the placed counted
                total, located, cut = ev.map_points(store, stmt, cap=1)
                assert cut == points[:1] and located == sq.Total(len(want)), name
        if store.engine.dialect.name == "postgresql":
            walk = sf.placed(sf.event_select(), e.reading_id, documents=True)
            plan = _walk_plan(store, walk.order_by(d.ingested_at.desc()).limit(5))
            assert "ix_event_facts_placed" in plan, plan  # (the walk itself: performance.md)
