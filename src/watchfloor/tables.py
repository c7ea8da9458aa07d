"""The output contract as flat tables: documents, events, claims, places, actors, times.

One row per document (``documents``, keyed by ``id``), and one row per event,
claim, place, actor and time expression of a document (each with its
``document_id``), with the contract's fields (docs/output-contract.md) as
columns. Nested facts keep their structure as lists of structs (an event's
``actor`` and ``recipient``, a claim's ``sources``, a place's or actor's
``mentions``); what a researcher filters on is a plain column (``event``,
``modality``, the place's ``lat``/``lon``, the days a date covers as
``date_earliest``/``date_latest``). ``watchfloor bulk`` writes these tables
as Parquet datasets, and a notebook gets them from readings:

    import watchfloor
    frames = watchfloor.tables.frames(watchfloor.read_many(texts))  # pandas DataFrames
    frames["events"].groupby("event").size()

The Arrow schemas are fixed here (``SCHEMAS``), so every partition of a
dataset has the same types, whatever its documents hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from watchfloor import timex
from watchfloor.serialize import document_reading_to_dict
from watchfloor.vocab import Document, Reading

Obj = dict[str, Any]
TABLES = ("documents", "events", "claims", "places", "actors", "times")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _span_fields(prefix: str, span: Mapping[str, Any] | None) -> Obj:
    span = span or {}
    return {
        f"{prefix}_start": span.get("start"),
        f"{prefix}_end": span.get("end"),
        f"{prefix}_text": span.get("text"),
    }


def document_row(doc: Mapping[str, Any]) -> Obj:
    dct = doc.get("dct") or {}
    return {
        "id": doc["id"],
        "contract": doc.get("contract"),
        "title": doc.get("title"),
        "url": doc.get("url"),
        "outlet": doc.get("outlet"),
        "author": doc.get("author"),
        "language": doc.get("language"),
        "origin": doc.get("origin"),
        "content_hash": doc.get("content_hash"),
        "dct_date": _day(dct.get("date")),
        "dct_earliest": _day(dct.get("earliest")),
        "dct_latest": _day(dct.get("latest")),
        "dct_how": dct.get("how"),
        "dct_reasons": list(dct.get("reasons") or ()),
        "extractor": doc.get("extractor"),
        "note": doc.get("note"),
        "text": doc.get("text"),
        "events": len(doc.get("events") or ()),
        "claims": len(doc.get("claims") or ()),
    }


def _participants(refs: Iterable[Mapping[str, Any]] | None) -> list[Obj]:
    keys = ("id", "entity_text", "code", "sector", "country", "start", "end")
    return [{k: r.get(k) for k in keys} for r in refs or ()]


def event_row(document_id: str, ev: Mapping[str, Any]) -> Obj:
    days = timex.days(ev.get("date"))
    loc = ev.get("event_loc") or {}
    sentence = ev.get("sentence") or {}
    return {
        "document_id": document_id,
        "id": ev["id"],
        "event": ev["event"],
        "mode": ev.get("mode"),
        "modality": ev.get("modality"),
        "cameo": ev.get("cameo"),
        "quad_class": ev.get("quad_class"),
        "date": ev.get("date"),
        "date_earliest": days[0] if days else None,
        "date_latest": days[1] if days else None,
        "date_approx": bool(ev.get("date_approx")),
        "claim": ev.get("claim"),
        **_span_fields("trigger", ev.get("trigger")),
        "sentence_index": sentence.get("index"),
        "sentence_start": sentence.get("start"),
        "sentence_end": sentence.get("end"),
        "place_id": loc.get("id"),
        "place_name": loc.get("name"),
        "place_country": loc.get("country"),
        "place_admin1": loc.get("admin1"),
        "place_feature": loc.get("feature"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "actor": _participants(ev.get("actor")),
        "recipient": _participants(ev.get("recipient")),
    }


def claim_row(document_id: str, claim: Mapping[str, Any]) -> Obj:
    keys = ("text", "name", "kind", "actor", "role", "count", "start", "end")
    return {
        "document_id": document_id,
        "id": claim["id"],
        "start": claim.get("start"),
        "end": claim.get("end"),
        "text": claim.get("text"),
        "sentence": claim.get("sentence"),
        "modality": claim.get("modality"),
        **_span_fields("cue", claim.get("cue")),
        **_span_fields("modality_cue", claim.get("modality_cue")),
        "sources": [{k: s.get(k) for k in keys} for s in claim.get("sources") or ()],
    }


_PLACE_MENTION = ("start", "end", "text", "sentence", "metonymic", "score")
_ACTOR_MENTION = ("start", "end", "text", "sentence", "count", "rule")


def place_row(document_id: str, place: Mapping[str, Any]) -> Obj:
    fields = ("id", "name", "country", "lat", "lon", "feature", "population", "admin1")
    mentions = [{k: m.get(k) for k in _PLACE_MENTION} for m in place.get("mentions") or ()]
    return {"document_id": document_id, **{k: place.get(k) for k in fields}, "mentions": mentions}


def actor_row(document_id: str, actor: Mapping[str, Any]) -> Obj:
    fields = ("id", "name", "type", "country", "code", "sector", "generic", "wikidata")
    mentions = [{k: m.get(k) for k in _ACTOR_MENTION} for m in actor.get("mentions") or ()]
    return {"document_id": document_id, **{k: actor.get(k) for k in fields}, "mentions": mentions}


def time_row(document_id: str, index: int, ref: Mapping[str, Any]) -> Obj:
    days = timex.days(ref.get("value"))
    fields = ("start", "end", "text", "value", "type", "sentence", "rule", "anchor", "reason")
    return {
        "document_id": document_id,
        "index": index,
        **{k: ref.get(k) for k in fields},
        "mod": ref.get("mod"),
        "date_earliest": days[0] if days else None,
        "date_latest": days[1] if days else None,
    }


def rows_of_contract(doc: Mapping[str, Any]) -> dict[str, list[Obj]]:
    """The rows of every table for one document-reading object (the output contract)."""
    doc_id = doc["id"]
    return {
        "documents": [document_row(doc)],
        "events": [event_row(doc_id, ev) for ev in doc.get("events") or ()],
        "claims": [claim_row(doc_id, c) for c in doc.get("claims") or ()],
        "places": [place_row(doc_id, p) for p in doc.get("places") or ()],
        "actors": [actor_row(doc_id, a) for a in doc.get("actors") or ()],
        "times": [time_row(doc_id, i, t) for i, t in enumerate(doc.get("times") or ())],
    }


def rows(pairs: Iterable[tuple[Document, Reading]]) -> dict[str, list[Obj]]:
    """The rows of every table for (Document, Reading) pairs, in their order."""
    out: dict[str, list[Obj]] = {name: [] for name in TABLES}
    for document, reading in pairs:
        for name, found in rows_of_contract(document_reading_to_dict(document, reading)).items():
            out[name].extend(found)
    return out


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f, b, d = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
    participant = pa.list_(
        pa.struct(
            [
                ("id", s),
                ("entity_text", s),
                ("code", s),
                ("sector", s),
                ("country", s),
                ("start", i),
                ("end", i),
            ]
        )
    )
    source = pa.list_(
        pa.struct(
            [
                ("text", s),
                ("name", s),
                ("kind", s),
                ("actor", s),
                ("role", s),
                ("count", i),
                ("start", i),
                ("end", i),
            ]
        )
    )
    place_mention = pa.list_(
        pa.struct(
            [("start", i), ("end", i), ("text", s), ("sentence", i), ("metonymic", b), ("score", f)]
        )
    )
    actor_mention = pa.list_(
        pa.struct(
            [("start", i), ("end", i), ("text", s), ("sentence", i), ("count", i), ("rule", s)]
        )
    )

    def span(prefix: str) -> list[tuple[str, Any]]:
        return [(f"{prefix}_start", i), (f"{prefix}_end", i), (f"{prefix}_text", s)]

    return {
        "documents": pa.schema(
            [
                ("id", s),
                ("contract", s),
                ("title", s),
                ("url", s),
                ("outlet", s),
                ("author", s),
                ("language", s),
                ("origin", s),
                ("content_hash", s),
                ("dct_date", d),
                ("dct_earliest", d),
                ("dct_latest", d),
                ("dct_how", s),
                ("dct_reasons", pa.list_(s)),
                ("extractor", s),
                ("note", s),
                ("text", s),
                ("events", i),
                ("claims", i),
            ]
        ),
        "events": pa.schema(
            [
                ("document_id", s),
                ("id", s),
                ("event", s),
                ("mode", s),
                ("modality", s),
                ("cameo", s),
                ("quad_class", i),
                ("date", s),
                ("date_earliest", d),
                ("date_latest", d),
                ("date_approx", b),
                ("claim", s),
                *span("trigger"),
                ("sentence_index", i),
                ("sentence_start", i),
                ("sentence_end", i),
                ("place_id", s),
                ("place_name", s),
                ("place_country", s),
                ("place_admin1", s),
                ("place_feature", s),
                ("lat", f),
                ("lon", f),
                ("actor", participant),
                ("recipient", participant),
            ]
        ),
        "claims": pa.schema(
            [
                ("document_id", s),
                ("id", s),
                ("start", i),
                ("end", i),
                ("text", s),
                ("sentence", i),
                ("modality", s),
                *span("cue"),
                *span("modality_cue"),
                ("sources", source),
            ]
        ),
        "places": pa.schema(
            [
                ("document_id", s),
                ("id", s),
                ("name", s),
                ("country", s),
                ("lat", f),
                ("lon", f),
                ("feature", s),
                ("population", i),
                ("admin1", s),
                ("mentions", place_mention),
            ]
        ),
        "actors": pa.schema(
            [
                ("document_id", s),
                ("id", s),
                ("name", s),
                ("type", s),
                ("country", s),
                ("code", s),
                ("sector", s),
                ("generic", b),
                ("wikidata", s),
                ("mentions", actor_mention),
            ]
        ),
        "times": pa.schema(
            [
                ("document_id", s),
                ("index", i),
                ("start", i),
                ("end", i),
                ("text", s),
                ("value", s),
                ("type", s),
                ("sentence", i),
                ("rule", s),
                ("anchor", s),
                ("reason", s),
                ("mod", s),
                ("date_earliest", d),
                ("date_latest", d),
            ]
        ),
    }


_SCHEMAS: dict[str, Any] = {}


def schema(table: str) -> Any:
    """The Arrow schema of a table (pyarrow is imported on first use)."""
    if not _SCHEMAS:
        _SCHEMAS.update(_schemas())
    return _SCHEMAS[table]


def to_arrow(table_rows: Mapping[str, list[Obj]]) -> dict[str, Any]:
    """Each table's rows as a pyarrow Table of the fixed schema."""
    import pyarrow as pa

    return {
        name: pa.Table.from_pylist(table_rows.get(name, []), schema=schema(name)) for name in TABLES
    }


def frames(pairs: Iterable[tuple[Document, Reading]]) -> dict[str, Any]:
    """Each table as a pandas DataFrame, for (Document, Reading) pairs (needs pandas)."""
    return {name: table.to_pandas() for name, table in to_arrow(rows(pairs)).items()}
