"""``watchfloor read`` (the output contract, JSONL) and ``watchfloor times`` (date expressions)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from watchfloor.cli.options import (
    Progress,
    allow_private_option,
    columns_option,
    dct_option,
    encoding_option,
    exit_if_failed,
    kb_option,
    read_documents,
    workers_option,
)
from watchfloor.flow import Inputs, Tally


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@dct_option
@kb_option
@encoding_option
@columns_option
@allow_private_option
@workers_option
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
    workers: int,
    explain_date: bool,
    pretty: bool,
) -> None:
    """Read FILES and print one JSON object per document (JSONL).

    FILES are plain-text articles (.txt: the first content line is the title),
    saved web pages (.html), URLs (fetched safely, see --allow-private),
    JSONL batches (.jsonl: one object a line with "text" and optional "id",
    "title", "url", "outlet", "dct"), CSV/TSV batches (see --columns), or
    directories holding them. Output keeps input order; the format is
    docs/output-contract.md. A progress bar is drawn on stderr when it is a
    terminal and the output is not.
    """
    from watchfloor.ingest.files import count_inputs
    from watchfloor.serialize import document_reading_to_dict

    tally = Tally()
    inputs = Inputs(files, dct, encoding, columns, allow_private=allow_private)
    printed = 0
    live = sys.stderr.isatty() and not sys.stdout.isatty()
    done = lambda t: printed + t.failed  # noqa: E731
    with Progress(tally, lambda: count_inputs(files), done=done, live=live) as bar:
        for doc, reading in read_documents(inputs, kb, tally, workers):
            if explain_date:
                click.echo(explain_dct(doc), err=True)
            obj = document_reading_to_dict(doc, reading)
            click.echo(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None))
            printed += 1
            bar.tick()
    exit_if_failed(tally)


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


@click.command()
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
