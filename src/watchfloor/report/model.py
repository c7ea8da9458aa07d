"""What a situation report says, computed from stored documents and readings.

The renderers (Markdown, HTML) only lay this out; every statement here keeps
the document and sentence it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from watchfloor.vocab import Claim, Dct, Document, EntityRef, Event, Modality, Reading

# Modalities that leave an open question for the analyst.
OPEN_MODALITIES = (Modality.DENIED, Modality.SPECULATED)


@dataclass(frozen=True)
class Evidence:
    """Where a statement comes from: document, sentence, and the words that carry it."""

    doc_key: str  # short label, "D1"
    document_id: str
    sentence: int
    sentence_text: str
    start: int  # the trigger/mention, as offsets into sentence_text
    end: int

    @property
    def anchor(self) -> str:
        return f"{self.doc_key.lower()}-s{self.sentence}"

    @property
    def label(self) -> str:
        return f"{self.doc_key} §{self.sentence + 1}"


@dataclass(frozen=True)
class EventRow:
    event: Event
    who: str
    whom: str
    where: str
    when: str
    according_to: str
    evidence: Evidence
    sort_date: dt.date | None


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    chain: str
    evidence: Evidence


def published(dct: Dct) -> str:
    """A publication date as a reader wants it: the day, the range, or unknown; and how."""
    if dct.date is not None:
        return f"{dct.date} ({dct.how.value})"
    if dct.earliest or dct.latest:
        return f"{dct.earliest or '?'} to {dct.latest or 'now'} ({dct.how.value})"
    return "unknown"


@dataclass(frozen=True)
class DocRow:
    key: str
    document: Document
    n_events: int
    n_claims: int
    sentences: tuple[str, ...] = ()
    copy_of: str | None = None  # key of the document this one reprints (near-duplicate)

    @property
    def published(self) -> str:
        return published(self.document.dct)


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    kind: str
    country: str
    mentions: int
    documents: tuple[str, ...]
    extra: str = ""
    other_uses: int = 0  # places: mentions that name the place without locating anything


@dataclass
class SituationReport:
    generated: dt.datetime
    documents: list[DocRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    actors: list[EntityRow] = field(default_factory=list)
    places: list[EntityRow] = field(default_factory=list)
    open_questions: list[tuple[str, Evidence | None]] = field(default_factory=list)
    extractors: tuple[str, ...] = ()

    @property
    def dated_events(self) -> list[EventRow]:
        return [e for e in self.events if e.sort_date is not None]

    @property
    def undated_events(self) -> list[EventRow]:
        return [e for e in self.events if e.sort_date is None]


def _sentence_evidence(
    key: str, doc: Document, reading: Reading, sentence: int, start: int, end: int
) -> Evidence:
    sent = reading.sentences[sentence] if 0 <= sentence < len(reading.sentences) else None
    s_start, s_end = (sent.start, sent.end) if sent else (start, end)
    return Evidence(
        doc_key=key,
        document_id=doc.id,
        sentence=sentence,
        sentence_text=doc.text[s_start:s_end],
        start=start - s_start,
        end=end - s_start,
    )


def _names(refs: Iterable[EntityRef], reading: Reading) -> str:
    known = {a.id: a for a in reading.actors}
    out = []
    for r in refs:
        actor = known.get(r.actor_id or "")
        if actor is None:
            out.append(f"“{r.entity_text}”")
        elif actor.generic:
            out.append(f"{actor.name} (“{r.entity_text}”)")
        else:
            out.append(actor.name)
    return ", ".join(out) or "—"


def chain_text(claim: Claim | None) -> str:
    """A claim's sources innermost first, as the reader follows them: A ← B ← outlet."""
    if claim is None or not claim.sources:
        return ""
    parts = []
    for s in claim.sources:
        label = s.text
        if s.count:
            label += f" ({s.count})"
        parts.append(f"{label} [{s.kind.value}]")
    return " via ".join(parts)


def _when(event: Event) -> tuple[str, dt.date | None]:
    if not event.date:
        return "unknown", None
    first = event.date.split("/", 1)[0]
    try:
        day = dt.date.fromisoformat(first[:10])
    except ValueError:
        day = None
    label = event.date + (" (approx., publication date)" if event.date_approx else "")
    return label, day


def _where(event: Event, reading: Reading) -> str:
    if event.event_loc is None:
        return "—"
    places = {p.id: p for p in reading.places}
    place = places.get(event.event_loc.place_id)
    if place is None:
        return event.event_loc.span.text
    return f"{place.name} ({place.country})" if place.country else place.name


def build(
    pairs: Iterable[tuple[Document, Reading]], now: dt.datetime | None = None
) -> SituationReport:
    """Assemble the report from every stored document and its current reading."""
    rep = SituationReport(generated=now or dt.datetime.now(dt.UTC).replace(microsecond=0))
    actor_mentions: Counter[str] = Counter()
    actor_docs: dict[str, set[str]] = defaultdict(set)
    place_mentions: Counter[str] = Counter()
    place_other: Counter[str] = Counter()
    place_docs: dict[str, set[str]] = defaultdict(set)
    actors, places = {}, {}
    extractors: set[str] = set()
    ordered = sorted(pairs, key=lambda p: (p[0].dct.date or dt.date.max, p[0].title or "", p[0].id))
    for n, (doc, reading) in enumerate(ordered, start=1):
        key = f"D{n}"
        extractors.add(reading.extractor)
        sents = tuple(doc.text[s.start : s.end] for s in reading.sentences)
        rep.documents.append(DocRow(key, doc, len(reading.events), len(reading.claims), sents))
        _add_events(rep, key, doc, reading)
        _add_claims(rep, key, doc, reading)
        for a in reading.actors:
            actors[a.id] = a
        for m in reading.actor_mentions:
            actor_mentions[m.actor_id] += 1
            actor_docs[m.actor_id].add(key)
        for p in reading.places:
            places[p.id] = p
        for pm in reading.place_mentions:
            if pm.metonymic:  # "Washington said", "Iraqi forces": not where anything happened
                place_other[pm.place_id] += 1
                continue
            place_mentions[pm.place_id] += 1
            place_docs[pm.place_id].add(key)
        _add_open_questions(rep, key, doc, reading)
    rep.actors = [
        EntityRow(
            a.id,
            a.name,
            a.type,
            a.country or "—",
            actor_mentions[a.id],
            tuple(sorted(actor_docs[a.id])),
            "generic" if a.generic else "",
        )
        for a in sorted(actors.values(), key=lambda a: (-actor_mentions[a.id], a.name))
    ]
    rep.places = [
        EntityRow(
            p.id,
            p.name,
            p.feature,
            p.country or "—",
            place_mentions[p.id],
            tuple(sorted(place_docs[p.id])),
            f"{p.lat:.2f}, {p.lon:.2f}",
            place_other[p.id],
        )
        for p in sorted(places.values(), key=lambda p: (-place_mentions[p.id], p.name))
        if place_mentions[p.id]
    ]
    _mark_copies(rep)
    rep.events.sort(
        key=lambda e: (
            e.sort_date is None,
            e.sort_date or dt.date.min,
            e.evidence.doc_key,
            e.evidence.sentence,
        )
    )
    rep.extractors = tuple(sorted(extractors))
    return rep


def _mark_copies(rep: SituationReport) -> None:
    """Flag documents that reprint an earlier one: they are not independent sources."""
    from watchfloor.link.duplicates import near_duplicate_groups

    keys = {d.document.id: d.key for d in rep.documents}
    first_of = near_duplicate_groups((d.document.id, d.document.text) for d in rep.documents)
    rep.documents = [
        replace(d, copy_of=keys[first_of[d.document.id]]) if d.document.id in first_of else d
        for d in rep.documents
    ]


def _add_events(rep: SituationReport, key: str, doc: Document, reading: Reading) -> None:
    claims = {c.id: c for c in reading.claims}
    for ev in reading.events:
        when, day = _when(ev)
        rep.events.append(
            EventRow(
                event=ev,
                who=_names(ev.actor, reading),
                whom=_names(ev.recipient, reading),
                where=_where(ev, reading),
                when=when,
                according_to=chain_text(claims.get(ev.claim or ""))
                or (doc.outlet or "the article"),
                evidence=_sentence_evidence(
                    key, doc, reading, ev.sentence, ev.trigger.start, ev.trigger.end
                ),
                sort_date=day,
            )
        )


def _add_claims(rep: SituationReport, key: str, doc: Document, reading: Reading) -> None:
    for c in reading.claims:
        rep.claims.append(
            ClaimRow(
                c,
                chain_text(c) or "the article",
                _sentence_evidence(key, doc, reading, c.sentence, c.span.start, c.span.end),
            )
        )


def _add_open_questions(rep: SituationReport, key: str, doc: Document, reading: Reading) -> None:
    title = doc.title or doc.id
    undated = [ev for ev in reading.events if not ev.date]
    if doc.dct.date is None:
        rng = ""
        if doc.dct.earliest or doc.dct.latest:
            rng = f" (between {doc.dct.earliest or '?'} and {doc.dct.latest or '?'})"
        unresolved = sum(1 for t in reading.times if t.value is None and t.reason == "needs_dct")
        rep.open_questions.append(
            (
                f"{key} “{title}” has no known publication date{rng}: "
                f"{unresolved} relative date(s) left unresolved, "
                f"{len(undated)} of its {len(reading.events)} events undated.",
                None,
            )
        )
    for ev in reading.events:
        ev_key = f"{ev.event} ({_names(ev.actor, reading)} → {_names(ev.recipient, reading)})"
        evidence = _sentence_evidence(
            key, doc, reading, ev.sentence, ev.trigger.start, ev.trigger.end
        )
        if not ev.date and doc.dct.date is not None:
            rep.open_questions.append((f"When? {ev_key}: no date in the text.", evidence))
        if ev.modality in OPEN_MODALITIES:
            rep.open_questions.append((f"{ev.modality.value.capitalize()}: {ev_key}.", evidence))
    for c in reading.claims:
        if c.modality is Modality.DENIED:
            where = _sentence_evidence(key, doc, reading, c.sentence, c.span.start, c.span.end)
            rep.open_questions.append(
                (f"Denial by {chain_text(c) or 'the article'}: “{c.span.text}”.", where)
            )
        inner = [s for s in c.sources if s.kind.value != "outlet"]
        if (
            c.modality is Modality.REPORTED
            and len(inner) == 1
            and inner[0].kind.value in ("anonymous", "unspecified")
        ):
            where = _sentence_evidence(key, doc, reading, c.sentence, c.span.start, c.span.end)
            rep.open_questions.append(
                (f"Single unnamed source ({inner[0].text}): “{c.span.text}”.", where)
            )
