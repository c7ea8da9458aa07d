"""The outlets' history: what the store keeps so an article can be read with its outlet's state.

Owns the tables ``outlet_articles``, ``outlets`` and ``outlet_state_counts``
(schema, since 0010). Per outlet (``places.context.outlet_key`` of a document's
URL: its host without "www.") the store counts the stored articles that were
read, and per first-level division (a GeoNames geonameid) how many of them have
it among their ``places.context.article_states``. ``Store.add`` counts a reading
when it stores it (``count_reading``, in the add's transaction): each document
once, under the outlet of its stored URL (a new publication of the same text
elsewhere counts nothing); a new reading of a stored document (a newer
extractor) replaces what its old reading counted. A reading that was not read
(``Reading.note``: a language not read) and a document without a URL count for
nothing.

The article states need the gazetteer, which the store never loads: the caller
works them out and passes them (``Store.add(..., states=)``; ``flow`` does, with
the gazetteer it reads with). A reading added without them whose states the
store cannot tell alone (it has a locational GeoNames mention) is left to the
catch-up: its document's old count is taken back and the store is marked as not
caught up, so the next ``count_outlets(states_of)`` counts it.

``Store.outlet_counts()`` gives the counts (``context.OutletCounts``) and
``Store.outlet_states()`` the outlets whose state is clear by
``OutletCounts.state`` (the one rule, also the evaluation's); ``watchfloor
ingest`` takes them once at the start of a run (docs/ingest.md).
``Store.count_outlets(states_of)`` counts the documents stored before the tables
existed, or added without their states.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from watchfloor.extract.places.context import OUTLET_STATE_MIN, OutletCounts, outlet_key
from watchfloor.store import schema as t
from watchfloor.store.engine import READ_BATCH, StoreBase
from watchfloor.vocab import Reading

# The ``link_counters`` row saying every current reading has been counted: those
# stored before the outlet tables existed and those added without their states
# (``count_outlets``).
CAUGHT_UP = "outlets_caught_up"

# The article states of (place id, metonymic) pairs: ``places.context.states_of``
# with the caller's gazetteer.
StatesOf = Callable[[Iterable[tuple[str, bool]]], frozenset[int]]


def needs_gazetteer(mentions: Iterable[tuple[str, bool]]) -> bool:
    """Whether the article states of (place id, metonymic) pairs need the gazetteer:
    only a locational GeoNames place gives a state."""
    return any(p.startswith("geonames:") and not m for p, m in mentions)


def count_reading(
    conn: sa.Connection,
    document_id: str,
    url: str | None,
    reading_id: int,
    reading: Reading,
    states: frozenset[int] | None,
) -> None:
    """Count a reading (just stored, now current) of these ``states`` for the outlet of
    ``url``, replacing what an earlier reading of the document counted; idempotent
    for one reading. A reading not read (``note``) counts nothing; one whose
    ``states`` were not given is counted here when it names no locational GeoNames
    place (no state), else left to ``count_outlets``."""
    if reading.note is not None:
        return
    if states is None:
        if needs_gazetteer((m.place_id, m.metonymic) for m in reading.place_mentions):
            _leave_to_catch_up(conn, document_id)
            return
        states = frozenset()
    _count(conn, document_id, outlet_key(url), reading_id, states)


def _leave_to_catch_up(conn: sa.Connection, document_id: str) -> None:
    """Take back what the document counted, and mark the store as not caught up."""
    a = t.outlet_articles.c
    before = conn.execute(sa.select(a.outlet, a.states).where(a.document_id == document_id)).first()
    if before is not None:
        _bump(conn, before.outlet, frozenset(_ints(before.states)), -1)
        conn.execute(t.outlet_articles.delete().where(a.document_id == document_id))
    conn.execute(t.link_counters.delete().where(t.link_counters.c.name == CAUGHT_UP))


def _count(
    conn: sa.Connection,
    document_id: str,
    key: str | None,
    reading_id: int,
    states: frozenset[int],
) -> None:
    a = t.outlet_articles.c
    before = conn.execute(
        sa.select(a.outlet, a.reading_id, a.states).where(a.document_id == document_id)
    ).first()
    if before is not None:
        if before.reading_id == reading_id:
            return
        _bump(conn, before.outlet, frozenset(_ints(before.states)), -1)
        key = before.outlet  # the document's outlet stays the one it was first counted under
        conn.execute(
            t.outlet_articles.update()
            .where(a.document_id == document_id)
            .values(reading_id=reading_id, states=sorted(states))
        )
    elif key is None:
        return
    else:
        conn.execute(
            t.outlet_articles.insert().values(
                document_id=document_id, outlet=key, reading_id=reading_id, states=sorted(states)
            )
        )
    _bump(conn, key, states, +1)


def _ints(value: Any) -> list[int]:
    """A JSON column's list (SQLite may hand back its text)."""
    return [int(x) for x in (json.loads(value) if isinstance(value, str) else value)]


def _bump(conn: sa.Connection, key: str, states: frozenset[int], step: int) -> None:
    """Add ``step`` articles to the outlet and to each of ``states``; rows at 0 go."""
    o, s = t.outlets.c, t.outlet_state_counts.c
    rows: list[tuple[sa.Table, Any, dict[str, Any]]] = [
        (t.outlets, o.outlet == key, {"outlet": key})
    ]
    rows += [
        (
            t.outlet_state_counts,
            sa.and_(s.outlet == key, s.state == st),
            {"outlet": key, "state": st},
        )
        for st in sorted(states)
    ]
    for table, where, ident in rows:
        done = conn.execute(table.update().where(where).values(articles=table.c.articles + step))
        if done.rowcount == 0 and step > 0:
            conn.execute(table.insert().values(**ident, articles=step))
        elif step < 0:
            conn.execute(table.delete().where(where, table.c.articles <= 0))


class OutletHistory(StoreBase):
    def outlet_counts(self) -> dict[str, OutletCounts]:
        """The counts of every outlet with at least OUTLET_STATE_MIN articles (fewer
        never give a state), by outlet key."""
        o, s = t.outlets.c, t.outlet_state_counts.c
        totals = {
            row.outlet: int(row.articles)
            for row in self._query(
                sa.select(o.outlet, o.articles).where(o.articles >= OUTLET_STATE_MIN)
            )
        }
        states: dict[str, dict[int, int]] = {key: {} for key in totals}
        rows = self._query(
            sa.select(s.outlet, s.state, s.articles)
            .join(t.outlets, o.outlet == s.outlet)
            .where(o.articles >= OUTLET_STATE_MIN)
        )
        for row in rows:
            states[row.outlet][int(row.state)] = int(row.articles)
        return {key: OutletCounts(n, states[key]) for key, n in sorted(totals.items())}

    def outlet_states(self) -> dict[str, int]:
        """The outlets whose state is clear (``OutletCounts.state``): outlet key -> the
        state's geonameid."""
        out = {}
        for key, counts in self.outlet_counts().items():
            state = counts.state()
            if state is not None:
                out[key] = state
        return out

    def outlet_article(self, content_hash: str) -> tuple[str, frozenset[int]] | None:
        """The outlet and the article states a stored text counted under; None when it
        counted nothing (not stored, no URL, not read)."""
        return self.outlet_articles([content_hash]).get(content_hash)

    def outlet_articles(
        self, content_hashes: Iterable[str]
    ) -> dict[str, tuple[str, frozenset[int]]]:
        """``outlet_article`` of each of these texts that counted something, by content
        hash: one query per READ_BATCH texts."""
        a, d = t.outlet_articles.c, t.documents.c
        wanted = list(dict.fromkeys(content_hashes))
        out = {}
        for start in range(0, len(wanted), READ_BATCH):
            rows = self._query(
                sa.select(d.content_hash, a.outlet, a.states)
                .join(t.documents, d.id == a.document_id)
                .where(d.content_hash.in_(wanted[start : start + READ_BATCH]))
            )
            for row in rows:
                out[row.content_hash] = (row.outlet, frozenset(_ints(row.states)))
        return out

    def count_outlets(self, states_of: StatesOf) -> int:
        """Count the current readings no outlet counts yet (documents stored before the
        tables existed, or added without their states) from their place mention rows,
        their article states by ``states_of`` (the caller's gazetteer); how many were
        counted. Once caught up the store says so (``link_counters`` row ``CAUGHT_UP``,
        taken back only by an add without states), and later calls read that row alone:
        the catch-up's scan of every reading is paid once, not once per ingest run."""
        lc = t.link_counters.c
        if self._query(sa.select(lc.value).where(lc.name == CAUGHT_UP)):
            return 0
        a, d, r, p = t.outlet_articles.c, t.documents.c, t.readings.c, t.place_mentions.c
        pending = (
            sa.select(d.id, d.url, r.id.label("reading_id"))
            .join(t.readings, r.document_id == d.id)
            .outerjoin(t.outlet_articles, a.document_id == d.id)
            .where(
                r.current.is_(True),
                r.note.is_(None),
                d.url.is_not(None),
                a.document_id.is_(None),
            )
            .order_by(d.ingested_at, d.id)
        )
        todo = [
            (row.id, key, int(row.reading_id))
            for row in self._query(pending)
            if (key := outlet_key(row.url)) is not None
        ]
        for start in range(0, len(todo), READ_BATCH):
            chunk = todo[start : start + READ_BATCH]
            ids = [reading_id for _, _, reading_id in chunk]
            mentions: dict[int, list[tuple[str, bool]]] = {i: [] for i in ids}
            for row in self._query(
                sa.select(p.reading_id, p.place_id, p.metonymic)
                .where(p.reading_id.in_(ids))
                .order_by(p.reading_id, p.idx)
            ):
                mentions[int(row.reading_id)].append((row.place_id, bool(row.metonymic)))
            try:
                with self._write() as conn, conn.begin():
                    for doc_id, key, reading_id in chunk:
                        pairs = mentions[reading_id]
                        states = states_of(pairs) if needs_gazetteer(pairs) else frozenset()
                        _count(conn, doc_id, key, reading_id, states)
            except SQLAlchemyError as exc:
                raise self._fail("cannot count the outlets' articles", exc) from None
        try:
            with self._write() as conn, conn.begin():
                if not conn.execute(sa.select(lc.value).where(lc.name == CAUGHT_UP)).first():
                    conn.execute(t.link_counters.insert().values(name=CAUGHT_UP, value=1))
        except SQLAlchemyError as exc:
            raise self._fail("cannot count the outlets' articles", exc) from None
        return len(todo)
