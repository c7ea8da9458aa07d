"""Rows of the fact tables for one Reading."""

from __future__ import annotations

from typing import Any

from watchfloor import timex
from watchfloor.store import schema as t
from watchfloor.vocab import EntityRef, Event, Place, Reading, Span

Row = dict[str, Any]


def _span(span: Span | None) -> Row:
    if span is None:
        return {"span_start": None, "span_end": None, "span_text": None}
    return {"span_start": span.start, "span_end": span.end, "span_text": span.text}


def _participants(key: Row, event_idx: int, role: str, refs: tuple[EntityRef, ...]) -> list[Row]:
    return [
        {
            **key,
            "event_idx": event_idx,
            "role": role,
            "idx": i,
            "actor_id": ref.actor_id,
            "entity_text": ref.entity_text,
            "code": ref.code,
            "sector": ref.sector,
            "country": ref.country,
            **_span(ref.span),
        }
        for i, ref in enumerate(refs)
    ]


def _event(key: Row, idx: int, ev: Event) -> Row:
    start, end = timex.days(ev.date) or (None, None)
    return {
        **key,
        "idx": idx,
        "event_id": ev.id,
        "event": ev.event,
        "mode": ev.mode,
        "modality": ev.modality.value,
        "date": ev.date,
        "date_start": start,
        "date_end": end,
        "date_approx": ev.date_approx,
        "place_id": ev.event_loc.place_id if ev.event_loc else None,
        "claim_id": ev.claim,
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        **_span(ev.trigger),
        "sentence": ev.sentence,
    }


def fact_rows(reading: Reading, reading_id: int, document_id: str) -> dict[Any, list[Row]]:
    """Rows for every fact table, keyed by table."""
    key: Row = {"reading_id": reading_id, "document_id": document_id}
    places: dict[str, Place] = {}
    for p in reading.places:
        places.setdefault(p.id, p)
    out: dict[Any, list[Row]] = {
        t.actors_seen: [
            {
                **key,
                "idx": i,
                "actor_id": a.id,
                "name": a.name,
                "type": a.type,
                "country": a.country,
                "code": a.code,
                "sector": a.sector,
                "generic": a.generic,
            }
            for i, a in enumerate(reading.actors)
        ],
        t.actor_mentions: [
            {**key, "idx": i, "actor_id": m.actor_id, **_span(m.span), "sentence": m.sentence}
            for i, m in enumerate(reading.actor_mentions)
        ],
        t.place_mentions: [],
        t.times: [
            {
                **key,
                "idx": i,
                **_span(tr.span),
                "sentence": tr.sentence,
                "type": tr.type,
                "value": tr.value,
                "anchor": tr.anchor,
                "rule": tr.rule,
                "reason": tr.reason,
                "mod": tr.mod,
            }
            for i, tr in enumerate(reading.times)
        ],
        t.claims: [
            {
                **key,
                "idx": i,
                "claim_id": c.id,
                **_span(c.span),
                "sentence": c.sentence,
                "modality": c.modality.value,
            }
            for i, c in enumerate(reading.claims)
        ],
        t.claim_sources: [
            {
                **key,
                "claim_idx": ci,
                "idx": si,
                "text": s.text,
                "kind": s.kind.value,
                "actor_id": s.actor,
                "role": s.role,
                "count": s.count,
                **_span(s.span),
            }
            for ci, c in enumerate(reading.claims)
            for si, s in enumerate(c.sources)
        ],
        t.events: [_event(key, i, ev) for i, ev in enumerate(reading.events)],
        t.event_participants: [
            row
            for i, ev in enumerate(reading.events)
            for rows in (
                _participants(key, i, "actor", ev.actor),
                _participants(key, i, "recipient", ev.recipient),
            )
            for row in rows
        ],
    }
    for i, m in enumerate(reading.place_mentions):
        place = places.get(m.place_id)
        out[t.place_mentions].append(
            {
                **key,
                "idx": i,
                "place_id": m.place_id,
                "name": place.name if place else None,
                "country": place.country if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "feature": place.feature if place else None,
                **_span(m.span),
                "sentence": m.sentence,
                "metonymic": m.metonymic,
                "score": m.score,
            }
        )
    return out
