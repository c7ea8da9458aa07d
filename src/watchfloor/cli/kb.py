"""``watchfloor kb``: check the actor knowledge base, look a name up, import Phoenix.

    watchfloor kb check [FILES...]
    watchfloor kb find NAME [--date YYYY-MM-DD] [--kb FILE]... [--json]
    watchfloor kb import-phoenix DIR [--out FILE]

See docs/knowledge-actors.md (format, layers, configuration) and docs/cli.md.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from watchfloor.cli.options import echo_error, parse_day
from watchfloor.errors import ConfigError

if TYPE_CHECKING:
    from watchfloor.knowledge.actors import ActorKB


@click.group("kb")
def kb_group() -> None:
    """Check the actor knowledge base and show what a name resolves to."""


@kb_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--no-phoenix", is_flag=True, help="Leave the Phoenix import layer out (faster check)."
)
def check_cmd(files: tuple[str, ...], no_phoenix: bool) -> None:
    """Validate KB files: with none, the packaged KB and the configured user files.

    Prints every error as FILE:LINE: message and exits 1; else a one-line
    summary of the actors per layer.
    """
    from watchfloor.knowledge.actors import check_kb, configured_kb_paths

    try:
        paths = tuple(files) if files else configured_kb_paths()
    except ConfigError as exc:
        echo_error(str(exc))
        sys.exit(1)
    kb, errors = check_kb(paths, phoenix=not no_phoenix)
    if kb is not None:
        for aid in list(kb.actors):  # build every lazily loaded (Phoenix) actor: validates it
            try:
                kb.actors[aid]
            except ConfigError as bad:
                errors.append(bad)
    for err in errors:
        echo_error(str(err))
    if errors or kb is None:
        click.echo(f"{len(errors)} error(s)", err=True)
        sys.exit(1)
    st = kb.stats
    user = f" ({', '.join(paths)})" if paths else ""
    click.echo(
        f"ok: {len(kb)} actors: {st.get('user', 0)} user{user}, {st.get('packaged', 0)} packaged, "
        f"{st.get('generated', 0)} generated, {st.get('phoenix', 0)} phoenix "
        f"({st.get('phoenix_actors_shadowed', 0)} Phoenix actors and "
        f"{st.get('phoenix_aliases_shadowed', 0)} aliases shadowed by higher layers)"
    )


@kb_group.command("find")
@click.argument("name")
@click.option(
    "--date",
    "when",
    callback=parse_day,
    metavar="YYYY-MM-DD",
    help="Resolve offices ('the Iraqi prime minister') to their holder on this date.",
)
@click.option(
    "--kb",
    "kb_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An extra actor KB YAML file (repeatable), on top of the configured ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def find_cmd(name: str, when: dt.date | None, kb_files: tuple[str, ...], as_json: bool) -> None:
    """Show what NAME resolves to and why, and the other candidates."""
    from watchfloor.knowledge.actors import configured_kb_paths, load_kb

    try:
        kb = load_kb(configured_kb_paths(kb_files))
    except ConfigError as exc:
        echo_error(str(exc))
        sys.exit(1)
    answer = explain(kb, name, when)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=1))
    else:
        click.echo(_text(answer))
    if answer["result"] is None:
        sys.exit(1)


@kb_group.command("import-phoenix")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the layer (default: the packaged actors_phoenix.json.gz).",
)
def import_phoenix_cmd(directory: Path, out: Path | None) -> None:
    """Convert the Phoenix/PETRARCH2 actor dictionaries in DIRECTORY into the KB's Phoenix layer."""
    from importlib import resources

    from watchfloor.knowledge import phoenix

    if out is None:
        out = Path(str(resources.files("watchfloor.knowledge") / "data" / phoenix.OUTPUT))
    try:
        stats = phoenix.write(directory, out)
    except OSError as exc:
        echo_error(str(exc))
        sys.exit(1)
    click.echo(json.dumps(stats.as_dict(), indent=1))
    click.echo(f"wrote {out}")


# ----------------------------------------------------------------------------- explain


def explain(kb: ActorKB, name: str, when: dt.date | None) -> dict[str, Any]:
    """What ``name`` resolves to (as ``ActorKB.lookup`` does), why, and the other readings."""
    from watchfloor.knowledge.actors import words

    ws = words(name)
    if ws and ws[0].key == "the":
        ws = ws[1:]
    keys = [w.key for w in ws]
    cands = kb.scan(ws) if ws else []
    whole = sorted(
        (c for c in cands if c.start == 0 and c.end == len(ws)),
        key=lambda c: (-c.priority, c.kind != "role"),
    )
    readings: list[dict[str, Any]] = []
    for c in whole:
        readings += _readings(kb, c, ws, name, when)
    partial = [
        _reading(kb, c.actor_id, "partial", f"words {c.start + 1}-{c.end} of the name")
        for c in cands
        if c.actor_id and not (c.start == 0 and c.end == len(ws)) and c.actor_id in kb
    ]
    result = kb.lookup(name, when)
    chosen = None
    if result is not None:
        chosen = next((r for r in readings if r["id"] == result.id), None)
        chosen = chosen or _reading(kb, result.id, "lookup", "")
    if not readings and keys:  # an alias with these words whose case does not fit
        readings = [
            _reading(
                kb,
                aid,
                "case",
                "an alias has these words, but not this case "
                "(acronyms need capitals, names a capital letter)",
            )
            for aid in kb.alias_ids(keys)
        ]
    seen = {chosen["id"]} if chosen else set()
    others = []
    for r in [*readings, *partial]:
        if r["id"] not in seen:
            seen.add(r["id"])
            others.append(r)
    return {
        "query": name,
        "date": when.isoformat() if when else None,
        "normalized": " ".join(keys),
        "result": chosen,
        "candidates": others,
    }


def _readings(
    kb: ActorKB, c: Any, ws: Any, name: str, when: dt.date | None
) -> list[dict[str, Any]]:
    if c.kind == "name":
        # every actor sharing this alias (one layer: the highest one that has it)
        ids = kb.alias_ids([w.key for w in ws]) or [c.actor_id]
        out = []
        for aid in ids:
            actor = kb[aid]
            alias = _matched_alias(actor, [w.key for w in ws])
            out.append(_reading(kb, aid, "name", f"alias {alias!r}" if alias else "alias"))
        return out
    if c.kind == "class":
        return [
            _reading(
                kb, c.actor_id, "class", f"{c.country or 'no'} country + class {c.class_key!r}"
            )
        ]
    if c.kind == "role" and c.country and c.title:
        holder = kb.resolve_role(c.country, c.title, when)
        holders = kb.holders(c.country, c.title)
        if holder:
            role = next(r for h, r in holders if h == holder and _covers(r, when))
            why = (
                f"office {c.title} of {c.country}: held on {when} by {holder} "
                f"({role.start or '?'}..{role.end or 'open'}"
                + (f"; {role.source}" if role.source else "")
                + ")"
            )
            return [_reading(kb, holder, "role", why)]
        gov = kb.class_actor(c.country, "gov")
        if when is None:
            known = ", ".join(
                f"{h} ({r.start or '?'}..{r.end or 'open'})"
                for h, r in sorted(holders, key=lambda hr: hr[1].start or dt.date.min)[-8:]
            )
            why = f"office {c.title} of {c.country} without --date: the country's government" + (
                f"; holders in the KB: {known}" if known else ""
            )
        else:
            on = [h for h, r in holders if _covers(r, when)]
            why = (
                f"office {c.title} of {c.country}: "
                + ("no holder known" if not on else f"{len(on)} holders ({', '.join(on)})")
                + f" on {when}: the country's government"
            )
        return [_reading(kb, gov, "role", why)] if gov else []
    if c.kind == "country" and c.is_name and c.country:
        gov = kb.class_actor(c.country, "gov")
        return (
            [_reading(kb, gov, "country", f"country name {c.country}: its government")]
            if gov
            else []
        )
    return []


def _covers(role: Any, when: dt.date | None) -> bool:
    return (
        when is not None
        and (role.start is None or role.start <= when)
        and (role.end is None or when <= role.end)
    )


def _matched_alias(actor: Any, keys: list[str]) -> str | None:
    from watchfloor.knowledge.actors import words

    for alias in (actor.name, *actor.aliases):
        if [w.key for w in words(alias)] == keys:
            return str(alias)
    return None


def _reading(kb: ActorKB, aid: str, how: str, why: str) -> dict[str, Any]:
    a = kb[aid]
    layer, where = kb.origins.get(aid, ("?", ""))
    return {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "country": a.country,
        "code": a.code,
        "sector": a.sector,
        "generic": a.generic,
        "layer": layer,
        "from": where,
        "how": how,
        "why": why,
        "source": a.source,
        "roles": [
            {
                "title": r.title,
                "country": r.country,
                "start": r.start.isoformat() if r.start else None,
                "end": r.end.isoformat() if r.end else None,
            }
            for r in a.roles
        ],
    }


def _line(r: dict[str, Any]) -> str:
    bits = [f"type {r['type']}"]
    for k in ("country", "code", "sector"):
        if r[k]:
            bits.append(f"{k} {r[k]}")
    if r["generic"]:
        bits.append("typed unknown")
    return f"{r['id']}  {r['name']}  ({', '.join(bits)})"


def _text(answer: dict[str, Any]) -> str:
    out = [f"query: {answer['query']!r}  normalized: {answer['normalized']!r}"]
    if answer["date"]:
        out[0] += f"  date: {answer['date']}"
    r = answer["result"]
    persons = [c for c in answer["candidates"] if c["how"] == "name" and c["type"] == "person"]
    if r is None and len(persons) > 1:
        out.append(
            f"resolves to: nothing ({len(persons)} persons share this name; "
            + ("none held an office closest to that date" if answer["date"] else "give --date")
            + ")"
        )
    elif r is None:
        out.append(
            "resolves to: nothing (no alias, country institution or office is the whole name)"
        )
    else:
        out.append(f"resolves to: {_line(r)}")
        out.append(f"  layer: {r['layer']}  from: {r['from']}")
        if r["why"]:
            out.append(f"  matched: {r['how']}: {r['why']}")
        out.append(f"  source: {r['source']}")
    if answer["candidates"]:
        out.append("other candidates:")
        for c in answer["candidates"]:
            out.append(f"  {_line(c)}")
            out.append(f"    layer: {c['layer']}  matched: {c['how']}: {c['why']}")
    return "\n".join(out)
