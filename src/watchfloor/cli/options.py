"""What the commands of ``watchfloor`` share: options, error lines, exit codes, progress.

One definition each, so that ``read``, ``ingest``, ``claims`` and ``kb`` spell
and document an option the same way (docs/cli.md), and every command words
its errors the same way: ``watchfloor: error: <input>: <reason>``. Exit codes:

    0  everything read
    1  some inputs failed (each named on stderr; the rest were processed)
    2  usage or configuration error (nothing was processed)
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from watchfloor.flow import Callbacks, Tally

DEFAULT_DB = "watchfloor.db"
EXIT_PARTIAL = 1
EXIT_CONFIG = 2


def echo_error(message: str) -> None:
    """One error line on stderr, as docs/cli.md promises."""
    click.echo(f"watchfloor: error: {message}", err=True)


def echo_notice(message: str) -> None:
    click.echo(f"watchfloor: note: {message}", err=True)


def printing_callbacks(step: Callable[[Tally], None] | None = None) -> Callbacks:
    """Callbacks that print each failure and notice on stderr (and ``step`` progress)."""
    return Callbacks(
        failed=lambda err: echo_error(str(err)),
        notice=echo_notice,
        step=step or (lambda _tally: None),
    )


def exit_if_failed(tally: Tally) -> None:
    """End a reading command with exit 1 and a summary line when an input failed."""
    if tally.failed:
        echo_error(f"{tally.failed} of {tally.read} inputs failed")
        sys.exit(EXIT_PARTIAL)


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


class Progress:
    """A progress bar with the running tally on a terminal; silent in pipes and files.

    ``total`` counts the inputs; it is called only on a terminal, where a bar is
    drawn (counting re-reads batch files: pipes need not pay for it). Feeds add
    to ``tally.total`` as their entries are found.
    """

    WIDTH = 30

    def __init__(
        self,
        tally: Tally,
        total: Callable[[], int],
        stream: Any = None,
        done: Callable[[Tally], int] | None = None,
        live: bool | None = None,
    ) -> None:
        self.tally = tally
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        # Inputs finished: by default those stored or failed (inputs are read ahead
        # of the store when workers read them, so ``tally.read`` runs ahead).
        self.done = done or (lambda t: t.new + t.duplicate + t.failed)
        tally.total = max(total(), 1) if self.live else 1

    def __enter__(self) -> Progress:
        return self

    def tick(self, _tally: Tally | None = None) -> None:
        if not self.live:
            return
        total = max(self.tally.total, 1)
        done = min(self.done(self.tally), total)
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r  [{bar}] {done}/{total}  {self.tally.line()}")
        self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.stream.write("\r" + " " * (self.WIDTH + 90) + "\r")
            self.stream.flush()


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


def resolve_workers(_ctx: click.Context, _param: click.Parameter, value: int | None) -> int:
    """Click callback: --workers, by default the CPUs this process may use."""
    from watchfloor.flow.parallel import available_cpus

    return available_cpus() if value is None else value


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    callback=resolve_workers,
    metavar="N",
    help="Worker processes that parse and extract (default: the CPUs this process may use; "
    "1 reads in this process). Output order and content do not change.",
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


def read_documents(
    inputs: Any,
    kb: tuple[str, ...],
    tally: Tally,
    workers: int = 1,
) -> Any:
    """(Document, Reading) of each input that reads (``flow.read_inputs``, read by
    ``workers`` processes), each failure and notice printed on stderr and counted in ``tally``."""
    from watchfloor.flow import load_resources, read_inputs

    return read_inputs(inputs, load_resources(kb), printing_callbacks(), tally, workers)
