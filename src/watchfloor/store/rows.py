"""Rows of the fact tables for one Reading, and the date bounds of event dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from watchfloor.store import schema as t
from watchfloor.vocab import EntityRef, Event, Place, Reading, Span

Row = dict[str, Any]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def _bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a single TIMEX3 date value covers, when it names days."""
    try:
        if m := _DAY.fullmatch(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH.fullmatch(value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if m := _YEAR.fullmatch(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:  # month 13, week 60 ...: not a date
        return None
    return None


def date_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The days an event date covers: a day, a "start/end" range, a week, month or year.

    Anything else ("PRESENT_REF", a duration, an open range) gives (None, None):
    such events are left out of date-filtered queries rather than guessed.
    """
    if not value:
        return None, None
    parts = value.split("/")
    if len(parts) > 2:
        return None, None
    first = _bounds(parts[0])
    last = _bounds(parts[-1])
    if first is None or last is None or first[0] > last[1]:
        return None, None
    return first[0], last[1]


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
    start, end = date_bounds(ev.date)
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
