"""Exports of the store: the JSONL contract, PLOVER JSONL, GeoJSON, ACLED-like CSV, Parquet.

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

``geojson`` is one Feature per event that has a place (a Point at the
place's coordinates; events without a place are counted in the
collection's ``watchfloor.unplaced``, not dropped silently). ``acled`` is
one CSV row per event with ACLED's column names where they mean the same
thing (``event_date``, ``time_precision``, ``actor1``, ``latitude``,
``geo_precision``, ``source``, ``notes``, ``fatalities``...) and PLOVER
values in them; ``parquet`` is the same table as ``acled`` with typed
columns. See docs/export.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from watchfloor import timex
from watchfloor.knowledge.plover import load_plover

FORMATS = ("jsonl", "plover", "geojson", "acled", "parquet")
BINARY_FORMATS = ("parquet",)  # written to a file, never to a terminal


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
    """The event's day when its date covers a single day; None for longer spans and unknowns."""
    span = timex.days(date)
    return span[0].isoformat() if span is not None and span[0] == span[1] else None


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


def _chain(doc: dict[str, Any], claim_id: str | None) -> str:
    claim = next((c for c in doc.get("claims", ()) if c["id"] == claim_id), None)
    names = [s.get("name") or s["text"] for s in claim["sources"]] if claim else []
    if doc.get("outlet") and doc["outlet"] not in names:
        names.append(doc["outlet"])
    return " <- ".join(names)


def time_precision(date: str | None) -> int | None:
    """ACLED's time precision: 1 a day, 2 within a week, 3 longer; None when unknown."""
    n = timex.day_count(date)
    if n is None:
        return None
    return 1 if n == 1 else 2 if n <= 7 else 3


GEO_PRECISION = {"city": 1, "capital": 1, "town": 1, "village": 1, "admin2": 2, "region": 2}


def _names(refs: Iterable[dict[str, Any]], names: dict[str, str]) -> list[str]:
    return [names.get(r.get("id") or "") or r.get("entity_text") or "" for r in refs]


ACLED_COLUMNS = (
    "event_id", "event_date", "date_range", "time_precision", "event_type", "sub_event_type",
    "modality", "actor1", "assoc_actor_1", "actor1_code", "actor2", "assoc_actor_2",
    "actor2_code", "iso3", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "cameo", "quad_class", "document_id", "url",
)  # fmt: skip


def acled_row(doc: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """One event as an ACLED-like row (column names as ACLED, PLOVER values; see module doc)."""
    names = {a["id"]: a.get("name") or "" for a in doc.get("actors", ())}
    places = {p["id"]: p for p in doc.get("places", ())}
    loc = event.get("event_loc") or {}
    place = places.get(loc.get("id") or "", {})
    a1 = _names(event.get("actor", ()), names)
    a2 = _names(event.get("recipient", ()), names)
    codes1 = [r.get("code") or "" for r in event.get("actor", ())]
    codes2 = [r.get("code") or "" for r in event.get("recipient", ())]
    sent = event.get("sentence") or {}
    text = doc.get("text") or ""
    notes = (
        " ".join(text[sent["start"] : sent["end"]].split()) if sent.get("start") is not None else ""
    )
    feature = loc.get("feature") or ""
    return {
        "event_id": f"{doc['id']}-{event['id']}",
        "event_date": _day(event.get("date")),
        "date_range": event.get("date"),
        "time_precision": time_precision(event.get("date")),
        "event_type": event["event"],
        "sub_event_type": event.get("mode"),
        "modality": event["modality"],
        "actor1": a1[0] if a1 else None,
        "assoc_actor_1": "; ".join(a1[1:]) or None,
        "actor1_code": "; ".join(c for c in codes1 if c) or None,
        "actor2": a2[0] if a2 else None,
        "assoc_actor_2": "; ".join(a2[1:]) or None,
        "actor2_code": "; ".join(c for c in codes2 if c) or None,
        "iso3": loc.get("country"),
        "admin1": place.get("admin1"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": GEO_PRECISION.get(feature, 3) if loc else None,
        "source": _chain(doc, event.get("claim")) or None,
        "notes": notes or None,
        "fatalities": None,  # not coded: unknown, never 0
        "cameo": event.get("cameo"),
        "quad_class": event.get("quad_class"),
        "document_id": doc["id"],
        "url": doc.get("url"),
    }


def geojson_feature(doc: dict[str, Any], event: dict[str, Any]) -> dict[str, Any] | None:
    loc = event.get("event_loc") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = acled_row(doc, event)
    props["place_text"] = loc.get("text")
    return {
        "type": "Feature",
        "id": props["event_id"],
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
        "properties": props,
    }


def _events(docs: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for doc in docs:
        for event in doc.get("events", ()):
            yield doc, event


Pairs = Iterable[tuple[dict[str, Any], dict[str, Any]]]  # (document-reading object, event)


def geojson_chunks(pairs: Pairs) -> Iterator[str]:
    """A FeatureCollection of the placed events, streamed a feature at a time; the
    unplaced ones are counted in ``watchfloor.unplaced``, written last."""
    yield '{"type": "FeatureCollection", "features": ['
    unplaced, first = 0, True
    for doc, event in pairs:
        feature = geojson_feature(doc, event)
        if feature is None:
            unplaced += 1
            continue
        yield ("" if first else ", ") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield '], "watchfloor": {"unplaced": ' + str(unplaced) + "}}\n"


def _write_geojson(docs: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = -2  # every chunk but the head and the tail is a feature
    for chunk in geojson_chunks(_events(docs)):
        out.write(chunk)
        n += 1
    return n


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Line:
    """A file-like sink that keeps what csv writes of one row."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)


def acled_chunks(pairs: Pairs) -> Iterator[str]:
    """The ACLED-like CSV, streamed: the header, then one line per event."""
    line = _Line()
    writer = csv.DictWriter(line, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield line.text
    for doc, event in pairs:
        line.text = ""
        writer.writerow({k: _cell(v) for k, v in acled_row(doc, event).items()})
        yield line.text


def plover_chunks(pairs: Pairs) -> Iterator[str]:
    """PLOVER records, one JSON line per event."""
    for doc, event in pairs:
        yield json.dumps(plover_record(doc, event), ensure_ascii=False) + "\n"


def jsonl_chunks(docs: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Output-contract objects, one JSON line per document."""
    for doc in docs:
        yield json.dumps(doc, ensure_ascii=False) + "\n"


def _write_acled(docs: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = -1  # the header
    for chunk in acled_chunks(_events(docs)):
        out.write(chunk)
        n += 1
    return n


PARQUET_ROWS = 5000  # rows per row group: what a Parquet export holds in memory at a time


def _arrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is in the lock
        from watchfloor.errors import ConfigError

        raise ConfigError(
            "parquet export needs pyarrow: pip install 'watchfloor[parquet]'"
        ) from exc
    return pa, pq


def _parquet_schema(pa: Any) -> Any:
    types = {
        "time_precision": pa.int8(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "geo_precision": pa.int8(),
        "fatalities": pa.int32(),
        "quad_class": pa.int8(),
        "event_date": pa.date32(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in ACLED_COLUMNS])


def write_parquet_pairs(pairs: Pairs, sink: Any) -> int:
    """The ACLED-like table as Parquet into ``sink`` (a path or a binary file), written
    ``PARQUET_ROWS`` rows at a time (needs pyarrow: ``pip install watchfloor[parquet]``)."""
    pa, pq = _arrow()
    schema = _parquet_schema(pa)
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        rows: list[dict[str, Any]] = []
        for doc, event in pairs:
            rows.append(acled_row(doc, event))
            if len(rows) >= PARQUET_ROWS:
                writer.write_table(_parquet_table(pa, schema, rows))
                n, rows = n + len(rows), []
        if rows or n == 0:
            writer.write_table(_parquet_table(pa, schema, rows))
            n += len(rows)
    return n


def _parquet_table(pa: Any, schema: Any, rows: list[dict[str, Any]]) -> Any:
    columns = {c: [r[c] for r in rows] for c in ACLED_COLUMNS}
    columns["event_date"] = [dt.date.fromisoformat(d) if d else None for d in columns["event_date"]]
    return pa.table(columns, schema=schema)


def write_parquet(docs: Iterable[dict[str, Any]], path: str | Path) -> int:
    """The ACLED-like table of ``docs`` as a Parquet file."""
    return write_parquet_pairs(_events(docs), str(path))


def write(docs: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write ``docs`` (document-reading objects) in a text ``fmt``; returns the records written."""
    if fmt not in FORMATS or fmt in BINARY_FORMATS:
        raise ValueError(f"not a text export format: {fmt!r}")
    if fmt == "geojson":
        return _write_geojson(docs, out)
    if fmt == "acled":
        return _write_acled(docs, out)
    chunks = jsonl_chunks(docs) if fmt == "jsonl" else plover_chunks(_events(docs))
    n = 0
    for chunk in chunks:
        out.write(chunk)
        n += 1
    return n
