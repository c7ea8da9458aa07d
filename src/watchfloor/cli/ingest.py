"""``watchfloor ingest`` (inputs and feeds into the store) and ``watchfloor demo``."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from watchfloor.cli.options import (
    EXIT_PARTIAL,
    Progress,
    allow_private_option,
    columns_option,
    db_option,
    dct_option,
    encoding_option,
    kb_option,
    printing_callbacks,
    safe_url,
    workers_option,
)
from watchfloor.flow import Inputs, Tally

if TYPE_CHECKING:
    from watchfloor.store import Store


def ingest_with_progress(
    store: Store, inputs: Inputs, kb: tuple[str, ...], workers: int = 1
) -> Tally:
    """``flow.ingest`` (read by ``workers`` processes) with a progress bar on a terminal
    and every failure on stderr."""
    from watchfloor.flow import ingest, load_resources
    from watchfloor.ingest.files import count_inputs

    tally = Tally()
    with Progress(tally, lambda: count_inputs(inputs.paths)) as bar:
        callbacks = printing_callbacks(bar.tick)
        return ingest(store, inputs, load_resources(kb), callbacks, tally, workers)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL|FILE",
    help="An RSS or Atom feed to poll (repeatable): only entries not seen before are read.",
)
@db_option
@dct_option
@kb_option
@encoding_option
@columns_option
@allow_private_option
@workers_option
def ingest(
    paths: tuple[str, ...],
    feeds: tuple[str, ...],
    db: str,
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
    allow_private: bool,
    workers: int,
) -> None:
    """Store PATHS (files, URLs, JSONL/CSV batches, directories) and feeds, with their readings.

    Idempotent: a document whose content is already stored is counted as a
    duplicate and not read again. Inputs that fail are quarantined in the
    store with their error; the rest of the batch goes on.
    """
    from watchfloor.store import Store

    if not paths and not feeds:
        raise click.UsageError("give PATHS to read, or --feed URL|FILE")
    inputs = Inputs(paths, dct, encoding, columns, feeds, allow_private)
    with Store.open(db) as store:
        tally = ingest_with_progress(store, inputs, kb, workers)
    click.echo(f"watchfloor: ingest into {safe_url(db)}: {tally.line()}", err=True)
    if tally.failed:
        sys.exit(EXIT_PARTIAL)


@click.command()
@click.option(
    "--dir",
    "out_dir",
    default="watchfloor-demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the demo store and reports go (its store is recreated).",
)
def demo(out_dir: str) -> None:
    """Ingest the bundled sample articles into a fresh store and write the report.

    The samples arrive in two rounds, as they would over a day: the first is
    read and reported (the baseline, ``report-1.*``), then the second, and the
    final report (``report.*``) says what the second round changed.
    """
    from watchfloor.store import Store
    from watchfloor.views import report as reports

    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    db_path = target / "watchfloor.db"
    for stale in (db_path, target / "watchfloor.db-wal", target / "watchfloor.db-shm"):
        stale.unlink(missing_ok=True)
    samples = _sample_paths(target / "samples")
    rounds = (samples[:1], samples[1:]) if len(samples) > 1 else (samples,)
    failed = False
    with Store.open(str(db_path)) as store:
        for n, batch in enumerate(rounds, start=1):
            tally = ingest_with_progress(store, Inputs(batch), ())
            failed = failed or bool(tally.failed)
            rep = reports.situation(store)
            reports.record(store, rep)
            last = n == len(rounds)
            stem = "report" if last else f"report-{n}"
            for fmt in ("md", "html"):
                (target / f"{stem}.{fmt}").write_text(
                    reports.render_report(rep, fmt), encoding="utf-8"
                )
            click.echo(f"watchfloor demo: round {n}: {tally.line()}")
    click.echo(f"  store:  {db_path}")
    click.echo(f"  report: {target / 'report.html'}")
    click.echo(f"          {target / 'report.md'}")
    click.echo(f"          (the first round's: {target / 'report-1.html'})")
    if failed:
        sys.exit(EXIT_PARTIAL)


def _sample_paths(dest: Path) -> tuple[str, ...]:
    """Copy the packaged sample articles next to the demo store, so users can see them."""
    dest.mkdir(parents=True, exist_ok=True)
    pkg = importlib_resources.files("watchfloor") / "samples"
    out = []
    for item in sorted(pkg.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            path = dest / item.name
            with importlib_resources.as_file(item) as src:
                shutil.copyfile(src, path)
            out.append(str(path))
    return tuple(out)
