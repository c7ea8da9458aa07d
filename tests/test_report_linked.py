"""Issue 10: the situation report over linked stories, with a real "what is new" diff.

Reports of one attack by several outlets arrive in two rounds, ingested as a
user would. The first report is the baseline; the second must say what the
second round changed (a relay, a denial), count independent sources per key
event, put contradictions side by side, draw a map and a timeline, and keep a
watch's report to the watch's events.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from test_picture import DENIAL, LOCAL, RELAY, WIRE
from test_ui import HOSTILE, RAW
from watchfloor.cli import main
from watchfloor.store import Store
from watchfloor.views import report as reports
from watchfloor.views.report.changes import compare, snapshot


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _jsonl(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _round_one(tmp: Path) -> str:
    return _jsonl(
        tmp / "r1.jsonl",
        [
            {"id": "w1", "text": WIRE, "outlet": "wire.example", "dct": "2019-03-04"},
            {"id": "k1", "text": LOCAL, "outlet": "Kurd News", "dct": "2019-03-04"},
        ],
    )


def _round_two(tmp: Path) -> str:
    return _jsonl(
        tmp / "r2.jsonl",
        [
            {"id": "r1", "text": RELAY, "outlet": "relay.example", "dct": "2019-03-05"},
            {"id": "d1", "text": DENIAL, "outlet": "daily.example", "dct": "2019-03-06"},
        ],
    )


def _attack(rep: reports.SituationReport) -> reports.model.KeyEvent:
    hits = [k for k in rep.key_events if k.lead.event.event == "FIGHT"]
    assert len(hits) == 1, [reports.model.key_label(k) for k in rep.key_events]
    return hits[0]


def test_key_events_are_merged_with_independent_sources_and_contradictions(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "w.db")
    assert _run("ingest", _round_one(tmp_path), "--db", db).exit_code == 0
    with Store.open(db) as store:
        rep = reports.situation(store)
    attack = _attack(rep)
    assert attack.independent_sources == 2  # the ministry (via the wire), local officials
    assert {r.evidence.document_id for r in attack.reports} == {"w1", "k1"}
    counts = [c for c in attack.contradictions if c.kind == "count"]
    assert counts and {s.value for s in counts[0].sides} == {"5", "12"}
    assert attack.when == "2019-03-04"
    md = reports.render_report(rep, "md")
    assert "independent sources: **2**" in md and "## Contradictions" in md
    html = reports.render_report(rep, "html")
    assert 'class="contra"' in html and ">5</b>" in html and ">12</b>" in html


def _undated(report: str) -> str:
    return re.sub(r"Generated \S+ for", "Generated for", report)


def test_second_report_says_what_changed_since_the_first(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("ingest", _round_one(tmp_path), "--db", db).exit_code == 0
    first = _run("report", "--db", db)
    assert "First recorded report of the whole store" in first.stdout
    again = _run("report", "--db", db, "--no-record")
    assert "Nothing has changed." in again.stdout  # the first report was recorded

    assert _run("ingest", _round_two(tmp_path), "--db", db).exit_code == 0
    preview = _run("report", "--db", db, "--no-record").stdout
    second = _run("report", "--db", db).stdout
    # --no-record did not move the baseline (the two differ only in when they were generated)
    assert _undated(preview) == _undated(second)
    new = second.split("## What is new", 1)[1].split("## Documents", 1)[0]
    assert "2 new documents" in new
    changed = [line for line in new.splitlines() if "**changed** FIGHT" in line]
    assert len(changed) == 1
    assert "reported again" in changed[0] and "new contradiction — denial" in changed[0]
    third = _run("report", "--db", db).stdout
    assert "Nothing has changed." in third


def test_compare_names_new_changed_and_gone_events(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("ingest", _round_one(tmp_path), "--db", db).exit_code == 0
    with Store.open(db) as store:
        before = reports.situation(store)
    snap = snapshot(before)
    attack = _attack(before)
    # An earlier report that knew the attack from the wire alone, and an event since gone.
    old = next(e for e in snap["events"] if e["id"] == attack.id)
    old["sources"] = 1
    old["reports"] = [r for r in old["reports"] if r.startswith("w1#")]
    old["contradictions"] = []
    snap["documents"] = ["w1", "gone-doc"]
    snap["events"].append(
        {"id": "gone-doc#e0", "label": "PROTEST: ?", "when": "unknown", "sources": 1,
         "contradictions": [], "reports": ["gone-doc#e0"]}
    )  # fmt: skip
    ch = compare(before, snap)
    assert [d.document.id for d in ch.new_documents] == ["k1"] and ch.removed_documents == 1
    change = next(c for c in ch.changed_events if c.event.id == attack.id)
    assert "gained independent sources: 1 → 2" in change.reasons
    assert any(r.startswith("new contradiction — count") for r in change.reasons)
    assert ch.gone == ["PROTEST: ?: no longer reported (its documents were removed or re-read)"]
    assert compare(before, None).first


def test_a_watch_report_keeps_the_watch_events_and_its_own_baseline(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("ingest", _round_one(tmp_path), "--db", db).exit_code == 0
    assert _run("watch", "add", "kirkuk", "--place", "Kirkuk", "--db", db).exit_code == 0
    assert _run("watch", "add", "protests", "--type", "PROTEST", "--db", db).exit_code == 0
    assert _run("report", "--db", db).exit_code == 0  # the store's baseline, not the watch's
    out = _run("report", "--db", db, "--watch", "kirkuk").stdout
    assert "for watch kirkuk" in out and "First recorded report of watch kirkuk" in out
    with Store.open(db) as store:
        rep = reports.situation(store, "kirkuk")
        empty = reports.situation(store, "protests")
    assert rep.key_events and all(
        any(r.event.event_loc and "Kirkuk" in r.where for r in k.reports) for k in rep.key_events
    )
    assert not empty.key_events and not empty.documents
    missing = CliRunner().invoke(main, ["report", "--db", db, "--watch", "nope"])
    assert missing.exit_code != 0 and "no watch named nope" in missing.output


def test_html_report_draws_the_map_and_timeline_offline_and_escapes_articles(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "w.db")
    hostile = _jsonl(tmp_path / "h.jsonl", [HOSTILE])
    assert _run("ingest", _round_one(tmp_path), hostile, "--db", db).exit_code == 0
    out = tmp_path / "r.html"
    assert _run("report", "--db", db, "--format", "html", "--out", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 2  # the map and the timeline, inline
    assert "Kirkuk" in svgs[0] and "<path d=" in svgs[0]  # a marker on the Natural Earth basemap
    assert "04 Mar 2019" in svgs[1]
    assert not [raw for raw in RAW if raw in html]
    assert "&lt;script&gt;" in html and "Evil &lt;b onmouseover" in html
    assert "http://" not in html.split("</style>", 1)[0]  # nothing loaded from the network


def test_a_crowded_report_map_draws_the_places_with_most_events() -> None:
    import datetime as dt

    from watchfloor.views.report.html import MAP_PLACES, map_of
    from watchfloor.views.report.model import EntityRow, SituationReport

    rep = SituationReport(generated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    rep.places = [
        EntityRow(f"p:{i}", f"P{i}", "PPL", "IRQ", 1, ("D1",), lat=30 + i / 10, lon=40 + i / 10,
                  events=1 if i % 7 == 0 else 0)
        for i in range(MAP_PLACES + 15)
    ]  # fmt: skip
    drawn = map_of(rep)
    assert drawn is not None and drawn["not_drawn"] == 15
    names = {m.place["name"] for m in drawn["markers"]}
    assert len(names) == MAP_PLACES
    assert {p.name for p in rep.places if p.events} <= names  # every place with an event
