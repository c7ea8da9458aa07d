"""One run of the watches: poll their feeds, ingest, evaluate, alert, deliver.

Each watch looks only at readings stored after its watermark (the store's
reading ids grow), so a run costs what arrived since the last one, not the
size of the store. A document that gains a watch matching events fires one
alert for that watch, listing the events and why each matched; its key
(``document:<id>``) is recorded in the store, so re-polling, re-running or
re-reading the same document fires nothing again. Alerts whose delivery
failed stay pending and are retried by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.errors import DeliveryError, WatchfloorError
from watchfloor.flow import Callbacks, Inputs, ingest, load_resources
from watchfloor.link.hooks import link_pending
from watchfloor.store import watches as state
from watchfloor.store.watches import Alert
from watchfloor.views.common.watches import Watch
from watchfloor.views.watch.sinks import Emit, deliver
from watchfloor.vocab import Document, Event, Reading

if TYPE_CHECKING:
    from watchfloor.store import Store


@dataclass
class RunResult:
    fired: list[Alert] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # delivery failures, one line each
    ingested: Any = None  # the ingest Tally when feeds were polled


def _names(refs: Any, reading: Reading) -> list[str]:
    names = {a.id: a.name for a in reading.actors}
    return [names.get(r.actor_id or "", r.entity_text) for r in refs]


def _event_summary(event: Event, reading: Reading, reasons: list[str]) -> dict[str, Any]:
    place = None
    if event.event_loc is not None:
        p = next((x for x in reading.places if x.id == event.event_loc.place_id), None)
        place = p.name if p else event.event_loc.span.text
    return {
        "id": event.id,
        "event": event.event,
        "modality": event.modality.value,
        "date": event.date,
        "actor": _names(event.actor, reading),
        "recipient": _names(event.recipient, reading),
        "place": place,
        "trigger": {
            "start": event.trigger.start,
            "end": event.trigger.end,
            "text": event.trigger.text,
        },
        "why": reasons,
    }


def evaluate(watch: Watch, doc: Document, reading: Reading) -> Alert | None:
    """The alert ``doc`` gives ``watch`` (None when no event of it matches)."""
    hits = [
        (ev, why) for ev in reading.events if (why := watch.match(doc, reading, ev)) is not None
    ]
    if not hits:
        return None
    parts = [f"{ev.event} {ev.modality.value} ({', '.join(why)})" for ev, why in hits]
    n = len(hits)
    reason = f"{n} new matching event{'s' if n > 1 else ''}: " + "; ".join(parts)
    payload = {
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "events": [_event_summary(ev, reading, why) for ev, why in hits],
    }
    return Alert(watch.name, f"document:{doc.id}", reason, doc.id, payload, state.now())


_Story = tuple[dict[str, tuple[Document, Reading]], tuple[Any, ...]]


def _linked_alerts(
    store: Store, watch: Watch, new: list[str], stories_seen: dict[str, _Story]
) -> list[Alert]:
    """Alerts on merged events of the stories the new documents joined: a matching event
    gains an independent source, or a contradiction appears or changes. Keys hold the
    count and the sides, so each change fires once and a re-run fires nothing."""
    if not new or not hasattr(store, "story_of"):
        return []
    from watchfloor.link.picture import story_events

    stories = dict.fromkeys(s for d in new if (s := store.story_of(d)) is not None)
    fresh = set(new)
    out = []
    for story_id in stories:
        if story_id not in stories_seen:  # each story is read and merged once per run
            ids = store.story_documents(story_id)
            pairs = {i: pair for i in ids if (pair := store.get(i)) is not None}
            stories_seen[story_id] = (pairs, story_events(store, ids, pairs))
        pairs, merged_events = stories_seen[story_id]
        for merged in merged_events:
            if not any(r.document_id in fresh for r in merged.reports):
                continue  # nothing new about this event
            if not any(_report_matches(watch, pairs, r) for r in merged.reports):
                continue
            out.extend(_merged_alerts(watch, merged, pairs))
    return out


def _report_matches(watch: Watch, pairs: dict[str, Any], report: Any) -> bool:
    doc, reading = pairs[report.document_id]
    event = next((e for e in reading.events if e.id == report.event_id), None)
    return event is not None and watch.match(doc, reading, event) is not None


def _merged_alerts(watch: Watch, merged: Any, pairs: dict[str, Any]) -> list[Alert]:
    doc, _reading = pairs[merged.reports[0].document_id]
    base = {
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "merged_event": merged.id,
        "type": merged.type,
        "sources": [
            {"origins": list(s.origins), "outlets": list(s.outlets), "affirms": s.affirms}
            for s in merged.sources
        ],
    }
    out = []
    n = merged.independent_sources
    if n >= 2:
        reason = f"{merged.type} now has {n} independent sources: " + "; ".join(
            ", ".join(s.origins) for s in merged.sources if s.affirms
        )
        out.append(
            Alert(watch.name, f"corroboration:{merged.id}:{n}", reason, doc.id, base, state.now())
        )
    for c in merged.contradictions:
        sides = " vs ".join(f"{s.value} ({', '.join(s.origins)})" for s in c.sides)
        key = f"contradiction:{merged.id}:{c.kind}:{sides}"
        reason = f"{merged.type}: {c.kind} contradiction: {sides}"
        out.append(Alert(watch.name, key[:900], reason, doc.id, base, state.now()))
    return out


def run_once(
    store: Store,
    names: tuple[str, ...] = (),
    *,
    kb: tuple[str, ...] = (),
    allow_private: bool = False,
    poll: bool = True,
    emit: Emit | None = None,
    callbacks: Callbacks | None = None,
    workers: int = 1,
) -> RunResult:
    """One pass over the watches named (or all); see the module docstring.

    ``emit`` prints a line for the ``stdout`` sink (the CLI's echo; without it a
    stdout sink is a delivery error, kept pending); ``callbacks`` hear about the
    feeds' ingest (failures, notices, progress); ``workers`` processes read the
    feeds' new articles (``flow.ingest``).
    """
    result = RunResult()
    saved = [(Watch.from_dict(w.name, w.query), w.watermark) for w in state.load(store, names)]
    feeds = tuple(dict.fromkeys(f for w, _ in saved for f in w.feeds))
    if feeds and poll:
        inputs = Inputs((), feeds=feeds, allow_private=allow_private)
        result.ingested = ingest(
            store, inputs, load_resources(kb), callbacks or Callbacks(), workers=workers
        )
    link_pending(store)
    latest = state.latest_reading(store)
    stories_seen: dict[str, _Story] = {}
    for watch, mark in saved:
        new = state.documents_read_after(store, mark)
        for doc_id in new:
            pair = store.get(doc_id)
            if pair is None:  # removed since it was read
                continue
            doc, reading = pair
            alert = evaluate(watch, doc, reading)
            if alert is not None and state.record(store, alert, watch.sinks):
                result.fired.append(alert)
        for alert in _linked_alerts(store, watch, new, stories_seen):
            if state.record(store, alert, watch.sinks):
                result.fired.append(alert)
        state.advance(store, watch.name, latest)
    for alert_id, alert, sinks in state.pending(store):
        left = []
        for sink in sinks:
            try:
                deliver(sink, alert, allow_private=allow_private, emit=emit)
            except (DeliveryError, WatchfloorError) as exc:
                left.append(sink)
                result.errors.append(str(exc))
        state.delivered(store, alert_id, left)
    return result
