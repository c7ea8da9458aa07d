"""Schema migrations: Alembic, configured in code, run to head on every open.

Users never see an alembic.ini: ``upgrade(engine)`` builds the configuration,
hands Alembic an open connection, and runs inside one transaction, so a
failed migration leaves the database as it was. Concurrent openers are
serialised (SQLite: the write lock of ``BEGIN IMMEDIATE``; PostgreSQL: an
advisory lock), so two processes opening a fresh database do not race.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Key of the PostgreSQL advisory lock held while migrating ("wfstore" in ASCII).
PG_MIGRATION_LOCK = 0x776673746F7265


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config for the packaged migrations, bound to ``connection`` (or ``url``)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this watchfloor knows."""
    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if rev is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found")
    return rev


def current(connection: sa.Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` to ``revision`` in one transaction."""
    with engine.connect().execution_options(wf_write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Migrate the database of ``engine`` down to ``revision`` ("base" empties it)."""
    with engine.connect().execution_options(wf_write=True) as conn, conn.begin():
        command.downgrade(alembic_config(conn), revision)
