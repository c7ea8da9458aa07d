"""Full-text search (Store.search, schema 0005) and direct story lookup (Store.story).

Runs on SQLite, and on PostgreSQL when WATCHFLOOR_TEST_POSTGRES is set
(tests/store/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa

from watchfloor.store import Store, migrate
from watchfloor.store import schema as t
from watchfloor.store import search as fts
from watchfloor.store.engine import create_engine
from watchfloor.store.store import _document_row
from watchfloor.vocab import Dct, Document, Reading

KIRKUK = (
    "Gunmen attacked a police checkpoint outside Kirkuk on Tuesday night, killing four "
    "officers. The U.S. embassy condemned the attack or said nothing, reports differ."
)
DROUGHT = (
    "Drought shrank the Tigris. Farmers in the Nineveh plains fear drought; the drought "
    "is the worst in decades, the agriculture ministry said."
)
LONG = (
    "The agriculture ministry in Baghdad published its annual report on irrigation, "
    "wheat prices, storage capacity, fertiliser subsidies, the new canal programme, "
    "seed imports and the cooperative banks, and mentioned the drought once near the end "
    "of a very long list of other matters that have nothing to do with it at all."
)
CAFE = "Protesters gathered at the Café Riche in Cairo; Kirkuk was not mentioned."


def _doc(doc_id: str, text: str, title: str | None = None) -> Document:
    return Document(
        id=doc_id,
        text=text,
        raw=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        outlet="Outlet " + doc_id,
        dct=Dct.given(dt.date(2019, 3, 10)),
    )


def _add(store: Store, doc_id: str, text: str, title: str | None = None) -> None:
    store.add(_doc(doc_id, text, title), Reading(document_id=doc_id, extractor="test"))


@pytest.fixture
def filled(store: Store) -> Store:
    _add(store, "kirkuk", KIRKUK, "Checkpoint attack")
    _add(store, "drought", DROUGHT, "Drought on the Tigris")
    _add(store, "long", LONG, "Ministry bulletin")
    _add(store, "cafe", CAFE)
    return store


def ids(store: Store, *words: str, limit: int = 20, offset: int = 0) -> list[str]:
    return [h.document_id for h in store.search(list(words), limit=limit, offset=offset)]


def test_finds_a_word_in_the_title_or_the_text(filled: Store) -> None:
    assert ids(filled, "checkpoint") == ["kirkuk"]  # title and text
    assert set(ids(filled, "ministry")) == {"long", "drought"}  # text
    assert ids(filled, "bulletin") == ["long"]  # title only
    assert ids(filled, "Protesters") == ["cafe"]  # a document without a title
    assert ids(filled, "CHECKPOINT") == ids(filled, "checkpoint")  # case-insensitive
    assert ids(filled, "Café") == ["cafe"]
    # Diacritics are folded by SQLite's unicode61 and kept by PostgreSQL's 'simple'.
    folded = filled.engine.dialect.name == "sqlite"
    assert ids(filled, "cafe") == (["cafe"] if folded else [])
    assert ids(filled, "nowhere") == []


def test_whole_words_only(filled: Store) -> None:
    assert ids(filled, "Kirk") == []
    assert set(ids(filled, "Kirkuk")) == {"kirkuk", "cafe"}


def test_every_word_is_required(filled: Store) -> None:
    assert set(ids(filled, "drought")) == {"drought", "long"}
    assert ids(filled, "drought", "Tigris") == ["drought"]
    assert ids(filled, "drought", "Kirkuk") == []
    assert ids(filled, "Kirkuk", "gunmen", "officers") == ["kirkuk"]


def test_ranked_by_relevance_then_storage_order(store: Store) -> None:
    _add(store, "long", LONG, "Ministry bulletin")
    _add(store, "drought", DROUGHT, "Drought on the Tigris")
    hits = store.search(["drought"])
    assert [h.document_id for h in hits] == ["drought", "long"]  # title + 3 times beats once
    assert hits[0].rank > hits[1].rank
    # Equal relevance: the document stored first comes first, whatever its id.
    _add(store, "zz", "alpha beta gamma")
    _add(store, "aa", "alpha beta delta")
    tied = store.search(["alpha"])
    assert [h.document_id for h in tied] == ["zz", "aa"] and tied[0].rank == tied[1].rank
    # The title weighs more than the text: stored second, it still comes first.
    _add(store, "in-text", "kappa lambda mu omega", "Delta")
    _add(store, "in-title", "kappa lambda mu delta", "Omega")
    assert ids(store, "omega") == ["in-title", "in-text"]


def test_pages_and_snippets(filled: Store) -> None:
    both = ids(filled, "drought")
    assert ids(filled, "drought", limit=1) + ids(filled, "drought", limit=1, offset=1) == both
    assert ids(filled, "drought", offset=2) == []
    for hit in filled.search(["drought", "Tigris"]):
        assert hit.snippet is not None
        text = filled.get(hit.document_id)[0].text
        assert text[hit.snippet.start : hit.snippet.end] == hit.snippet.text
        assert "Drought" in hit.snippet.text
        assert hit.outlet == "Outlet drought" and hit.dct.date == dt.date(2019, 3, 10)
    title_only = filled.search(["bulletin"])
    assert title_only[0].snippet is None  # the word is in the title only


@pytest.mark.parametrize(
    "hostile",
    ['"', '""', "NEAR(", "NEAR(Kirkuk", "*", "-", "^", ":", "(", ")", "'", "\\", "%", "_",
     "&", "|", "!", "<->", "{title}", "title:", "AND", "NOT"],
)  # fmt: skip
def test_hostile_query_strings_neither_fail_nor_change_the_meaning(
    filled: Store, hostile: str
) -> None:
    expected = ids(filled, "Kirkuk")
    # A word with no letter or digit is ignored; with them, its syntax is text.
    found = ids(filled, "Kirkuk", hostile)
    if fts.searchable([hostile]):
        assert set(found) <= set(expected)
    else:
        assert found == expected
        assert ids(filled, hostile) == []


def test_query_syntax_inside_a_word_is_searched_as_text(filled: Store) -> None:
    kirkuk = ids(filled, "Kirkuk")
    for word in ("Kirkuk*", "-Kirkuk", "^Kirkuk", '"Kirkuk"', "Kirkuk)", "title:Kirkuk"):
        got = ids(filled, word)
        # "title:Kirkuk" is the phrase "title kirkuk": in no text
        assert got == ([] if word.startswith("title") else kirkuk), word
    assert ids(filled, "Kirk*") == []  # no prefix search
    assert ids(filled, "Kirkuk", "OR", "Tigris") == []  # OR is a word, not an operator
    assert ids(filled, "attack", "or", "said") == ["kirkuk"]
    assert ids(filled, "NOT", "drought") == []
    assert ids(filled, "U.S.") == ["kirkuk"]  # a phrase of its tokens
    hit = filled.search(["U.S."])[0]
    assert hit.snippet is not None and "U.S." in hit.snippet.text


def test_removal_and_edits_keep_the_index_in_step(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(t.documents.delete().where(t.documents.c.id == "drought"))
    assert ids(filled, "drought") == ["long"]
    assert ids(filled, "Tigris") == []
    with filled.engine.begin() as conn:
        conn.execute(
            t.documents.update().where(t.documents.c.id == "long").values(title="Harvest news")
        )
    assert ids(filled, "harvest") == ["long"]
    assert ids(filled, "bulletin") == []  # the old title is forgotten
    _add(filled, "drought2", DROUGHT + " Again.", "Drought on the Tigris")
    assert ids(filled, "Tigris") == ["drought2"]


def test_migration_back_fills_a_store_created_at_0004(store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        migrate.upgrade(engine, "0004")
        now = dt.datetime(2019, 3, 20, 12, tzinfo=dt.UTC)
        with engine.begin() as conn:
            for i, (text, title) in enumerate(((KIRKUK, None), (DROUGHT, "Drought"))):
                row = _document_row(_doc(f"old{i}", text, title), now + dt.timedelta(minutes=i))
                conn.execute(t.documents.insert().values(**row))
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
        migrate.downgrade(engine, "0004")
        migrate.upgrade(engine)  # and down and up again
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert ids(store, "checkpoint") == ["old0"]
        assert ids(store, "drought", "Tigris") == ["old1"]
        _add(store, "new", "A new checkpoint report from Kirkuk.")
        assert set(ids(store, "checkpoint")) == {"old0", "new"}


def test_the_index_objects_exist_on_each_backend(store: Store) -> None:
    with store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        if conn.dialect.name == "sqlite":
            assert {"documents_fts", "documents_fts_ids"} <= set(inspector.get_table_names())
        else:
            assert "search" in {c["name"] for c in inspector.get_columns("documents")}
            assert "ix_documents_search" in {i["name"] for i in inspector.get_indexes("documents")}


# ------------------------------------------------------------------ Store.story


def test_story_reads_one_story_as_stories_lists_it(filled: Store) -> None:
    listed = filled.stories()
    assert listed and filled.story_count() == len(listed)
    for entry in listed:
        assert filled.story(entry.story.id) == entry
    assert filled.story("no-such-story") is None
    assert filled.stories(limit=1, offset=1) == listed[1:2]
    assert filled.stories(offset=len(listed)) == []
