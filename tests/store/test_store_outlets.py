"""The outlets' history: the store counts each outlet's read articles and their states
(``store.outlets``), once per document, and ingest reads an article with the state of
its outlet's other stored articles, as the store held them when the run began."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from watchfloor.extract.places import context
from watchfloor.extract.places.context import OutletCounts
from watchfloor.flow.outlets import reading_states, states_with
from watchfloor.ingest.files import document_from_record
from watchfloor.knowledge.gazetteer import load_gazetteer
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.vocab import Document, PlaceMention, Reading, Span

TEXAS, OHIO = 4736286, 5165418
FORT_WORTH, ARLINGTON, DENTON, COLUMBUS = 4691930, 4671240, 4685907, 4509177
MANSFIELD_TEXAS = 4709013
HOST = "https://www.star-telegram.com/news/local/"

# Three articles of one Fort Worth paper about Texas towns, and one naming only
# "Mansfield" (the England town alone; the paper's Mansfield, Texas, by its outlet).
TEXAS_ARTICLES = [
    "Chase ends in crash\n\nPolice in Arlington arrested a man Tuesday after a chase"
    " that ended in Fort Worth, officials said.",
    "Schools close early\n\nGrapevine and Keller schools will close early Friday as"
    " storms move across Tarrant County.",
    "Warehouse fire\n\nA fire destroyed a warehouse in Denton on Sunday; firefighters"
    " from Lewisville helped put it out.",
]
MANSFIELD = (
    "Break-in at hardware store\n\nPolice in Mansfield arrested two men Saturday after a"
    " break-in at a hardware store, officials said. The owner said the town had not seen"
    " such a crime in years."
)


def doc(n: int, text: str | None = None, url: str | None = None) -> Document:
    record = {"id": f"d{n}", "text": text or f"Story {n}\n\nA story numbered {n}.", "url": url}
    return document_from_record({k: v for k, v in record.items() if v is not None}, "test")


def reading_of(document: Document, *gids: int, extractor: str = "x 1") -> Reading:
    mentions = tuple(PlaceMention(f"geonames:{g}", Span(0, 1, document.text[:1]), 0) for g in gids)
    return Reading(document_id=document.id, extractor=extractor, place_mentions=mentions)


def add(store: Store, document: Document, reading: Reading) -> Any:
    """``store.add`` with the reading's article states, as ``flow`` stores it."""
    return store.add(document, reading, reading_states(reading))


def counts(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        outlets = {r.outlet: r.articles for r in conn.execute(t.outlets.select())}
        states = {
            (r.outlet, r.state): r.articles for r in conn.execute(t.outlet_state_counts.select())
        }
    return {"outlets": outlets, "states": states}


def test_the_rule_is_one_for_a_history_and_for_counts() -> None:
    history = [frozenset({TEXAS}), frozenset({TEXAS, OHIO}), frozenset()]
    assert context.outlet_state(history) == TEXAS
    assert OutletCounts(3, {TEXAS: 2, OHIO: 1}).state() == TEXAS
    assert OutletCounts(5, {TEXAS: 2}).state() is None  # under half of the articles
    assert OutletCounts(2, {TEXAS: 1}).state() is None  # under OUTLET_STATE_MIN
    assert OutletCounts(4, {TEXAS: 2, OHIO: 2}).state() is None  # a tie
    assert OutletCounts(3, {TEXAS: 2, OHIO: 1}).without(frozenset({TEXAS})).state() is None


def test_the_store_counts_each_document_once_under_its_outlet(store: Store) -> None:
    a = doc(1, url=HOST + "1")
    add(store, a, reading_of(a, FORT_WORTH, ARLINGTON))
    b = doc(2, url="https://star-telegram.com/news/2")  # "www." or not: one outlet
    add(store, b, reading_of(b, COLUMBUS))
    assert store.outlet_states() == {}  # a state each: none yet clear
    c = doc(3, url=HOST + "3")
    add(store, c, reading_of(c, TEXAS, DENTON, COLUMBUS))
    key = "star-telegram.com"
    want = {"outlets": {key: 3}, "states": {(key, TEXAS): 2, (key, OHIO): 1}}
    assert counts(store) == want
    assert store.outlet_states() == {key: TEXAS}
    assert store.outlet_counts() == {key: OutletCounts(3, {TEXAS: 2, OHIO: 1})}
    # the same document again, and the same text published by another outlet: nothing
    add(store, a, reading_of(a, FORT_WORTH, ARLINGTON))
    elsewhere = dataclasses.replace(a, url="https://dallasnews.com/a", origin="other")
    assert add(store, elsewhere, reading_of(a, COLUMBUS)).new_publication
    assert counts(store) == want
    assert store.outlet_article(a.content_hash) == (key, frozenset({TEXAS}))


def test_a_new_reading_replaces_what_the_old_one_counted(store: Store) -> None:
    key = "star-telegram.com"
    docs = [doc(n, url=f"{HOST}{n}") for n in range(3)]
    for d in docs:
        add(store, d, reading_of(d, FORT_WORTH))
    assert store.outlet_states() == {key: TEXAS}
    for d in docs[:2]:  # a newer extractor reads two of them as Ohio's
        assert add(store, d, reading_of(d, COLUMBUS, extractor="x 2")).new_reading
    assert counts(store) == {
        "outlets": {key: 3},
        "states": {(key, TEXAS): 1, (key, OHIO): 2},
    }
    assert store.outlet_states() == {key: OHIO}
    # readings that say nothing, or were not read, and documents without a URL
    for d in docs:
        add(store, d, Reading(document_id=d.id, extractor="x 3"))
    nourl = doc(9)
    add(store, nourl, reading_of(nourl, FORT_WORTH))
    broken = doc(11, url="http://[star-telegram.com")  # does not parse: no outlet
    add(store, broken, reading_of(broken, FORT_WORTH))
    other = doc(10, url="https://example.org/x")
    add(store, other, dataclasses.replace(reading_of(other, FORT_WORTH), note="not read"))
    assert counts(store) == {"outlets": {key: 3}, "states": {}}
    assert store.outlet_states() == {}


def test_documents_stored_before_the_counts_are_caught_up(store: Store) -> None:
    docs = [doc(n, url=f"{HOST}{n}") for n in range(3)]
    for d in docs:
        add(store, d, reading_of(d, ARLINGTON, MANSFIELD_TEXAS))
    want = counts(store)
    with store.engine.begin() as conn:  # as a store migrated from 0008 holds them
        for table in (t.outlet_articles, t.outlets, t.outlet_state_counts):
            conn.execute(table.delete())
    assert store.outlet_states() == {}
    assert store.count_outlets(states_with(load_gazetteer())) == 3
    assert counts(store) == want
    assert store.count_outlets(states_with(load_gazetteer())) == 0
    # caught up once: later runs read the store's mark, not every reading
    with store.engine.begin() as conn:
        conn.execute(t.outlet_articles.delete())
    assert store.count_outlets(states_with(load_gazetteer())) == 0


def test_the_store_never_loads_the_gazetteer(store: Store, monkeypatch: Any) -> None:
    """The caller works the article states out (flow, with its gazetteer); a reading
    added without them that needs the gazetteer is left to the catch-up, which takes
    its states from the caller too."""
    from watchfloor.knowledge import gazetteer

    gaz = load_gazetteer()

    def refused(*_: Any, **__: Any) -> Any:
        raise AssertionError("the store loaded the gazetteer")

    monkeypatch.setattr(gazetteer, "load_gazetteer", refused)
    key = "star-telegram.com"
    docs = [doc(n, url=f"{HOST}{n}") for n in range(3)]
    for d in docs[:2]:
        store.add(d, reading_of(d, FORT_WORTH), reading_states(reading_of(d, FORT_WORTH), gaz))
    store.add(docs[2], reading_of(docs[2], FORT_WORTH))  # no states: left to the catch-up
    assert counts(store) == {"outlets": {key: 2}, "states": {(key, TEXAS): 2}}
    assert store.count_outlets(states_with(gaz)) == 1
    assert counts(store) == {"outlets": {key: 3}, "states": {(key, TEXAS): 3}}
    assert store.count_outlets(states_with(gaz)) == 0  # caught up again
    # a new reading without states takes back what the old one counted, until caught up
    assert store.add(docs[0], reading_of(docs[0], COLUMBUS, extractor="x 2")).new_reading
    assert counts(store) == {"outlets": {key: 2}, "states": {(key, TEXAS): 2}}
    assert store.count_outlets(states_with(gaz)) == 1
    assert counts(store) == {"outlets": {key: 3}, "states": {(key, TEXAS): 2, (key, OHIO): 1}}
    # a reading with no GeoNames place, or not read, needs no states to be counted
    other = doc(7, url="https://example.org/7")
    store.add(other, Reading(document_id=other.id, extractor="x 1"))
    assert counts(store)["outlets"]["example.org"] == 1
    assert store.count_outlets(states_with(gaz)) == 0


# ------------------------------------------------------------------ ingest


def batch(path: Path, items: list[tuple[str, str]]) -> str:
    lines = [{"id": i, "text": text, "url": HOST + i} for i, text in items]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return str(path)


def mansfield_state(store: Store, document_id: str = "mansfield") -> Any:
    found = store.get(document_id)
    assert found is not None
    _, reading = found
    (m,) = [m for m in reading.place_mentions if m.span.text == "Mansfield"]
    return next(p for p in reading.places if p.id == m.place_id).admin1


def test_ingest_reads_an_article_with_its_outlets_state(
    store: Store, tmp_path: Path, resources: Any
) -> None:
    from watchfloor.flow import Inputs, ingest

    texas = batch(tmp_path / "texas.jsonl", [(f"t{n}", x) for n, x in enumerate(TEXAS_ARTICLES)])
    ingest(store, Inputs((texas,)), resources)
    assert store.outlet_states() == {"star-telegram.com": TEXAS}
    before = counts(store)
    ingest(store, Inputs((texas,)), resources)  # the same documents again: counted once
    assert counts(store) == before
    mansfield = batch(tmp_path / "m.jsonl", [("mansfield", MANSFIELD)])
    ingest(store, Inputs((mansfield,)), resources)
    assert mansfield_state(store) == "Texas"

    with Store.open(str(tmp_path / "empty.db")) as empty:  # no history: the England town
        ingest(empty, Inputs((mansfield,)), resources)
        assert mansfield_state(empty) != "Texas"


def test_ingest_looks_up_a_batchs_own_counts_in_one_query(
    store: Store, tmp_path: Path, resources: Any, monkeypatch: Any
) -> None:
    """What the documents of a known outlet counted themselves (a re-read leaves its own
    earlier reading out) is asked once per batch, not once per document."""
    from watchfloor.extract.pipeline import PIPE_BATCH
    from watchfloor.flow import Inputs, ingest

    texas = batch(tmp_path / "texas.jsonl", [(f"t{n}", x) for n, x in enumerate(TEXAS_ARTICLES)])
    ingest(store, Inputs((texas,)), resources)
    hashes = [d.content_hash for d, _ in store.readings()]
    got = store.outlet_articles([*hashes, "no-such-text"])
    assert got == {h: store.outlet_article(h) for h in hashes}
    assert all(v[0] == "star-telegram.com" for v in got.values())

    asked: list[int] = []
    cls = type(store)
    one_query = cls.outlet_articles

    def counted(self: Store, content_hashes: Any) -> Any:
        wanted = list(content_hashes)
        asked.append(len(wanted))
        return one_query(self, wanted)

    def per_document(*_: Any) -> Any:
        raise AssertionError("a lookup per document")

    monkeypatch.setattr(cls, "outlet_articles", counted)
    monkeypatch.setattr(cls, "outlet_article", per_document)
    items = [("mansfield", MANSFIELD)]
    items += [(f"n{n}", f"{TEXAS_ARTICLES[n % 3]} Day {n}.") for n in range(PIPE_BATCH + 3)]
    ingest(store, Inputs((batch(tmp_path / "run.jsonl", items),)), resources)
    assert asked == [PIPE_BATCH, 4]  # two batches of the run's documents, one query each
    assert mansfield_state(store) == "Texas"


@pytest.mark.parametrize("workers", [2])
def test_ingest_with_workers_reads_with_the_snapshot_of_one_process(
    store_url: str, tmp_path: Path, resources: Any, workers: int
) -> None:
    """Documents of one outlet stored during a run count for the next run only, so
    forked workers (tasks of several documents) store what one process stores."""
    from watchfloor.flow import Inputs, ingest
    from watchfloor.flow.parallel import CHUNK

    texas = batch(tmp_path / "texas.jsonl", [(f"t{n}", x) for n, x in enumerate(TEXAS_ARTICLES)])
    items = [("mansfield", MANSFIELD)]
    items += [(f"n{n}", f"{TEXAS_ARTICLES[n % 3]} Day {n}.") for n in range(2 * CHUNK + 1)]
    run = batch(tmp_path / "run.jsonl", items)
    stored = []
    for n, url in ((1, str(tmp_path / "one.db")), (workers, store_url)):
        with Store.open(url) as store:
            ingest(store, Inputs((texas,)), resources)
            ingest(store, Inputs((run,)), resources, workers=n)
            assert mansfield_state(store) == "Texas"
            pairs = [
                (d.id, json.dumps([dataclasses.asdict(m) for m in r.place_mentions]))
                for d, r in store.readings()
            ]
            stored.append((sorted(pairs), counts(store), store.outlet_states()))
    assert stored[0] == stored[1]


def test_what_a_run_stores_counts_for_the_next_run(
    store: Store, tmp_path: Path, resources: Any
) -> None:
    """The outlet's state is the store's at the start of the run: 33 Ohio articles
    ingested before "Mansfield" in the same run leave it Texas's; the next run's
    Mansfield is Ohio's."""
    from watchfloor.extract.pipeline import PIPE_BATCH
    from watchfloor.flow import Inputs, ingest

    texas = batch(tmp_path / "texas.jsonl", [(f"t{n}", x) for n, x in enumerate(TEXAS_ARTICLES)])
    ingest(store, Inputs((texas,)), resources)
    ohio = [
        (f"o{n}", f"Storm damage\n\nA storm damaged homes in Dayton and Toledo, Ohio, on day {n}.")
        for n in range(PIPE_BATCH + 1)
    ]
    run = batch(tmp_path / "run.jsonl", [*ohio, ("mansfield", MANSFIELD)])
    ingest(store, Inputs((run,)), resources)
    assert mansfield_state(store) == "Texas"
    assert store.outlet_states() == {"star-telegram.com": OHIO}
    again = batch(tmp_path / "again.jsonl", [("mansfield2", MANSFIELD + " Police said more.")])
    ingest(store, Inputs((again,)), resources)
    assert mansfield_state(store, "mansfield2") == "Ohio"


def test_places_command_takes_the_outlets_state_from_a_store(
    tmp_path: Path, resources: Any
) -> None:
    from click.testing import CliRunner

    from watchfloor.cli import main
    from watchfloor.flow import Inputs, ingest

    db = str(tmp_path / "w.db")
    texas = batch(tmp_path / "texas.jsonl", [(f"t{n}", x) for n, x in enumerate(TEXAS_ARTICLES)])
    with Store.open(db) as store:
        ingest(store, Inputs((texas,)), resources)
    args = ["places", MANSFIELD, "--url", HOST + "m", "--json"]
    runner = CliRunner()
    alone, with_db = (
        json.loads(runner.invoke(main, args + extra, catch_exceptions=False).output)
        for extra in ([], ["--db", db])
    )
    assert alone["outlet_state"] is None
    assert with_db["outlet_state"] == {"geonameid": TEXAS, "name": "Texas"}
    (m0,) = [m for m in alone["toponyms"] if m["text"] == "Mansfield"]
    (m1,) = [m for m in with_db["toponyms"] if m["text"] == "Mansfield"]
    assert m0["place_id"] != f"geonames:{MANSFIELD_TEXAS}" and not m0["outlet_state_decided"]
    assert m1["place_id"] == f"geonames:{MANSFIELD_TEXAS}" and m1["outlet_state_decided"]
    text = runner.invoke(main, ["places", MANSFIELD, "--url", HOST + "m", "--db", db]).output
    assert "outlet's state: Texas (4736286), from the store's articles of star-telegram.com" in text
    assert "decided by the outlet's state" in text
    refused = runner.invoke(main, ["places", MANSFIELD, "--db", db])
    assert refused.exit_code != 0 and "--db needs --url" in refused.output
