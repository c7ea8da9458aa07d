"""Event merging: reports of the same real-world event across the documents of one story.

Input: the candidate set, the documents of ONE story, each as a
``Candidate`` (Document, Reading, copy-group id, outlet). Output: frozen
records, computed deterministically (the order of the candidates is the
order of the result; ties always go to the earlier report).

Every PLOVER event of a reading becomes a ``Report``: its type and mode,
participants, place, date, stance (affirmed / denied / hedged) and the claim
it rests on. Two reports are the same event when (``compare``):

* type: the same PLOVER type, and the same mode when both have one; the same
  trigger word family ("attacked", "attacks") is evidence;
* participants: for the actor role and for the recipient role, a shared
  participant, unless one side identifies no KB actor there (typed unknowns
  and unresolved names are evidence, never a conflict). A participant is its KB id; a typed unknown ("armed factions")
  or an unresolved name also matches a participant of the same country and
  sector (``EntityRef.country``/``sector``). A KB actor that is not a typed
  unknown shared by both reports is *strong* evidence, a typed-unknown or
  country+sector match is weak;
* place: the same place, or one contains the other (a country contains its
  places, an admin1 region its places), or either unknown. Different places
  are a conflict;
* date: the ranges overlap give or take a day (DATE_SLACK), or either
  unknown. Dates that fall back to the publication date (``date_approx``)
  count as unknown. Disjoint ranges are a conflict, except against a denial,
  whose date is often the day the denial was made (then unknown).

A pair with no conflict merges on a score of EVIDENCE (3): the same trigger
word family ("attacked", "attacks") 3, a strong participant match 2, a weak
one 1, a matching place 1, a matching date 1. So one actor alone does not
make two events of one type the same ("US forces declared a state of alert",
"US forces sent reinforcements"): they also need the same word, place or
date. Two reports that both identify KB participants and share none never
merge. A pair with one
conflict (place or date, not both) merges only when the participants match
strongly and the other attribute matches positively: that is the same event
told differently, and the difference is kept as a contradiction
(``watchfloor.link.corroboration``). Reports join the cluster that holds their
best-scoring compatible report, provided they conflict in type or
participants with no report of that cluster (no chaining of incompatible
reports through a middle one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from watchfloor import timex
from watchfloor.link.counts import counts_in
from watchfloor.vocab import Document, EntityRef, Event, Modality, Place, Reading

NAME = "merge.v1"

# Stance of a report toward its event, from the event's and its claim's modality.
AFFIRMED = "affirmed"  # asserted or reported
DENIED = "denied"
HEDGED = "hedged"  # speculated, demanded, planned, conditional

# Score of a pair: a strong participant match, a weak one, the same trigger
# word family, a matching place, a matching date. With no conflict, a pair
# merges on a score of EVIDENCE.
STRONG, WEAK, WORD, PLACE, DATE = 2, 1, 3, 1, 1
EVIDENCE = 3
# Dates a day apart are the same date told from two time zones, or "yesterday"
# read against a publication date after midnight.
DATE_SLACK = dt.timedelta(days=1)
# Derivational endings folded into the word they come from, longest first
# ("explosion" -> "explos", "explode" -> "explod": both "explo" at 5 letters).
_ENDINGS = ("ation", "ition", "ment", "ing", "ion", "ers", "er", "al", "ed", "e", "s")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One document of the story being linked."""

    document: Document
    reading: Reading
    copy_group: str  # id of the first stored copy of the text (Store.copies); own id if none
    outlet: str | None


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One link of a report's source chain, innermost first (the outlet is last)."""

    text: str
    kind: str
    actor: str | None


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where a report places its event: a gazetteer entry, with what contains it."""

    id: str
    name: str
    feature: str
    country: str | None
    admin1: str | None


@dataclass(frozen=True, slots=True)
class Participant:
    """An event participant as merging compares it."""

    text: str
    actor_id: str | None
    country: str | None
    sector: str | None
    generic: bool  # a typed unknown or an unresolved name: matches by country+sector


@dataclass(frozen=True, slots=True)
class Report:
    """One report of an event: a PLOVER event of one document, or a constructed mention.

    ``type``: the event type merging compares (PLOVER type, or another class
    such as a trigger lemma for evaluation). ``date``: (earliest, latest), None
    when unknown. ``stance``: AFFIRMED, DENIED or HEDGED. ``chain``: the claim's
    sources, innermost first. ``content``: the claim content (or, with no
    claim, the sentence) from which counts are read; ``content_start`` its offset.
    """

    document_id: str
    event_id: str
    claim_id: str | None
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    word: str  # the trigger's word family (``word_family``); "" when unknown
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    places: tuple[PlaceRef, ...]
    date: tuple[dt.date, dt.date] | None
    stance: str
    modality: str
    copy_group: str
    outlet: str | None
    published: dt.date | None
    chain: tuple[SourceLink, ...] = ()
    content: str = ""
    content_start: int = 0
    counts: tuple[tuple[str, int, int, int], ...] = ()  # (counted word, value, start, end)
    # Participants named near the trigger whose role is not known (evaluation
    # mentions: the rest of the sentence): evidence for a match, never a conflict.
    context: tuple[Participant, ...] = ()
    context_places: tuple[PlaceRef, ...] = ()  # likewise: places of the sentence


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two reports compare: ``merge`` and why."""

    merge: bool
    score: int
    hard_conflict: bool  # different type or participants: never in one cluster
    conflicts: tuple[str, ...] = ()  # "place", "date": kept as contradictions when merged


# ------------------------------------------------------------ reports


def word_family(word: str) -> str:
    """A trigger word without its inflectional and common derivational endings.

    "killing", "killed", "kills" -> "kill"; "explosion", "explode" -> "explo".
    Deterministic and crude: the first five letters of the stem.
    """
    w = word.lower()
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            w = w[: -len(ending)]
            break
    if len(w) >= 5 and w[-1] in "dpst" and w[-1] == w[-2]:
        w = w[:-1]  # "kidnapp"-ing -> kidnap
    return w[:5]


def trigger_head(trigger: str) -> str:
    """The word of a trigger that names the event: after "of" ("state of alert"), else the first."""
    words = trigger.lower().split()
    if not words:
        return ""
    if "of" in words[:-1]:
        return words[words.index("of") + 1]
    return words[0]


def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an event's date covers (``timex.days``); None when they are unknown."""
    return timex.days(value)


def stance_of(event_modality: Modality, claim_modality: Modality | None = None) -> str:
    """AFFIRMED, DENIED or HEDGED, from the event's own modality.

    The events stage already scoped the claim's modality: in "denied any
    involvement in US military movements" the involvement is denied and the
    movements are not (they are presupposed), so a denied claim does not make
    every event inside it a denial. ``claim_modality`` is kept for callers
    that have no event modality of their own to go by."""
    if event_modality is Modality.DENIED:
        return DENIED
    if event_modality in (Modality.ASSERTED, Modality.REPORTED):
        return AFFIRMED
    return HEDGED


def place_ref(place: Place) -> PlaceRef:
    return PlaceRef(place.id, place.name, place.feature, place.country, place.admin1)


def participants(refs: Sequence[EntityRef], reading: Reading) -> tuple[Participant, ...]:
    """The participants of one role; typed unknowns and unresolved names are generic."""
    generic_ids = {a.id for a in reading.actors if a.generic}
    return tuple(
        Participant(
            text=r.entity_text,
            actor_id=r.actor_id,
            country=r.country,
            sector=r.sector,
            generic=r.actor_id is None or r.actor_id in generic_ids,
        )
        for r in refs
    )


def reports_of(candidate: Candidate) -> list[Report]:
    """Every PLOVER event of one document as a Report, in reading order."""
    doc, reading = candidate.document, candidate.reading
    claims = {c.id: c for c in reading.claims}
    places = {p.id: p for p in reading.places}
    sentences = {s.index: s for s in reading.sentences}
    out = []
    for ev in reading.events:
        claim = claims.get(ev.claim) if ev.claim else None
        if claim is not None:
            content, start = claim.span.text, claim.span.start
        else:
            s = sentences.get(ev.sentence)
            start, end = (s.start, s.end) if s else (ev.trigger.start, ev.trigger.end)
            content = doc.text[start:end]
        place = places.get(ev.event_loc.place_id) if ev.event_loc else None
        out.append(
            Report(
                document_id=doc.id,
                event_id=ev.id,
                claim_id=ev.claim,
                type=ev.event,
                mode=ev.mode,
                trigger=ev.trigger.text,
                trigger_start=ev.trigger.start,
                word=word_family(trigger_head(ev.trigger.text)),
                actors=participants(ev.actor, reading),
                recipients=participants(ev.recipient, reading),
                places=(place_ref(place),) if place is not None else (),
                date=None if ev.date_approx else date_range(ev.date),
                stance=stance_of(ev.modality, claim.modality if claim else None),
                modality=_modality(ev, claim.modality if claim else None),
                copy_group=candidate.copy_group,
                outlet=candidate.outlet,
                published=doc.dct.date,
                chain=tuple(
                    SourceLink(s.text, s.kind.value, s.actor)
                    for s in (claim.sources if claim else ())
                ),
                content=content,
                content_start=start,
                counts=counts_in(content, start, reading.times),
            )
        )
    return out


def _modality(ev: Event, claim_modality: Modality | None) -> str:
    return Modality.DENIED.value if claim_modality is Modality.DENIED else ev.modality.value


# ------------------------------------------------------------ comparing


def _keys(p: Participant) -> set[str]:
    keys = set()
    if p.actor_id:
        keys.add("id:" + p.actor_id)
    if p.generic and p.country and p.sector:
        keys.add(f"cs:{p.country}/{p.sector}")
    if p.actor_id is None:
        keys.add("name:" + " ".join(p.text.lower().split()))
    return keys


def _match(a: Sequence[Participant], b: Sequence[Participant]) -> int:
    """STRONG when a non-generic KB actor is shared, WEAK for another shared key, else 0."""
    best = 0
    for x in a:
        for y in b:
            if x.actor_id and x.actor_id == y.actor_id and not (x.generic or y.generic):
                return STRONG
            if _keys(x) & _keys(y) or _country_sector_match(x, y):
                best = WEAK
    return best


def _country_sector_match(x: Participant, y: Participant) -> bool:
    """A typed unknown matches any participant of its country and sector."""
    if not (x.generic or y.generic):
        return False
    return bool(x.country and x.sector and (x.country, x.sector) == (y.country, y.sector))


def _contains(outer: PlaceRef, inner: PlaceRef) -> bool:
    if outer.country is None or outer.country != inner.country:
        return False
    if outer.feature == "country":
        return True
    return outer.feature == "admin1" and outer.admin1 is not None and outer.admin1 == inner.admin1


def place_relation(a: Sequence[PlaceRef], b: Sequence[PlaceRef]) -> str:
    """ "unknown" (a side has none), "match" (same or containing) or "conflict"."""
    if not a or not b:
        return "unknown"
    for x in a:
        for y in b:
            if x.id == y.id or _contains(x, y) or _contains(y, x):
                return "match"
    return "conflict"


def date_relation(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> str:
    """ "unknown", "match" (overlapping, give or take DATE_SLACK) or "conflict"."""
    if a is None or b is None:
        return "unknown"
    near = a[0] - DATE_SLACK <= b[1] and b[0] - DATE_SLACK <= a[1]
    return "match" if near else "conflict"


def _role_conflict(a: Sequence[Participant], b: Sequence[Participant]) -> bool:
    """Both sides identify KB actors (not typed unknowns) and no participant matches."""
    if not any(not p.generic for p in a) or not any(not p.generic for p in b):
        return False
    return _match(a, b) == 0


def compare(a: Report, b: Report) -> Comparison:
    """Whether two reports are the same event, with the score and conflicts found."""
    if a.type != b.type or (a.mode and b.mode and a.mode != b.mode):
        return Comparison(False, 0, True)
    if _role_conflict(a.actors, b.actors) or _role_conflict(a.recipients, b.recipients):
        return Comparison(False, 0, True)
    people = _match(a.actors + a.recipients + a.context, b.actors + b.recipients + b.context)
    if people == 0 and _role_conflict(a.actors + a.recipients, b.actors + b.recipients):
        return Comparison(False, 0, False)  # both identify participants, none shared
    place = place_relation(a.places, b.places)
    if (
        place != "conflict"
        and place_relation(a.places + a.context_places, b.places + b.context_places) == "match"
    ):
        place = "match"
    date = date_relation(a.date, b.date)
    if date == "conflict" and DENIED in (a.stance, b.stance):
        date = "unknown"  # a denial's date is often the day of the denial
    conflicts = tuple(k for k, r in (("place", place), ("date", date)) if r == "conflict")
    word = WORD if a.word and a.word == b.word else 0
    score = people + word + PLACE * (place == "match") + DATE * (date == "match")
    if not conflicts:
        merge = score >= EVIDENCE
    elif len(conflicts) == 1:
        merge = people == STRONG and "match" in (place, date)
    else:
        merge = False
    return Comparison(merge, score, False, conflicts)


# ------------------------------------------------------------ clustering


def cluster(reports: Sequence[Report]) -> list[list[int]]:
    """Indices of ``reports`` grouped into events, each group and the list in input order."""
    clusters: list[list[int]] = []
    for i, report in enumerate(reports):
        best: tuple[int, int] | None = None  # (score, cluster number)
        for n, members in enumerate(clusters):
            comparisons = [compare(reports[j], report) for j in members]
            if any(c.hard_conflict for c in comparisons):
                continue
            score = max((c.score for c in comparisons if c.merge), default=0)
            if score and (best is None or score > best[0]):
                best = (score, n)
        if best is None:
            clusters.append([i])
        else:
            clusters[best[1]].append(i)
    return clusters
