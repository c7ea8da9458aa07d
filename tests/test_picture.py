"""Issue 9, acceptance 1: the seeds plus constructed reports, through the store.

Ingested as a user would (`watchfloor ingest`), linked into stories, then merged
per story: two stories for the seeds; a wire story reprinted by three sites is
one stored text and one source; a second outlet relaying the first outlet's
claim counts as that origin; a later denial by a named official is one
contradiction with both sides kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.link.hooks import link_pending
from watchfloor.link.picture import outlet_records, story_events
from watchfloor.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
WIRE = (
    "Gunmen attack police in Kirkuk\n\n"
    "Gunmen attacked a police checkpoint in Kirkuk on Monday, killing five policemen, "
    "the Iraqi Interior Ministry said in a statement."
)
LOCAL = (
    "Checkpoint attacked\n\nMilitants attacked a police checkpoint in Kirkuk on Monday and "
    "killed 12 policemen, local officials told Kurd News."
)
RELAY = (
    "Kirkuk checkpoint attack\n\nMilitants attacked a police checkpoint in Kirkuk on Monday, "
    "Kurd News reported."
)
DENIAL = (
    "Minister denies Kirkuk attack\n\nIraqi Interior Minister Falih al-Fayyadh categorically "
    "denied that militants attacked a police checkpoint in Kirkuk on Monday."
)


def _batch(tmp: Path) -> Path:
    rows = [
        {"id": f"w{n}", "text": WIRE, "outlet": outlet, "url": f"https://{outlet}/kirkuk",
         "dct": "2019-03-04"}
        for n, outlet in enumerate(("wire.example", "site-a.example", "site-b.example"))
    ]  # fmt: skip
    rows += [
        {"id": "k1", "text": LOCAL, "outlet": "Kurd News", "dct": "2019-03-04"},
        {"id": "r1", "text": RELAY, "outlet": "relay.example", "dct": "2019-03-05"},
        {"id": "d1", "text": DENIAL, "outlet": "daily.example", "dct": "2019-03-06"},
    ]
    path = tmp / "kirkuk.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_seeds_and_constructed_reports_through_the_store(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    seed0, seed1 = sorted(SAMPLES.glob("*.txt"))
    assert _run("ingest", str(seed0), "--dct", "2019-03-10", "--db", db).exit_code == 0
    assert _run("ingest", str(seed1), "--db", db).exit_code == 0
    result = _run("ingest", str(_batch(tmp_path)), "--db", db)
    assert result.exit_code == 0, result.stderr

    with Store.open(db) as store:
        link_pending(store)
        stories = store.stories()
        by_doc = {m.document_id: e for e in stories for m in e.documents}
        docs = {d.title: d.id for d in store.documents()}
        s0 = by_doc[docs[next(t for t in docs if t and t.startswith("US forces declare"))]]
        s1 = by_doc[docs[next(t for t in docs if t and t.startswith("Unprecedented US"))]]
        assert s0.story.id != s1.story.id  # one topic, two stories: four years apart

        wire_id = docs["Gunmen attack police in Kirkuk"]
        assert len(store.publications(wire_id)) == 3  # three sites, one stored text
        kirkuk = by_doc[wire_id]
        ids = [m.document_id for m in kirkuk.documents]
        assert {docs[t] for t in ("Checkpoint attacked", "Kirkuk checkpoint attack",
                                  "Minister denies Kirkuk attack")} <= set(ids)  # fmt: skip
        events = story_events(store, ids)
        attack = next(e for e in events if e.type in ("ASSAULT", "FIGHT") and len(e.reports) >= 4)
        group = {r.document_id: r.source_group for r in attack.reports}
        # the relay rests on Kurd News: same origin, one source
        assert group[docs["Kirkuk checkpoint attack"]] == group[docs["Checkpoint attacked"]]
        # the ministry (one wire text, three sites) and Kurd News; the denial affirms nothing
        assert attack.independent_sources == 2
        denials = [c for c in attack.contradictions if c.kind == "denial"]
        assert len(denials) == 1
        sides = {s.value: s for s in denials[0].sides}
        assert len(sides) == 2
        assert any("Falih al-Fayyadh" in s.origins for s in sides.values())
        assert any("Kurd News" in s.origins for s in sides.values())
        records = {r.outlet: r for r in outlet_records(store, [ids])}
        assert records["daily.example"].contradicted == 1


def test_stories_events_and_outlets_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("ingest", str(_batch(tmp_path)), "--db", db).exit_code == 0
    text = _run("stories", "--events", "--db", db)
    assert text.exit_code == 0, text.stderr
    assert "2 independent sources" in text.stdout
    assert "contradiction (denial)" in text.stdout and "Falih al-Fayyadh" in text.stdout
    rows = [
        json.loads(line)
        for line in _run("stories", "--events", "--json", "--db", db).stdout.splitlines()
    ]
    events = [e for r in rows for e in r["events"]]
    assert any(e["independent_sources"] == 2 for e in events)
    outlets = {
        o["outlet"]: o
        for o in map(json.loads, _run("outlets", "--json", "--db", db).stdout.splitlines())
    }
    assert outlets["daily.example"]["contradicted"] == 1
    assert "Kurd News" in _run("outlets", "--db", db).stdout
