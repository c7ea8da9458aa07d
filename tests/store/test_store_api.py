"""The store API on SQLite and PostgreSQL: round trips, idempotency, quarantine, failures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from vocab_strategies import document_readings

from watchfloor.errors import StoreError
from watchfloor.store import Store
from watchfloor.store import store as store_api
from watchfloor.vocab import (
    Claim,
    Document,
    EntityRef,
    Event,
    Modality,
    Place,
    PlaceMention,
    Reading,
    Removed,
    Source,
    SourceKind,
    Span,
)

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "watchfloor" / "samples"
_ids = itertools.count()


def doc_and_reading(
    text: str = "Troops moved to Baghdad.", extractor: str = "x 1"
) -> tuple[Document, Reading]:
    n = next(_ids)
    digest = hashlib.sha256(f"{n}:{text}".encode("utf-8", "surrogatepass")).hexdigest()
    doc = Document(f"doc{n}", text, text, digest, title=text[:20])
    return doc, Reading(doc.id, extractor)


def event(
    text: str, word: str, kind: str, modality: Modality, date: str | None, actor: str | None
) -> Event:
    start = text.index(word)
    span = Span(start, start + len(word), word)
    return Event(
        f"e-{kind}-{date}",
        kind,
        span,
        0,
        modality,
        actor=(EntityRef(actor, word, span),) if actor else (),
        recipient=(EntityRef("iraq-gov", "Baghdad"),),
        date=date,
    )


def test_add_then_get_returns_the_same_records(store: Store) -> None:
    doc, reading = doc_and_reading()
    result = store.add(doc, reading)
    assert (result.status, result.document_id, result.new_reading) == ("new", doc.id, True)
    assert store.get(doc.id) == (doc, reading)
    assert list(store.readings()) == [(doc, reading)]
    assert list(store.documents()) == [doc]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pair=document_readings(nul=False, source=True))
def test_round_trip_of_any_records(store: Store, pair: tuple[Document, Reading]) -> None:
    doc, reading = pair
    n = next(_ids)  # one store serves every example: make each document new
    doc = dataclasses.replace(doc, id=f"{n}:{doc.id}", content_hash=f"{n:064d}")
    reading = dataclasses.replace(reading, document_id=doc.id)
    assert store.add(doc, reading).status == "new"
    assert store.get(doc.id) == (doc, reading)


def test_adding_the_same_content_again_changes_nothing(store_url: str) -> None:
    doc, reading = doc_and_reading()
    with Store.open(store_url) as store:
        first = store.add(doc, reading)
        before = store.counts()
        again = store.add(doc, reading)
        assert again.status == "duplicate" and not again.new_reading
        assert again.reading_id == first.reading_id
        assert store.counts() == before
    with Store.open(store_url) as store:  # and after reopening
        assert store.add(doc, reading).status == "duplicate"
        assert store.counts() == before
        assert store.contains(doc.content_hash)
        assert store.contains(doc.content_hash, reading.extractor)
        assert not store.contains(doc.content_hash, "another extractor")
        assert not store.contains("ff" * 32)


def test_same_content_under_another_id_is_a_duplicate(store: Store) -> None:
    doc, reading = doc_and_reading()
    store.add(doc, reading)
    other = dataclasses.replace(doc, id="renamed", origin="elsewhere.txt")
    result = store.add(other, dataclasses.replace(reading, document_id="renamed"))
    assert (result.status, result.document_id) == ("duplicate", doc.id)
    assert store.counts()["documents"] == 1


def test_an_id_taken_by_other_content_is_refused(store: Store) -> None:
    doc, reading = doc_and_reading()
    store.add(doc, reading)
    clash = dataclasses.replace(doc, text="other", raw="other", content_hash="ee" * 32)
    with pytest.raises(StoreError, match="already used by other content"):
        store.add(clash, reading)
    assert store.counts()["documents"] == 1
    assert store.get(doc.id)[0] == doc


def test_a_new_extractor_adds_a_reading_and_makes_it_current(store: Store) -> None:
    doc, old = doc_and_reading(extractor="watchfloor 0.1.0: events.v1")
    old = dataclasses.replace(
        old, events=(event(doc.text, "moved", "MOBILIZE", Modality.ASSERTED, None, "army"),)
    )
    new = Reading(doc.id, "watchfloor 0.2.0: events.v2")
    store.add(doc, old)
    assert len(store.events(event="MOBILIZE")) == 1
    result = store.add(doc, new)
    assert (result.status, result.new_reading) == ("duplicate", True)
    assert store.get(doc.id) == (doc, new)
    assert list(store.readings()) == [(doc, new)]
    counts = store.counts()
    assert (counts["documents"], counts["readings"], counts["events"]) == (1, 2, 0)
    assert store.events(event="MOBILIZE") == []  # facts of the old reading are not current
    assert store.add(doc, new).new_reading is False


def test_an_exception_during_add_leaves_earlier_documents_intact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, kept_reading = doc_and_reading("Kept document.")
    store.add(kept, kept_reading)
    doomed, doomed_reading = doc_and_reading("Doomed document.")

    def crash(*args: Any) -> Any:
        raise RuntimeError("crash after the document row was written")

    monkeypatch.setattr(store_api, "fact_rows", crash)
    with pytest.raises(RuntimeError):
        store.add(doomed, doomed_reading)
    monkeypatch.undo()
    assert store.get(kept.id) == (kept, kept_reading)
    assert not store.contains(doomed.content_hash)
    counts = store.counts()
    assert (counts["documents"], counts["readings"]) == (1, 1)
    assert store.get(doomed.id) is None
    assert store.add(doomed, doomed_reading).status == "new"  # and it can be added later


def test_a_database_error_mid_add_is_a_store_error_and_rolls_back(store: Store) -> None:
    kept, kept_reading = doc_and_reading("Kept document.")
    store.add(kept, kept_reading)
    doc, reading = doc_and_reading("Bad claim source count.")
    bad = Claim(
        "c",
        Span(0, 3, "Bad"),
        0,
        Modality.ASSERTED,
        sources=(Source("x", SourceKind.GROUP, count=2**40),),
    )
    with (
        pytest.raises(StoreError, match=doc.id)
        if "postgres" in store.engine.url.drivername
        else _no_error()
    ):
        store.add(doc, dataclasses.replace(reading, claims=(bad,)))
    if "postgres" in store.engine.url.drivername:
        assert not store.contains(doc.content_hash)
    assert store.get(kept.id) == (kept, kept_reading)


class _no_error:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


HOSTILE = [
    "Robert'); DROP TABLE documents;--",
    '"quoted" \\backslash\\ %s %(name)s ? :param $1',
    "<script>alert('x')</script> &amp; &lt;",
    "RTL \u202eoverride\u202c zero\u200bwidth e\u0301 combining",
    "emoji 🙂👩‍👩‍👧 astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "كتائب حزب الله — Kata’ib Hezbollah — کتائب",
    "CRLF\r\nand\rlone CR\tand\x0bvertical\x0cfeed\u2028line sep",
    "x" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:12])
def test_unicode_and_hostile_text_is_stored_verbatim(store: Store, text: str) -> None:
    raw = "Related Posts\n" + text
    doc = Document(
        f"h-{next(_ids)}",
        text,
        raw,
        hashlib.sha256(raw.encode()).hexdigest(),
        title=text[:50],
        outlet=text[:10],
        url="https://example.org/?q=" + text[:20],
        removed=(Removed(0, 14, "Related Posts\n", "related_links"),),
        origin=text[:30],
    )
    span = Span(0, min(len(text), 25), text[:25])
    reading = Reading(
        doc.id,
        "x " + text[:10],
        claims=(
            Claim(
                "c1", span, 0, Modality.SPECULATED, sources=(Source(text[:7], SourceKind.MEDIA),)
            ),
        ),
    )
    store.add(doc, reading)
    assert store.get(doc.id) == (doc, reading)


def test_nul_and_lone_surrogates_are_refused_alike_everywhere(store: Store) -> None:
    for bad in ("before\x00after", "lone \ud800 surrogate"):
        doc, reading = doc_and_reading(bad)
        with pytest.raises(StoreError, match=doc.id):
            store.add(doc, reading)
        assert not store.contains(doc.content_hash)
    doc, reading = doc_and_reading("a literal \\u0000 in text is fine")
    assert store.add(doc, reading).status == "new"


def test_an_origin_that_is_not_text_is_escaped(store: Store) -> None:
    doc, reading = doc_and_reading()
    doc = dataclasses.replace(doc, origin="/in/caf\udce9.txt")  # os.fsdecode of latin-1 bytes
    store.add(doc, reading)
    assert store.get(doc.id)[0].origin == "/in/caf\\udce9.txt"


def test_quarantine_keeps_failed_inputs_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\xff\xfe not utf-8 \x00"
    first = store.quarantine("batch.jsonl:3", data, "not valid utf-8 (byte 0xff at offset 0)")
    assert (
        store.quarantine("batch.jsonl:3", data, "not valid utf-8 (byte 0xff at offset 0)") == first
    )
    store.quarantine("empty.txt", None, "empty input")
    monkeypatch.setattr(store_api, "QUARANTINE_MAX_BYTES", 8)
    store.quarantine("big.txt", b"0123456789abcdef", "too big")
    entries = store.quarantined()
    assert [e.origin for e in entries] == ["batch.jsonl:3", "empty.txt", "big.txt"]
    assert entries[0].data == data and entries[0].content_hash == hashlib.sha256(data).hexdigest()
    assert entries[1].data is None and entries[1].content_hash is None
    assert (entries[2].data, entries[2].size, entries[2].truncated) == (b"01234567", 16, True)
    assert store.counts()["quarantined"] == 3
    assert store.counts()["documents"] == 0


def test_quarantine_labels_with_nul_are_kept_readable(store: Store) -> None:
    store.quarantine("odd\x00name", b"x", "error with \x00 inside")
    entry = store.quarantined()[0]
    assert entry.origin == "odd\\x00name" and "\\x00" in entry.error


def test_events_query_filters(store: Store) -> None:
    doc, reading = doc_and_reading("Troops moved; Baghdad denied; rockets struck.")
    t = doc.text
    loc = PlaceMention("baghdad", Span(14, 21, "Baghdad"), 0)
    evs = (
        dataclasses.replace(
            event(t, "moved", "MOBILIZE", Modality.ASSERTED, "2019-03-06", "kh"), event_loc=loc
        ),
        event(t, "denied", "REJECT", Modality.DENIED, "2019-03-04/2019-03-08", "iraq-gov"),
        event(t, "struck", "ASSAULT", Modality.SPECULATED, None, "kh"),
        event(t, "rockets", "ASSAULT", Modality.REPORTED, "2019-W12", None),
    )
    reading = dataclasses.replace(
        reading, events=evs, places=(Place("baghdad", "Baghdad", "IRQ", 33.3, 44.4, "city"),)
    )
    store.add(doc, reading)

    def kinds(**kw: Any) -> list[str]:
        hits = store.events(**kw)
        assert all(h.document_id == doc.id for h in hits)
        return [h.event.event for h in hits]

    assert kinds() == ["MOBILIZE", "REJECT", "ASSAULT", "ASSAULT"]
    assert kinds(event="ASSAULT") == ["ASSAULT", "ASSAULT"]
    assert kinds(modality=Modality.DENIED) == ["REJECT"]
    assert kinds(modality="speculated") == ["ASSAULT"]
    assert kinds(actor="kh") == ["MOBILIZE", "ASSAULT"]
    assert kinds(actor="iraq-gov") == [
        "MOBILIZE",
        "REJECT",
        "ASSAULT",
        "ASSAULT",
    ]  # as recipient too
    assert kinds(since=dt.date(2019, 3, 7)) == ["REJECT", "ASSAULT"]
    assert kinds(until=dt.date(2019, 3, 5)) == ["REJECT"]
    assert kinds(since=dt.date(2019, 3, 6), until=dt.date(2019, 3, 6)) == ["MOBILIZE", "REJECT"]
    assert kinds(actor="kh", since=dt.date(2019, 1, 1)) == ["MOBILIZE"]
    assert kinds(limit=1) == ["MOBILIZE"]
    assert store.events(event="MOBILIZE")[0].event == evs[0]


def test_counts_are_of_current_readings(store: Store) -> None:
    doc, reading = doc_and_reading("Troops moved to Baghdad.")
    span = Span(0, 6, "Troops")
    reading = dataclasses.replace(
        reading,
        claims=(Claim("c", span, 0, Modality.ASSERTED, sources=(Source("X", SourceKind.OUTLET),)),),
        events=(event(doc.text, "moved", "MOBILIZE", Modality.ASSERTED, None, None),) * 2,
    )
    store.add(doc, reading)
    store.quarantine("f", b"x", "e")
    assert store.counts() == {
        "documents": 1,
        "readings": 1,
        "quarantined": 1,
        "actor_mentions": 0,
        "place_mentions": 0,
        "times": 0,
        "claims": 1,
        "events": 2,
        "publications": 1,
        "copies": 0,
        "sources": 0,
    }


def test_readings_iterate_in_batches_in_storage_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_api, "READ_BATCH", 2)
    pairs = [doc_and_reading(f"Document number {i}.") for i in range(5)]
    for doc, reading in pairs:
        store.add(doc, reading)
    assert list(store.readings()) == pairs
    assert list(store.documents()) == [d for d, _ in pairs]


def test_get_of_an_unknown_document_is_none(store: Store) -> None:
    assert store.get("nope") is None


def test_seed_articles_round_trip_through_the_store(store: Store, nlp: Any) -> None:
    from watchfloor.extract.sentences import find
    from watchfloor.ingest.files import read_text_file

    for path in sorted(SAMPLES.glob("*.txt")):
        doc = read_text_file(path)
        parsed = nlp(doc.text)
        sents = find(parsed)
        index = {tok.i: n for n, s in enumerate(parsed.sents) for tok in s}
        claims = tuple(
            Claim(
                f"c{n}", Span(e.start_char, e.end_char, e.text), index[e.start], Modality.REPORTED
            )
            for n, e in enumerate(parsed.ents)
        )
        reading = Reading(doc.id, "test: spacy", sentences=sents, claims=claims)
        assert store.add(doc, reading).status == "new"
        assert store.get(doc.id) == (doc, reading)
        assert store.add(doc, reading).status == "duplicate"
    assert store.counts()["documents"] == 2


def test_two_writers_adding_the_same_content_store_it_once(store_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pairs = [doc_and_reading(f"Shared document {i}.") for i in range(6)]
    with Store.open(store_url) as a, Store.open(store_url) as b:

        def run(store: Store) -> list[str]:
            return [store.add(doc, reading).status for doc, reading in pairs]

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(run, (a, b)))
        for i in range(len(pairs)):
            assert sorted(r[i] for r in results) == ["duplicate", "new"]
        assert a.counts()["documents"] == len(pairs)
