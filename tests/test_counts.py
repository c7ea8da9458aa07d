"""Counts are written with thousands separators ("98,880 events", "10,000+") wherever a
reader sees them: the web pages, their scripts and the situation reports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from watchfloor.store import Store
from watchfloor.store import queries as sq
from watchfloor.store.queries import Total
from watchfloor.views.common.text import number, plural
from watchfloor.views.report.markdown import render_markdown
from watchfloor.views.report.model import DocRow, EntityRow, SituationReport
from watchfloor.views.web.pages.render import env
from watchfloor.vocab import Dct, DctHow, Document

STATIC = Path(__file__).resolve().parents[1] / "src/watchfloor/views/web/pages/static"


def test_number_and_plural_write_separators() -> None:
    assert [number(n) for n in (0, 7, 999, 1000, 98880, 1234567)] == [
        "0", "7", "999", "1,000", "98,880", "1,234,567"
    ]  # fmt: skip
    assert number(Total(10000, lower_bound=True)) == "10,000+" and number(Total(12)) == "12"
    assert number(None) == "" and number("—") == "—"
    assert plural(98880, "event") == "98,880 events" and plural(1, "event") == "1 event"
    assert plural(Total(10000, lower_bound=True), "event") == "10,000+ events"
    assert plural(Total(1, lower_bound=True), "event") == "1+ events"


def test_the_pager_and_the_total_line_carry_separators() -> None:
    pager = env().from_string(
        '{% from "macros.html" import pager %}{{ pager(total, 200, 100, "/events", "") }}'
    )
    html = pager.render(total=Total(98880))
    assert "201–300 of 98,880" in html
    html = pager.render(total=Total(10000, lower_bound=True))
    assert "of 10,000+ (counted up to 10,000)" in html


def test_the_overview_cards_carry_separators(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from watchfloor.views.web import create_app

    big = {
        "documents": 98880, "events": 1234567, "claims": 4321, "place_mentions": 1000,
        "actor_mentions": 999, "times": 54321,
    }  # fmt: skip
    monkeypatch.setattr(sq, "estimated_counts", lambda store: dict(big))
    db = str(tmp_path / "w.db")
    Store.open(db).close()
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        html = client.get("/").text
    for shown in ("98,880", "1,234,567", "4,321", "1,000", "999", "54,321"):
        assert f"<b>{shown}</b>" in html, shown
    assert "98880" not in html and "1234567" not in html


def _report() -> SituationReport:
    doc = Document(
        id="d1", text="x", raw="x", content_hash="h",
        dct=Dct(date=dt.date(2024, 5, 2), how=DctHow.GIVEN),
    )  # fmt: skip
    place = EntityRow(
        "p1", "Kirkuk", "city", "IRQ", 12345, ("D1",), "35.47, 44.39", 2500,
        lat=35.47, lon=44.39, events=1000,
    )  # fmt: skip
    actor = EntityRow("a1", "Iraqi Army", "state_military", "IRQ", 54321, ("D1",))
    return SituationReport(
        generated=dt.datetime(2024, 5, 3, tzinfo=dt.UTC),
        documents=[DocRow("D1", doc, 1500, 20000)],
        places=[place],
        actors=[actor],
    )


def test_the_markdown_report_carries_separators() -> None:
    md = render_markdown(_report())
    assert "from 1 document: 0 key events" in md
    assert "| D1 | " in md and "| 1,500 | 20,000 |" in md
    assert "| 54,321 | D1 |" in md  # actor mentions
    assert "| 1,000 | 12,345 | 2,500 | D1 |" in md  # place: key events, locations, other uses


def test_the_html_report_carries_separators() -> None:
    from watchfloor.views.report.html import render_html

    html = render_html(_report())
    assert "<td>1,000</td><td>12,345</td><td>2,500</td>" in html
    assert "<td>54,321</td>" in html
    assert "Kirkuk: 1,000 key events, 1 document" in html  # the map marker's title
    assert "Kirkuk (1,000)" in html  # the marker's label


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is missing (the pages' scripts are tested on it)")
def test_the_scripts_write_counts_as_the_pages_do() -> None:
    """format.js, which map.js and timeline.js take their counts from, run under Node."""
    values = [0, 7, 999, 1000, 98880, 1234567, -4500, 2.5]
    script = (
        "globalThis.window = {};\n"
        + (STATIC / "format.js").read_text(encoding="utf-8")
        + f"\nconst f = window.watchfloor.format, vs = {json.dumps(values)};\n"
        + "console.log(JSON.stringify([vs.map(f.count), f.plural(98880, 'event'), "
        + "f.plural(1, 'event'), f.plural(2, 'story', 'stories')]));\n"
    )
    out = subprocess.run([str(NODE)], input=script, capture_output=True, text=True, check=True)
    counts, many, one, stories = json.loads(out.stdout)
    assert counts == [number(v) if isinstance(v, int) else str(v) for v in values]
    assert (many, one, stories) == ("98,880 events", "1 event", "2 stories")
    for name in ("map.js", "timeline.js"):  # no count of their own left unformatted
        js = (STATIC / name).read_text(encoding="utf-8")
        assert "wf.format.count" in js and "function plural" not in js, name
