"""The output contract: Documents and Readings as JSON-ready dicts, and back.

``document_reading_to_dict`` is the one function that writes the contract
(docs/output-contract.md); ``document_reading_from_dict`` rebuilds the frozen
records exactly, so stored readings, JSONL files and API bodies all go through
the same code.

The contract groups facts the way a reader wants them (mentions under their
actor or place, event places spelled out), and carries every field of the
records so nothing is lost: each mention keeps ``index``, its position in the
Reading's mention list, so the flat lists are rebuilt in their original order.

Spans whose ``text`` the contract does not repeat (a source's span, an event
participant's span) are rebuilt from the clean text: the vocabulary guarantees
``span.text == document.text[span.start:span.end]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from watchfloor.errors import InputError
from watchfloor.vocab import (
    CONTRACT_VERSION,
    Actor,
    ActorMention,
    Claim,
    Dct,
    DctHow,
    Document,
    EntityRef,
    Event,
    Modality,
    Place,
    PlaceMention,
    Reading,
    Removed,
    Role,
    Sentence,
    Source,
    SourceKind,
    Span,
    TimeRef,
)

Obj = dict[str, Any]

# Contracts of another major version have a different shape: refuse them.
_MAJOR = CONTRACT_VERSION.split(".", 1)[0]


# --------------------------------------------------------------------------- writing


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _span(span: Span | None) -> Obj | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _dct(dct: Dct) -> Obj:
    return {
        "date": _day(dct.date),
        "earliest": _day(dct.earliest),
        "latest": _day(dct.latest),
        "how": dct.how.value,
        "reasons": list(dct.reasons),
    }


def _removed(removed: Iterable[Removed]) -> list[Obj]:
    return [{"start": r.start, "end": r.end, "text": r.text, "reason": r.reason} for r in removed]


def _role(role: Role) -> Obj:
    return {
        "title": role.title,
        "country": role.country,
        "start": _day(role.start),
        "end": _day(role.end),
        "source": role.source,
    }


def _actor_mention(index: int, m: ActorMention) -> Obj:
    return {
        **_span(m.span),  # type: ignore[dict-item]
        "sentence": m.sentence,
        "index": index,
        "count": m.count,
        "rule": m.rule,
        "role_conflict": m.role_conflict,
    }


def _read_actor_mention(actor_id: str, m: Mapping[str, Any]) -> ActorMention:
    count = m.get("count")
    return ActorMention(
        actor_id,
        _need_span(m),
        int(m["sentence"]),
        count=int(count) if count is not None else None,
        rule=m.get("rule"),
        role_conflict=m.get("role_conflict"),
    )


def _actor(actor: Actor, mentions: list[Obj]) -> Obj:
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "code": actor.code,
        "sector": actor.sector,
        "generic": actor.generic,
        "aliases": list(actor.aliases),
        "member_of": list(actor.member_of),
        "roles": [_role(r) for r in actor.roles],
        "wikidata": actor.wikidata,
        "source": actor.source,
        "founded": _day(actor.founded),
        "dissolved": _day(actor.dissolved),
        "mentions": mentions,
    }


def _place_mention(index: int, m: PlaceMention) -> Obj:
    return {
        **_span(m.span),  # type: ignore[dict-item]
        "sentence": m.sentence,
        "metonymic": m.metonymic,
        "score": m.score,
        "index": index,
    }


def _place(place: Place, mentions: list[Obj]) -> Obj:
    return {
        "id": place.id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "feature": place.feature,
        "population": place.population,
        "admin1": place.admin1,
        "mentions": mentions,
    }


def _group(
    owners: Iterable[Any], mentions: Iterable[Any], key: Callable[[Any], str], write: Callable
) -> tuple[dict[str, list[Obj]], list[tuple[Any, Obj]]]:
    """Mentions grouped under their owner's id; the ones whose owner is absent apart."""
    groups: dict[str, list[Obj]] = {o.id: [] for o in owners}
    orphans: list[tuple[Any, Obj]] = []
    for index, m in enumerate(mentions):
        obj = write(index, m)
        if key(m) in groups:
            groups[key(m)].append(obj)
        else:
            orphans.append((m, obj))
    return groups, orphans


def _time(t: TimeRef) -> Obj:
    return {
        **_span(t.span),  # type: ignore[dict-item]
        "value": t.value,
        "type": t.type,
        "sentence": t.sentence,
        "rule": t.rule,
        "anchor": t.anchor,
        "reason": t.reason,
        "mod": t.mod,
        "range": t.range,
    }


def _source(s: Source) -> Obj:
    # "text" is what the span covers (the honest-span rule); "name" is the
    # source as named, which may be shorter ('The Hebrew site "Debka"' -> "Debka").
    return {
        "text": s.span.text if s.span else s.text,
        "name": s.text,
        "kind": s.kind.value,
        "actor": s.actor,
        "role": s.role,
        "count": s.count,
        "start": s.span.start if s.span else None,
        "end": s.span.end if s.span else None,
    }


def _claim(c: Claim) -> Obj:
    return {
        "id": c.id,
        **_span(c.span),  # type: ignore[dict-item]
        "sentence": c.sentence,
        "modality": c.modality.value,
        "cue": _span(c.cue),
        "modality_cue": _span(c.modality_cue),
        "sources": [_source(s) for s in c.sources],
    }


def _entity(ref: EntityRef) -> Obj:
    return {
        "id": ref.actor_id,
        "entity_text": ref.entity_text,
        "code": ref.code,
        "sector": ref.sector,
        "country": ref.country,
        "start": ref.span.start if ref.span else None,
        "end": ref.span.end if ref.span else None,
    }


def resolved_mention(m: PlaceMention, place: Place | None) -> Obj:
    """A place mention spelled out with its place (None fields when unknown)."""
    return {
        "name": place.name if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "feature": place.feature if place else None,
        **_span(m.span),  # type: ignore[dict-item]
        "sentence": m.sentence,
        "metonymic": m.metonymic,
        "score": m.score,
    }


def _event_loc(m: PlaceMention | None, places: Mapping[str, Place]) -> Obj | None:
    if m is None:
        return None
    return {"id": m.place_id, **resolved_mention(m, places.get(m.place_id))}


def _event(ev: Event, places: Mapping[str, Place], sentences: Mapping[int, Sentence]) -> Obj:
    sent = sentences.get(ev.sentence)
    return {
        "id": ev.id,
        "event": ev.event,
        "mode": ev.mode,
        "modality": ev.modality.value,
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "actor": [_entity(r) for r in ev.actor],
        "recipient": [_entity(r) for r in ev.recipient],
        "event_loc": _event_loc(ev.event_loc, places),
        "date": ev.date,
        "date_approx": ev.date_approx,
        "claim": ev.claim,
        "trigger": _span(ev.trigger),
        "sentence": {
            "index": ev.sentence,
            "start": sent.start if sent else None,
            "end": sent.end if sent else None,
        },
    }


def _document_head(document: Document) -> Obj:
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "outlet": document.outlet,
        "author": document.author,
        "language": document.language,
        "origin": document.origin,
        "content_hash": document.content_hash,
        "dct": _dct(document.dct),
    }


def document_to_dict(document: Document) -> Obj:
    """A Document alone, raw input included (for storage and re-reading)."""
    return {
        **_document_head(document),
        "raw": document.raw,
        "text": document.text,
        "removed": _removed(document.removed),
    }


def document_reading_to_dict(document: Document, reading: Reading) -> Obj:
    """The output contract for one document and its reading (docs/output-contract.md).

    Raises ValueError when ``reading`` is not a reading of ``document``.
    """
    if reading.document_id != document.id:
        raise ValueError(f"reading of document {reading.document_id!r} given with {document.id!r}")
    actors, actor_orphans = _group(
        reading.actors, reading.actor_mentions, lambda m: m.actor_id, _actor_mention
    )
    places, place_orphans = _group(
        reading.places, reading.place_mentions, lambda m: m.place_id, _place_mention
    )
    place_by_id: dict[str, Place] = {}
    for p in reading.places:
        place_by_id.setdefault(p.id, p)
    sentence_by_index = {s.index: s for s in reversed(reading.sentences)}
    out: Obj = {
        "contract": CONTRACT_VERSION,
        **_document_head(document),
        "extractor": reading.extractor,
        "note": reading.note,
        "text": document.text,
        "removed": _removed(document.removed),
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end} for s in reading.sentences
        ],
        "actors": [_actor(a, _take(actors, a.id)) for a in reading.actors],
        "places": [_place(p, _take(places, p.id)) for p in reading.places],
        "times": [_time(t) for t in reading.times],
        "claims": [_claim(c) for c in reading.claims],
        "events": [_event(e, place_by_id, sentence_by_index) for e in reading.events],
    }
    if actor_orphans or place_orphans:
        out["unresolved_mentions"] = {
            "actors": [{"id": m.actor_id, **obj} for m, obj in actor_orphans],
            "places": [{"id": m.place_id, **obj} for m, obj in place_orphans],
        }
    return out


def _take(groups: dict[str, list[Obj]], key: str) -> list[Obj]:
    """The mentions of ``key``, once: a repeated owner id gets them only the first time."""
    return groups.pop(key, [])


# --------------------------------------------------------------------------- reading


def _parse_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _read_span(obj: Mapping[str, Any] | None) -> Span | None:
    if obj is None:
        return None
    return Span(start=int(obj["start"]), end=int(obj["end"]), text=str(obj["text"]))


def _need_span(obj: Mapping[str, Any]) -> Span:
    span = _read_span(obj)
    if span is None:
        raise ValueError("a required span is null")
    return span


def _slice_span(text: str, start: int | None, end: int | None) -> Span | None:
    """A span the contract gives as offsets only: its text comes from the clean text."""
    if start is None or end is None:
        return None
    return Span(start=int(start), end=int(end), text=text[int(start) : int(end)])


def _read_dct(obj: Mapping[str, Any]) -> Dct:
    return Dct(
        date=_parse_day(obj.get("date")),
        earliest=_parse_day(obj.get("earliest")),
        latest=_parse_day(obj.get("latest")),
        how=DctHow(obj.get("how", DctHow.UNKNOWN.value)),
        reasons=tuple(obj.get("reasons") or ()),
    )


def _read_removed(items: Iterable[Mapping[str, Any]]) -> tuple[Removed, ...]:
    return tuple(
        Removed(start=int(r["start"]), end=int(r["end"]), text=r["text"], reason=r["reason"])
        for r in items
    )


def rebuild_raw(text: str, removed: Iterable[Removed]) -> str:
    """The raw input of a clean text: the ``removed`` regions put back at their offsets.

    Exact whenever ``text`` is the raw text with those (sorted, disjoint) regions
    cut out, which is how ingest builds plain-text documents.
    """
    parts: list[str] = []
    raw_pos = 0
    clean_pos = 0
    for r in removed:
        keep = max(r.start - raw_pos, 0)
        parts.append(text[clean_pos : clean_pos + keep])
        parts.append(r.text)
        clean_pos += keep
        raw_pos = max(raw_pos, r.end)
    parts.append(text[clean_pos:])
    return "".join(parts)


def _read_document(d: Mapping[str, Any], raw: str | None) -> Document:
    text = d["text"]
    removed = _read_removed(d.get("removed", ()))
    if raw is None:
        raw = d["raw"] if d.get("raw") is not None else rebuild_raw(text, removed)
    return Document(
        id=d["id"],
        text=text,
        raw=raw,
        content_hash=d["content_hash"],
        title=d.get("title"),
        url=d.get("url"),
        outlet=d.get("outlet"),
        language=d.get("language"),
        dct=_read_dct(d.get("dct") or {}),
        removed=removed,
        origin=d.get("origin"),
        author=d.get("author"),
    )


def _read_role(obj: Mapping[str, Any]) -> Role:
    return Role(
        title=obj["title"],
        country=obj.get("country"),
        start=_parse_day(obj.get("start")),
        end=_parse_day(obj.get("end")),
        source=obj.get("source"),
    )


def _read_actor(obj: Mapping[str, Any]) -> Actor:
    return Actor(
        id=obj["id"],
        name=obj["name"],
        type=obj["type"],
        country=obj.get("country"),
        code=obj.get("code"),
        sector=obj.get("sector"),
        aliases=tuple(obj.get("aliases", ())),
        member_of=tuple(obj.get("member_of", ())),
        roles=tuple(_read_role(r) for r in obj.get("roles", ())),
        wikidata=obj.get("wikidata"),
        generic=bool(obj.get("generic", False)),
        source=obj.get("source"),
        founded=_parse_day(obj.get("founded")),
        dissolved=_parse_day(obj.get("dissolved")),
    )


def _read_place(obj: Mapping[str, Any]) -> Place:
    return Place(
        id=obj["id"],
        name=obj["name"],
        country=obj.get("country"),
        lat=float(obj["lat"]),
        lon=float(obj["lon"]),
        feature=obj["feature"],
        population=obj.get("population"),
        admin1=obj.get("admin1"),
    )


def _read_place_mention(place_id: str, obj: Mapping[str, Any]) -> PlaceMention:
    return PlaceMention(
        place_id=place_id,
        span=_need_span(obj),
        sentence=int(obj["sentence"]),
        metonymic=bool(obj.get("metonymic", False)),
        score=float(obj.get("score", 1.0)),
    )


def _indexed(
    owners: Iterable[Mapping[str, Any]],
    orphans: Iterable[Mapping[str, Any]],
    build: Callable[[str, Mapping[str, Any]], Any],
) -> tuple[Any, ...]:
    """Mentions from under their owners (and unresolved ones), back in ``index`` order."""
    found: list[tuple[int, int, Any]] = []
    for owner in owners:
        for m in owner.get("mentions", ()):
            found.append((int(m.get("index", len(found))), len(found), build(owner["id"], m)))
    for m in orphans:
        found.append((int(m.get("index", len(found))), len(found), build(m["id"], m)))
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in found)


def _read_time(obj: Mapping[str, Any]) -> TimeRef:
    return TimeRef(
        span=_need_span(obj),
        sentence=int(obj["sentence"]),
        type=obj["type"],
        value=obj.get("value"),
        anchor=obj.get("anchor"),
        rule=obj.get("rule"),
        reason=obj.get("reason"),
        mod=obj.get("mod"),
        range=obj.get("range"),
    )


def _read_source(obj: Mapping[str, Any], text: str) -> Source:
    return Source(
        text=obj.get("name", obj["text"]),
        kind=SourceKind(obj["kind"]),
        span=_slice_span(text, obj.get("start"), obj.get("end")),
        actor=obj.get("actor"),
        role=obj.get("role"),
        count=obj.get("count"),
    )


def _read_claim(obj: Mapping[str, Any], text: str) -> Claim:
    return Claim(
        id=obj["id"],
        span=_need_span(obj),
        sentence=int(obj["sentence"]),
        modality=Modality(obj["modality"]),
        cue=_read_span(obj.get("cue")),
        sources=tuple(_read_source(s, text) for s in obj.get("sources", ())),
        modality_cue=_read_span(obj.get("modality_cue")),
    )


def _read_entity(obj: Mapping[str, Any], text: str) -> EntityRef:
    return EntityRef(
        actor_id=obj.get("id"),
        entity_text=obj["entity_text"],
        span=_slice_span(text, obj.get("start"), obj.get("end")),
        code=obj.get("code"),
        sector=obj.get("sector"),
        country=obj.get("country"),
    )


def _read_event(obj: Mapping[str, Any], text: str) -> Event:
    loc = obj.get("event_loc")
    sentence = obj["sentence"]
    return Event(
        id=obj["id"],
        event=obj["event"],
        trigger=_need_span(obj["trigger"]),
        sentence=int(sentence["index"] if isinstance(sentence, Mapping) else sentence),
        modality=Modality(obj["modality"]),
        mode=obj.get("mode"),
        actor=tuple(_read_entity(r, text) for r in obj.get("actor", ())),
        recipient=tuple(_read_entity(r, text) for r in obj.get("recipient", ())),
        event_loc=_read_place_mention(loc["id"], loc) if loc is not None else None,
        date=obj.get("date"),
        date_approx=bool(obj.get("date_approx", False)),
        claim=obj.get("claim"),
        cameo=obj.get("cameo"),
        quad_class=obj.get("quad_class"),
    )


def _read_reading(d: Mapping[str, Any], text: str) -> Reading:
    unresolved = d.get("unresolved_mentions") or {}
    return Reading(
        document_id=d["id"],
        extractor=d["extractor"],
        note=d.get("note"),
        sentences=tuple(
            Sentence(index=int(s["index"]), start=int(s["start"]), end=int(s["end"]))
            for s in d.get("sentences", ())
        ),
        actors=tuple(_read_actor(a) for a in d.get("actors", ())),
        actor_mentions=_indexed(
            d.get("actors", ()),
            unresolved.get("actors", ()),
            _read_actor_mention,
        ),
        places=tuple(_read_place(p) for p in d.get("places", ())),
        place_mentions=_indexed(
            d.get("places", ()), unresolved.get("places", ()), _read_place_mention
        ),
        times=tuple(_read_time(t) for t in d.get("times", ())),
        claims=tuple(_read_claim(c, text) for c in d.get("claims", ())),
        events=tuple(_read_event(e, text) for e in d.get("events", ())),
    )


def _check_version(d: Mapping[str, Any]) -> None:
    version = str(d.get("contract", ""))
    if version.split(".", 1)[0] != _MAJOR:
        raise InputError(
            f"contract version {version or 'missing'!r} is not {CONTRACT_VERSION} "
            f"(major {_MAJOR}) and cannot be read by this watchfloor"
        )


def _malformed(exc: Exception) -> InputError:
    what = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
    return InputError(f"not a watchfloor contract object: {what}")


def document_reading_from_dict(
    d: Mapping[str, Any], raw: str | None = None
) -> tuple[Document, Reading]:
    """Rebuild the Document and Reading of a contract object exactly.

    The contract does not carry the raw input: it is ``raw`` when given, else a
    ``"raw"`` field when present, else rebuilt from the clean text and
    ``removed`` (exact for documents whose clean text is the raw text with the
    removed regions cut out). Raises InputError on a malformed object.
    """
    _check_version(d)
    try:
        document = _read_document(d, raw)
        return document, _read_reading(d, document.text)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _malformed(exc) from None


def reading_from_dict(d: Mapping[str, Any], text: str) -> Reading:
    """The Reading alone of a contract object whose clean text is ``text``."""
    _check_version(d)
    try:
        return _read_reading(d, text)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _malformed(exc) from None


def document_from_dict(d: Mapping[str, Any]) -> Document:
    """Rebuild a Document written by ``document_to_dict`` (or a contract object)."""
    try:
        return _read_document(d, None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _malformed(exc) from None
