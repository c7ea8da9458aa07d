"""Secondary indexes set aside for a bulk load of a PostgreSQL store, and built again.

A store grown by ``store.replicate`` inserts hundreds of thousands of rows per copy;
every index on those tables is updated row by row, and the full-text GIN index and
the views' B-trees (dates, countries, outlets, sources, actors) cost more than the
rows. ``defer(engine)`` drops the indexes only the views read (non-unique, not
leading with a key the copies join on: ``document_id``, ``reading_id``,
``story_id``, ``copy_of``), recording each definition in ``deferred_indexes``;
``restore(engine)`` builds each again from its definition (a sort of the whole
table, far cheaper than the same index grown row by row) and forgets it. Unique
and primary keys stay: they keep the rows honest while the copies go in. Until
``restore`` runs the views are slow, never wrong. PostgreSQL only; both are
idempotent, so an interrupted restore is finished by running it again. Both take
the store's engine (``store.engine.create_engine(url)``), not an opened ``Store``:
opening migrates, and a migration may change an index that is set aside (0012
replaces ``ix_claim_facts_status``), so a store is restored before it is opened by a
newer watchfloor.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa

from watchfloor.errors import StoreError

TABLE = "deferred_indexes"
JOIN_KEYS = ("document_id", "reading_id", "story_id", "copy_of")

_CANDIDATES = """
SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
FROM pg_index x
JOIN pg_class c ON c.oid = x.indexrelid
JOIN pg_class tbl ON tbl.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
WHERE n.nspname = current_schema() AND NOT x.indisunique AND NOT x.indisprimary
  AND tbl.relname NOT IN ('alembic_version', :table)
  AND coalesce(a.attname, '') NOT IN :keys
ORDER BY c.relname
"""


def _check(engine: sa.Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise StoreError("deferred indexes are written for PostgreSQL only", where="indexes")


def defer(engine: sa.Engine) -> list[str]:
    """Drop the views' secondary indexes, recording their definitions; the names dropped."""
    _check(engine)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (name text PRIMARY KEY, definition text NOT NULL)"
            )
        )
        rows = conn.execute(
            sa.text(_CANDIDATES).bindparams(sa.bindparam("keys", expanding=True)),
            {"table": TABLE, "keys": list(JOIN_KEYS)},
        ).all()
        for row in rows:
            conn.execute(
                sa.text(f"INSERT INTO {TABLE} (name, definition) VALUES (:n, :d)"),
                {"n": row.name, "d": row.definition},
            )
            conn.execute(sa.text(f'DROP INDEX "{row.name}"'))
    return [row.name for row in rows]


def deferred(engine: sa.Engine) -> list[str]:
    """The indexes set aside and not yet built again."""
    _check(engine)
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": TABLE}).scalar() is None:
            return []
        return list(conn.execute(sa.text(f"SELECT name FROM {TABLE} ORDER BY name")).scalars())


def restore(engine: sa.Engine, log: Callable[[str], None] | None = None) -> list[tuple[str, float]]:
    """Build every deferred index again (one transaction each), then ANALYZE; the
    (name, seconds) of each built."""
    _check(engine)
    built: list[tuple[str, float]] = []
    for name in deferred(engine):
        t0 = time.perf_counter()
        with engine.begin() as conn:
            definition = conn.execute(
                sa.text(f"SELECT definition FROM {TABLE} WHERE name = :n"), {"n": name}
            ).scalar_one()
            conn.execute(sa.text(definition))
            conn.execute(sa.text(f"DELETE FROM {TABLE} WHERE name = :n"), {"n": name})
        built.append((name, time.perf_counter() - t0))
        if log is not None:
            log(f"indexes: {name} built in {built[-1][1]:.1f} s")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(sa.text("ANALYZE"))
    return built
