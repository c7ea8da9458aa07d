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

from watchfloor.cli_options import db_option, existing_store


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


@click.command("stories")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story (JSONL).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the N most recently active.")
def stories_cmd(db: str, as_json: bool, limit: int | None) -> None:
    """List the stories of the store: documents, title, span of dates, key actors.

    The most recently active story first; each story's documents in arrival order.
    """
    with existing_store(db) as store:
        store.link_stories()
        entries = store.stories(limit=limit)
    for entry in entries:
        item = story_json(entry)
        if as_json:
            click.echo(json.dumps(item, ensure_ascii=False))
            continue
        actors = ", ".join(a["name"] or a["id"] for a in item["actors"][:5]) or "-"
        click.echo(f"{item['id']}  {item['size']} document(s)  {_span(item)}")
        click.echo(f"  {item['title']}")
        click.echo(f"  key actors: {actors}")
        for doc in item["documents"]:
            where = f" ({doc['outlet']})" if doc["outlet"] else ""
            when = f" {doc['dct']}" if doc["dct"] else ""
            title = f": {doc['title']}" if doc["title"] else ""
            click.echo(f"    - {doc['id']}{where}{when}{title}")
    if not entries and not as_json:
        click.echo("no stories: the store holds no documents", err=True)
