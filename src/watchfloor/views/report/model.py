"""What a situation report says, computed from stored documents and readings.

The renderers (Markdown, HTML) only lay this out; every statement here keeps
the document and sentence it rests on.

Key events are *merged* events (``watchfloor.link.corroboration``): the reports
of one event by several documents, with their independent sources and the
contradictions between them. ``build`` takes them from the caller (who merges
per story, with the store's copy groups) or, given only documents, merges all
of them as one story with each document its own copy group.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from watchfloor.link.corroboration import Contradiction, MergedEvent, merge_events, own_text
from watchfloor.views.common.text import number
from watchfloor.vocab import Claim, Dct, Document, EntityRef, Event, Modality, Reading

# Modalities that leave an open question for the analyst.
OPEN_MODALITIES = (Modality.DENIED, Modality.SPECULATED)


def html_id(prefix: str, ident: str) -> str:
    """An HTML id for ``ident`` (ids hold ':' and '#'): letters and digits kept, the rest '-'."""
    return prefix + "-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in ident)


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
    lat: float | None = None  # places only
    lon: float | None = None
    events: int = 0  # places: key events located there

    @property
    def anchor(self) -> str:
        return html_id("e", self.id)


@dataclass(frozen=True)
class SourceLine:
    """One independent source of a key event: who it rests on and where it says so."""

    origins: tuple[str, ...]
    outlets: tuple[str, ...]
    affirms: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SideRow:
    """One side of a contradiction: the value it gives, who gives it, where."""

    value: str
    origins: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ContradictionRow:
    kind: str  # "denial", "place", "date", "count"
    what: str | None
    sides: tuple[SideRow, ...]


@dataclass(frozen=True)
class KeyEvent:
    """A merged event: its lead report (the first that affirms it), every report,
    its independent sources and its contradictions."""

    id: str  # the merged event's id: "<document id>#<event id>" of its first report
    lead: EventRow
    reports: tuple[EventRow, ...]
    independent_sources: int
    sources: tuple[SourceLine, ...]
    contradictions: tuple[ContradictionRow, ...]
    when: str
    earliest: dt.date | None
    latest: dt.date | None

    @property
    def anchor(self) -> str:
        return html_id("ke", self.id)

    @property
    def single_source(self) -> bool:
        return self.independent_sources <= 1


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
    key_events: list[KeyEvent] = field(default_factory=list)
    scope: str = "the whole store"
    changes: Any = None  # report.changes.Changes once compared with the previous report

    @property
    def contradicted(self) -> list[KeyEvent]:
        return [k for k in self.key_events if k.contradictions]

    @property
    def corroborated(self) -> list[KeyEvent]:
        return [k for k in self.key_events if k.independent_sources >= 2]


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
    pairs: Iterable[tuple[Document, Reading]],
    now: dt.datetime | None = None,
    merged: Iterable[MergedEvent] | None = None,
    scope: str = "the whole store",
) -> SituationReport:
    """Assemble the report from documents and their current readings.

    ``merged``: the merged events to report (the caller merges per story and may
    keep only those a watch matches); the events of ``pairs`` in none of them are
    left out. None: every event of ``pairs``, merged as one story.
    """
    rep = SituationReport(
        generated=now or dt.datetime.now(dt.UTC).replace(microsecond=0), scope=scope
    )
    pairs = list(pairs)
    if merged is None:
        merged = merge_events([(doc, reading, doc.id, doc.outlet) for doc, reading in pairs])
    merged = list(merged)
    wanted = {(r.document_id, r.event_id) for m in merged for r in m.reports}
    pairs = [(doc, _only_events(reading, doc.id, wanted)) for doc, reading in pairs]
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
    rep.key_events = _key_events(rep, merged)
    located: Counter[str] = Counter(p for k in rep.key_events for p in _key_places(k))
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
            lat=p.lat,
            lon=p.lon,
            events=located[p.id],
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
    _add_linked_questions(rep)
    rep.extractors = tuple(sorted(extractors))
    return rep


def _only_events(reading: Reading, doc_id: str, wanted: set[tuple[str, str]]) -> Reading:
    events = tuple(ev for ev in reading.events if (doc_id, ev.id) in wanted)
    return reading if len(events) == len(reading.events) else replace(reading, events=events)


def _key_places(k: KeyEvent) -> list[str]:
    return list(dict.fromkeys(r.event.event_loc.place_id for r in k.reports if r.event.event_loc))


def _origin_names(rep: SituationReport) -> Callable[[Iterable[str]], tuple[str, ...]]:
    """Origins as the reader knows them: an unattributed report rests on its own text
    (``own_text``: "the article <document id>"); here "D1 (its own text)"."""
    keys = {own_text(d.document.id): f"{d.key} (its own text)" for d in rep.documents}

    def names(origins: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(keys.get(o, o) for o in origins))

    return names


def _key_events(rep: SituationReport, merged: list[MergedEvent]) -> list[KeyEvent]:
    rows = {(r.evidence.document_id, r.event.id): r for r in rep.events}
    names = _origin_names(rep)
    out = []
    for m in merged:
        keys = [(ref.document_id, ref.event_id) for ref in m.reports]
        if not all(k in rows for k in keys):  # a report of a document outside the report
            continue
        known = [rows[k] for k in keys]
        lead_i = next((i for i, ref in enumerate(m.reports) if ref.stance == "affirmed"), 0)
        lead = known[lead_i]
        out.append(
            KeyEvent(
                id=m.id,
                lead=lead,
                reports=tuple(known),
                independent_sources=m.independent_sources,
                sources=tuple(
                    SourceLine(
                        names(g.origins),
                        g.outlets,
                        g.affirms,
                        tuple(known[i].evidence for i in g.reports),
                    )
                    for g in m.sources
                ),
                contradictions=tuple(_contradiction(c, known, names) for c in m.contradictions),
                when=_merged_when(m, lead),
                earliest=m.earliest or lead.sort_date,
                latest=m.latest or lead.sort_date,
            )
        )
    out.sort(
        key=lambda k: (
            k.earliest is None,
            k.earliest or dt.date.min,
            -k.independent_sources,
            int(k.lead.evidence.doc_key[1:]),
            k.lead.evidence.sentence,
        )
    )
    return out


def _merged_when(m: MergedEvent, lead: EventRow) -> str:
    if m.earliest is None or m.latest is None:
        return lead.when
    if m.earliest == m.latest:
        return m.earliest.isoformat()
    return f"{m.earliest.isoformat()}/{m.latest.isoformat()}"


def _contradiction(
    c: Contradiction, rows: list[EventRow], names: Callable[[Iterable[str]], tuple[str, ...]]
) -> ContradictionRow:
    return ContradictionRow(
        c.kind,
        c.what,
        tuple(
            SideRow(side.value, names(side.origins), tuple(rows[i].evidence for i in side.reports))
            for side in c.sides
        ),
    )


def key_label(k: KeyEvent) -> str:
    """A key event in a line: type, who -> whom, where (the parts that are known)."""
    e = k.lead
    mode = f"/{e.event.mode}" if e.event.mode else ""
    who = e.who if e.who != "—" else "?"
    whom = f" → {e.whom}" if e.whom != "—" else ""
    where = f" in {e.where}" if e.where != "—" else ""
    return f"{e.event.event}{mode}: {who}{whom}{where}"


def contradiction_text(c: ContradictionRow) -> str:
    """A contradiction in a line: "count of policemen: 5 (the ministry) vs 12 (Kurd News)"."""
    what = f" of {c.what}" if c.what else ""
    sides = " vs ".join(f"{s.value} ({', '.join(s.origins) or '?'})" for s in c.sides)
    return f"{c.kind}{what}: {sides}"


def _add_linked_questions(rep: SituationReport) -> None:
    for k in rep.contradicted:
        for c in k.contradictions:
            rep.open_questions.append(
                (f"Contradiction on {key_label(k)} — {contradiction_text(c)}.", k.lead.evidence)
            )
    single = [k for k in rep.key_events if k.single_source]
    if single:
        rep.open_questions.append(
            (
                f"{number(len(single))} of {number(len(rep.key_events))} key events rest on a single "
                "independent source (marked “1 source” under Key events).",
                None,
            )
        )


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
    title = doc.label
    undated = [ev for ev in reading.events if not ev.date]
    if doc.dct.date is None:
        rng = ""
        if doc.dct.earliest or doc.dct.latest:
            rng = f" (between {doc.dct.earliest or '?'} and {doc.dct.latest or '?'})"
        unresolved = sum(
            1
            for t in reading.times
            if t.value is None and t.reason in ("needs_dct", "ambiguous_in_dct_range")
        )
        rep.open_questions.append(
            (
                f"{key} “{title}” has no known publication date{rng}: "
                f"{number(unresolved)} relative date(s) left unresolved, "
                f"{number(len(undated))} of its {number(len(reading.events))} events undated.",
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
