"""A watch's report reads its scope, not the store: the same report as merging every story.

``views.report.situation(store, watch)`` reads only the stories where the
watch's filter finds an event in SQL (``Store.story_groups``,
``Store.readings(document_ids)``); the reference here is what it did before:
every reading, every story merged, then the merged events the watch matches.
The store holds linked stories, a story of one document, and documents stored
without any hook (in no story, no link facts), on every backend.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import watchfloor
from test_picture import DENIAL, LOCAL, RELAY, WIRE
from watchfloor.link.picture import story_events
from watchfloor.store import Store
from watchfloor.store import watches as stored_watches
from watchfloor.views import report as reports
from watchfloor.views.common.watches import Watch

WATCHES = {
    "kirkuk": {"places": ["Kirkuk"]},
    "iraq-fight": {"places": ["IRQ"], "types": ["FIGHT", "ASSAULT"]},
    "denied": {"modalities": ["denied"]},
    "word": {"keywords": ["Kirkuk"], "types": ["FIGHT"]},
    "usa": {"actors": ["USA"]},
    "nothing": {"types": ["PROTEST"], "places": ["Peru"]},
}
FIELDS = ("documents", "events", "claims", "actors", "places", "open_questions", "key_events")


def _reference(store: Store, name: str) -> reports.SituationReport:
    """The watch's report as it was made before: every reading and story merged."""
    (found,) = stored_watches.load(store, (name,))
    watch = Watch.from_dict(found.name, found.query)
    pairs = {doc.id: (doc, reading) for doc, reading in store.readings()}
    groups: list[list[str]] = []
    linked: set[str] = set()
    for entry in store.stories():
        ids = [m.document_id for m in entry.documents if m.document_id in pairs]
        linked.update(ids)
        if ids:
            groups.append(ids)
    groups += [[doc_id] for doc_id in pairs if doc_id not in linked]
    merged = [m for ids in groups for m in story_events(store, ids, read=pairs)]
    merged = [m for m in merged if reports._watched(watch, m, pairs)]
    wanted = {r.document_id for m in merged for r in m.reports}
    kept = [v for k, v in pairs.items() if k in wanted]
    return reports.build(kept, merged=merged, scope=f"watch {name}")


def _same(a: reports.SituationReport, b: reports.SituationReport) -> None:
    for name in FIELDS:
        assert getattr(a, name) == getattr(b, name), name
    assert a.scope == b.scope and a.extractors == b.extractors


@pytest.fixture(scope="module")
def pairs(resources: Any) -> list[Any]:
    texts = [
        ("w1", WIRE, "wire.example", "2019-03-04"),
        ("k1", LOCAL, "Kurd News", "2019-03-04"),
        ("r1", RELAY, "relay.example", "2019-03-05"),
        ("d1", DENIAL, "daily.example", "2019-03-06"),
        ("late", LOCAL.replace("Kirkuk", "Mosul"), "late.example", "2021-06-01"),
    ]
    return [
        watchfloor.read(text, id=i, outlet=o, dct=d, resources=resources) for i, text, o, d in texts
    ]


def test_a_watch_report_reads_its_scope_and_says_what_merging_every_story_says(
    store_url: str, pairs: list[Any]
) -> None:
    with Store.open(store_url) as store:  # every hook: stories and link facts
        for doc, reading in pairs[:3]:
            store.add(doc, reading)
    with Store.open(store_url, hooks=()) as store:  # no story, no link facts
        for doc, reading in pairs[3:]:
            store.add(doc, reading)
        assert len(store.documents_without_story()) == 2
        for name, query in WATCHES.items():
            stored_watches.add(store, name, query)
        found = 0
        for name in WATCHES:
            rep = reports.situation(store, name)
            _same(rep, _reference(store, name))
            found += len(rep.key_events)
        assert found > 0
        assert not reports.situation(store, "nothing").key_events


def test_story_groups_lists_the_stories_of_documents_as_stories_does(
    store_url: str, pairs: list[Any]
) -> None:
    with Store.open(store_url) as store:
        for doc, reading in pairs:
            store.add(doc, reading)
        ids = [d.id for d, _ in pairs]
        listed = [[m.document_id for m in e.documents] for e in store.stories()]
        groups, alone = store.story_groups(ids)
        assert groups == listed and alone == []
        one = store.story_groups(["k1", "missing"])
        assert one == ([g for g in listed if "k1" in g], ["missing"])
        assert store.story_groups([]) == ([], [])
        chosen = [d.id for d, _ in store.readings({"late", "w1"})]
        assert chosen == [d for d in (x.id for x in store.documents()) if d in {"late", "w1"}]
        assert [dataclasses.astuple(p[0].dct) for p in store.readings(["d1"])] == [
            dataclasses.astuple(pairs[3][0].dct)
        ]
