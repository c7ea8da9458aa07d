"""Feeds the store follows: their HTTP state and the entries already seen."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from watchfloor.errors import StoreError
from watchfloor.store import schema as t
from watchfloor.store.engine import StoreBase
from watchfloor.store.records import to_utc, utcnow
from watchfloor.vocab import FeedState


class FeedStates(StoreBase):
    def feed_state(self, url: str) -> FeedState | None:
        """What was stored of the feed at ``url``, or None if it was never polled."""
        f = t.feeds.c
        rows = self._query(sa.select(t.feeds).where(f.url == url))
        if not rows:
            return None
        row = rows[0]
        return FeedState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            title=row.title,
            polled_at=to_utc(row.polled_at),
        )

    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.url``.

        ``polled_at`` is stored in UTC (a naive datetime is taken as UTC) and
        read back as an aware UTC datetime: the same instant.
        """
        _refuse_nul(state.url, state.url, state.etag, state.last_modified, state.title)
        values = {
            "etag": state.etag,
            "last_modified": state.last_modified,
            "title": state.title,
            "polled_at": to_utc(state.polled_at),
        }
        f = t.feeds.c
        try:
            with self._write() as conn, conn.begin():
                done = conn.execute(t.feeds.update().where(f.url == state.url).values(**values))
                if done.rowcount == 0:
                    conn.execute(t.feeds.insert().values(url=state.url, **values))
        except SQLAlchemyError as exc:
            raise self._fail(f"cannot save the state of feed {state.url}", exc) from None

    def entry_seen(self, feed_url: str, entry_id: str) -> bool:
        """Has this entry of this feed been seen (marked) before?"""
        e = t.feed_entries.c
        stmt = sa.select(e.entry_id).where(e.feed_url == feed_url, e.entry_id == entry_id)
        return bool(self._query(stmt.limit(1)))

    def mark_entry_seen(self, feed_url: str, entry_id: str, document_id: str | None) -> None:
        """Remember an entry of a feed, with the document stored from it (None: none was).

        Idempotent: the first ``seen_at`` stays; a later call that names a
        document fills it in when none was recorded. An unknown document id is
        a StoreError.
        """
        _refuse_nul(feed_url, feed_url, entry_id)
        e = t.feed_entries.c
        for attempt in (1, 2):
            try:
                with self._write() as conn, conn.begin():
                    found = conn.execute(
                        sa.select(e.document_id).where(
                            e.feed_url == feed_url, e.entry_id == entry_id
                        )
                    ).first()
                    if found is None:
                        conn.execute(
                            t.feed_entries.insert().values(
                                feed_url=feed_url,
                                entry_id=entry_id,
                                document_id=document_id,
                                seen_at=utcnow(),
                            )
                        )
                    elif found.document_id is None and document_id is not None:
                        conn.execute(
                            t.feed_entries.update()
                            .where(e.feed_url == feed_url, e.entry_id == entry_id)
                            .values(document_id=document_id)
                        )
                return
            except IntegrityError as exc:
                # A concurrent writer marked it first, or the document is unknown.
                if attempt == 2:
                    raise self._fail(f"cannot mark entry {entry_id!r} of {feed_url}", exc) from None
            except SQLAlchemyError as exc:
                raise self._fail(f"cannot mark entry {entry_id!r} of {feed_url}", exc) from None


def _refuse_nul(where: str, *values: str | None) -> None:
    """Feed state is stored verbatim: refuse what PostgreSQL cannot hold, on every backend."""
    for value in values:
        if value is None:
            continue
        if "\x00" in value:
            raise StoreError(
                "feed state contains NUL (U+0000), which PostgreSQL cannot store", where=where
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise StoreError(
                "feed state holds a lone surrogate: not valid text", where=where
            ) from None
