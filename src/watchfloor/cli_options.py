"""What the commands of ``watchfloor`` share (cli.py and its command modules).

One definition each, so that ``read``, ``ingest``, ``claims`` and ``kb`` spell
and document an option the same way (docs/cli.md), and every command words
its errors the same way: ``watchfloor: error: <input>: <reason>``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

DEFAULT_DB = "watchfloor.db"


def echo_error(message: str) -> None:
    """One error line on stderr, as docs/cli.md promises."""
    click.echo(f"watchfloor: error: {message}", err=True)


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a YYYY-MM-DD option value as a date (None when not given)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


kb_option = click.option(
    "--kb",
    "kb",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An extra actor knowledge-base YAML file (repeatable); see docs/knowledge-actors.md.",
)
dct_option = click.option(
    "--dct",
    callback=parse_day,
    metavar="YYYY-MM-DD",
    help="Publication date of plain-text files (batch lines may carry their own 'dct').",
)
encoding_option = click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Text encoding of plain-text files.",
)
columns_option = click.option(
    "--columns",
    metavar="FIELD=COLUMN,...",
    help="Which CSV/TSV columns hold the record fields (text, id, title, url, outlet, dct); "
    "by default columns named like the fields.",
)
db_option = click.option(
    "--db",
    envvar="WATCHFLOOR_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="The store: a SQLite path or any SQLAlchemy URL (postgresql://...). Env: WATCHFLOOR_DB.",
)
allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    help="Let URLs and feeds reach private, loopback and link-local addresses (refused by default).",
)


def existing_store(db: str) -> Any:
    """Open the store ``db`` for reading; StoreError when a SQLite path does not exist."""
    from watchfloor.errors import StoreError
    from watchfloor.store import Store

    if "://" not in db and not Path(db).exists():
        raise StoreError(f"no store here (run `watchfloor ingest ... --db {db}` first)", where=db)
    return Store.open(db)
