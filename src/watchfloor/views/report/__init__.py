"""report: situation reports of the store or of a watch, as Markdown or self-contained HTML.

``situation(store, watch=None)`` assembles the report: every current reading
(of a watch: only the stories where its filter finds an event, in SQL),
merged per story (``link.picture.story_events``: independent sources and
contradictions across the story's documents), kept whole or cut to the key
events a watch matches, and compared with the last recorded report of the
same scope (``report.changes``). ``record(store, rep)`` makes it the baseline
of the next report. ``render_report(rep, fmt)`` lays it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchfloor.errors import ConfigError
from watchfloor.views.report.changes import compare, snapshot
from watchfloor.views.report.model import SituationReport, build

if TYPE_CHECKING:
    from watchfloor.store import Store


FORMATS = ("md", "html")


def situation(store: Store, watch: str | None = None) -> SituationReport:
    """The report of the whole store, or of the key events watch ``watch`` matches,
    with what changed since the last recorded report of that scope."""
    from watchfloor.link.picture import story_events
    from watchfloor.store import snapshots

    the_watch = None
    if watch is not None:
        from watchfloor.store import watches
        from watchfloor.views.common.watches import Watch

        (found,) = watches.load(store, (watch,))
        the_watch = Watch.from_dict(found.name, found.query)
    if the_watch is None:
        pairs = {doc.id: (doc, reading) for doc, reading in store.readings()}
        groups: list[list[str]] = []
        linked: set[str] = set()
        for entry in store.stories():
            ids = [m.document_id for m in entry.documents if m.document_id in pairs]
            linked.update(ids)
            if ids:
                groups.append(ids)
        groups += [[doc_id] for doc_id in pairs if doc_id not in linked]  # not linked yet
    else:
        pairs, groups = _scope(store, the_watch)
    merged = [m for ids in groups for m in story_events(store, ids, read=pairs)]
    if the_watch is not None:
        merged = [m for m in merged if _watched(the_watch, m, pairs)]
        wanted = {r.document_id for m in merged for r in m.reports}
        pairs = {k: v for k, v in pairs.items() if k in wanted}
    rep = build(
        pairs.values(),
        merged=merged,
        scope=f"watch {watch}" if watch is not None else "the whole store",
    )
    rep.changes = compare(rep, snapshots.last(store, watch or ""))
    return rep


def _scope(store: Store, watch: Any) -> tuple[dict[str, Any], list[list[str]]]:
    """The documents a watch's report reads, and their groups to merge (its stories in
    the order ``stories`` lists them, then its documents in no story, in storage order):
    only the stories holding an event the watch's filter keeps in SQL (``Watch.filter``,
    which keeps what ``Watch.match`` keeps; its keywords are tested after the merge, by
    ``_watched``), so the report costs what its scope holds, not what the store holds.
    Events whose link facts are not written yet are kept by the filter without places
    (those are read from the facts), and tested in Python like the others."""
    from watchfloor.store import filters as sf
    from watchfloor.store import queries as sq

    sql = watch.filter().sql()
    stmts = [sf.event_select(**sql)]
    if sql.get("place"):
        stmts.append(sf.without_facts(sf.event_select(**{**sql, "place": ()})))
    stories, unlinked = store.story_groups(sq.event_documents(store, *stmts))
    needed = {doc_id for ids in stories for doc_id in ids} | set(unlinked)
    pairs = {doc.id: (doc, reading) for doc, reading in store.readings(needed)}
    groups = [ids for ids in ([d for d in g if d in pairs] for g in stories) if ids]
    alone = set(unlinked)
    groups += [[doc_id] for doc_id in pairs if doc_id in alone]
    return pairs, groups


def _watched(watch: Any, merged: Any, pairs: dict[str, Any]) -> bool:
    """A merged event is a watch's when one of its reports matches the watch."""
    for ref in merged.reports:
        doc, reading = pairs[ref.document_id]
        event = next((e for e in reading.events if e.id == ref.event_id), None)
        if event is not None and watch.match(doc, reading, event) is not None:
            return True
    return False


def record(store: Store, rep: SituationReport, watch: str | None = None) -> None:
    """Make ``rep`` the baseline the next report of its scope is compared with."""
    from watchfloor.store import snapshots

    snapshots.record(store, watch or "", rep.generated, snapshot(rep))


def render(store: Store, fmt: str = "md") -> str:
    """The situation report of everything in ``store``, without recording it."""
    return render_report(situation(store), fmt)


def render_report(rep: SituationReport, fmt: str) -> str:
    if fmt == "md":
        from watchfloor.views.report.markdown import render_markdown

        return render_markdown(rep)
    if fmt == "html":
        from watchfloor.views.report.html import render_html

        return render_html(rep)
    raise ConfigError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


__all__ = ["FORMATS", "build", "record", "render", "render_report", "situation"]
