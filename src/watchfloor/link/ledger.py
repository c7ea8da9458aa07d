"""The claim ledger's corroboration: per claim, which other sources affirm or contradict it.

A claim carries the events read from it (``Event.claim``). Each of those
events is a report of a merged event of its story
(``watchfloor.link.corroboration``); the claim's own report sits in one
source group there. The ledger says, per claim:

* **corroborated by**: the reports of *other* source groups of the same merged
  event that take the claim's side: when the claim does not deny the event
  (affirmed or hedged, as ``track_records`` counts it), the other groups'
  reports that affirm it; when the claim denies it, the other groups'
  reports that deny it too. Each names the origin it rests on, its document
  and its outlet.
* **contradicted by**: for every contradiction of the merged event
  (denial, place, date, count) in which the claim's report is on one side,
  the reports of other source groups on another side, with the aspect, the
  claim's value and theirs ("count" of "policemen": 5 vs 12).
* **status**: ``no_event`` (no coded event rests on the claim: it cannot be
  compared), ``single_source`` (no other source group reports its events),
  ``corroborated``, ``contradicted``, ``corroborated_and_contradicted``, or
  ``reported_elsewhere`` (other sources report the event but none takes the
  claim's side or contradicts it, e.g. they only hedge).

Reports of the claim's own source group (a reprint of the same text, a relay
of the same origin) are never counted as corroboration.

Cost: merging runs per story. ``page_ledger`` groups the claims of a page by
the story of their document and merges each story once, so a page costs the
size of the stories it touches, not the size of the store. A document in no
story (stored before stories existed, schema 0003; ``watchfloor stories``
links it) is merged alone: its claims are compared with the other reports of
its own text only, and the ledger says so (``story`` is None).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.link.corroboration import MergedEvent, ReportRef
from watchfloor.link.merge import AFFIRMED, DENIED

if TYPE_CHECKING:
    from watchfloor.store import Store


NAME = "ledger.v1"

NO_EVENT = "no_event"
SINGLE_SOURCE = "single_source"
CORROBORATED = "corroborated"
CONTRADICTED = "contradicted"
BOTH = "corroborated_and_contradicted"
ELSEWHERE = "reported_elsewhere"
STATUSES = (NO_EVENT, SINGLE_SOURCE, CORROBORATED, CONTRADICTED, BOTH, ELSEWHERE)


@dataclass(frozen=True, slots=True)
class Corroboration:
    """A report of another independent source taking the claim's side on one of its events."""

    event_id: str  # the claim's event, in the claim's document
    merged_event: str  # MergedEvent.id
    document_id: str  # the other report's document
    document_title: str | None
    outlet: str | None
    origin: str  # what the other report rests on (a named source, or its text/outlet)
    other_event: str  # the other report's event id, in its document
    other_claim: str | None  # the claim it rests on (None: the text's own narration)
    stance: str  # affirmed / denied


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A report of another independent source on another side of a contradiction."""

    event_id: str
    merged_event: str
    aspect: str  # denial, place, date, count
    what: str | None  # for counts, the counted word
    value: str  # the claim's side ("affirmed", "Kirkuk", "2019-03-04", "5")
    other_value: str  # theirs
    document_id: str
    document_title: str | None
    outlet: str | None
    origin: str
    other_event: str
    other_claim: str | None


@dataclass(frozen=True, slots=True)
class ClaimLedger:
    """What the other sources of a claim's story say about the events it reports."""

    document_id: str
    claim_id: str
    story: str | None  # None: the document is not linked into a story; compared alone
    events: tuple[str, ...]  # ids of the document's events resting on the claim
    merged_events: tuple[str, ...]  # MergedEvent.id of each merged event they belong to
    other_sources: int  # other source groups reporting any of them (any stance)
    corroborated_by: tuple[Corroboration, ...]
    contradicted_by: tuple[Disagreement, ...]
    status: str


# ------------------------------------------------------------ pure part


class EventIndex:
    """Where each (document id, event id) report sits among merged events."""

    def __init__(self, events: Sequence[MergedEvent]) -> None:
        self._at: dict[tuple[str, str], tuple[MergedEvent, int]] = {}
        for merged in events:
            for i, ref in enumerate(merged.reports):
                self._at.setdefault((ref.document_id, ref.event_id), (merged, i))

    def find(self, document_id: str, event_id: str) -> tuple[MergedEvent, int] | None:
        return self._at.get((document_id, event_id))


def claim_ledger(
    document_id: str,
    claim_id: str,
    event_ids: Sequence[str],
    index: EventIndex,
    *,
    story: str | None = None,
    titles: Mapping[str, str | None] | None = None,
) -> ClaimLedger:
    """The ledger entry of one claim whose events are ``event_ids`` (see the module docstring)."""
    titles = titles or {}
    merged_ids: list[str] = []
    others: set[tuple[str, int]] = set()
    agree: dict[tuple[str, str], Corroboration] = {}
    against: dict[tuple[str, ...], Disagreement] = {}
    for event_id in event_ids:
        found = index.find(document_id, event_id)
        if found is None:
            continue
        merged, i = found
        if merged.id not in merged_ids:
            merged_ids.append(merged.id)
        own = merged.reports[i]
        others.update(
            (merged.id, s) for s in {r.source_group for r in merged.reports} - {own.source_group}
        )
        side_of_claim = DENIED if own.stance == DENIED else AFFIRMED
        for other in merged.reports:
            if other.source_group == own.source_group or other.stance != side_of_claim:
                continue
            who = (other.origin, other.document_id)
            if who in agree and (agree[who].other_claim or other.claim_id is None):
                continue  # one entry per origin and document: its attributed report if any
            agree[who] = Corroboration(
                **_other_report(event_id, merged, other, titles), stance=other.stance
            )
        for c in merged.contradictions:
            mine = next((s for s in c.sides if i in s.reports), None)
            if mine is None:
                continue
            for side in c.sides:
                if side is mine:
                    continue
                for j in side.reports:
                    other = merged.reports[j]
                    if other.source_group == own.source_group:
                        continue
                    key = (c.kind, c.what or "", mine.value, side.value, other.origin,
                           other.document_id)  # fmt: skip
                    against.setdefault(
                        key,
                        Disagreement(
                            **_other_report(event_id, merged, other, titles),
                            aspect=c.kind,
                            what=c.what,
                            value=mine.value,
                            other_value=side.value,
                        ),
                    )
    return ClaimLedger(
        document_id=document_id,
        claim_id=claim_id,
        story=story,
        events=tuple(event_ids),
        merged_events=tuple(merged_ids),
        other_sources=len(others),
        corroborated_by=tuple(agree.values()),
        contradicted_by=tuple(against.values()),
        status=_status(bool(merged_ids), len(others), bool(agree), bool(against)),
    )


def _other_report(
    event_id: str, merged: MergedEvent, other: ReportRef, titles: Mapping[str, str | None]
) -> dict[str, Any]:
    """What a corroboration and a disagreement both say of the other report."""
    return {
        "event_id": event_id,
        "merged_event": merged.id,
        "document_id": other.document_id,
        "document_title": titles.get(other.document_id),
        "outlet": other.outlet,
        "origin": other.origin,
        "other_event": other.event_id,
        "other_claim": other.claim_id,
    }


def _status(compared: bool, others: int, agree: bool, against: bool) -> str:
    if not compared:
        return NO_EVENT
    if agree and against:
        return BOTH
    if agree:
        return CORROBORATED
    if against:
        return CONTRADICTED
    return ELSEWHERE if others else SINGLE_SOURCE


# ------------------------------------------------------------ over a store


def page_ledger(store: Store, claims: Sequence[tuple[str, str]]) -> list[ClaimLedger]:
    """The ledger entries of (document id, claim id) pairs, in the order given.

    The documents are grouped by story (``Store.story_of``); each story is
    read and merged once (``link.picture.story_events``). A document with no
    story is merged alone. A document no longer stored gives entries with no
    events.
    """
    from watchfloor.link.picture import story_events  # picture imports the store's helpers

    stories: dict[str, list[str]] = {}  # story key -> page documents in it
    story_id: dict[str, str | None] = {}
    for doc_id in dict.fromkeys(d for d, _ in claims):
        sid = store.story_of(doc_id)
        story_id[doc_id] = sid
        stories.setdefault(sid if sid is not None else "\x00" + doc_id, []).append(doc_id)
    pairs: dict[str, Any] = {}
    index: dict[str, EventIndex] = {}
    for key, page_docs in stories.items():
        ids = store.story_documents(key) if not key.startswith("\x00") else []
        ids = list(dict.fromkeys([*ids, *page_docs]))
        loaded = {}
        for doc_id in ids:
            pair = store.get(doc_id)
            if pair is not None:  # else removed since it was linked
                loaded[doc_id] = pair
        pairs.update(loaded)
        members = [d for d in ids if d in loaded]
        shared = EventIndex(story_events(store, members, loaded))
        for doc_id in page_docs:
            index[doc_id] = shared
    titles = {doc_id: doc.title for doc_id, (doc, _reading) in pairs.items()}
    out = []
    for doc_id, claim_id in claims:
        reading = pairs[doc_id][1] if doc_id in pairs else None
        events = [e.id for e in reading.events if e.claim == claim_id] if reading else []
        out.append(
            claim_ledger(
                doc_id, claim_id, events, index[doc_id], story=story_id[doc_id], titles=titles
            )
        )
    return out
