"""``watchfloor claims FILE...``: who says what, through whom, and how sure.

    watchfloor claims article.txt
    watchfloor claims batch.jsonl --json

Inputs are read as by ``watchfloor read`` (txt, html, jsonl, csv/tsv,
directories, URLs). For each document the claims are printed with their
cue, content, modality (and the word that set it) and source chain,
innermost source first, the article's outlet last; each source with its
kind, role, count and the KB actor it resolves to. Text from the input is
printed safely: control and bidirectional-formatting characters are
removed and runs of white space are folded, so an article cannot move the
cursor, recolour the terminal or reorder the line it is printed in.
See docs/extract-claims.md (method) and docs/cli.md.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from watchfloor.cli.options import (
    allow_private_option,
    columns_option,
    dct_option,
    encoding_option,
    kb_option,
)
from watchfloor.views.common.text import safe

MAX_SHOWN = 300  # characters of a content span printed in the text view (full span in --json)


def _where(obj: dict[str, Any]) -> str:
    if obj.get("start") is None:
        return "[not in text]"
    return f"[{obj['start']}:{obj['end']}]"


def _source_line(src: dict[str, Any], names: dict[str, str]) -> str:
    bits = [src["kind"]]
    if src.get("role"):
        bits.append(f"role: {safe(src['role'])}")
    if src.get("count") is not None:
        bits.append(f"count: {src['count']}")
    if src.get("actor"):
        name = names.get(src["actor"])
        bits.append(f"actor: {safe(src['actor'])}" + (f" ({safe(name)})" if name else ""))
    label = safe(src["name"])
    said = safe(src["text"])
    shown = label if said == label else f"{label} (\u201c{said}\u201d)"
    return f"{shown} {_where(src)}  [{'; '.join(bits)}]"


def format_claims(doc: dict[str, Any]) -> list[str]:
    """The text view of one document's claims (a ``document_reading_to_dict`` object)."""
    names = {a["id"]: a.get("name") or "" for a in doc.get("actors", ())}
    title = safe(doc.get("title"), 100)
    head = f"== {safe(doc.get('id'))}" + (f": {title}" if title else "")
    outlet = safe(doc.get("outlet"))
    if outlet:
        head += f"  (outlet: {outlet})"
    claims = doc.get("claims", ())
    lines = [head, f"{len(claims)} claim{'s' if len(claims) != 1 else ''}"]
    for c in claims:
        mod = c["modality"]
        if c.get("modality_cue"):
            mod += f" (by \u201c{safe(c['modality_cue']['text'])}\u201d)"
        cue = c.get("cue")
        cue_text = (
            f"\u201c{safe(cue['text'])}\u201d {_where(cue)}" if cue else "none (hedged narration)"
        )
        lines.append(f"{c['id']}  sentence {c['sentence']}  {mod}")
        lines.append(f"    content: \u201c{safe(c['text'], MAX_SHOWN)}\u201d {_where(c)}")
        lines.append(f"    cue:     {cue_text}")
        for depth, src in enumerate(c.get("sources", ())):
            lead = "    sources: " if depth == 0 else "             <- "
            lines.append(lead + _source_line(src, names))
        if not c.get("sources"):
            lines.append("    sources: none known")
    return lines


@click.command("claims")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSONL).")
@dct_option
@kb_option
@encoding_option
@columns_option
@allow_private_option
def claims_cmd(
    files: tuple[str, ...],
    as_json: bool,
    dct: dt.date | None,
    kb: tuple[str, ...],
    encoding: str,
    columns: str | None,
    allow_private: bool,
) -> None:
    """Print each claim of FILES with its cue, content, source chain and modality.

    FILES are read as by `watchfloor read`. Sources run innermost first, the
    article's outlet last. --json prints, per document, its id, title, outlet,
    the KB actors named by sources, and the claims in the output-contract
    format (docs/output-contract.md).
    """
    from watchfloor.flow import Inputs

    def view(doc: Any, reading: Any, full: dict[str, Any]) -> dict[str, Any]:
        used = {s["actor"] for c in full.get("claims", ()) for s in c["sources"] if s["actor"]}
        return {
            "id": full.get("id"),
            "title": full.get("title"),
            "outlet": doc.outlet,
            "note": reading.note,
            "actors": [
                {k: a.get(k) for k in ("id", "name", "type", "country")}
                for a in full.get("actors", ())
                if a.get("id") in used
            ],
            "claims": full.get("claims", []),
        }

    inputs = Inputs(files, dct, encoding, columns, allow_private=allow_private)
    print_views(inputs, kb, as_json, view, format_claims)


def print_views(
    inputs: Any,
    kb: tuple[str, ...],
    as_json: bool,
    view: Any,
    lines: Any,
) -> None:
    """Read ``inputs`` and print each document's ``view`` (reading -> dict) as JSONL, or as
    the text ``lines(view)`` makes, a blank line between documents; then exit 1 if an
    input failed. The one loop of ``claims`` and ``events``."""
    from watchfloor.cli.options import exit_if_failed, read_documents
    from watchfloor.flow import Tally
    from watchfloor.serialize import document_reading_to_dict

    tally = Tally()
    first = True
    for doc, reading in read_documents(inputs, kb, tally):
        obj = view(doc, reading, document_reading_to_dict(doc, reading))
        if as_json:
            click.echo(json.dumps(obj, ensure_ascii=False))
            continue
        if not first:
            click.echo("")
        first = False
        for line in lines(obj):
            click.echo(line)
        if reading.note:
            click.echo(f"    note: {safe(reading.note)}")
    exit_if_failed(tally)
