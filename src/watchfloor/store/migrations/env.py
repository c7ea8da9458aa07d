"""Alembic environment of the watchfloor store, configured programmatically.

``watchfloor.store.migrate`` passes an open connection in
``config.attributes["connection"]``; no alembic.ini is needed. Offline mode
(``sqlalchemy.url`` set, SQL printed instead of run) is supported for DBAs who
want the DDL as a script.
"""

from __future__ import annotations

from alembic import context

from watchfloor.store.schema import in_metadata, metadata

config = context.config


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("watchfloor migrations run through watchfloor.store.migrate")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_name=in_metadata,  # full-text search objects differ per backend (0005)
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
