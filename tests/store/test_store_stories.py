"""Stories in the store: Store.add links each new document; listing; linking old stores.

Runs on SQLite, and on PostgreSQL when WATCHFLOOR_TEST_POSTGRES is set
(tests/store/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from watchfloor.link import hooks, stories
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.vocab import Actor, ActorMention, Dct, Document, Reading, Span

WIRE = (
    "Gunmen attacked a police checkpoint outside Kirkuk on Tuesday night, killing four "
    "officers, the Kirkuk police chief Brigadier Khattab Omar said. Islamic State claimed "
    "the attack in a statement on Telegram; the checkpoint guards the road to Hawija."
)
REWRITE = (
    "Four police officers were killed when gunmen stormed a checkpoint on the Hawija road "
    "near Kirkuk late on Tuesday. Brigadier Khattab Omar, Kirkuk's police chief, blamed "
    "Islamic State, which claimed the attack on Telegram."
)
OTHER = (
    "Farmers in the Nineveh plains began the wheat harvest early as drought shrank the "
    "Tigris; the agriculture ministry in Baghdad promised to buy the crop at a fixed price."
)


def _doc(doc_id: str, text: str, day: dt.date | None, title: str | None = None) -> Document:
    return Document(
        id=doc_id,
        text=text,
        raw=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        dct=Dct.given(day) if day else Dct(),
    )


def _reading(doc_id: str, text: str, actor: Actor | None = None) -> Reading:
    if actor is None:
        return Reading(document_id=doc_id, extractor="test")
    start = text.index("Islamic State")
    mention = ActorMention(actor.id, Span(start, start + 13, "Islamic State"), 0)
    return Reading(document_id=doc_id, extractor="test", actors=(actor,), actor_mentions=(mention,))


ISIS = Actor(id="isil", name="Islamic State", type="organization")
DAY = dt.date(2019, 5, 14)


def _fill(store: Store) -> None:
    store.add(
        _doc("wire", WIRE, DAY, "Gunmen kill four police near Kirkuk"), _reading("wire", WIRE, ISIS)
    )
    store.add(_doc("farm", OTHER, DAY), _reading("farm", OTHER))
    store.add(
        _doc("rewrite", REWRITE, DAY + dt.timedelta(days=1)), _reading("rewrite", REWRITE, ISIS)
    )
    # the wire text again, five years later: a story of its own
    later = WIRE.replace("Tuesday", "Monday")
    store.add(_doc("later", later, dt.date(2024, 5, 13)), _reading("later", later, ISIS))


def test_add_links_each_new_document_into_a_story(store: Store) -> None:
    _fill(store)
    assert store.story_of("wire") == store.story_of("rewrite") == stories.story_id_for("wire")
    assert store.story_of("farm") == stories.story_id_for("farm")
    assert store.story_of("later") == stories.story_id_for("later")
    assert store.story_of("nope") is None
    listed = store.stories()
    assert [e.story.document_ids for e in listed] == [("later",), ("wire", "rewrite"), ("farm",)]
    kirkuk = listed[1]
    assert kirkuk.story.title == "Gunmen kill four police near Kirkuk"
    assert (kirkuk.story.earliest, kirkuk.story.latest) == (DAY, DAY + dt.timedelta(days=1))
    assert kirkuk.story.actor_ids == ("isil",)
    assert kirkuk.actor_names == {"isil": "Islamic State"}
    assert [m.score is None for m in kirkuk.documents] == [True, False]
    # no title: the first line's opening, cut at a word
    assert listed[2].story.title == OTHER[: OTHER[:160].rindex(" ")] + "\u2026"
    assert [e.story.id for e in store.stories(limit=1)] == [stories.story_id_for("later")]


def test_the_store_links_as_the_in_memory_index_does(store: Store) -> None:
    _fill(store)
    index = stories.MemoryIndex()
    for doc_id in ("wire", "farm", "rewrite", "later"):
        index.add(stories.features(*store.get(doc_id)))
    assert index.assignment == {d: store.story_of(d) for d in index.assignment}
    with store.engine.connect() as conn:
        n = conn.execute(sa.select(t.link_counters.c.value)).scalar_one()
        df = dict(conn.execute(sa.select(t.term_df.c.term, t.term_df.c.df)).all())
    assert n == index.n_docs == 4
    assert df == index.df


def test_duplicates_and_new_readings_are_not_linked_twice(store: Store) -> None:
    _fill(store)
    again = store.add(_doc("wire-copy", WIRE, DAY), Reading("wire-copy", "test"))
    assert again.status == "duplicate"
    store.add(_doc("wire", WIRE, DAY), Reading("wire", "test v2"))  # a new extractor
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(sa.func.count()).select_from(t.story_documents)).scalar()
    assert rows == 4
    assert hooks.link_pending(store) == 0


def test_documents_stored_before_stories_are_linked_in_storage_order(store: Store) -> None:
    _fill(store)
    before = {d: store.story_of(d) for d in ("wire", "farm", "rewrite", "later")}
    with store.engine.begin() as conn:  # a store as schema 0002 left it
        for table in (t.story_keys, t.story_documents, t.stories, t.term_df, t.link_counters):
            conn.execute(table.delete())
    assert store.story_of("wire") is None
    assert hooks.link_pending(store) == 4
    assert {d: store.story_of(d) for d in before} == before
    assert hooks.link_pending(store) == 0


def test_stories_survive_reopening(store_url: str) -> None:
    with Store.open(store_url) as s:
        _fill(s)
    with Store.open(store_url) as s:
        assert len(s.stories()) == 3
        s.add(_doc("rewrite2", REWRITE + " Funerals were held.", DAY), _reading("r2", REWRITE))
        assert s.story_of("rewrite2") == stories.story_id_for("wire")
