"""The ``watchfloor`` command: a thin layer over the library.

Library code raises ``WatchfloorError``s; this module is the one place that
turns them into one-line messages on stderr and exit codes:

    0  everything read
    1  some inputs failed (each named on stderr; the rest were processed)
    2  usage or configuration error (nothing was processed)
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import click

from watchfloor import __version__
from watchfloor.cli_options import (
    allow_private_option,
    columns_option,
    db_option,
    dct_option,
    encoding_option,
    existing_store,
    kb_option,
)
from watchfloor.cli_options import (
    echo_error as _error,
)
from watchfloor.errors import InputError, StoreError, WatchfloorError

EXIT_PARTIAL = 1
EXIT_CONFIG = 2


def _notice(message: str) -> None:
    click.echo(f"watchfloor: note: {message}", err=True)


def _load_resources(kb: tuple[str, ...]) -> Any:
    from watchfloor.extract.pipeline import Resources
    from watchfloor.knowledge.actors import configured_kb_paths

    return Resources.load(configured_kb_paths(kb))  # config files, $WATCHFLOOR_KB, then --kb


@dataclass
class Tally:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    copies: int = 0  # new documents that are near-duplicates of a stored text

    def count(self, status: str) -> None:
        if status == "copy":
            self.new += 1
            self.copies += 1
        elif status in ("new", "duplicate", "failed"):
            setattr(self, status, getattr(self, status) + 1)

    def line(self) -> str:
        copies = f" ({self.copies} near-duplicates of stored texts)" if self.copies else ""
        return (
            f"{self.read} read, {self.new} new{copies}, {self.duplicate} duplicate, "
            f"{self.failed} failed"
        )


class CliGroup(click.Group):
    """Turns library errors escaping a command into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatchfloorError as exc:
            _error(str(exc))
            ctx.exit(EXIT_CONFIG)


@click.group(cls=CliGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watchfloor")
def main() -> None:
    """Read news reports into a sourced, geolocated, time-resolved picture.

    Every fact points to its document and span; unknown dates, places and
    sources stay unknown. See docs/ for each command and output format.
    """


@dataclass(frozen=True)
class Inputs:
    """Where documents come from and how to read them."""

    paths: tuple[str, ...]
    dct: dt.date | None = None
    encoding: str = "utf-8"
    columns: str | None = None
    feeds: tuple[str, ...] = ()
    allow_private: bool = False


class Web:
    """One guarded fetcher for a whole batch, made only if a URL or feed needs it."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._fetcher: Any = None

    def fetcher(self) -> Any:
        if self._fetcher is None:
            from watchfloor.ingest.fetch import Fetcher

            self._fetcher = Fetcher(allow_private=self.allow_private)
        return self._fetcher

    def __enter__(self) -> Web:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def _failed(tally: Tally, err: InputError, on_error: Callable[[InputError], None] | None) -> None:
    tally.failed += 1
    _error(str(err))
    if on_error is not None:
        on_error(err)


def _documents(
    inputs: Inputs,
    tally: Tally,
    web: Web,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Any]:
    """Documents of the inputs, in order; the ones that fail to load are counted and named."""
    from watchfloor.ingest.feeds import is_url, url_document
    from watchfloor.ingest.files import parse_columns, read_paths

    columns = parse_columns(inputs.columns)
    for name in inputs.paths:
        if is_url(name):
            tally.read += 1
            try:
                yield url_document(name, web.fetcher())
            except InputError as err:
                _failed(tally, err, on_error)
            continue
        for result in read_paths([name], dct=inputs.dct, encoding=inputs.encoding, columns=columns):
            tally.read += 1
            if isinstance(result, InputError):
                _failed(tally, result, on_error)
            else:
                yield result


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@dct_option
@kb_option
@encoding_option
@columns_option
@allow_private_option
@click.option(
    "--explain-date",
    is_flag=True,
    help="Print each document's publication date or range, and why, on stderr.",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON (one object per document still).")
def read(
    files: tuple[str, ...],
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
    allow_private: bool,
    explain_date: bool,
    pretty: bool,
) -> None:
    """Read FILES and print one JSON object per document (JSONL).

    FILES are plain-text articles (.txt: the first content line is the title),
    saved web pages (.html), URLs (fetched safely, see --allow-private),
    JSONL batches (.jsonl: one object a line with "text" and optional "id",
    "title", "url", "outlet", "dct"), CSV/TSV batches (see --columns), or
    directories holding them. Output keeps input order; the format is
    docs/output-contract.md.
    """
    from watchfloor.serialize import document_reading_to_dict

    tally = Tally()
    inputs = Inputs(files, dct, encoding, columns, allow_private=allow_private)
    for doc, reading in read_inputs(inputs, kb, tally):
        if reading.note:
            _notice(f"{doc.origin or doc.id}: {reading.note}")
        if explain_date:
            click.echo(explain_dct(doc), err=True)
        obj = document_reading_to_dict(doc, reading)
        click.echo(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None))
    exit_if_failed(tally)


def read_inputs(inputs: Inputs, kb: tuple[str, ...], tally: Tally) -> Iterator[tuple[Any, Any]]:
    """(Document, Reading) of each input that reads; each failure is one error line."""
    from watchfloor.extract.pipeline import read_many

    res = _load_resources(kb)
    with Web(inputs.allow_private) as web:
        for doc, reading in read_many(_documents(inputs, tally, web), res):
            if isinstance(reading, WatchfloorError):
                tally.failed += 1
                _error(str(reading))
                continue
            yield doc, reading


def exit_if_failed(tally: Tally) -> None:
    """End a reading command with exit 1 and a summary line when an input failed."""
    if tally.failed:
        _error(f"{tally.failed} of {tally.read} inputs failed")
        sys.exit(EXIT_PARTIAL)


def explain_dct(doc: Any) -> str:
    """A document's publication date or range, how it was obtained, and the reasons."""
    d = doc.dct
    if d.date is not None:
        when = str(d.date)
    elif d.earliest or d.latest:
        when = f"between {d.earliest or 'any time'} and {d.latest or 'now (open-ended)'}"
    else:
        when = "unknown"
    lines = [f"{doc.origin or doc.id}: published {when} ({d.how.value})"]
    lines += [f"  - {reason}" for reason in d.reasons]
    if d.how.value == "unknown":
        lines.append("  - nothing in the text or the knowledge base dates it")
    return "\n".join(lines)


def ingest_into(store: Any, inputs: Inputs, kb: tuple[str, ...]) -> Tally:
    """Read the inputs and feeds and store each document with its reading.

    Failures are quarantined; content already read by these extractors is not
    read again, but a new outlet or URL for it is recorded as a publication.
    Feed state (ETag, Last-Modified) is saved only once its entries are stored,
    so a crash mid-batch never makes a re-poll skip what was not stored.
    """
    from watchfloor.extract.pipeline import EXTRACTOR, read_many
    from watchfloor.ingest.files import count_inputs
    from watchfloor.vocab import Reading

    res = _load_resources(kb)
    tally = Tally()
    progress = _progress(tally, lambda: count_inputs(inputs.paths))
    marks: dict[int, tuple[str, str]] = {}  # id(document) -> (feed, entry id) to mark seen
    states: list[Any] = []

    def quarantine(err: InputError) -> None:
        store.quarantine(err.where or "?", err.data, err.reason)
        progress.tick()

    def stored(doc: Any, status: str, document_id: str | None) -> None:
        tally.count(status)
        feed_entry = marks.pop(id(doc), None)
        if feed_entry is not None:
            store.mark_entry_seen(*feed_entry, document_id)
        progress.tick()

    def fresh(web: Web) -> Iterator[Any]:
        docs = _documents(inputs, tally, web, quarantine)
        feed_docs = _feed_documents(
            store, inputs.feeds, tally, web, quarantine, marks, states, progress
        )
        for doc in itertools.chain(docs, feed_docs):
            if store.contains(doc.content_hash, EXTRACTOR):
                result = store.add(doc, Reading(document_id=doc.id, extractor=EXTRACTOR))
                stored(doc, "duplicate", result.document_id)  # a new outlet becomes a publication
            else:
                yield doc

    with Web(inputs.allow_private) as web, progress:
        for doc, reading in read_many(fresh(web), res):
            status, document_id = _store_one(store, doc, reading)
            stored(doc, status, document_id)
    for state in states:
        store.save_feed_state(state)
    return tally


def _feed_documents(
    store: Any,
    feeds: tuple[str, ...],
    tally: Tally,
    web: Web,
    quarantine: Callable[[InputError], None],
    marks: dict[int, tuple[str, str]],
    states: list[Any],
    progress: Any,
) -> Iterator[Any]:
    """The entries of each feed not seen before, as Documents, in feed order."""
    from watchfloor.ingest.feeds import entry_document, is_url, poll

    for src in feeds:
        try:
            got = poll(src, store.feed_state(src), web.fetcher() if is_url(src) else None)
        except InputError as err:
            tally.read += 1
            _failed(tally, err, quarantine)
            continue
        for bad in got.errors:
            tally.read += 1
            progress.total += 1
            _failed(tally, bad, quarantine)
        if got.problem:
            _notice(f"{src}: {got.problem}")
        states.append(got.state)
        if got.not_modified:
            _notice(f"{src}: not modified since the last poll")
            continue
        for entry in got.entries:
            if store.entry_seen(src, entry.id):
                continue
            tally.read += 1
            progress.total += 1
            try:
                doc = entry_document(entry, web.fetcher(), web.allow_private, feed_title=got.title)
            except InputError as err:
                _failed(tally, err, quarantine)
                store.mark_entry_seen(src, entry.id, None)
                continue
            marks[id(doc)] = (src, entry.id)
            yield doc


def _store_one(store: Any, doc: Any, reading: Any) -> tuple[str, str | None]:
    """Store one reading; a document that fails is quarantined with its error.

    Returns the status ("new", "copy" for a near-duplicate of a stored text,
    "duplicate", "failed") and the stored document's id.
    """
    error: WatchfloorError | None = reading if isinstance(reading, WatchfloorError) else None
    if error is None and reading.note:
        _notice(f"{doc.origin or doc.id}: {reading.note}; stored, not read")
    if error is None:
        try:
            result = store.add(doc, reading)
        except StoreError as exc:
            error = exc
        else:
            copy = result.status == "new" and getattr(result, "copy_of", None)
            return ("copy" if copy else str(result.status)), result.document_id
    _error(str(error) if error.where else f"{doc.origin or doc.id}: {error}")
    store.quarantine(doc.origin or doc.id, doc.raw.encode("utf-8", "surrogatepass"), error.reason)
    return "failed", None


class _progress:
    """A progress bar with the running tally on a terminal; silent in pipes and files."""

    WIDTH = 30

    def __init__(self, tally: Tally, total: Callable[[], int], stream: Any = None) -> None:
        """``total`` counts the inputs; it is called only on a terminal, where a
        bar is drawn (counting re-reads batch files: pipes need not pay for it)."""
        self.tally = tally
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.total = max(total(), 1) if self.live else 1

    def __enter__(self) -> Callable[[], None]:
        return self.tick

    def tick(self) -> None:
        if not self.live:
            return
        done = min(self.tally.read, self.total)
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r  [{bar}] {done}/{self.total}  {self.tally.line()}")
        self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self.stream.write("\r" + " " * (self.WIDTH + 90) + "\r")
            self.stream.flush()


@main.command()
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
def ingest(
    paths: tuple[str, ...],
    feeds: tuple[str, ...],
    db: str,
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
    allow_private: bool,
) -> None:
    """Store PATHS (files, URLs, JSONL/CSV batches, directories) and feeds, with their readings.

    Idempotent: a document whose content is already stored is counted as a
    duplicate and not read again. Inputs that fail are quarantined in the
    store with their error; the rest of the batch goes on.
    """
    from watchfloor.store import Store

    if not paths and not feeds:
        raise click.UsageError("give PATHS to read, or --feed URL|FILE")
    with Store.open(db) as store:
        inputs = Inputs(paths, dct, encoding, columns, feeds, allow_private)
        tally = ingest_into(store, inputs, kb)
    click.echo(f"watchfloor: ingest into {_safe_url(db)}: {tally.line()}", err=True)
    if tally.failed:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("text")
@dct_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per expression (JSONL).")
def times(text: str, dct: dt.date | None, as_json: bool) -> None:
    """Show each time expression in TEXT, its value, and the rule that produced it.

    TEXT is the text itself, or @FILE to read a UTF-8 file. Without --dct,
    values that depend on the publication date are null with reason needs_dct.
    """
    from watchfloor.extract import times as times_stage
    from watchfloor.extract.nlp import load_nlp

    if text.startswith("@"):
        from watchfloor.ingest.files import MAX_DOCUMENT_BYTES, decode, read_capped

        path = Path(text[1:])
        text = decode(read_capped(path, MAX_DOCUMENT_BYTES, "one text"), str(path))
    rows = times_stage.explain(load_nlp(), text, dct)
    for k, row in enumerate(rows):
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
            continue
        value = row["value"] if row["value"] is not None else f"null ({row['reason']})"
        mod = f" {row['mod']}" if row["mod"] else ""
        anchor = f", anchor {row['anchor']}" if row["anchor"] else ""
        mod += f" covers {row['range']}" if row.get("range") else ""
        click.echo(
            f"{k}  {row['start']}-{row['end']}  {row['text']!r}  {row['type']}  {value}{mod}"
            f"  [{row['rule']}{anchor}]"
        )
    if not rows and not as_json:
        click.echo("no time expressions found", err=True)


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown, or one self-contained HTML file.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write here instead of standard output."
)
@click.option(
    "--watch",
    "watch",
    metavar="NAME",
    help="Report only the key events this saved watch matches (see `watchfloor watch`).",
)
@click.option(
    "--record/--no-record",
    default=True,
    show_default=True,
    help="Make this report the baseline of the next one's 'What is new' "
    "(--no-record: a preview that leaves the baseline where it is).",
)
def report(db: str, fmt: str, out: str | None, watch: str | None, record: bool) -> None:
    """Write a situation report of the store (or of one watch).

    What is new since the last report of the same scope, the key events
    (merged across documents: who, what, to whom, where, when, how sure,
    according to whom, how many independent sources), contradictions side by
    side, a map and a timeline (HTML), claims, actors, places and open
    questions, each statement pointing to its document and sentence.
    """
    from watchfloor import report as reports

    with existing_store(db) as store:
        rep = reports.situation(store, watch)
        text = reports.render_report(rep, fmt)
        if record:
            reports.record(store, rep, watch)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"watchfloor: wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
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
    from watchfloor import report as reports
    from watchfloor.store import Store

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
            tally = ingest_into(store, Inputs(batch), ())
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


def _safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


from watchfloor.cli_claims import claims_cmd  # noqa: E402  (`claims`: its own module)
from watchfloor.cli_events import events_cmd, export_cmd  # noqa: E402  (`events`, `export`)
from watchfloor.cli_kb import kb_group  # noqa: E402  (the `kb` group: its own module)
from watchfloor.cli_places import places_cmd  # noqa: E402  (`places`: its own module)
from watchfloor.cli_serve import serve_cmd  # noqa: E402  (`serve`: the REST API)
from watchfloor.cli_stories import outlets_cmd, stories_cmd  # noqa: E402  (`stories`: its own module)
from watchfloor.cli_watch import watch_group  # noqa: E402  (the `watch` group)

main.add_command(kb_group)
main.add_command(places_cmd)
main.add_command(claims_cmd)
main.add_command(stories_cmd)
main.add_command(outlets_cmd)
main.add_command(events_cmd)
main.add_command(export_cmd)
main.add_command(watch_group)
main.add_command(serve_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
