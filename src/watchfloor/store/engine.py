"""Connecting to the store's database, and the one place database errors become StoreErrors.

``create_engine(url)`` makes a SQLAlchemy engine for a SQLite path or any
database URL (``postgresql://`` through psycopg 3); ``StoreBase`` is what every
part of ``Store`` shares: the engine, reads and writes in their own
transaction, and ``store_error``, which turns a SQLAlchemy failure into one
``StoreError`` line that never shows a password.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from watchfloor.errors import StoreError

# How long a SQLite writer waits for another process's write lock before failing.
SQLITE_BUSY_TIMEOUT_S = 30.0
# How long to wait for a PostgreSQL server before saying it cannot be reached.
PG_CONNECT_TIMEOUT_S = 10
# Rows fetched per query when reading many (readings, story members): bounds
# memory and how long one read transaction stays open.
READ_BATCH = 100


def normalize_url(url: str) -> URL:
    """A SQLAlchemy URL for ``url``: plain paths are SQLite files; postgresql uses psycopg 3."""
    if url in ("", ":memory:"):
        return make_url("sqlite://")
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str) -> str:
    """``url`` for messages: never its password."""
    try:
        return normalize_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@", 1)[-1] if "@" in url else url


def db_reason(exc: BaseException, url: URL | None) -> str:
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text


def _sqlite_engine(url: URL) -> sa.Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if memory:
        engine = sa.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        cur = dbapi.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A writer takes the write lock up front, so it waits (busy timeout)
        # instead of failing when another process commits in between.
        write = conn.get_execution_options().get("wf_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_engine(url: str) -> sa.Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=args)


def store_error(what: str, exc: BaseException, where: str | None = None) -> StoreError:
    """``what`` failed because of ``exc`` (a database error): one line, no password."""
    return StoreError(f"{what}: {db_reason(exc, None)}", where=where)


class StoreBase:
    """The engine and the reads and writes every part of ``Store`` uses."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = safe_url(url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _fail(self, what: str, exc: BaseException) -> StoreError:
        return store_error(what, exc, self.url)

    def _write(self) -> sa.Connection:
        """A connection whose transactions take the write lock up front (SQLite)."""
        return self.engine.connect().execution_options(wf_write=True)

    def _query(self, stmt: sa.Executable, *, walk: bool = False) -> Sequence[sa.Row[Any]]:
        """All rows of ``stmt`` in one read; a database failure is a StoreError.

        ``walk``: ``stmt`` reads a bounded number of rows (a ``LIMIT``), and PostgreSQL
        runs it with hash and merge joins off (``SET LOCAL``, this transaction only), so
        it probes indexes row by row and stops at the limit instead of first building a
        hash of a whole table (every current reading, every document), whose cost grows
        with the store. SQLite only has nested loops."""
        try:
            with self.engine.connect() as conn:
                if walk and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL enable_hashjoin = off")
                    conn.exec_driver_sql("SET LOCAL enable_mergejoin = off")
                return conn.execute(stmt).all()
        except SQLAlchemyError as exc:
            raise self._fail("cannot read the store", exc) from None
