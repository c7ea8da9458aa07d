"""Exports of the store: the JSONL output contract and PLOVER JSONL.

``plover_record`` turns one event of a document-reading object (the output
contract's JSON, ``serialize.document_reading_to_dict``) into the record
shape of the PLOVER data sets, the fields of the PLOVER gold-standard
records (``event``, ``mode``, ``context``, ``source``/``target`` lists of
``actorText``/``code``/``sector``, ``event_text``, ``event_loc``, ``size``,
``dead``, ``injured``, ``date``, ``id``, ``story_id``, ``publication``),
plus a ``watchfloor`` object with what PLOVER has no field for: the
modality, the claim and its source chain, the spans. Fields watchfloor does
not code (``context``, ``size``, ``dead``, ``injured``) are null, never
guessed; ``date`` is a day only when the event's date is one day (a range
or an unknown date stays in ``watchfloor.date``, ``date`` is null).

See docs/export.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from watchfloor.knowledge.plover import load_plover

FORMATS = ("jsonl", "plover")
DAY_LEN = len("2019-03-06")


def _actor(ref: dict[str, Any]) -> dict[str, Any]:
    return {
        "actorText": ref.get("entity_text"),
        "code": ref.get("code"),
        "sector": ref.get("sector"),
        "country": ref.get("country"),
        "watchfloor_id": ref.get("id"),
        "start": ref.get("start"),
        "end": ref.get("end"),
    }


def _event_loc(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    return {
        "name": loc.get("name"),
        "text": loc.get("text"),
        "country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geonames": loc.get("id"),
        "start": loc.get("start"),
        "end": loc.get("end"),
    }


def _day(date: str | None) -> str | None:
    """The event's day when its date is a single day; None for ranges and unknowns."""
    return date if date and len(date) == DAY_LEN else None


def plover_record(doc: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """One event of a document-reading object as a PLOVER record (see the module doc)."""
    claim = next((c for c in doc.get("claims", ()) if c["id"] == event.get("claim")), None)
    chain = [
        {k: s.get(k) for k in ("text", "name", "kind", "actor", "role", "count", "start", "end")}
        for s in (claim["sources"] if claim else ())
    ]
    return {
        "id": f"{doc['id']}-{event['id']}",
        "date": _day(event.get("date")),
        "event": event["event"],
        "mode": event.get("mode"),
        "context": None,
        "source": [_actor(r) for r in event.get("actor", ())],
        "target": [_actor(r) for r in event.get("recipient", ())],
        "event_text": (event.get("trigger") or {}).get("text"),
        "event_loc": _event_loc(event.get("event_loc")),
        "size": None,
        "dead": None,
        "injured": None,
        "story_id": doc["id"],
        "publication": doc.get("outlet"),
        "url": doc.get("url"),
        "title": doc.get("title"),
        "version": load_plover().version,
        "watchfloor": {
            "document_id": doc["id"],
            "event_id": event["id"],
            "modality": event["modality"],
            "cameo": event.get("cameo"),
            "quad_class": event.get("quad_class"),
            "date": event.get("date"),
            "date_approx": event.get("date_approx", False),
            "trigger": event.get("trigger"),
            "sentence": event.get("sentence"),
            "claim": None
            if claim is None
            else {
                "id": claim["id"],
                "text": claim["text"],
                "modality": claim["modality"],
                "cue": (claim.get("cue") or {}).get("text"),
                "sources": chain,
            },
            "extractor": doc.get("extractor"),
        },
    }


def plover_records(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for event in doc.get("events", ()):
        yield plover_record(doc, event)


def write(docs: Iterator[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write ``docs`` (document-reading objects) in ``fmt``; returns the records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    n = 0
    for doc in docs:
        rows = [doc] if fmt == "jsonl" else list(plover_records(doc))
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
