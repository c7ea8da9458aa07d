"""Replication in SQL (watchfloor.store.replicate) on PostgreSQL: a store of real readings
grown four-fold holds four times every row, with ids, stories and words of each copy's
own, and behaves as a store filled by ``Store.add``: a new document links, the API
counts every copy, search finds each copy by its words, spans stay honest."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from test_store_view_counts import assert_counts_are_the_aggregates

import watchfloor
from test_picture import DENIAL, LOCAL, RELAY, WIRE
from watchfloor.errors import StoreError
from watchfloor.link.stories import STOPWORDS
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.store.replicate import TERMS_TABLE, replicate
from watchfloor.views.web import create_app

pytestmark = pytest.mark.postgres

LONG = WIRE + (
    " The attackers arrived in two cars shortly after dawn and opened fire on the guards"
    " before fleeing toward the southern outskirts of the city, witnesses said. Security"
    " forces sealed off the district and began searching houses. Hospital officials said"
    " three wounded policemen were in critical condition. No group has claimed"
    " responsibility for the attack, which came a week after a bombing at a market."
)
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
    (LONG + " It was the third attack this month.", "Relay Daily", "2019-03-04"),
    (LONG + " It was the third attack in March.", "Wire Service", "2019-03-04"),  # a near copy
    (WIRE + " Police later arrested two suspects.", "Kurd News", "2019-03-06"),
)
BASE = len(TEXTS) - 1  # the last is added after the growth
PER_DOCUMENT = (
    t.documents,
    t.readings,
    t.publications,
    *t.FACT_TABLES,
    t.copies,
    t.signatures,
    t.signature_bands,
    t.stories,
    t.story_documents,
    t.story_keys,
    t.event_facts,
    t.claim_facts,
)


@pytest.fixture(scope="module")
def pairs(resources: Any) -> list[Any]:
    return [
        watchfloor.read(
            text,
            id=f"d{i}" if i < BASE else "later",
            dct=day,
            outlet=outlet,
            url=f"https://{outlet.replace(' ', '').lower()}.example/{i}",
            resources=resources,
        )
        for i, (text, outlet, day) in enumerate(TEXTS)
    ]


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in PER_DOCUMENT
        }


def rows(store: Store, sql: str, **params: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params).all())


def test_a_store_grown_four_fold_is_four_stores_of_their_own(
    pg_url: str, pairs: list[Any], resources: Any
) -> None:
    with Store.open(pg_url) as store:
        for doc, reading in pairs[:BASE]:
            store.add(doc, reading)
        before = counts(store)
        base_stories = {r.story_id for r in rows(store, "SELECT story_id FROM story_documents")}
        base_df = dict(rows(store, "SELECT term, df FROM term_df"))
        made = replicate(store, 3)
        assert [k for k, _ in made] == [1, 2, 3]
        after = counts(store)
        assert all(n > 0 for n in before.values()), sorted(before.items())
        assert after == {name: 4 * n for name, n in before.items()}
        # resumable: the copies are there, nothing is made again
        assert replicate(store, 3) == [] and counts(store) == after

        # ids: documents numbered on, readings offset; every copy's story is its own
        ids = [r.id for r in rows(store, "SELECT id FROM documents ORDER BY id")]
        assert len(set(ids)) == 4 * BASE and {f"d{n}" for n in range(4 * BASE)} == set(ids)
        members = rows(
            store, "SELECT sd.document_id, sd.story_id FROM story_documents sd ORDER BY 1"
        )
        copy_of = {r.document_id: int(r.document_id[1:]) // BASE for r in members}
        story_copies: dict[str, set[int]] = {}
        for r in members:
            story_copies.setdefault(r.story_id, set()).add(copy_of[r.document_id])
        assert all(len(v) == 1 for v in story_copies.values()), story_copies
        assert {s for s, v in story_copies.items() if v == {0}} == base_stories
        assert len(story_copies) == 4 * len(base_stories)
        # references that no foreign key guards: story ids, merged events, copy links
        assert not rows(
            store,
            "SELECT 1 FROM event_facts f LEFT JOIN stories s ON s.id = f.story_id"
            " WHERE f.story_id IS NOT NULL AND s.id IS NULL",
        )
        assert not rows(
            store,
            "SELECT 1 FROM event_facts WHERE merged_event IS NOT NULL AND"
            " split_part(merged_event, '#', 1) NOT IN (SELECT id FROM documents)",
        )
        assert not rows(
            store,
            "SELECT 1 FROM copies WHERE substr(document_id, 2)::int / :n"
            " <> substr(copy_of, 2)::int / :n",
            n=BASE,
        )
        # what the views count holds every copy's readings (store.view_counts)
        assert_counts_are_the_aggregates(store)
        counter = rows(store, "SELECT value FROM link_counters WHERE name = 'documents'")
        assert counter[0].value == 4 * BASE
        seqs = [r.seq for r in rows(store, "SELECT seq FROM story_documents")]
        assert len(set(seqs)) == 4 * BASE and max(seqs) == 4 * BASE

        # every copy's reading is a reading of its text: spans cut from it, its own id
        for doc_id in ("d7", "d13", "d23"):
            got = store.get(doc_id)
            assert got is not None
            document, reading = got
            base_doc, _ = store.get(f"d{int(doc_id[1:]) % BASE}") or (None, None)
            assert base_doc is not None and document.text != base_doc.text
            assert len(document.text) == len(base_doc.text)
            assert reading.document_id == doc_id and reading.events
            spans = [e.trigger for e in reading.events] + [c.span for c in reading.claims]
            spans += [m.span for m in reading.actor_mentions + reading.place_mentions]
            assert all(document.text[s.start : s.end] == s.text for s in spans)
            (contract,) = rows(
                store, "SELECT contract FROM readings WHERE document_id = :d", d=doc_id
            )
            head = json.loads(contract.contract)
            assert head["id"] == doc_id and head["content_hash"] == document.content_hash
            ring, k = sorted({o for _, o, _ in TEXTS[:BASE]}), int(doc_id[1:]) // BASE
            assert base_doc.outlet is not None and head["outlet"] == document.outlet
            assert document.outlet == ring[(ring.index(base_doc.outlet) + k) % len(ring)]
            assert document.dct.date is not None and base_doc.dct.date is not None
            assert document.dct.date.year == base_doc.dct.date.year - k

        # term_df: each copy counts its own words with the base's frequencies
        new_df = dict(rows(store, "SELECT term, df FROM term_df"))
        assert len(new_df) == 4 * len(base_df) and sorted(new_df.values()) == sorted(
            4 * list(base_df.values())
        )
        assert rows(store, f"SELECT count(*) AS n FROM {TERMS_TABLE}")[0].n == len(base_df)

        # search: the base's words find the base, a copy's words find the copy
        base_hits = {h.document_id for h in store.search(["Kirkuk"], limit=50)}
        assert base_hits == {"d0", "d1", "d2", "d3", "d5", "d6"}
        copy_word = json.loads(
            rows(store, "SELECT contract FROM readings WHERE document_id = :d", d=f"d{2 * BASE}")[
                0
            ].contract
        )["text"][len("Gunmen attack police in ") :].split()[0]
        assert copy_word != "Kirkuk" and len(copy_word) == len("Kirkuk")
        found = {h.document_id for h in store.search([copy_word], limit=50)}
        assert found == {f"d{2 * BASE + n}" for n in (0, 1, 2, 3, 5, 6)}

        # a new document links as in a store filled by Store.add: into the base's story
        doc, reading = pairs[-1]
        result = store.add(doc, reading)
        joined = result.links["stories"]["story_id"]
        wire_story = rows(store, "SELECT story_id FROM story_documents WHERE document_id='d0'")
        assert joined == wire_story[0].story_id
        new_seq = rows(store, "SELECT seq FROM story_documents WHERE document_id = :d", d=doc.id)
        assert new_seq[0].seq == 4 * BASE + 1

    # the API counts every copy
    with TestClient(create_app(pg_url), base_url="http://127.0.0.1") as client:
        body = client.get("/api/events?limit=5").json()
        assert body["total"] == 4 * before["events"] + len(pairs[-1][1].events)


def test_shared_words_stay_the_same_in_every_copy(pg_url: str, pairs: list[Any]) -> None:
    with Store.open(pg_url) as store:
        for doc, reading in pairs[:BASE]:
            store.add(doc, reading)
        kirkuk = rows(store, "SELECT df FROM term_df WHERE term = 'kirkuk'")[0].df
        replicate(store, 2, shared_df=5, shared_words=STOPWORDS)
        # "kirkuk" is in six documents: shared, counted in every copy, found in each
        assert rows(store, "SELECT df FROM term_df WHERE term = 'kirkuk'")[0].df == 3 * kirkuk
        assert len(store.search(["Kirkuk"], limit=50)) == 3 * kirkuk
        # "dhaka" is in one: every copy spells it its own way
        assert rows(store, "SELECT df FROM term_df WHERE term = 'dhaka'")[0].df == 1
        assert len(store.search(["Dhaka"], limit=50)) == 1
        with pytest.raises(StoreError, match="shared_df=5"):
            replicate(store, 3, shared_df=3, shared_words=STOPWORDS)


def test_a_document_without_a_word_of_its_own_is_refused(pg_url: str, pairs: list[Any]) -> None:
    with Store.open(pg_url) as store:
        for doc, reading in pairs[:BASE]:
            store.add(doc, reading)
        before = counts(store)
        with pytest.raises(StoreError, match="no word of its own"):
            replicate(
                store, 1, shared_df=3, shared_words=STOPWORDS
            )  # every word of d0 is in three documents
        assert counts(store) == before


def test_replication_is_refused_on_sqlite(tmp_path: Any, pairs: list[Any]) -> None:
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add(*pairs[0])
        with pytest.raises(StoreError, match="PostgreSQL"):
            replicate(store, 1)


def _dump(store: Store) -> dict[str, Any]:
    """What a grown store holds, independent of the order the copies were made in."""
    return {
        "counts": counts(store),
        "documents": rows(
            store, "SELECT id, content_hash, outlet, dct_date FROM documents ORDER BY id"
        ),
        "readings": rows(store, "SELECT id, document_id FROM readings ORDER BY id"),
        "members": rows(
            store, "SELECT document_id, story_id, seq FROM story_documents ORDER BY document_id"
        ),
        "term_df": rows(store, "SELECT term, df FROM term_df ORDER BY term"),
        "events": rows(
            store,
            "SELECT reading_id, idx, story_id, merged_event FROM event_facts ORDER BY 1, 2",
        ),
        "counters": rows(store, "SELECT name, value FROM link_counters ORDER BY name"),
        "view_counts": [
            rows(store, f"SELECT * FROM {table} ORDER BY 1, 2")
            for table in ("event_day_counts", "actor_counts", "place_counts")
        ],
        "sequences": rows(
            store,
            "SELECT (SELECT last_value FROM pg_sequences WHERE sequencename = 'readings_id_seq'"
            " AND schemaname = current_schema()),"
            " (SELECT last_value FROM pg_sequences WHERE sequencename = 'publications_id_seq'"
            " AND schemaname = current_schema())",
        ),
    }


def test_two_processes_growing_at_once_make_the_store_one_makes(
    pg_url: str, pg_url_b: str, pairs: list[Any]
) -> None:
    import threading

    with Store.open(pg_url) as one, Store.open(pg_url_b) as two:
        for store in (one, two):
            for doc, reading in pairs[:BASE]:
                store.add(doc, reading)
        replicate(one, 5, shared_df=5, shared_words=STOPWORDS)
        made: dict[int, list[int]] = {}
        errors: list[BaseException] = []

        def grow(i: int) -> None:
            try:
                with Store.open(pg_url_b) as own:  # an engine and connections of its own
                    got = replicate(own, 5, shared_df=5, shared_words=STOPWORDS, part=(i, 2))
                    made[i] = [k for k, _ in got]
            except BaseException as e:  # reported below, not lost in the thread
                errors.append(e)

        threads = [threading.Thread(target=grow, args=(i,)) for i in (0, 1)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors, errors
        assert made == {0: [1, 3, 5], 1: [2, 4]}
        assert _dump(two) == _dump(one)
        assert_counts_are_the_aggregates(two)  # no count lost between the two growers
        # the next document still gets an id above every copy's
        one.add(*pairs[-1])
        two.add(*pairs[-1])
        assert _dump(two) == _dump(one)
        with pytest.raises(StoreError, match="part 2 of 2"):
            replicate(two, 5, part=(2, 2))


def _indexes(store: Store) -> list[Any]:
    return rows(
        store,
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " ORDER BY indexname",
    )


def test_indexes_deferred_for_a_growth_are_built_again_the_same(
    pg_url: str, pairs: list[Any]
) -> None:
    from watchfloor.store import deferred_indexes

    with Store.open(pg_url) as store:
        for doc, reading in pairs[:BASE]:
            store.add(doc, reading)
        before = _indexes(store)
        dropped = deferred_indexes.defer(store.engine)
        names = {r.indexname for r in _indexes(store)}
        assert "ix_documents_search" in dropped and "ix_events_date_start" in dropped
        assert not names & set(dropped)
        # what the copies join on and what keeps rows unique stays
        assert {"ix_signature_bands_document_id", "ix_copies_copy_of", "pk_term_df"} <= names
        assert deferred_indexes.deferred(store.engine) == sorted(dropped)
        replicate(store, 2, shared_df=5, shared_words=STOPWORDS)
        assert len(store.search(["Kirkuk"], limit=50)) > 0  # slower, never wrong
        built = deferred_indexes.restore(store.engine)
        assert sorted(n for n, _ in built) == sorted(dropped)
        assert _indexes(store) == before
        assert (
            deferred_indexes.deferred(store.engine) == []
            and deferred_indexes.restore(store.engine) == []
        )
        store.add(*pairs[-1])


def test_deferring_indexes_is_refused_on_sqlite(tmp_path: Any) -> None:
    from watchfloor.store import deferred_indexes

    with Store.open(str(tmp_path / "s.db")) as store, pytest.raises(StoreError, match="PostgreSQL"):
        deferred_indexes.defer(store.engine)
