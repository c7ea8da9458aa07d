"""``watchfloor events FILE...`` and ``watchfloor export``: who did what to whom.

    watchfloor events article.txt --dct 2019-03-10
    watchfloor events batch.jsonl --type DEMAND --json
    watchfloor export --format plover --out events.jsonl

``events`` reads its inputs as ``watchfloor read`` does and prints, per
document, each event as a block: its PLOVER type and mode, modality, date,
actor and recipient (KB actor, code, or typed unknown), place, the trigger
word and sentence, and the claim's source chain it rests on. ``export``
writes the store's current readings as the JSONL output contract or as
PLOVER records (docs/export.md). Untrusted text is printed through
``views.common.text.safe``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from watchfloor.cli.options import (
    allow_private_option,
    columns_option,
    db_option,
    dct_option,
    encoding_option,
    existing_store,
    kb_option,
)
from watchfloor.knowledge.plover import load_plover
from watchfloor.views.common.text import safe

MODALITIES = (
    "asserted",
    "reported",
    "denied",
    "speculated",
    "demanded",
    "planned",
    "conditional",
)


def _who(refs: list[dict[str, Any]], names: dict[str, str]) -> str:
    if not refs:
        return "?"
    out = []
    for r in refs:
        label = names.get(r.get("id") or "") or r.get("entity_text") or "?"
        code = r.get("code") or "/".join(x for x in (r.get("country"), r.get("sector")) if x)
        said = safe(r.get("entity_text"), 60)
        bit = safe(label, 60)
        if said and said != bit:
            bit += f" (\u201c{said}\u201d)"
        if code:
            bit += f" [{safe(code)}]"
        out.append(bit)
    return " + ".join(out)


def _where(loc: dict[str, Any] | None) -> str:
    if not loc:
        return "unknown"
    name = safe(loc.get("name") or loc.get("text"))
    country = f", {loc['country']}" if loc.get("country") else ""
    at = f" ({loc['lat']:.3f}, {loc['lon']:.3f})" if loc.get("lat") is not None else ""
    return f"{name}{country}{at} \u201c{safe(loc.get('text'))}\u201d [{loc['start']}:{loc['end']}]"


def _chain(doc: dict[str, Any], claim_id: str | None) -> str:
    claim = next((c for c in doc.get("claims", ()) if c["id"] == claim_id), None)
    if claim is None:
        return "the article itself (no attributed claim)"
    sources = [safe(s.get("name") or s["text"], 60) + f" ({s['kind']})" for s in claim["sources"]]
    return f"{claim['id']}: " + (" <- ".join(sources) if sources else "no source named")


def format_events(doc: dict[str, Any]) -> list[str]:
    """The text view of one document's events (a ``document_reading_to_dict`` object)."""
    names = {a["id"]: a.get("name") or "" for a in doc.get("actors", ())}
    title = safe(doc.get("title"), 100)
    head = f"== {safe(doc.get('id'))}" + (f": {title}" if title else "")
    events = doc.get("events", ())
    lines = [head, f"{len(events)} event{'s' if len(events) != 1 else ''}"]
    for ev in events:
        kind = ev["event"] + (f"/{ev['mode']}" if ev.get("mode") else "")
        date = ev.get("date") or "date unknown"
        if ev.get("date_approx"):
            date += " (publication date)"
        trig = ev["trigger"]
        lines.append(f"{ev['id']}  {kind}  {ev['modality']}  {date}")
        lines.append(f"    who:      {_who(ev.get('actor', []), names)}")
        lines.append(f"    to whom:  {_who(ev.get('recipient', []), names)}")
        lines.append(f"    where:    {_where(ev.get('event_loc'))}")
        lines.append(
            f"    trigger:  \u201c{safe(trig['text'])}\u201d [{trig['start']}:{trig['end']}]"
            f"  sentence {ev['sentence']['index']}"
        )
        lines.append(f"    per:      {_chain(doc, ev.get('claim'))}")
    return lines


def _keep(ev: dict[str, Any], types: tuple[str, ...], modality: str | None) -> bool:
    return (not types or ev["event"] in types) and (modality is None or ev["modality"] == modality)


@click.command("events")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSONL).")
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(sorted(load_plover().types)),
    help="Only events of this PLOVER type (repeatable).",
)
@click.option("--modality", type=click.Choice(MODALITIES), help="Only events of this modality.")
@dct_option
@kb_option
@encoding_option
@columns_option
@allow_private_option
def events_cmd(
    files: tuple[str, ...],
    as_json: bool,
    types: tuple[str, ...],
    modality: str | None,
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
    allow_private: bool,
) -> None:
    """Print the PLOVER events of FILES: who did what to whom, where, when, per whom.

    FILES are read as by `watchfloor read`. Each event shows its type and mode,
    modality, date (or "date unknown"), actor and recipient, place, trigger
    and sentence, and the claim and source chain it rests on. --json prints,
    per document, its id, title and events in the output-contract format
    with the claims they rest on.
    """
    from watchfloor.cli.claims import print_views
    from watchfloor.flow import Inputs

    def view(doc: Any, reading: Any, full: dict[str, Any]) -> dict[str, Any]:
        events = [e for e in full.get("events", ()) if _keep(e, types, modality)]
        claim_ids = {e.get("claim") for e in events}
        return {
            "id": full.get("id"),
            "title": full.get("title"),
            "outlet": doc.outlet,
            "dct": full.get("dct"),
            "note": reading.note,
            "actors": [
                {k: a.get(k) for k in ("id", "name", "type", "country", "code")}
                for a in full.get("actors", ())
            ],
            "claims": [c for c in full.get("claims", ()) if c["id"] in claim_ids],
            "events": events,
        }

    inputs = Inputs(files, dct, encoding, columns, allow_private=allow_private)
    print_views(inputs, kb, as_json, view, format_events)


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "plover", "geojson", "acled", "parquet"]),
    default="jsonl",
    show_default=True,
    help="jsonl: the output contract per document; plover: PLOVER records; geojson: placed "
    "events as points; acled: an ACLED-like CSV; parquet: the same table typed (needs --out).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write here instead of standard output."
)
def export_cmd(db: str, fmt: str, out: str | None) -> None:
    """Export the store's current readings (docs/export.md)."""
    from watchfloor.serialize import document_reading_to_dict
    from watchfloor.views.common import export

    if fmt in export.BINARY_FORMATS and not out:
        raise click.UsageError(f"--format {fmt} writes a binary file: give --out FILE")
    with existing_store(db) as store:
        docs = (document_reading_to_dict(d, r) for d, r in store.readings())
        if not out:
            export.write(docs, fmt, sys.stdout)
            return
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(out).with_name(Path(out).name + ".part")
        if fmt in export.BINARY_FORMATS:
            n = export.write_parquet(docs, tmp)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = export.write(docs, fmt, fh)
        tmp.replace(out)
        click.echo(f"watchfloor: wrote {n} {fmt} records to {out}", err=True)
