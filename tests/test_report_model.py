"""The situation report's tables count what they say they count."""

from __future__ import annotations

import datetime as dt

from watchfloor.extract.pipeline import read
from watchfloor.views.report.markdown import esc
from watchfloor.views.report.model import build, key_label
from watchfloor.vocab import Dct, DctHow, Document


def _doc(text: str) -> Document:
    return Document(
        id="d1",
        text=text,
        raw=text,
        content_hash="h",
        dct=Dct(date=dt.date(2024, 5, 2), how=DctHow.GIVEN),
    )


def test_places_table_counts_locations_apart_from_other_uses(resources) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(
        "Clashes in Kirkuk\n\nWashington said on Tuesday that Iraqi forces clashed with "
        "militants in Kirkuk. Washington warned Tehran."
    )
    rep = build([read(doc, resources)])
    rows = {p.name: p for p in rep.places}
    assert rows["Kirkuk"].mentions == 2 and rows["Kirkuk"].other_uses == 0
    # only named as actors ("Washington said") or adjectives: not a location of anything
    assert "Washington" not in rows and "Washington, D.C." not in rows
    assert all(p.mentions > 0 for p in rep.places)


MOVES = (
    "US convoys\n\nReports have emerged regarding mysterious movements of US military "
    "convoys within various cities in Iraq. The Coordination Framework said discussions "
    "have taken place."
)


def _all_new(rep):  # type: ignore[no-untyped-def]
    from watchfloor.views.report.changes import compare

    empty = {"version": 1, "generated": "2024-05-01T00:00:00+00:00", "documents": [], "events": []}
    rep.changes = compare(rep, empty)
    return rep


def _new_lines(md: str) -> list[str]:
    new = md.split("## What is new", 1)[1].split("## Documents", 1)[0]
    return [line for line in new.splitlines() if line.startswith("- **new**")]


def test_what_is_new_tells_apart_events_of_one_label(resources) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.views.report import render_report

    rep = _all_new(build([read(_doc(MOVES), resources)]))
    labels = [key_label(k) for k in rep.key_events]
    assert any(labels.count(label) > 1 for label in labels)  # "MOBILIZE/troops: ..." twice
    lines = _new_lines(render_report(rep, "md"))
    assert len(set(lines)) == len(lines) == len(rep.key_events)
    html = render_report(rep, "html")
    for n, k in enumerate(rep.key_events, start=1):
        line = next(line for line in lines if line.endswith(f"(key event {n})"))
        # the words and sentence that carry it, its date, how sure, whom it rests on
        ev = k.lead.evidence
        words = ev.sentence_text[ev.start : ev.end]
        assert f"— “{words}” \\({ev.label}\\); when: {esc(k.when)}; " in line
        assert f"how sure: {k.lead.event.modality.value}; " in line
        assert f"according to: {esc(k.lead.according_to)} — new, reported in D1" in line
        assert html.count(f"“{words}” ({ev.label}); when: {k.when};") == 1


def test_what_is_new_counts_events_alike_in_all_it_says(resources) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from watchfloor.views.report import render_report

    rep = build([read(_doc(MOVES), resources)])
    first = rep.key_events[0]
    rep.key_events.insert(1, replace(first, id=first.id + "-twin"))
    lines = _new_lines(render_report(_all_new(rep), "md"))
    assert len(lines) == len(rep.key_events) - 1
    assert lines[0].startswith("- **new** ×2 ") and lines[0].endswith("(key events 1, 2)")
    html = render_report(rep, "html")
    assert f'<a href="#{rep.key_events[1].anchor}">(2)</a>' in html
