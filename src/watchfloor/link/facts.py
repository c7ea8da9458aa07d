"""Link facts: what linking says of each event and claim, written when its story changes.

The views filter events by the number of independent sources that affirm them
and by whether a contradiction touches them, and claims by their ledger status.
Those come from merging a story's events (``link.corroboration``) and the claim
ledger (``link.ledger``), which cost the size of a story: too much to run per
request over a whole store. So the ``facts`` store hook (order 30, after
``copies`` and ``stories``, registered in ``pyproject.toml``) re-merges the
story a new document joins and replaces the facts of every member's events and
claims (``store.link_facts``): a document joining a story can change what the
story's other events are.

Each event's row also keeps where it is (its place's country, admin1 and
coordinates) and its outlet, so every filter of the views is a lookup in SQL.
``facts_pending`` catches up the documents stored before schema 0007 or
without the hook, story by story.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from watchfloor.link.corroboration import MergedEvent, merge_events
from watchfloor.link.ledger import EventIndex, claim_ledger
from watchfloor.link.merge import Candidate
from watchfloor.store.hooks import AddContext
from watchfloor.store.link_facts import FactTables, Member, pending
from watchfloor.vocab import Document, Reading

if TYPE_CHECKING:
    from watchfloor.store import Store

NAME = "facts.v1"
Row = dict[str, Any]


def _event_rows(member: Member, index: EventIndex, story_id: str | None) -> list[Row]:
    reading = member.reading
    places = {p.id: p for p in reading.places}
    rows = []
    for idx, ev in enumerate(reading.events):
        found = index.find(member.document.id, ev.id)
        merged: MergedEvent | None = found[0] if found else None
        place = places.get(ev.event_loc.place_id) if ev.event_loc is not None else None
        rows.append(
            {
                "reading_id": member.reading_id,
                "idx": idx,
                "document_id": member.document.id,
                "story_id": story_id,
                "merged_event": merged.id if merged else None,
                "independent_sources": merged.independent_sources if merged else 0,
                "contradicted": bool(merged and merged.contradictions),
                "place_name": place.name if place else None,
                "feature": place.feature if place else None,
                "country": place.country if place else None,
                "admin1": place.admin1 if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "outlet": member.outlet,
            }
        )
    return rows


def _claim_rows(
    member: Member, index: EventIndex, story_id: str | None, titles: Mapping[str, str | None]
) -> list[Row]:
    doc_id, reading = member.document.id, member.reading
    rows = []
    for idx, claim in enumerate(reading.claims):
        events = [e.id for e in reading.events if e.claim == claim.id]
        entry = claim_ledger(doc_id, claim.id, events, index, story=story_id, titles=titles)
        fields = {
            "story": entry.story,
            "status": entry.status,
            "other_sources": entry.other_sources,
            "corroborated_by": [dataclasses.asdict(c) for c in entry.corroborated_by],
            "contradicted_by": [dataclasses.asdict(c) for c in entry.contradicted_by],
        }
        rows.append(
            {
                "reading_id": member.reading_id,
                "idx": idx,
                "document_id": doc_id,
                "status": entry.status,
                "ledger": json.dumps(fields, ensure_ascii=False),
            }
        )
    return rows


def story_facts(members: Sequence[Member], story_id: str | None) -> tuple[list[Row], list[Row]]:
    """The event and claim fact rows of a story's members, merged together."""
    merged = merge_events(
        [Candidate(m.document, m.reading, m.copy_group, m.outlet) for m in members]
    )
    index = EventIndex(merged)
    titles = {m.document.id: m.document.title for m in members}
    events: list[Row] = []
    claims: list[Row] = []
    for m in members:
        events += _event_rows(m, index, story_id)
        claims += _claim_rows(m, index, story_id, titles)
    return events, claims


def refresh(tables: FactTables, document_id: str) -> list[str]:
    """Replace the facts of the story of ``document_id`` (the document alone when it is in
    no story); returns the documents whose facts were written."""
    story_id = tables.story_of(document_id)
    ids = tables.story_members(story_id) if story_id is not None else [document_id]
    if document_id not in ids:
        ids.append(document_id)
    members = tables.members(ids)
    events, claims = story_facts(members, story_id)
    tables.replace([m.reading_id for m in members], events, claims)
    return [m.document.id for m in members]


class LinkFacts:
    """Re-merges the story a new document joins and writes its members' facts."""

    name = "facts"
    order = 30

    def __init__(self) -> None:
        self.refreshed: set[str] = set()  # documents whose facts this hook wrote

    def prepare(self, document: Document, reading: Reading) -> None:
        return None

    def after_add(
        self, ctx: AddContext, document: Document, reading: Reading, prepared: Any
    ) -> Mapping[str, Any]:
        written = refresh(FactTables(ctx.connection), document.id)
        self.refreshed.update(written)
        return {"documents": len(written)}


def facts_pending(store: Store) -> int:
    """Write the facts of every document whose current reading lacks them, a story at a
    time (refreshing one member refreshes its whole story); returns the documents whose
    facts were written."""
    hook = LinkFacts()
    for document_id in pending(store):
        if document_id in hook.refreshed:
            continue
        pair = store.get(document_id)
        if pair is not None:
            store.run_hook(hook, *pair)
    return len(hook.refreshed)
