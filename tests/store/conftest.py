"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when asked.

``WATCHFLOOR_TEST_POSTGRES`` holds a PostgreSQL URL (e.g.
``postgresql://postgres@127.0.0.1:5432/test``). When it is set, the
PostgreSQL runs must pass: a server that cannot be reached FAILS them. When it
is not set, they are deselected and one line says so.

Each PostgreSQL test gets a fresh schema (``wf_test_<session>_<n>``, set as
the connection's search_path), dropped after the test; a session sweep drops
any this session left behind, so parallel and repeated runs never collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_ENV = "WATCHFLOOR_TEST_POSTGRES"
PG_URL = os.environ.get(PG_ENV, "").strip()
SESSION = f"wf_test_{os.getpid()}_{secrets.token_hex(3)}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    dropped = [i for i in items if i.get_closest_marker("postgres") is not None]
    if not dropped:
        return
    items[:] = [i for i in items if i.get_closest_marker("postgres") is None]
    config.hook.pytest_deselected(items=dropped)
    line = f"{len(dropped)} PostgreSQL store tests deselected: {PG_ENV} is not set"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)
    else:
        print(line)


def _admin(url: str) -> Any:
    """A psycopg autocommit connection for creating and dropping test schemas."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    return psycopg.connect(
        parsed.render_as_string(hide_password=False), autocommit=True, connect_timeout=10
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The PostgreSQL URL, checked reachable once; leftovers of this session dropped at the end."""
    try:
        with _admin(PG_URL) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        pytest.fail(f"{PG_ENV} is set but PostgreSQL cannot be reached: {exc}", pytrace=False)
    yield PG_URL
    with _admin(PG_URL) as conn:
        rows = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (SESSION + "%",)
        ).fetchall()
        for (name,) in rows:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


_counter = iter(range(1_000_000))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL whose connections work in a schema of their own, dropped after the test."""
    yield from _schema_url(pg_server)


@pytest.fixture
def pg_url_b(pg_server: str) -> Iterator[str]:
    """A second schema of its own, for a test that compares two stores."""
    yield from _schema_url(pg_server)


def _schema_url(pg_server: str) -> Iterator[str]:
    from sqlalchemy.engine import make_url

    schema = f"{SESSION}_{next(_counter)}"
    with _admin(pg_server) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(pg_server).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with _admin(pg_server) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database: a SQLite file in a directory not yet made, or a PG schema."""
    if request.param == "sqlite":
        return str(tmp_path / "not-yet" / "watchfloor.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    from watchfloor.store import Store

    with Store.open(store_url) as s:
        yield s
