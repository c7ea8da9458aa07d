"""Merged events with their independent sources, contradictions and outlet track records.

``merge_events(candidates)`` groups the reports of one story into
``MergedEvent`` records (``watchfloor.link.merge`` decides what is the same
event), then per merged event:

* **origin** of each report: the innermost *named* source of its claim's chain
  (a person, a group, a media outlet, a statement with a known author: not an
  anonymous or unspecified source, which cannot be told apart from another);
  a report with no named source rests on its text (its copy group: every
  reprint of a wire story is the same text) and on its outlet. A media source
  and an outlet are the same origin when their names agree ("Debka" cited by
  one site is the outlet debka.com; so is an unresolved group named like an
  outlet: "Kurd News reported").
* **independent sources**: reports that share an origin key are grouped,
  transitively; each group is one source. A wire story reprinted by three
  sites is one group (one text); a second outlet relaying the first outlet's
  report joins the first outlet's group (one outlet). Different named sources
  quoted in one text stay apart. ``independent_sources`` counts the groups
  that affirm the event.
* **contradictions**: affirmed vs denied; different places, dates, or counts
  ("killed 5" vs "killed 12"). Every side keeps its reports and origins; no
  side wins.

``track_records(events)`` counts, per outlet, its reports that another
independent source also affirms (corroborated), that an independent source
contradicts, and that rest on a single source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from watchfloor.link.merge import (
    AFFIRMED,
    DENIED,
    Candidate,
    Report,
    SourceLink,
    cluster,
    date_relation,
    place_relation,
    reports_of,
)
from watchfloor.vocab import Document, Reading

NAME = "corroboration.v1"

NAMED_KINDS = frozenset({"person", "group", "media"})
_TLD = re.compile(r"\.(com|net|org|info|co\.uk|co|news|tv|ir|iq|il)$")


@dataclass(frozen=True, slots=True)
class ReportRef:
    """One report of a merged event, with the origin it rests on and its chain.

    ``chain``: the claim's sources innermost first, then the outlet ("Israeli
    intelligence sources", "Debka", "example.com").
    """

    document_id: str
    event_id: str
    claim_id: str | None
    outlet: str | None
    copy_group: str
    trigger: str
    trigger_start: int
    stance: str
    modality: str
    origin: str  # the origin's name
    origin_keys: tuple[str, ...]
    chain: tuple[str, ...]
    source_group: int  # index into MergedEvent.sources
    published: dt.date | None  # the document's publication day, when known


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """Reports that are not independent of each other: one source."""

    origins: tuple[str, ...]
    outlets: tuple[str, ...]
    documents: tuple[str, ...]
    reports: tuple[int, ...]  # indices into MergedEvent.reports
    affirms: bool  # at least one of its reports affirms the event


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a contradiction: what it says and who says it."""

    value: str
    reports: tuple[int, ...]  # indices into MergedEvent.reports
    origins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    kind: str  # "denial", "place", "date", "count"
    sides: tuple[Side, ...]
    what: str | None = None  # for counts, the counted word


@dataclass(frozen=True, slots=True)
class MergedEvent:
    id: str  # "<document id>#<event id>" of its first report
    type: str
    reports: tuple[ReportRef, ...]
    actor_ids: tuple[str, ...]
    place_ids: tuple[str, ...]
    earliest: dt.date | None
    latest: dt.date | None
    sources: tuple[SourceGroup, ...]
    independent_sources: int
    contradictions: tuple[Contradiction, ...]


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """What became of an outlet's reports (a report may be both corroborated and contradicted)."""

    outlet: str
    claims: int
    corroborated: int  # another source group affirms the event
    corroborated_later: int  # ... in a report published after this one (both days known)
    contradicted: int  # a report of another source group is on another side of a contradiction
    single_source: int  # no other source group reports the event


# ------------------------------------------------------------ origins


def normalize_name(name: str) -> str:
    """An outlet or media name as a key: "The Debka.com site" and "Debka" agree."""
    n = name.lower().strip()
    n = re.sub(r"^(https?://)?(www\.)?", "", n).split("/")[0]
    n = re.sub(r"^the\s+", "", n)
    n = _TLD.sub("", n)
    return re.sub(r"[^a-z0-9]+", "", n)


def own_text(copy_group: str) -> str:
    """The origin name of a report that rests on its own text (no named source, no outlet)."""
    return f"the article {copy_group}"


def origin_of(
    chain: Sequence[SourceLink], outlet: str | None, copy_group: str
) -> tuple[str, tuple[str, ...]]:
    """(name, keys) of the origin a report rests on: reports sharing a key share it."""
    for link in chain:
        if link.kind == "outlet":
            break
        if link.kind in NAMED_KINDS or (link.kind == "statement" and link.actor):
            keys: tuple[str, ...] = ("actor:" + link.actor,) if link.actor else ()
            named = link.kind == "media" or (link.actor is None and link.kind != "statement")
            if named and normalize_name(link.text):
                keys += ("name:" + normalize_name(link.text),)
            return link.text, keys
    own = ("text:" + copy_group,)
    if outlet and normalize_name(outlet):
        return outlet, (*own, "name:" + normalize_name(outlet))
    return own_text(copy_group), own


def _chain(report: Report) -> tuple[str, ...]:
    links = [link.text for link in report.chain if link.kind != "outlet"]
    return (*links, report.outlet or own_text(report.copy_group))


class _Groups:
    """Union-find over report indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


# ------------------------------------------------------------ merged events


def merge_events(
    candidates: Sequence[Candidate | tuple[Document, Reading, str, str | None]],
) -> tuple[MergedEvent, ...]:
    """The merged events of one story's documents, in the order of their first report.

    Each candidate is a ``Candidate`` or a plain (document, reading, copy group, outlet) tuple.
    """
    reports = [
        r for c in candidates for r in reports_of(c if isinstance(c, Candidate) else Candidate(*c))
    ]
    return merged(reports)


def merged(reports: Sequence[Report]) -> tuple[MergedEvent, ...]:
    """Merged events from reports already built (constructed reports, evaluation)."""
    return tuple(_merged_event([reports[i] for i in members]) for members in cluster(reports))


def _own_narration(
    reports: list[Report], origins: list[tuple[str, tuple[str, ...]]]
) -> list[tuple[str, tuple[str, ...]]]:
    """A text's own narration of an event it also attributes ("Gunmen attack police",
    the headline of "..., the ministry said") rests on that attribution, not on the outlet:
    a report with no claim takes the origin of the text's first attributed report of the
    same stance (a claim with an unspecified source, "reports have emerged", does not)."""
    attributed: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for r, (name, keys) in zip(reports, origins, strict=True):
        if not any(k.startswith("text:") for k in keys):
            attributed.setdefault((r.copy_group, r.stance), (name, keys))
    return [
        attributed.get((r.copy_group, r.stance), (name, keys))
        if r.claim_id is None and any(k.startswith("text:") for k in keys)
        else (name, keys)
        for r, (name, keys) in zip(reports, origins, strict=True)
    ]


def _merged_event(reports: list[Report]) -> MergedEvent:
    origins = _own_narration(reports, [origin_of(r.chain, r.outlet, r.copy_group) for r in reports])
    groups = _Groups(len(reports))
    first_by: dict[str, int] = {}
    for i in range(len(reports)):
        for key in origins[i][1]:
            if key in first_by:
                groups.union(first_by[key], i)
            else:
                first_by[key] = i
    roots = sorted({groups.find(i) for i in range(len(reports))})
    number = {root: n for n, root in enumerate(roots)}
    sources = tuple(_source_group(reports, origins, groups, root) for root in roots)
    refs = tuple(
        ReportRef(
            document_id=r.document_id,
            event_id=r.event_id,
            claim_id=r.claim_id,
            outlet=r.outlet,
            copy_group=r.copy_group,
            trigger=r.trigger,
            trigger_start=r.trigger_start,
            stance=r.stance,
            modality=r.modality,
            origin=origins[i][0],
            origin_keys=origins[i][1],
            chain=_chain(r),
            source_group=number[groups.find(i)],
            published=r.published,
        )
        for i, r in enumerate(reports)
    )
    dates = [r.date for r in reports if r.date is not None]
    first = reports[0]
    return MergedEvent(
        id=f"{first.document_id}#{first.event_id}",
        type=first.type,
        reports=refs,
        actor_ids=tuple(
            dict.fromkeys(
                p.actor_id for r in reports for p in r.actors + r.recipients if p.actor_id
            )
        ),
        place_ids=tuple(dict.fromkeys(p.id for r in reports for p in r.places)),
        earliest=min(d[0] for d in dates) if dates else None,
        latest=max(d[1] for d in dates) if dates else None,
        sources=sources,
        independent_sources=sum(s.affirms for s in sources),
        contradictions=_contradictions(reports, refs),
    )


def _source_group(
    reports: list[Report], origins: list[tuple[str, tuple[str, ...]]], groups: _Groups, root: int
) -> SourceGroup:
    members = tuple(i for i in range(len(reports)) if groups.find(i) == root)
    return SourceGroup(
        origins=tuple(dict.fromkeys(origins[i][0] for i in members)),
        outlets=tuple(dict.fromkeys(o for i in members if (o := reports[i].outlet))),
        documents=tuple(dict.fromkeys(reports[i].document_id for i in members)),
        reports=members,
        affirms=any(reports[i].stance == AFFIRMED for i in members),
    )


# ------------------------------------------------------------ contradictions


def _side(value: str, members: Sequence[int], refs: Sequence[ReportRef]) -> Side:
    return Side(value, tuple(members), tuple(dict.fromkeys(refs[i].origin for i in members)))


def _contradictions(
    reports: list[Report], refs: tuple[ReportRef, ...]
) -> tuple[Contradiction, ...]:
    out = []
    affirmed = [i for i, r in enumerate(reports) if r.stance == AFFIRMED]
    denied = [i for i, r in enumerate(reports) if r.stance == DENIED]
    if affirmed and denied:
        out.append(
            Contradiction("denial", (_side(AFFIRMED, affirmed, refs), _side(DENIED, denied, refs)))
        )
    stating = [i for i, r in enumerate(reports) if r.stance != DENIED]
    by_place: dict[str, list[int]] = defaultdict(list)
    place_of = {}
    for i in stating:
        for p in reports[i].places:
            by_place[p.id].append(i)
            place_of[p.id] = p
    conflicting = [
        pid
        for pid in by_place
        if any(
            place_relation((place_of[pid],), (place_of[q],)) == "conflict"
            for q in by_place
            if q != pid
        )
    ]
    if len(conflicting) > 1:
        sides = tuple(_side(place_of[p].name, by_place[p], refs) for p in conflicting)
        out.append(Contradiction("place", sides))
    by_date: dict[tuple[dt.date, dt.date], list[int]] = defaultdict(list)
    for i in stating:
        if (d := reports[i].date) is not None:
            by_date[d].append(i)
    disjoint = [
        d for d in by_date if any(date_relation(d, e) == "conflict" for e in by_date if e != d)
    ]
    if len(disjoint) > 1:
        sides = tuple(_side(_range(d), by_date[d], refs) for d in disjoint)
        out.append(Contradiction("date", sides))
    by_count: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in stating:
        for word, value, _start, _end in reports[i].counts:
            if i not in by_count[word][value]:
                by_count[word][value].append(i)
    for word, values in by_count.items():
        if len(values) > 1:
            sides = tuple(_side(str(v), values[v], refs) for v in sorted(values))
            out.append(Contradiction("count", sides, what=word))
    return tuple(out)


def _range(d: tuple[dt.date, dt.date]) -> str:
    return d[0].isoformat() if d[0] == d[1] else f"{d[0].isoformat()}/{d[1].isoformat()}"


# ------------------------------------------------------------ track records


def track_records(events: Sequence[MergedEvent]) -> tuple[TrackRecord, ...]:
    """Per outlet (sorted by name): its claims corroborated, contradicted, single-source.

    A claim is a document's claim (an event with no claim counts as its own
    claim); several events read from one claim count once. It is corroborated
    when another source group of its event affirms the event and the claim
    does not deny it (later: in a report published after it); contradicted
    when one of its reports is on one side of a contradiction whose other side
    holds a report of another source group; single-source when its event has
    no other source group.
    """
    flags: dict[str, dict[tuple[str, str], list[bool]]] = defaultdict(dict)
    for event in events:
        against: set[int] = set()
        for c in event.contradictions:
            for side in c.sides:
                others = {
                    event.reports[j].source_group
                    for s in c.sides
                    if s is not side
                    for j in s.reports
                }
                for i in side.reports:
                    if others - {event.reports[i].source_group}:
                        against.add(i)
        for i, ref in enumerate(event.reports):
            if ref.outlet is None:
                continue
            claim = (ref.document_id, ref.claim_id or ref.event_id)
            f = flags[ref.outlet].setdefault(claim, [False, False, False, False])
            rest = [s for n, s in enumerate(event.sources) if n != ref.source_group]
            affirms = ref.stance != DENIED
            f[0] |= affirms and any(s.affirms for s in rest)
            f[1] |= affirms and any(
                o.stance == AFFIRMED
                and o.source_group != ref.source_group
                and o.published is not None
                and ref.published is not None
                and o.published > ref.published
                for o in event.reports
            )
            f[2] |= i in against
            f[3] |= not rest
    return tuple(
        TrackRecord(o, len(flags[o]), *(sum(f[k] for f in flags[o].values()) for k in range(4)))
        for o in sorted(flags)
    )
