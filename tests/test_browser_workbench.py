"""The workbench in a real browser, on real articles: Playwright on Debian's Chromium
against `watchfloor serve` over the seeds, the hostile article and 180 news texts of
../shared/eval (tests/workbench_data.py; never copied into the repo).

Pan and zoom the map, brush the timeline, set filters: the map, the timeline, the
table and the exports of a view hold the same events. WATCHFLOOR_SCREENSHOTS=docs/img
writes the screenshots of docs/ui.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from test_browser import Watched, browser, live, no_handlers, serving, shots
from workbench_data import build

pytestmark = [pytest.mark.slow, pytest.mark.shared]
Browser = Any
__all__ = ["browser", "shots"]  # the fixtures of test_browser, used here


@pytest.fixture(scope="module")
def wb_server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("workbench")
    db = str(tmp / "workbench.db")
    assert build(db, tmp, shared=shared) >= 150 + 3
    with serving(db, tmp / "serve.log") as base:
        yield base


def view(page: Any) -> tuple[str, dict[str, list[str]]]:
    query = urlsplit(page.url).query
    return query, parse_qs(query)


def api_uids(base: str, query: str) -> list[str]:
    """Every event of a view, through the API (500 a page)."""
    out: list[str] = []
    while True:
        r = httpx.get(f"{base}/api/events?{query}&limit=500&offset={len(out)}")
        assert r.status_code == 200, (query, r.text)
        body = r.json()
        out += [i["uid"] for i in body["items"]]
        if len(out) >= body["total"]:
            return out


def assert_agree(page: Any, base: str) -> set[str]:
    """The page's table, map, timeline and exports hold the events of its query."""
    live(page)
    query, _ = view(page)
    query = "&".join(p for p in query.split("&") if not p.startswith(("sort=", "offset=")))
    everything = api_uids(base, query)
    total = int(page.locator("#wf-total").inner_text().split()[0])
    assert total == len(everything)
    table = page.locator("tr[data-event]").evaluate_all("rows => rows.map(r => r.dataset.event)")
    assert table == everything[: len(table)] and len(table) == min(100, total)
    points = httpx.get(f"{base}/api/map?{query}").json()
    drawn = set(page.evaluate("watchfloor.map.ids"))
    assert drawn == {p["uid"] for p in points["points"]} and drawn <= set(everything)
    assert page.evaluate("watchfloor.map.events") == total
    dated = page.evaluate("watchfloor.timeline.dated")
    lookup = httpx.get(f"{base}/api/timeline?{query}").json()
    assert dated == lookup["dated"] and page.evaluate("watchfloor.timeline.events") == total
    exported = httpx.get(f"{base}/export?{query}&format=csv").text
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(r["event_id"] for r in rows) == sorted(everything)
    geo = json.loads(httpx.get(f"{base}/export?{query}&format=geojson").text)
    assert {f["id"] for f in geo["features"]} == {p["uid"] for p in points["points"]}
    return set(everything)


def test_pan_zoom_brush_and_filter_and_every_view_agrees(
    wb_server: str, browser: Browser, shots: Path
) -> None:
    w = Watched(browser)
    w.page.set_viewport_size({"width": 1400, "height": 1000})
    try:
        page = w.open(f"{wb_server}/events")
        all_ids = assert_agree(page, wb_server)
        assert len(all_ids) > 300
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400  # columns fit
        page.screenshot(path=str(shots / "workbench.png"), full_page=False)
        # zoom in with the control, then pan by dragging the map
        zoom = page.evaluate("watchfloor.map.leaflet.getZoom()")
        page.click(".leaflet-control-zoom-in")
        page.wait_for_function(f"() => watchfloor.map.leaflet.getZoom() > {zoom}")
        page.wait_for_timeout(400)  # the zoom animation
        center = page.evaluate("watchfloor.map.leaflet.getCenter()")
        box = page.locator(".wb-map-canvas").bounding_box()
        assert box is not None
        # grab the map where no marker is (a marker takes the press for its popup)
        x, y = next(
            (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            for fx, fy in ((0.5, 0.85), (0.3, 0.85), (0.7, 0.15), (0.3, 0.2), (0.8, 0.8))
            if page.evaluate(
                f"!document.elementFromPoint({box['x'] + box['width'] * fx}, "
                f"{box['y'] + box['height'] * fy}).closest('.leaflet-marker-icon, .leaflet-control')"
            )
        )
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 200, y + 60, steps=8)
        page.mouse.up()
        moved = page.evaluate("watchfloor.map.leaflet.getCenter()")
        assert moved["lng"] > center["lng"] and moved["lat"] > center["lat"]
        # filter to the map's view: the page reloads with bbox=, every view follows
        page.click("text=Filter to this view")
        page.wait_for_url("**bbox=*")
        boxed = assert_agree(page, wb_server)
        assert 0 < len(boxed) < len(all_ids)
        # a place with an event in the box is inside it
        _, params = view(page)
        west, south, east, north = (float(v) for v in params["bbox"][0].split(","))
        for p in httpx.get(f"{wb_server}/api/map?bbox={params['bbox'][0]}").json()["points"]:
            assert south <= p["lat"] <= north and west <= p["lon"] <= east
        page.click("text=Whole map")
        page.wait_for_url(lambda url: "bbox=" not in url)

        # brush the timeline: drag across the middle of its bars
        live(page)
        bars = page.locator("#wf-timeline svg").bounding_box()
        assert bars is not None
        y = bars["y"] + bars["height"] / 2
        page.mouse.move(bars["x"] + bars["width"] * 0.35, y)
        page.mouse.down()
        page.mouse.move(bars["x"] + bars["width"] * 0.65, y, steps=6)
        page.mouse.up()
        page.wait_for_url("**since=*")
        _, params = view(page)
        since, until = params["since"][0], params["until"][0]
        brushed = assert_agree(page, wb_server)
        assert 0 < len(brushed) < len(all_ids)
        window = page.evaluate("watchfloor.timeline.window")
        assert window == [since, until]  # the timeline focuses on the brushed range
        for item in httpx.get(
            f"{wb_server}/api/events?since={since}&until={until}&limit=500"
        ).json()["items"]:
            assert item["date_latest"] >= since and item["date_earliest"] <= until
        page.screenshot(path=str(shots / "workbench-brushed.png"), full_page=False)

        # set filters in the form: several types and a modality
        page.goto(f"{wb_server}/events")
        page.select_option("select[name=type]", ["FIGHT", "ASSAULT", "COERCE"])
        page.select_option("select[name=modality]", ["asserted", "reported"])
        page.click("form.filters button")
        page.wait_for_url("**type=FIGHT*")
        filtered = assert_agree(page, wb_server)
        types = set(page.locator("tr[data-event] span.type").all_inner_texts())
        assert filtered and types <= {"FIGHT", "ASSAULT", "COERCE"}
        assert len(types) >= 2
        # sort by date, oldest first: the dates' first days never decrease
        page.click("th >> text=when")
        page.wait_for_url("**sort=date*")
        query, _ = view(page)
        items = httpx.get(f"{wb_server}/api/events?{query}&limit=100").json()["items"]
        firsts = [i["date_earliest"] for i in items if i["date_earliest"]]
        assert firsts == sorted(firsts)
        no_handlers(page)
        assert w.problems == []
    finally:
        w.close()


def test_map_and_timeline_pages_on_real_articles(
    wb_server: str, browser: Browser, shots: Path
) -> None:
    w = Watched(browser)
    w.page.set_viewport_size({"width": 1400, "height": 1000})
    try:
        page = w.open(f"{wb_server}/map?country=USA")
        live(page)
        assert page.locator(".wb-cluster, .wb-pin").count() > 1
        page.screenshot(path=str(shots / "map.png"), full_page=False)
        page = w.open(f"{wb_server}/timeline")
        live(page)
        data = httpx.get(f"{wb_server}/api/timeline").json()
        assert data["aside"]["before"] + data["aside"]["after"] > 0  # background dates set aside
        assert page.get_by_text("set aside").first.is_visible()
        page.screenshot(path=str(shots / "timeline.png"), full_page=False)
        page = w.open(f"{wb_server}/")
        assert page.locator("section.changed tr").count() > 5  # what changed, newest first
        page.screenshot(path=str(shots / "overview.png"), full_page=False)
        page = w.open(f"{wb_server}/claims?status=corroborated")
        page.screenshot(path=str(shots / "claims.png"), full_page=False)
        no_handlers(page)
        assert w.problems == []
    finally:
        w.close()
