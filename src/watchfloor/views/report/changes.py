"""What changed since the previous report: a diff of two reports' key events.

A report is remembered as a *snapshot* (``snapshot(rep)``): its documents and,
per key event, its label, date, independent-source count, contradictions and
the reports it is made of ("<document id>#<event id>"). The next report of the
same scope is compared with it (``compare``):

* a key event is the same as a previous one when they share reports (the one
  sharing the most); merged event ids are not relied on, since a new report
  can bridge two earlier events into one;
* a key event sharing no report with the previous report is **new**;
* a known key event has **changed** when it gained or lost independent
  sources, gained or lost a contradiction, its date changed, or a new
  document reports it;
* a previous key event that no current one continues is **gone** (its
  documents were removed or re-read, or it merged into another event: said so).

Snapshots are plain JSON values; ``report.snapshots`` stores them.

Several key events can share a label ("MOBILIZE/troops: United States Armed
Forces", three convoys in one article), so a line of "What is new" also says
what tells its event apart (``lines``): the words and sentence that carry it,
its date, how sure the report is and whom it rests on. Events alike in all of
that are one line with their count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from watchfloor.views.common.text import number
from watchfloor.views.report.model import (
    DocRow,
    KeyEvent,
    SituationReport,
    contradiction_text,
    key_label,
)

SNAPSHOT_VERSION = 1
_SPACE = re.compile(r"\s+")


def _report_key(row: Any) -> str:
    return f"{row.evidence.document_id}#{row.event.id}"


def snapshot(rep: SituationReport) -> dict[str, Any]:
    """What the next report needs to say what changed since this one."""
    return {
        "version": SNAPSHOT_VERSION,
        "generated": rep.generated.isoformat(),
        "scope": rep.scope,
        "documents": [d.document.id for d in rep.documents],
        "events": [
            {
                "id": k.id,
                "label": key_label(k),
                "when": k.when,
                "sources": k.independent_sources,
                "contradictions": sorted(contradiction_text(c) for c in k.contradictions),
                "reports": [_report_key(r) for r in k.reports],
            }
            for k in rep.key_events
        ],
    }


@dataclass
class Change:
    event: KeyEvent
    new: bool
    reasons: list[str]


@dataclass
class Changes:
    """The difference between this report and the previous one of its scope."""

    since: dt.datetime | None  # when the previous report was made; None: there was none
    new_documents: list[DocRow] = field(default_factory=list)
    removed_documents: int = 0
    events: list[Change] = field(default_factory=list)  # new and changed key events
    gone: list[str] = field(default_factory=list)  # previous key events no longer here

    @property
    def first(self) -> bool:
        return self.since is None

    @property
    def new_events(self) -> list[Change]:
        return [c for c in self.events if c.new]

    @property
    def changed_events(self) -> list[Change]:
        return [c for c in self.events if not c.new]

    @property
    def empty(self) -> bool:
        return not (self.new_documents or self.removed_documents or self.events or self.gone)


def compare(rep: SituationReport, previous: dict[str, Any] | None) -> Changes:
    """The changes of ``rep`` since ``previous`` (a snapshot, or None for a first report)."""
    if previous is None or previous.get("version") != SNAPSHOT_VERSION:
        return Changes(since=None)
    since = dt.datetime.fromisoformat(previous["generated"])
    old_docs = set(previous.get("documents") or ())
    keys_now = {d.document.id: d.key for d in rep.documents}
    out = Changes(
        since=since,
        new_documents=[d for d in rep.documents if d.document.id not in old_docs],
        removed_documents=len(old_docs - set(keys_now)),
    )
    old_events: list[dict[str, Any]] = list(previous.get("events") or ())
    owner = {r: i for i, ev in enumerate(old_events) for r in ev.get("reports") or ()}
    continued: dict[int, str] = {}  # old event index -> label of the key event continuing it
    for k in rep.key_events:
        keys = [_report_key(r) for r in k.reports]
        shared: dict[int, int] = {}
        for key in keys:
            if key in owner:
                shared[owner[key]] = shared.get(owner[key], 0) + 1
        if not shared:
            docs = sorted({r.evidence.doc_key for r in k.reports}, key=lambda s: int(s[1:]))
            out.events.append(Change(k, True, [_new_reason(k, docs)]))
            continue
        best = max(shared, key=lambda i: (shared[i], -i))
        for i in shared:
            continued.setdefault(i, key_label(k))
        reasons = _differences(k, old_events[best], keys, old_docs)
        others = [old_events[i]["label"] for i in sorted(shared) if i != best]
        reasons += [f"merged with the earlier “{label}”" for label in others]
        if reasons:
            out.events.append(Change(k, False, reasons))
    for i, ev in enumerate(old_events):
        if i not in continued:
            out.gone.append(
                f"{ev.get('label')}: no longer reported (its documents were removed or re-read)"
            )
    return out


def _differences(
    k: KeyEvent, old: dict[str, Any], keys: list[str], old_docs: set[str]
) -> list[str]:
    reasons = []
    before, after = int(old.get("sources") or 0), k.independent_sources
    if after != before:
        word = "gained" if after > before else "lost"
        reasons.append(f"{word} independent sources: {number(before)} → {number(after)}")
    fresh = [
        r for r, key in zip(k.reports, keys, strict=True) if r.evidence.document_id not in old_docs
    ]
    if fresh:
        where = ", ".join(dict.fromkeys(r.evidence.label for r in fresh))
        reasons.append(f"reported again ({where})")
    then = set(old.get("contradictions") or ())
    now = {contradiction_text(c) for c in k.contradictions}
    reasons += [f"new contradiction — {c}" for c in sorted(now - then)]
    reasons += [f"contradiction no longer stands — {c}" for c in sorted(then - now)]
    if old.get("when") != k.when:
        reasons.append(f"date {old.get('when')} → {k.when}")
    return reasons


REPORTS_NAMED = 5  # sentences named on a new event's line; the rest are counted


def _new_reason(k: KeyEvent, docs: list[str]) -> str:
    where = list(dict.fromkeys(r.evidence.label for r in k.reports))
    more = len(where) - REPORTS_NAMED
    named = ", ".join(where[:REPORTS_NAMED]) + (f" and {number(more)} more" if more > 0 else "")
    sources = number(k.independent_sources)
    return f"new, reported in {', '.join(docs)} ({named}); independent sources: {sources}"


def distinction(k: KeyEvent) -> str:
    """What tells a key event apart from others of its label: the words and sentence
    that carry it, its date, how sure the report is and whom it rests on."""
    ev = k.lead.evidence
    words = _SPACE.sub(" ", ev.sentence_text[ev.start : ev.end]).strip()
    return (
        f"“{words}” ({ev.label}); when: {k.when}; how sure: {k.lead.event.modality.value}; "
        f"according to: {k.lead.according_to}"
    )


@dataclass(frozen=True)
class ChangeLine:
    """One line of "What is new" about key events: alike events are one line.

    ``numbers``: where each event stands in the report's Key events (1-based)."""

    tag: str  # "new" or "changed"
    label: str
    distinction: str
    reasons: tuple[str, ...]
    events: tuple[KeyEvent, ...]
    numbers: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.events)


def lines(rep: SituationReport) -> list[ChangeLine]:
    """The report's new, then changed, key events as lines; events alike in label,
    distinction and reasons grouped, in the order of their first one."""
    ch = rep.changes
    if ch is None:
        return []
    number = {k.id: i for i, k in enumerate(rep.key_events, start=1)}
    groups: dict[tuple[str, str, str, tuple[str, ...]], list[KeyEvent]] = {}
    for c in ch.new_events + ch.changed_events:
        key = ("new" if c.new else "changed", key_label(c.event), distinction(c.event))
        groups.setdefault((*key, tuple(c.reasons)), []).append(c.event)
    return [
        ChangeLine(tag, label, dist, reasons, tuple(ks), tuple(number[k.id] for k in ks))
        for (tag, label, dist, reasons), ks in groups.items()
    ]
