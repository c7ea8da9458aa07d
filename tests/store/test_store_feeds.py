"""Feed state on SQLite and PostgreSQL: what a re-poll needs to fetch only what is new."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from watchfloor.errors import StoreError
from watchfloor.store import Store
from watchfloor.vocab import Document, FeedState, Reading

FEED = "https://news.example/feed.xml"


def test_unknown_feed_has_no_state(store: Store) -> None:
    assert store.feed_state(FEED) is None


def test_feed_state_round_trips_and_is_replaced(store: Store) -> None:
    polled = dt.datetime(2019, 3, 10, 8, 30, 15, 123456, tzinfo=dt.UTC)
    state = FeedState(
        FEED,
        etag='W/"abc"',
        last_modified="Sun, 10 Mar 2019 08:00:00 GMT",
        title="Ünïcode news",
        polled_at=polled,
    )
    store.save_feed_state(state)
    assert store.feed_state(FEED) == state
    later = FeedState(FEED, etag='"def"', polled_at=polled + dt.timedelta(hours=1))
    store.save_feed_state(later)
    assert store.feed_state(FEED) == later
    assert store.feed_state(FEED + "?other") is None


def test_polled_at_keeps_its_instant_in_utc(store: Store) -> None:
    plus3 = dt.timezone(dt.timedelta(hours=3))
    store.save_feed_state(FeedState(FEED, polled_at=dt.datetime(2019, 3, 10, 11, 0, tzinfo=plus3)))
    got = store.feed_state(FEED)
    assert got is not None and got.polled_at == dt.datetime(2019, 3, 10, 8, 0, tzinfo=dt.UTC)
    assert got.polled_at.utcoffset() == dt.timedelta(0)
    store.save_feed_state(FeedState(FEED, polled_at=dt.datetime(2019, 3, 10, 8, 0)))  # naive: UTC
    got = store.feed_state(FEED)
    assert got is not None and got.polled_at == dt.datetime(2019, 3, 10, 8, 0, tzinfo=dt.UTC)


def test_entries_are_seen_once_per_feed(store: Store) -> None:
    assert not store.entry_seen(FEED, "tag:news.example,2019:1")
    store.mark_entry_seen(FEED, "tag:news.example,2019:1", None)
    assert store.entry_seen(FEED, "tag:news.example,2019:1")
    assert not store.entry_seen("https://other.example/rss", "tag:news.example,2019:1")
    store.mark_entry_seen(FEED, "tag:news.example,2019:1", None)  # idempotent
    assert store.entry_seen(FEED, "tag:news.example,2019:1")


def test_a_seen_entry_gets_its_document_and_keeps_it(store: Store) -> None:
    text = "An entry's article."
    doc = Document("d1", text, text, hashlib.sha256(text.encode()).hexdigest())
    store.add(doc, Reading("d1", "x"))
    store.mark_entry_seen(FEED, "e1", None)
    store.mark_entry_seen(FEED, "e1", "d1")
    store.mark_entry_seen(FEED, "e1", None)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT entry_id, document_id FROM feed_entries").all()
    assert [tuple(r) for r in rows] == [("e1", "d1")]


def test_an_unknown_document_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot mark entry 'e1'"):
        store.mark_entry_seen(FEED, "e1", "no-such-document")
    assert not store.entry_seen(FEED, "e1")


def test_nul_in_feed_state_is_refused_alike_everywhere(store: Store) -> None:
    with pytest.raises(StoreError, match="NUL"):
        store.save_feed_state(FeedState(FEED, etag="a\x00b"))
    with pytest.raises(StoreError, match="NUL"):
        store.mark_entry_seen(FEED, "e\x00", None)
    assert store.feed_state(FEED) is None
