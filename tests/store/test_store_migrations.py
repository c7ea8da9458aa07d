"""Migrations: from an empty database to head, on SQLite and PostgreSQL; URLs and open errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from watchfloor.errors import StoreError
from watchfloor.serialize import document_reading_to_dict
from watchfloor.store import Store, migrate, normalize_url
from watchfloor.store.engine import create_engine
from watchfloor.store.schema import in_metadata, metadata
from watchfloor.vocab import Dct, Document, FeedState, Reading

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
    "sources",
    "document_sources",
    "publications",
    "copies",
    "signatures",
    "signature_bands",
    "feeds",
    "feed_entries",
}
NEW_IN_0002 = {
    "sources",
    "document_sources",
    "publications",
    "copies",
    "signatures",
    "signature_bands",
    "feeds",
    "feed_entries",
}
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "watchfloor" / "samples"


def test_migrates_an_empty_database_to_head(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert set(sa.inspect(conn).get_table_names()) >= TABLES


def test_migrated_schema_matches_the_tables_the_code_uses(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": in_metadata}
        )
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


def _documents_at_0001(engine: sa.Engine) -> list[tuple[Document, Reading]]:
    """Three documents written with the 0001 schema: a story, a reprint of it, another story."""
    seed0, seed1 = (p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    texts = [seed0, "Reprinted headline\n\n" + seed0.split("\n", 2)[2], seed1]
    pairs = []
    with engine.begin() as conn:
        documents = sa.Table("documents", sa.MetaData(), autoload_with=conn)
        readings = sa.Table("readings", sa.MetaData(), autoload_with=conn)
        for i, text in enumerate(texts):
            doc = Document(
                f"d{i}",
                text,
                text,
                hashlib.sha256(text.encode()).hexdigest(),
                title=text.split("\n", 1)[0],
                outlet=f"outlet {i}",
                dct=Dct.given(dt.date(2019, 3, 10 + i), "given"),
                origin=f"old.jsonl:{i + 1}",
            )
            doc = dataclasses.replace(doc, dct=dataclasses.replace(doc.dct, reasons=()))
            reading = Reading(doc.id, "watchfloor 0.1")
            conn.execute(
                documents.insert().values(
                    id=doc.id,
                    content_hash=doc.content_hash,
                    raw=doc.raw,
                    text=doc.text,
                    title=doc.title,
                    outlet=doc.outlet,
                    dct_date=doc.dct.date,
                    dct_earliest=doc.dct.earliest,
                    dct_latest=doc.dct.latest,
                    dct_how=doc.dct.how.value,
                    removed=[],
                    origin=doc.origin,
                    ingested_at=dt.datetime(2019, 3, 20, 12, i, tzinfo=dt.UTC),
                )
            )
            contract = document_reading_to_dict(doc, reading)
            for key in ("author", "note"):  # 0001 contracts did not have them
                contract.pop(key)
            conn.execute(
                readings.insert().values(
                    document_id=doc.id,
                    extractor=reading.extractor,
                    created_at=dt.datetime(2019, 3, 20, 12, i, tzinfo=dt.UTC),
                    current=True,
                    contract=json.dumps(contract),
                )
            )
            pairs.append((doc, reading))
    return pairs


def test_upgrade_from_0001_keeps_rows_and_fills_the_new_tables(store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        migrate.upgrade(engine, "0001")
        pairs = _documents_at_0001(engine)
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert list(store.readings()) == pairs
        counts = store.counts()
        assert (counts["documents"], counts["readings"]) == (3, 3)
        assert (counts["publications"], counts["copies"]) == (3, 1)
        assert [c.document_id for c in store.copies("d1")] == ["d0", "d1"]
        pubs = store.publications("d0")
        assert [(p.outlet, p.origin) for p in pubs] == [
            ("outlet 0", "old.jsonl:1"),
            ("outlet 1", "old.jsonl:2"),
        ]
        assert pubs[0].seen_at == dt.datetime(2019, 3, 20, 12, 0, tzinfo=dt.UTC)
        assert pubs[1].dct.date == dt.date(2019, 3, 11)
        # The upgraded store links new reprints like any other.
        text = "Yet another headline\n\n" + pairs[0][0].text.split("\n", 2)[2]
        doc = Document("d3", text, text, hashlib.sha256(text.encode()).hexdigest())
        assert store.add(doc, Reading("d3", "x")).copy_of == "d0"


def test_downgrade_to_0001_keeps_documents_and_readings(store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        migrate.upgrade(engine, "0001")
        pairs = _documents_at_0001(engine)
        migrate.upgrade(engine)
        with Store.open(store_url) as store:
            store.save_feed_state(FeedState("https://f.example/rss", etag="x"))
            store.mark_entry_seen("https://f.example/rss", "e", "d0")
        migrate.downgrade(engine, "0001")
        with engine.connect() as conn:
            assert migrate.current(conn) == "0001"
            inspector = sa.inspect(conn)
            assert not NEW_IN_0002 & set(inspector.get_table_names())
            assert "author" not in {c["name"] for c in inspector.get_columns("documents")}
            assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 3
            assert conn.execute(sa.text("SELECT count(*) FROM readings")).scalar() == 3
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert list(store.readings()) == pairs
        assert store.counts()["publications"] == 3
        assert store.feed_state("https://f.example/rss") is None  # feed state is not kept
