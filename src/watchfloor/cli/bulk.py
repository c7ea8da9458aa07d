"""``watchfloor bulk``: inputs read on a dask.distributed cluster into Parquet tables (docs/bulk.md)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from watchfloor.cli.options import (
    EXIT_PARTIAL,
    columns_option,
    dct_option,
    echo_error,
    encoding_option,
    kb_option,
    safe_url,
)
from watchfloor.flow import Inputs
from watchfloor.flow.bulk import (
    MIN_PARTITION_DOCS,
    MIN_PARTITIONS,
    PARTITION_DOCS,
    BulkCallbacks,
    BulkTally,
    Cluster,
    available_cpus,
)


class BulkProgress:
    """Partitions and documents done, on a terminal; nothing in pipes and files."""

    WIDTH = 30

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def started(self, tally: BulkTally) -> None:
        if tally.dashboard:
            click.echo(f"watchfloor: dashboard: {tally.dashboard}", err=True)
        if tally.done_before:
            rest = (
                "nothing left to read"
                if tally.done_before == tally.partitions
                else "reading the rest"
            )
            click.echo(
                f"watchfloor: {tally.done_before} of {tally.partitions} partitions "
                f"done by an earlier run: {rest}",
                err=True,
            )
        self.step(tally)

    def failed(self, line: str) -> None:
        self.clear()
        echo_error(line)

    def step(self, tally: BulkTally) -> None:
        if not self.live:
            return
        total = max(tally.partitions, 1)
        filled = self.WIDTH * tally.partitions_done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(
            f"\r  [{bar}] {tally.partitions_done}/{tally.partitions} partitions  "
            f"{tally.documents_done}/{tally.documents} documents  {tally.failed} failed"
        )
        self.stream.flush()

    def clear(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * (self.WIDTH + 80) + "\r")
            self.stream.flush()


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The output folder: one Parquet dataset per table (documents, events, claims, "
    "places, actors, times, failures).",
)
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help="Also load the results into this store (a SQLite path or a database URL) and link them.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running dask scheduler (tcp://host:8786); without it a local cluster is started.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes of the local cluster (default: the CPUs this process may use).",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=None,
    help=f"Documents per partition (one task; the unit a rerun skips or redoes). "
    f"Default: {PARTITION_DOCS}, smaller for a job of fewer than {PARTITION_DOCS * MIN_PARTITIONS:,} "
    f"documents so that every worker gets some ({MIN_PARTITIONS} partitions of at least "
    f"{MIN_PARTITION_DOCS}).",
)
@dct_option
@kb_option
@encoding_option
@columns_option
def bulk(
    inputs: tuple[str, ...],
    out: str,
    db: str | None,
    scheduler: str | None,
    workers: int | None,
    partition_size: int | None,
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
) -> None:
    """Read INPUTS on a dask.distributed cluster into Parquet tables under --out.

    INPUTS are what `read` takes (text and HTML files, JSONL and CSV/TSV
    batches, directories) and Parquet batches with a text column. They are
    cut into partitions; each is read once and written atomically, so a
    job stopped at any point and run again with the same command finishes
    only what is missing. Inputs that fail are listed in --out/failures/
    (exit code 1); the rest of the job completes.
    """
    from watchfloor.flow.bulk import run_bulk
    from watchfloor.knowledge.actors import configured_kb_paths

    if scheduler and workers is not None:
        raise click.UsageError(
            "--workers sizes a local cluster: a --scheduler's cluster has its own"
        )
    progress = BulkProgress()
    cluster = Cluster(scheduler, workers or available_cpus())
    callbacks = BulkCallbacks(progress.started, progress.failed, progress.step)
    try:
        tally = run_bulk(
            Inputs(inputs, dct, encoding, columns),
            out,
            kb_paths=tuple(str(Path(p).absolute()) for p in configured_kb_paths(kb)),
            cluster=cluster,
            partition_size=partition_size,
            db=db,
            callbacks=callbacks,
        )
    finally:
        progress.clear()
    click.echo(f"watchfloor: bulk into {out}: {tally.line()}", err=True)
    if tally.stored is not None and db is not None:
        click.echo(f"watchfloor: loaded into {safe_url(db)}: {tally.stored.line()}", err=True)
    if tally.failed:
        echo_error(f"{tally.failed} inputs failed: see {out}/failures/")
        sys.exit(EXIT_PARTIAL)
