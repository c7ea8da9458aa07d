"""``watchfloor report``: the situation report of the store or of one watch."""

from __future__ import annotations

from pathlib import Path

import click

from watchfloor.cli.options import db_option, existing_store


@click.command()
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
    from watchfloor.views import report as reports

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
