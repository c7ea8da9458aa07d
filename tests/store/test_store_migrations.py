"""Migrations: from an empty database to head, on SQLite and PostgreSQL; URLs and open errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from watchfloor.errors import StoreError
from watchfloor.store import Store, migrate, normalize_url
from watchfloor.store.schema import metadata

TABLES = {
    "documents",
    "readings",
    "actors_seen",
    "actor_mentions",
    "place_mentions",
    "times",
    "claims",
    "claim_sources",
    "events",
    "event_participants",
    "quarantine",
}


def test_migrates_an_empty_database_to_head(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert set(sa.inspect(conn).get_table_names()) >= TABLES


def test_migrated_schema_matches_the_tables_the_code_uses(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, metadata) == []


def test_downgrade_to_base_and_up_again(store_url: str) -> None:
    with Store.open(store_url) as store:
        migrate.downgrade(store.engine, "base")
        with store.engine.connect() as conn:
            assert migrate.current(conn) is None
            assert not TABLES & set(sa.inspect(conn).get_table_names())
        migrate.upgrade(store.engine)
        assert store.counts()["documents"] == 0


def test_reopening_keeps_data_and_revision(store_url: str) -> None:
    from watchfloor.vocab import Document, Reading

    with Store.open(store_url) as store:
        store.add(Document("d", "t", "t", "00" * 32), Reading("d", "x"))
    with Store.open(store_url) as store:
        assert store.counts()["documents"] == 1


def test_sqlite_file_gets_its_directory_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "w.db"
    with Store.open(str(path)) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert path.is_file()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_sqlite_url_and_memory() -> None:
    with Store.open(":memory:") as store:
        assert store.counts()["documents"] == 0
    assert normalize_url("sqlite:///x/y.db").database == "x/y.db"
    assert normalize_url("w.db").drivername == "sqlite"


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_unreachable_server_is_a_store_error_without_password() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://alice:s3cr3t-pw@127.0.0.1:1/db")
    message = str(info.value)
    assert "s3cr3t-pw" not in message
    assert "alice:***@127.0.0.1:1/db" in message
    assert "cannot open the store" in message


def test_unknown_backend_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="nosuchdb://x"):
        Store.open("nosuchdb://x")


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(str(blocker / "sub" / "w.db"))


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store.open(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="9999"):
        Store.open(str(path))
