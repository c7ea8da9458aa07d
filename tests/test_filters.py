"""The one filter model (watchfloor.views.common.filters) through the API, on a store of the
seeds, a wire story with relays, a denial and a contradicted count (tests/test_picture.py's
reports), a council statement, a rally and the hostile article.

Every filter of FILTERS has a case here: its result is checked against the same
condition computed in Python from the unfiltered events, as docs/api.md states it.
Every endpoint answers an unknown or repeated single-value parameter with a 422.
docs/api.md's filter table is checked against FILTERS.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_ledger import COUNCIL, RALLY
from test_picture import _batch, _run
from test_ui import HOSTILE, LOCAL, SEED0, SEED1
from watchfloor.store import Store
from watchfloor.views.common.filters import BY_NAME, FILTERS, EventFilter, FilterError, parse
from watchfloor.views.common.watches import keyword_patterns
from watchfloor.views.web import create_app

DOCS = Path(__file__).resolve().parents[1] / "docs"
Item = dict[str, Any]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("filters")
    url = str(tmp / "filters.db")
    batch = _batch(tmp)
    with batch.open("a", encoding="utf-8") as f:
        for row in (COUNCIL, {"id": "u1", "text": RALLY, "outlet": "basra.example"}, HOSTILE):
            f.write(json.dumps(row) + "\n")
    assert _run("ingest", SEED0, "--dct", "2019-03-10", "--db", url).exit_code == 0
    assert _run("ingest", SEED1, "--db", url).exit_code == 0
    assert _run("ingest", str(batch), "--db", url).exit_code == 0
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def items(client: TestClient) -> list[Item]:
    body = client.get("/api/events?limit=500").json()
    assert body["total"] == len(body["items"]) > 30
    return body["items"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def texts(db: str) -> dict[str, tuple[str, str]]:
    with Store.open(db) as store:
        return {doc.id: (doc.title or "", doc.text) for doc in store.documents()}


def uids(client: TestClient, query: str) -> set[str]:
    r = client.get(f"/api/events?{query}&limit=500")
    assert r.status_code == 200, (query, r.text)
    return {i["uid"] for i in r.json()["items"]}


def participants(item: Item) -> list[Item]:
    return [*(item["event"].get("actor") or ()), *(item["event"].get("recipient") or ())]


def loc(item: Item) -> Item:
    return item["event"].get("event_loc") or {}


def pick(values: list[Any]) -> Any:
    """The most common value (so the case keeps some events and leaves some out)."""
    present = [v for v in values if v is not None]
    assert present
    return max(sorted(set(present), key=str), key=present.count)


# Each filter: (a value chosen from the events, the query, the condition as documented).
Case = tuple[str, Callable[[Item], bool]]


def cases(items: list[Item], texts: dict[str, tuple[str, str]]) -> dict[str, list[Case]]:
    dated = [i for i in items if i["date_earliest"]]
    mid = sorted(i["date_earliest"] for i in dated)[len(dated) // 2]
    stamps = sorted(i["ingested_at"] for i in items)
    cut = stamps[len(stamps) // 2]
    kb = pick([p.get("id") for i in items for p in participants(i)])
    named = pick([p["entity_text"] for i in items for p in participants(i) if not p.get("id")])
    actor_country = pick([p.get("country") for i in items for p in participants(i)])
    place_id = pick([loc(i).get("id") for i in items])
    place_name = pick([loc(i).get("name") for i in items if loc(i).get("id") != place_id])
    country = pick([(i["place"] or {}).get("country") for i in items])
    admin1 = pick([(i["place"] or {}).get("admin1") for i in items])
    outlet = pick([i["outlet"] for i in items])
    story = pick([i["story_id"] for i in items])
    document = pick([i["document_id"] for i in items])
    pats = keyword_patterns(("checkpoint",))

    def kw(i: Item) -> bool:
        title, text = texts[i["document_id"]]
        return bool(pats[0].search(title) or pats[0].search(text))

    def inside(i: Item, w: float, s: float, e: float, n: float) -> bool:
        lat, lon = loc(i).get("lat"), loc(i).get("lon")
        return lat is not None and s <= lat <= n and w <= lon <= e

    def who(i: Item, v: str) -> bool:
        return any(
            p.get("id") == v
            or p["entity_text"].lower() == v.lower()
            or (len(v) == 3 and v.isupper() and p.get("country") == v)
            for p in participants(i)
        )

    def where(i: Item, v: str) -> bool:
        place = i["place"] or {}
        return bool(
            loc(i).get("id") == v
            or place.get("country") == v
            or (place.get("name") or "").lower() == v.lower()
        )

    return {
        "since": [(f"since={mid}", lambda i: bool(i["date_latest"] and i["date_latest"] >= mid))],
        "until": [
            (f"until={mid}", lambda i: bool(i["date_earliest"] and i["date_earliest"] <= mid))
        ],
        "ingested_since": [
            (f"ingested_since={cut.replace('+', '%2B')}", lambda i: i["ingested_at"] >= cut)
        ],
        "ingested_until": [
            (f"ingested_until={cut.replace('+', '%2B')}", lambda i: i["ingested_at"] < cut),
            ("ingested_until=2000-01-01", lambda i: False),
        ],
        "type": [
            ("type=MOBILIZE", lambda i: i["event"]["event"] == "MOBILIZE"),
            ("type=MOBILIZE&type=FIGHT", lambda i: i["event"]["event"] in ("MOBILIZE", "FIGHT")),
        ],
        "modality": [
            (
                "modality=reported&modality=denied",
                lambda i: i["event"]["modality"] in ("reported", "denied"),
            ),
        ],
        "actor": [
            (f"actor={kb}", lambda i: who(i, kb)),
            (f"actor={named.upper()}", lambda i: who(i, named)),  # a name, any case, not in the KB
            (f"actor={actor_country}", lambda i: who(i, actor_country)),
        ],
        "place": [
            (f"place={place_id}", lambda i: where(i, place_id)),
            (f"place={place_name.lower()}", lambda i: where(i, place_name)),
            (f"place={country}", lambda i: where(i, country)),
        ],
        "country": [(f"country={country}", lambda i: (i["place"] or {}).get("country") == country)],
        "admin1": [(f"admin1={admin1}", lambda i: (i["place"] or {}).get("admin1") == admin1)],
        "bbox": [
            ("bbox=38,29,49,38", lambda i: inside(i, 38, 29, 49, 38)),
            ("bbox=40,40,30,30", lambda i: False),  # south above north: empty
        ],
        "outlet": [(f"outlet={outlet}", lambda i: i["outlet"] == outlet)],
        "story": [(f"story={story}", lambda i: i["story_id"] == story)],
        "document": [(f"document={document}", lambda i: i["document_id"] == document)],
        "min_sources": [
            ("min_sources=2", lambda i: (i["independent_sources"] or 0) >= 2),
            ("min_sources=0", lambda i: i["independent_sources"] is not None),
        ],
        "contradicted": [
            ("contradicted=true", lambda i: i["contradicted"] is True),
            ("contradicted=false", lambda i: i["contradicted"] is False),
        ],
        "keyword": [("keyword=checkpoint", kw)],
        "watch": [],  # tests/test_ledger.py: a stored watch keeps what Watch.match keeps
    }


def test_every_documented_filter_changes_the_result_as_documented(
    client: TestClient, items: list[Item], texts: dict[str, tuple[str, str]]
) -> None:
    every = cases(items, texts)
    assert set(every) == set(BY_NAME)  # a new filter needs its case here
    everything = {i["uid"] for i in items}
    for name, tried in every.items():
        for query, condition in tried:
            expected = {i["uid"] for i in items if condition(i)}
            got = uids(client, query)
            assert got == expected, (name, query, sorted(got ^ expected)[:5])
            if name not in ("bbox", "ingested_until", "min_sources", "contradicted"):
                assert 0 < len(got) < len(everything), (name, query, len(got))
    # the linked facts are real: the wire story has corroborated and contradicted events
    assert uids(client, "min_sources=2") and uids(client, "contradicted=true")


def test_filters_combine_and_pages_are_sorted_by_days(
    client: TestClient, items: list[Item]
) -> None:
    both = uids(client, "type=MOBILIZE&modality=reported")
    assert both == uids(client, "type=MOBILIZE") & uids(client, "modality=reported")
    body = client.get("/api/events?sort=date&limit=500").json()["items"]
    firsts = [(i["date_earliest"], i["date_latest"]) for i in body if i["date_earliest"]]
    assert firsts == sorted(firsts)
    assert all(i["date_earliest"] is None for i in body[len(firsts) :])  # unknown last
    newest = client.get("/api/events?sort=-date&limit=500").json()["items"]
    lasts = [i["date_latest"] for i in newest if i["date_latest"]]
    assert lasts == sorted(lasts, reverse=True)
    stored = [
        i["ingested_at"] for i in client.get("/api/events?sort=-ingested&limit=500").json()["items"]
    ]
    assert stored == sorted(stored, reverse=True)
    sources = client.get("/api/events?sort=-sources&limit=500").json()["items"]
    counts = [i["independent_sources"] for i in sources]
    assert counts == sorted(counts, reverse=True)


def test_event_json_has_days_story_publication_outlet_and_sentence(
    client: TestClient, items: list[Item]
) -> None:
    for i in items:
        ev = i["event"]
        assert i["uid"] == f"{i['document_id']}-{ev['id']}"
        assert i["label"].startswith(ev["event"]) and "?" not in i["label"]
        if i["date_earliest"]:
            assert i["date_earliest"] <= i["date_latest"]
        doc = client.get(f"/api/documents/{i['document_id']}").json()["document"]
        sent = ev["sentence"]
        assert i["sentence_text"] == doc["text"][sent["start"] : sent["end"]]
        assert i["published"]["date"] == doc["dct"]["date"]
    wire = [i for i in items if i["document_id"] == "w0"]  # w1, w2: the same text, republished
    assert wire and all(i["outlet"] == "wire.example" and i["story_id"] for i in wire)
    story = {i["story_id"] for i in items if i["document_id"] in ("w0", "k1", "d1")}
    assert story == {wire[0]["story_id"]}


def test_map_timeline_and_export_hold_the_filters_events(client: TestClient) -> None:
    for query in (
        "",
        "type=FIGHT&type=MOBILIZE",
        "country=IRQ",
        "min_sources=2",
        "since=2019-03-01",
    ):
        events = uids(client, query)
        points = client.get(f"/api/map?{query}").json()
        assert points["events"] == len(events) and {p["uid"] for p in points["points"]} <= events
        tl = client.get(f"/api/timeline?{query}").json()
        assert tl["events"] == len(events)
        inside = sum(b["count"] for b in tl["bars"])
        assert inside + tl["aside"]["before"] + tl["aside"]["after"] == tl["dated"]
        rows = client.get(f"/api/export?{query}&format=csv").text.splitlines()[1:]
        assert {r.split(",", 1)[0] for r in rows} == events
        geo = client.get(f"/api/export?{query}&format=geojson").json()
        assert {f["id"] for f in geo["features"]} == {p["uid"] for p in points["points"]}
        assert geo["watchfloor"]["unplaced"] == len(events) - points["located"]
        plover = [
            json.loads(x)
            for x in client.get(f"/api/export?{query}&format=plover").text.splitlines()
        ]
        assert {p["id"] for p in plover} == events
        docs = [
            json.loads(x) for x in client.get(f"/api/export?{query}&format=jsonl").text.splitlines()
        ]
        assert {f"{d['id']}-{e['id']}" for d in docs for e in d["events"]} >= events


def test_parquet_export_is_the_csv_table(client: TestClient) -> None:
    import io

    import pyarrow.parquet as pq

    r = client.get("/api/export?format=parquet&type=MOBILIZE")
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert 'filename="watchfloor-events.parquet"' in r.headers["content-disposition"]
    table = pq.read_table(io.BytesIO(r.content))
    assert set(table.column("event_id").to_pylist()) == uids(client, "type=MOBILIZE")
    assert table.schema.field("event_date").type.equals(__import__("pyarrow").date32())


def test_every_endpoint_refuses_unknown_and_repeated_parameters(client: TestClient) -> None:
    paths = [p for p in client.get("/openapi.json").json()["paths"] if "{" not in p] + [
        "/api/documents/w0",
        "/api/stories/x",
    ]
    assert len(paths) >= 12
    for path in paths:
        r = client.get(f"{path}?no_such_filter=1")
        assert r.status_code == 422, path
        assert r.json()["detail"][0]["loc"] == ["query", "no_such_filter"], path
    for url, name in (
        ("/api/events?since=2019-03-01&since=2019-03-02", "since"),
        ("/api/events?limit=1&limit=2", "limit"),
        ("/api/map?bbox=1,1,2,2&bbox=1,1,3,3", "bbox"),
        ("/api/timeline?min_sources=1&min_sources=2", "min_sources"),
        ("/api/export?format=csv&format=jsonl", "format"),
        ("/api/claims?modality=denied&modality=reported", "modality"),
        ("/api/documents?outlet=a&outlet=b", "outlet"),
        ("/api/search?q=a&q=b", "q"),
        ("/api/changes?since=2026-01-01T00:00:00Z&since=2026-01-02T00:00:00Z", "since"),
    ):
        r = client.get(url)
        assert r.status_code == 422, url
        assert any(
            d["loc"] == ["query", name] and "more than once" in d["msg"] for d in r.json()["detail"]
        ), url
    # repeatable ones repeat: any of their values
    assert client.get("/api/events?type=FIGHT&type=MOBILIZE").status_code == 200
    assert client.get("/api/claims?status=corroborated&status=contradicted").status_code == 200
    for bad in ("type=ATTACK", "since=2019-02-30", "bbox=200,0,0,0", "contradicted=maybe",
                "min_sources=-1", "country=iraq", "ingested_since=yesterday", "actor=%00"):  # fmt: skip
        assert client.get(f"/api/events?{bad}").status_code == 422, bad


def test_claims_by_ledger_status_with_event_labels(client: TestClient) -> None:
    every = client.get("/api/claims?limit=500").json()["items"]
    for status in ("corroborated", "corroborated_and_contradicted", "single_source", "no_event"):
        got = client.get(f"/api/claims?status={status}&limit=500").json()["items"]
        assert [(c["document_id"], c["claim"]["id"]) for c in got] == [
            (c["document_id"], c["claim"]["id"]) for c in every if c["status"] == status
        ], status
    assert any(c["status"] == "corroborated_and_contradicted" for c in every)
    for c in every:
        assert len(c["event_labels"]) == len(c["events"])
        assert all("?" not in label for label in c["event_labels"])


def test_parse_refuses_unknown_repeated_and_bad_values() -> None:
    filt, others = parse([("type", "FIGHT"), ("type", "ASSAULT"), ("limit", "5")], {"limit": False})
    assert filt.type == ("FIGHT", "ASSAULT") and others == {"limit": ["5"]}
    with pytest.raises(FilterError) as err:
        parse(
            [("since", "2019-01-01"), ("since", "2019-01-02"), ("zzz", "1"), ("min_sources", "x")]
        )
    assert {name for name, _ in err.value.problems} == {"since", "zzz", "min_sources"}
    assert parse([("ingested_until", "2026-12-07")])[0].ingested_until == dt.datetime(
        2026, 12, 8, tzinfo=dt.UTC
    )
    assert EventFilter(type=("A", "B")).merged(EventFilter(type=("B",))).type == ("B",)


def test_docs_api_filter_table_is_the_code() -> None:
    """docs/api.md's filter table, row by row: name, repeatable, meaning (FILTERS.help)."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    table = text.split("<!-- filters -->", 1)[1].split("<!-- /filters -->", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.strip().splitlines()[2:]
    ]
    documented = [(re.sub(r"`", "", r[0]), r[1] == "yes", r[2]) for r in rows]
    assert documented == [(p.name, p.many, p.help) for p in FILTERS]
    assert "<!-- filters -->" not in (DOCS / "ui.md").read_text(encoding="utf-8")  # written once


def test_the_timeline_sets_background_dates_aside() -> None:
    """'hosted the Grammys in 1996' must not stretch a March 2019 axis."""
    from watchfloor.views.common.workbench import focus

    march = [(dt.date(2019, 3, d), dt.date(2019, 3, d)) for d in range(1, 20)]
    background = [(dt.date(1996, 1, 1), dt.date(1996, 12, 31)), (dt.date(1950, 5, 1),) * 2]
    window = focus([*march, *background])
    assert window is not None and dt.date(2019, 2, 1) <= window[0] <= dt.date(2019, 3, 1)
    assert dt.date(2019, 3, 19) <= window[1] <= dt.date(2019, 4, 30)
    assert focus([(dt.date(2019, 3, 5),) * 2]) == (dt.date(2019, 3, 5), dt.date(2019, 3, 5))
    assert focus([]) is None


def test_link_facts_are_what_merging_the_story_says(
    client: TestClient, items: list[Item], db: str
) -> None:
    """The facts hook's rows equal link.picture.story_events run now over each story."""
    from watchfloor.link.picture import story_events

    by_uid = {i["uid"]: i for i in items}
    checked = 0
    with Store.open(db) as store:
        for story_id in {i["story_id"] for i in items if i["story_id"]}:
            entry = store.story(story_id)
            assert entry is not None
            ids = [m.document_id for m in entry.documents]
            for merged in story_events(store, ids):
                for report in merged.reports:
                    item = by_uid[f"{report.document_id}-{report.event_id}"]
                    assert item["independent_sources"] == merged.independent_sources
                    assert item["contradicted"] is bool(merged.contradictions)
                    assert item["story_id"] == story_id
                    checked += 1
    assert checked == len(items) - sum(1 for i in items if i["story_id"] is None)


def test_facts_are_caught_up_when_a_document_joins_a_story_later(tmp_path: Path) -> None:
    """A store written without hooks (a bulk load), then linked by `watchfloor stories`:
    serve's catch-up writes the facts, with the stories they are in now."""
    import sqlalchemy as sa

    from watchfloor.link.facts import facts_pending
    from watchfloor.link.hooks import link_pending
    from watchfloor.store import schema

    url = str(tmp_path / "late.db")
    assert _run("ingest", str(_batch(tmp_path)), "--db", url).exit_code == 0
    with Store.open(url) as store:
        with store.engine.begin() as conn:  # as if stored with hooks=(): no story, no facts
            for table in (schema.event_facts, schema.claim_facts, schema.story_documents):
                conn.execute(sa.delete(table))
        assert facts_pending(store) > 0  # merged alone: no story yet
        with store.engine.connect() as conn:
            assert (
                conn.execute(sa.select(schema.event_facts.c.story_id)).scalars().all()
                == [None]
                * conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar()
            )
        assert link_pending(store) > 0
        assert facts_pending(store) > 0  # their facts name no story: refreshed
        assert facts_pending(store) == 0
        with store.engine.connect() as conn:
            stories = set(conn.execute(sa.select(schema.event_facts.c.story_id)).scalars())
        assert None not in stories and stories
