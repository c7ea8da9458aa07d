"""What keeps the API's lists flat as the store grows (docs/api.md, "Totals"): a bounded
total (exact below the cap, flagged a lower bound above it, in the JSON and in the
pages' pager), the order of ``sort=-sources``, the map's newest points, and a health
check that counts nothing.

The cap is ``store.queries.TOTAL_CAP`` (10,000), lowered here to a few rows so the
three-document test store has more rows than it.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_api import LOCAL, get
from test_ui import build_store
from watchfloor.store import Store
from watchfloor.store import queries as sq
from watchfloor.views.common import workbench as wb
from watchfloor.views.common.filters import EventFilter
from watchfloor.views.web import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, resources: Any) -> str:
    tmp = tmp_path_factory.mktemp("totals")
    url = str(tmp / "totals.db")
    build_store(url, resources, tmp)
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


LISTS = ("/api/events", "/api/claims", "/api/documents", "/api/changes")


def test_a_total_below_the_cap_is_exact(client: TestClient) -> None:
    for path in LISTS:
        page = get(client, f"{path}?limit=500")
        assert page["total"] == len(page["items"]) > 0, path
        assert page["total_is_lower_bound"] is False, path


def test_a_total_above_the_cap_is_a_lower_bound(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = {path: get(client, f"{path}?limit=500")["total"] for path in LISTS}
    assert exact["/api/events"] > 6 and exact["/api/claims"] > 6
    monkeypatch.setattr(sq, "TOTAL_CAP", 2)
    for path, n in exact.items():
        first = get(client, f"{path}?limit=1")
        assert (first["total"], first["total_is_lower_bound"]) == (2, True), path
        # a page beyond the cap: its own rows are inside the count
        deep = get(client, f"{path}?limit=1&offset=2")
        assert deep["total"] == 3 and deep["total_is_lower_bound"] is (n > 3), path
        # the last page: the count reaches the end, exact again
        last = get(client, f"{path}?limit=1&offset={n - 1}")
        assert (last["total"], last["total_is_lower_bound"]) == (n, False), path
        assert len(last["items"]) == 1
    # a total of exactly the cap is exact: the count reads one row more to know
    monkeypatch.setattr(sq, "TOTAL_CAP", exact["/api/documents"])
    docs = get(client, "/api/documents?limit=1")
    assert (docs["total"], docs["total_is_lower_bound"]) == (exact["/api/documents"], False)


def test_the_pager_says_a_lower_bound(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchfloor.views.web.pages import workbench

    n = get(client, "/api/events?limit=500")["total"]
    monkeypatch.setattr(workbench, "PAGE", 2)  # rows per page of the events table
    monkeypatch.setattr(sq, "TOTAL_CAP", 2)
    html = client.get("/events").text
    assert "2+ events" in html and "(counted up to 2)" in html and "next →" in html
    html = client.get("/events?offset=2").text
    assert "4+ events" in html and "3–4 of 4+" in html and "← previous" in html
    monkeypatch.setattr(sq, "TOTAL_CAP", 10_000)
    html = client.get("/events").text
    assert f"{n} events" in html and "counted up to" not in html


def test_sort_by_sources_is_most_sourced_first_then_newest(client: TestClient) -> None:
    items = get(client, "/api/events?sort=-sources&limit=500")["items"]
    everything = get(client, "/api/events?limit=500")["items"]
    assert sorted(i["uid"] for i in items) == sorted(i["uid"] for i in everything)
    known = [i["independent_sources"] for i in items if i["independent_sources"] is not None]
    assert known and known == sorted(known, reverse=True)
    # ties: newest stored first
    for a, b in itertools.pairwise(items):
        if a["independent_sources"] == b["independent_sources"]:
            assert a["ingested_at"] >= b["ingested_at"]
    ascending = get(client, "/api/events?sort=sources&limit=500")["items"]
    up = [i["independent_sources"] for i in ascending if i["independent_sources"] is not None]
    assert up == sorted(up)


def test_the_map_draws_the_newest_points_and_counts_the_rest(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db) as store:
        whole = wb.map_data(store, EventFilter())
        assert whole["shown"] == whole["located"] >= 3
        assert not whole["events_is_lower_bound"] and not whole["located_is_lower_bound"]
        with store.engine.connect() as conn:
            newest = {
                row.id: row.ingested_at
                for row in conn.execute(sa.text("SELECT id, ingested_at FROM documents"))
            }
        stamps = [newest[p["uid"].rsplit("-", 1)[0]] for p in whole["points"]]
        assert stamps == sorted(stamps, reverse=True)  # newest stored first
        for cap in (1, 2, whole["located"] - 1):
            cut = wb.map_data(store, EventFilter(), cap=cap)
            assert [p["uid"] for p in cut["points"]] == [p["uid"] for p in whole["points"][:cap]]
            assert (cut["events"], cut["located"], cut["shown"]) == (
                whole["events"],
                whole["located"],
                cap,
            )
        monkeypatch.setattr(sq, "TOTAL_CAP", 1)
        bounded = wb.map_data(store, EventFilter(), cap=1)
        assert bounded["events_is_lower_bound"] and bounded["located_is_lower_bound"]
        assert bounded["events"] == bounded["located"] == 2  # cap + 1 rows read, no more


def test_health_counts_nothing(client: TestClient, db: str) -> None:
    engine = client.app.state.store.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.lower())

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        body = get(client, "/api/health")
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert body["counts_are_estimates"] is True and body["api"] == "1.2"
    assert seen and not any("count(" in s for s in seen), seen
    with Store.open(db) as store:
        exact = store.counts()
    # nothing was deleted here: the largest rowid is the number of rows
    assert body["counts"]["documents"] == exact["documents"] == 3
    assert body["counts"]["readings"] == exact["readings"]


def test_a_bounded_count_reads_at_most_one_row_past_the_cap(db: str) -> None:
    with Store.open(db) as store:
        every = sa.select(sa.text("1")).select_from(sa.table("events"))
        n = sq.count(store, every)
        assert sq.bounded_count(store, every, cap=n) == sq.Total(n)
        assert sq.bounded_count(store, every, cap=n - 1) == sq.Total(n - 1, lower_bound=True)
        assert sq.bounded_count(store, every, cap=1, offset=n, limit=5) == sq.Total(n)
        assert str(sq.Total(10_000, lower_bound=True)) == "10000+"
