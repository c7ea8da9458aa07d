"""Syndication on SQLite and PostgreSQL: exact duplicates, near-duplicate copies, publications,
original bytes stored once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import sqlite3
from pathlib import Path

import pytest

from watchfloor.ingest.files import document_from_record
from watchfloor.link import duplicates
from watchfloor.store import Copy, Store
from watchfloor.store.link_tables import CopyTables
from watchfloor.vocab import Dct, Document, Reading

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "watchfloor" / "samples"
SEED0, SEED1 = (p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
BODY0 = SEED0.split("\n", 2)[2]  # the first seed without its headline
_ids = itertools.count()

# Three outlets running one wire story, each with its own chrome and headline.
REPRINTS = [
    (
        "Iraq Daily",
        "Home > World > Middle East\n\nUS forces declare state of alert in Iraq\n\n"
        + BODY0
        + "\n\nShare on Facebook\nSubscribe to our newsletter",
    ),
    (
        "Gulf Wire",
        "Scroll Top\n\nUS troops on alert as reinforcements reach Iraq, report says\n\n"
        + BODY0
        + "\n\nRelated articles\nAll rights reserved",
    ),
    (
        "Levant Monitor",
        "US military reinforcements reported heading to Iraq\n\n"
        + BODY0.replace("According to the report,", "The report said")
        + "\n\nLeave a comment",
    ),
]


def record(outlet: str, text: str, **extra: str) -> Document:
    slug = outlet.lower().replace(" ", "-")
    return document_from_record(
        {"text": text, "outlet": outlet, "url": f"https://{slug}.example/story", **extra},
        f"batch.jsonl:{next(_ids)}",
    )


def empty(doc: Document) -> Reading:
    return Reading(doc.id, "test: none")


def test_one_story_reprinted_by_three_outlets_is_one_text_with_three_publications(
    store: Store,
) -> None:
    docs = [record(outlet, text) for outlet, text in REPRINTS]
    assert len({d.content_hash for d in docs}) == 3  # three different inputs
    results = [store.add(d, empty(d)) for d in docs]
    first = results[0]
    assert (first.status, first.copy_of, first.new_publication) == ("new", None, True)
    for r in results[1:]:
        assert r.status == "new"
        assert r.copy_of == first.document_id
        assert r.similarity is not None
        assert r.similarity >= duplicates.NEAR_DUPLICATE_JACCARD
    for r in results:
        pubs = store.publications(r.document_id)
        assert [p.outlet for p in pubs] == ["Iraq Daily", "Gulf Wire", "Levant Monitor"]
        assert [p.document_id for p in pubs] == [x.document_id for x in results]
        assert len({p.title for p in pubs}) == 3  # each outlet's own headline
        assert all(p.seen_at.tzinfo is not None for p in pubs)
        assert [c.document_id for c in store.copies(r.document_id)] == [
            x.document_id for x in results
        ]
    assert store.copies(first.document_id)[0] == Copy(first.document_id, None, None)
    counts = store.counts()
    assert (counts["documents"], counts["publications"], counts["copies"]) == (3, 3, 2)


def test_an_unrelated_story_is_not_linked(store: Store) -> None:
    a, b = record("A", SEED0), record("B", SEED1)
    store.add(a, empty(a))
    result = store.add(b, empty(b))
    assert result.copy_of is None and result.similarity is None
    assert store.copies(b.id) == [Copy(b.id, None, None)]
    assert [p.outlet for p in store.publications(b.id)] == ["B"]


def test_exact_duplicate_from_another_outlet_is_a_publication_of_the_stored_text(
    store: Store,
) -> None:
    first = record("Wire", SEED1, dct="2019-03-10")
    store.add(first, empty(first))
    again = dataclasses.replace(
        first, id="other-id", outlet="Reprinter", url="https://r.example/a", title="Other"
    )
    result = store.add(again, Reading("other-id", "test: none"))
    assert (result.status, result.document_id, result.new_publication) == (
        "duplicate",
        first.id,
        True,
    )
    pubs = store.publications(first.id)
    assert [(p.outlet, p.title) for p in pubs] == [("Wire", first.title), ("Reprinter", "Other")]
    assert pubs[0].dct == Dct.given(dt.date(2019, 3, 10), "the batch's 'dct' field")
    # The same publication again, even under another extractor, is not recorded twice.
    assert not store.add(again, Reading("other-id", "test: none")).new_publication
    assert store.add(again, Reading("other-id", "test: v2")).new_reading
    assert not store.add(first, empty(first)).new_publication
    assert len(store.publications(first.id)) == 2
    assert store.counts()["documents"] == 1


def test_a_copy_of_a_copy_links_to_the_first_copy(store: Store) -> None:
    a = record("A", SEED1)
    b = record("B", SEED1.replace("In a perplexing development", "In a puzzling development"))
    c = record("C", SEED1.replace("In a perplexing development", "In a puzzling twist"))
    _, rb, rc = (store.add(d, empty(d)) for d in (a, b, c))
    assert rb.copy_of == a.id and rc.copy_of == a.id
    assert [x.document_id for x in store.copies(c.id)] == [a.id, b.id, c.id]
    # An exact duplicate of a copy is a publication of that copy, listed with the text's.
    d = dataclasses.replace(b, id="d", outlet="D", origin="elsewhere")
    assert store.add(d, Reading("d", "test: none")).document_id == b.id
    assert [p.outlet for p in store.publications(a.id)] == ["A", "B", "C", "D"]
    # many documents' first copies at once: what copies() says of each, unknown ids left out
    e = record("E", SEED0)
    store.add(e, empty(e))
    ids = [c.id, "nope", a.id, e.id, b.id]
    assert store.first_copies(ids) == {
        i: store.copies(i)[0].document_id for i in ids if i != "nope"
    }
    assert store.first_copies(ids) == {c.id: a.id, a.id: a.id, e.id: e.id, b.id: a.id}


def test_short_texts_are_only_exact_duplicates(store: Store) -> None:
    a = record("A", "Troops moved to Baghdad on Sunday.")
    b = record("B", "Troops moved to Baghdad on Monday.")
    store.add(a, empty(a))
    assert store.add(b, empty(b)).copy_of is None
    assert store.counts()["copies"] == 0


def test_unknown_documents_have_no_publications(store: Store) -> None:
    with pytest.raises(KeyError):
        store.publications("nope")
    with pytest.raises(KeyError):
        store.copies("nope")


def test_candidates_are_found_among_many_stored_documents(store: Store) -> None:
    words = [f"w{i}" for i in range(4000)]
    for i in range(60):
        text = " ".join(words[i * 60 : (i + 1) * 60])
        doc = Document(f"f{i}", text, text, hashlib.sha256(text.encode()).hexdigest())
        store.add(doc, empty(doc))
    a = record("A", SEED1)
    store.add(a, empty(a))
    b = record("B", SEED1.replace("mysterious", "unexplained"))
    assert store.add(b, empty(b)).copy_of == a.id
    assert store.counts()["copies"] == 1


def test_the_candidate_lookup_uses_the_band_index(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store.open(str(path)).close()
    sig = duplicates.signature(SEED1)
    stmt = CopyTables.candidates_statement(duplicates.NAME, duplicates.band_keys(sig))
    with Store.open(str(path)) as store, store.engine.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
    plan = " | ".join(row[3] for row in sqlite3.connect(path).execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "SCAN signature_bands" not in plan
    assert "SEARCH signature_bands USING" in plan
    assert "SEARCH signatures USING INDEX" in plan or "SEARCH signatures USING PRIMARY" in plan


def test_original_bytes_are_stored_once_and_returned(store: Store) -> None:
    page = b"<html><body><p>" + SEED1.encode() + b"</p></body></html>"
    docs = []
    for i, outlet in enumerate(("A", "B")):
        text = f"Item {i}: a page with a body."
        docs.append(
            Document(
                f"page{i}",
                text,
                text,
                hashlib.sha256(text.encode()).hexdigest(),
                outlet=outlet,
                source=page,
                source_type="text/html",
            )
        )
    for d in docs:
        store.add(d, empty(d))
    assert store.counts()["sources"] == 1
    for d in docs:
        assert store.get(d.id)[0] == d
        assert store.get(d.id)[0].source == page
    assert list(store.documents()) == docs
