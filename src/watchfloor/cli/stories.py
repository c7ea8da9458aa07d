"""``watchfloor stories``: the stories of a store, their documents, dates and key actors.

    watchfloor stories --db watchfloor.db
    watchfloor stories --json --db postgresql://user@host/db

Documents stored before stories existed (schema 0003) are linked first, in
storage order. See docs/stories.md (method, JSON fields) and docs/cli.md.
"""

from __future__ import annotations

import json
from typing import Any

import click

from watchfloor.cli.options import db_option, existing_store
from watchfloor.views.common.text import plural


def story_json(entry: Any) -> dict[str, Any]:
    """One story as the JSON line ``stories --json`` prints (docs/stories.md)."""
    story = entry.story
    return {
        "id": story.id,
        "title": story.title,
        "size": len(story.document_ids),
        "earliest": story.earliest.isoformat() if story.earliest else None,
        "latest": story.latest.isoformat() if story.latest else None,
        "actors": [{"id": a, "name": entry.actor_names.get(a)} for a in story.actor_ids],
        "places": list(entry.place_ids),
        "documents": [
            {
                "id": m.document_id,
                "title": m.title,
                "outlet": m.outlet,
                "dct": m.dct.isoformat() if m.dct else None,
                "score": m.score,
            }
            for m in entry.documents
        ],
    }


def _span(item: dict[str, Any]) -> str:
    first, last = item["earliest"], item["latest"]
    if first is None and last is None:
        return "dates unknown"
    if last is None:
        return f"on or after {first}"
    if first is None:
        return f"on or before {last}"
    return first if first == last else f"{first} .. {last}"


def merged_lines(events: Any) -> list[str]:
    """The text view of a story's merged events: sources, chains, contradictions."""
    from watchfloor.views.common.text import safe

    lines = []
    for ev in events:
        when = ev.earliest.isoformat() if ev.earliest else "date unknown"
        if ev.latest and ev.latest != ev.earliest:
            when += f" .. {ev.latest.isoformat()}"
        n = ev.independent_sources
        lines.append(
            f"  * {ev.type}  {when}  {len(ev.reports)} report(s), "
            f"{n} independent source{'s' if n != 1 else ''}  [{ev.id}]"
        )
        for k, group in enumerate(ev.sources, start=1):
            stance = "affirms" if group.affirms else "does not affirm"
            chains = sorted({" <- ".join(ev.reports[i].chain) for i in group.reports})
            lines.append(f"      source {k} ({stance}): {safe('; '.join(chains), 200)}")
        for c in ev.contradictions:
            what = f" of {c.what}" if c.what else ""
            sides = " vs ".join(f"{safe(s.value)} ({safe(', '.join(s.origins))})" for s in c.sides)
            lines.append(f"      contradiction ({c.kind}{what}): {sides}")
    return lines


@click.command("stories")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story (JSONL).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the N most recently active.")
@click.option(
    "--events",
    "with_events",
    is_flag=True,
    help="Also each story's merged events: independent sources, chains, contradictions.",
)
def stories_cmd(db: str, as_json: bool, limit: int | None, with_events: bool) -> None:
    """List the stories of the store: documents, title, span of dates, key actors.

    The most recently active story first; each story's documents in arrival order.
    With --events, each story's reports of one real-world event merged, with
    their independent sources and contradictions (docs/link-events.md).
    """
    from watchfloor.link.hooks import link_pending
    from watchfloor.link.picture import story_events, to_json

    with existing_store(db) as store:
        link_pending(store)
        entries = store.stories(limit=limit)
        merged = {
            e.story.id: story_events(store, [m.document_id for m in e.documents])
            for e in entries
            if with_events
        }
    for entry in entries:
        item = story_json(entry)
        if with_events:
            item["events"] = to_json(merged[entry.story.id])
        if as_json:
            click.echo(json.dumps(item, ensure_ascii=False))
            continue
        actors = ", ".join(a["name"] or a["id"] for a in item["actors"][:5]) or "-"
        click.echo(f"{item['id']}  {plural(item['size'], 'document')}  {_span(item)}")
        click.echo(f"  {item['title']}")
        click.echo(f"  key actors: {actors}")
        for doc in item["documents"]:
            where = f" ({doc['outlet']})" if doc["outlet"] else ""
            when = f" {doc['dct']}" if doc["dct"] else ""
            title = f": {doc['title']}" if doc["title"] else ""
            click.echo(f"    - {doc['id']}{where}{when}{title}")
        if with_events:
            for line in merged_lines(merged[entry.story.id]):
                click.echo(line)
    if not entries and not as_json:
        click.echo("no stories: the store holds no documents", err=True)


@click.command("outlets")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per outlet (JSONL).")
def outlets_cmd(db: str, as_json: bool) -> None:
    """Each outlet's track record: its claims corroborated, contradicted, single-source.

    Over every story of the store (docs/link-events.md, "Track records").
    """
    from watchfloor.link.hooks import link_pending
    from watchfloor.link.picture import outlet_records, to_json
    from watchfloor.views.common.text import safe

    with existing_store(db) as store:
        link_pending(store)
        entries = store.stories()
        records = outlet_records(store, [[m.document_id for m in e.documents] for e in entries])
    if not as_json:
        click.echo("outlet  claims  corroborated (later)  contradicted  single-source")
    for r in records:
        if as_json:
            click.echo(json.dumps(to_json(r), ensure_ascii=False))
        else:
            click.echo(
                f"{safe(r.outlet, 60)}  {r.claims}  {r.corroborated} ({r.corroborated_later})"
                f"  {r.contradicted}  {r.single_source}"
            )
