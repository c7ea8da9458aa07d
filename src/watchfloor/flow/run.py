"""Running inputs through extraction, and into the store.

``read_inputs`` yields each input's (Document, Reading) in input order;
``ingest`` stores them (idempotent by content: text already read by these
extractors is not read again, but a new outlet or URL for it is recorded as
a publication), polls feeds for entries not seen before, and quarantines
every input that fails with its error. Neither prints: failures and notices
go to the ``Callbacks``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from watchfloor.errors import InputError, StoreError, WatchfloorError
from watchfloor.flow.inputs import Callbacks, Inputs, Tally, Web, documents
from watchfloor.flow.outlets import reading_states
from watchfloor.vocab import Document, FeedState, Reading

if TYPE_CHECKING:
    from watchfloor.extract.pipeline import OutletStates, Resources
    from watchfloor.knowledge.gazetteer import Gazetteer
    from watchfloor.store import Store


NO_CALLBACKS = Callbacks()


def read_inputs(
    inputs: Inputs,
    res: Resources,
    callbacks: Callbacks = NO_CALLBACKS,
    tally: Tally | None = None,
    workers: int = 1,
) -> Iterator[tuple[Document, Reading]]:
    """(Document, Reading) of each input that reads, in input order; each failure is
    counted in ``tally`` and handed to ``callbacks.failed``. ``workers``: processes that
    parse and extract (``flow.parallel``; 1 reads in this process)."""
    from watchfloor.flow.parallel import read_many

    tally = tally if tally is not None else Tally()
    with Web(inputs.allow_private) as web:
        docs = documents(inputs, tally, web, callbacks.failed)
        for doc, reading in read_many(docs, res, workers):
            if isinstance(reading, WatchfloorError):
                tally.failed += 1
                callbacks.failed(reading)
                continue
            if reading.note:
                callbacks.notice(f"{doc.origin or doc.id}: {reading.note}")
            yield doc, reading


def ingest(
    store: Store,
    inputs: Inputs,
    res: Resources,
    callbacks: Callbacks = NO_CALLBACKS,
    tally: Tally | None = None,
    workers: int = 1,
) -> Tally:
    """Read the inputs and feeds and store each document with its reading; the tally.

    ``workers`` processes parse and extract (``flow.parallel``); this process
    alone writes to the store, in input order.

    Failures are quarantined; content already read by these extractors is not
    read again, but a new outlet or URL for it is recorded as a publication.
    Feed state (ETag, Last-Modified) is saved only once its entries are stored,
    so a crash mid-batch never makes a re-poll skip what was not stored.

    Each document is read with its outlet's state (``places.context``) as the
    store held it when the run began (``outlet_snapshot``): what this run stores
    counts for the next run, so ``workers`` change nothing.
    """
    from watchfloor.extract.pipeline import EXTRACTOR
    from watchfloor.flow.parallel import read_many

    tally = tally if tally is not None else Tally()
    outlet_states = outlet_snapshot(store, res.gazetteer)
    marks: dict[int, tuple[str, str]] = {}  # id(document) -> (feed, entry id) to mark seen
    states: list[FeedState] = []

    def quarantine(err: InputError) -> None:
        callbacks.failed(err)
        store.quarantine(err.where or "?", err.data, err.reason)
        callbacks.step(tally)

    def stored(doc: Document, status: str, document_id: str | None) -> None:
        tally.count(status)
        feed_entry = marks.pop(id(doc), None)
        if feed_entry is not None:
            store.mark_entry_seen(*feed_entry, document_id)
        callbacks.step(tally)

    def fresh(web: Web) -> Iterator[Document]:
        docs = documents(inputs, tally, web, quarantine)
        feed_docs = _feed_documents(store, inputs.feeds, tally, web, quarantine, marks, states)
        for doc in itertools.chain(docs, _noticed(feed_docs, callbacks)):
            if store.contains(doc.content_hash, EXTRACTOR):
                result = store.add(doc, Reading(document_id=doc.id, extractor=EXTRACTOR))
                stored(doc, "duplicate", result.document_id)  # a new outlet becomes a publication
            else:
                yield doc

    with Web(inputs.allow_private) as web:
        for doc, reading in read_many(fresh(web), res, workers, outlet_states):
            status, document_id = _store_one(store, doc, reading, callbacks, res)
            stored(doc, status, document_id)
    for state in states:
        store.save_feed_state(state)
    return tally


def outlet_snapshot(store: Store, gazetteer: Gazetteer) -> OutletStates:
    """Each document's outlet's state as the store holds it now (``Store.outlet_counts``,
    after counting what was stored before the store kept the counts, or without its
    states, with ``gazetteer``): the state of the outlet's other stored articles, so a
    re-read article's own earlier reading is left out, as in the evaluation
    (docs/quality.md). Asked once per batch: what the batch's documents of a known
    outlet counted themselves is one query (``Store.outlet_articles``)."""
    from watchfloor.extract.places.context import outlet_key
    from watchfloor.flow.outlets import states_with

    store.count_outlets(states_with(gazetteer))
    snapshot = store.outlet_counts()

    def states_of(docs: Sequence[Document]) -> list[int | None]:
        keys = [outlet_key(doc.url) for doc in docs]
        known = [d.content_hash for d, k in zip(docs, keys, strict=True) if k in snapshot]
        own = store.outlet_articles(known) if known else {}
        out: list[int | None] = []
        for doc, key in zip(docs, keys, strict=True):
            counts = snapshot.get(key) if key is not None else None
            if counts is None:
                out.append(None)
                continue
            mine = own.get(doc.content_hash)
            if mine is not None and mine[0] == key:
                counts = counts.without(mine[1])
            out.append(counts.state())
        return out

    return states_of


class _Notice(str):
    """A notice about a feed, passed through the feed documents' stream in order."""


def _noticed(items: Iterator[Document | _Notice], callbacks: Callbacks) -> Iterator[Document]:
    for item in items:
        if isinstance(item, _Notice):
            callbacks.notice(str(item))
        else:
            yield item


def _feed_documents(
    store: Store,
    feeds: tuple[str, ...],
    tally: Tally,
    web: Web,
    quarantine: Callable[[InputError], None],
    marks: dict[int, tuple[str, str]],
    states: list[FeedState],
) -> Iterator[Document | _Notice]:
    """The entries of each feed not seen before, as Documents, in feed order."""
    from watchfloor.ingest.feeds import entry_document, is_url, poll

    for src in feeds:
        try:
            got = poll(src, store.feed_state(src), web.fetcher() if is_url(src) else None)
        except InputError as err:
            tally.read += 1
            tally.failed += 1
            quarantine(err)
            continue
        for bad in got.errors:
            tally.read += 1
            tally.total += 1
            tally.failed += 1
            quarantine(bad)
        if got.problem:
            yield _Notice(f"{src}: {got.problem}")
        states.append(got.state)
        if got.not_modified:
            yield _Notice(f"{src}: not modified since the last poll")
            continue
        for entry in got.entries:
            if store.entry_seen(src, entry.id):
                continue
            tally.read += 1
            tally.total += 1
            try:
                doc = entry_document(entry, web.fetcher(), web.allow_private, feed_title=got.title)
            except InputError as err:
                tally.failed += 1
                quarantine(err)
                store.mark_entry_seen(src, entry.id, None)
                continue
            marks[id(doc)] = (src, entry.id)
            yield doc


def _store_one(
    store: Store,
    doc: Document,
    reading: Reading | WatchfloorError,
    callbacks: Callbacks,
    res: Resources,
) -> tuple[str, str | None]:
    """Store one reading, with its article states for its outlet's history (worked
    out with ``res.gazetteer``); a document that fails is quarantined with its error.

    Returns the status ("new", "copy" for a near-duplicate of a stored text,
    "duplicate", "failed") and the stored document's id.
    """
    error: WatchfloorError | None = reading if isinstance(reading, WatchfloorError) else None
    if isinstance(reading, Reading):
        if reading.note:
            callbacks.notice(f"{doc.origin or doc.id}: {reading.note}; stored, not read")
        try:
            result = store.add(doc, reading, reading_states(reading, res.gazetteer))
        except StoreError as exc:
            error = exc
        else:
            copy = result.status == "new" and result.copy_of
            return ("copy" if copy else str(result.status)), result.document_id
    assert error is not None
    error = error.at(doc.origin or doc.id)
    callbacks.failed(error)
    store.quarantine(doc.origin or doc.id, doc.raw.encode("utf-8", "surrogatepass"), error.reason)
    return "failed", None
