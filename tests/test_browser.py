"""The web pages in a real browser: Playwright driving Debian's Chromium against a real
`watchfloor serve` (a subprocess on 127.0.0.1, a free port) on the demo data (`watchfloor
demo`: the two samples, undated) and a hostile article.

Skipped, with one reason line, when Playwright or /usr/bin/chromium is missing
(.ci/run installs both). WATCHFLOOR_SCREENSHOTS=docs/img writes the screenshots
there (docs/ui.md shows them); otherwise they go to a temporary directory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from test_ui import HOSTILE, HOSTILE_TITLE
from watchfloor.cli import main

CHROMIUM = "/usr/bin/chromium"

try:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip(
        "playwright is not installed (pip install playwright; .ci/run does)",
        allow_module_level=True,
    )
if not Path(CHROMIUM).exists():  # pragma: no cover
    pytest.skip(
        f"{CHROMIUM} is missing (apt-get install -y chromium; .ci/run does)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str, log_path: Path, token: str | None = None) -> Iterator[str]:
    """`watchfloor serve --db db` in a subprocess on a free port; its base URL."""
    port = free_port()
    exe = shutil.which("watchfloor", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-c", "from watchfloor.cli import main; main()"]
    env = {**os.environ, "WATCHFLOOR_TOKEN": token} if token else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*cmd, "serve", "--db", db, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    r = httpx.get(f"{base}/api/health", headers=headers, timeout=1)
                    if r.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None:
                    raise AssertionError(log_path.read_text())
                time.sleep(0.1)
            else:
                raise AssertionError("watchfloor serve did not answer in 30 s")
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo data as `make demo` leaves it (the two samples, no publication date
    given: their dates come from the ranges their texts allow), plus the hostile article."""
    tmp = tmp_path_factory.mktemp("browser")
    demo = CliRunner().invoke(main, ["demo", "--dir", str(tmp / "demo")])
    assert demo.exit_code == 0, demo.output
    url = str(tmp / "demo" / "watchfloor.db")
    batch = tmp / "hostile.jsonl"
    batch.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    added = CliRunner().invoke(main, ["ingest", str(batch), "--db", url])
    assert added.exit_code == 0, added.output
    return url


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[str]:
    with serving(db, Path(db).with_name("serve.log")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("WATCHFLOOR_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watched:
    """A page whose dialogs, console errors, page errors and CSP violations are recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

    def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        # CSP violations are reported as console errors.
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def open(self, url: str) -> Page:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


def no_handlers(page: Page) -> None:
    """No element has an on* attribute, no javascript: link, and the only scripts are our
    own files (by src, from /ui/static/, never inline)."""
    found = page.evaluate(
        """() => {
          const bad = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              if (a.name.toLowerCase().startsWith('on')) bad.push(el.tagName + ' ' + a.name);
              if (['href', 'src', 'action'].includes(a.name.toLowerCase())
                  && a.value.trim().toLowerCase().startsWith('javascript:')) bad.push(a.value);
            }
          }
          const foreign = [...document.scripts].filter(
            s => !s.src.startsWith(location.origin + '/ui/static/') || s.textContent.trim());
          return {bad, foreign: foreign.length};
        }"""
    )
    assert found == {"bad": [], "foreign": 0}


def live(page: Page) -> None:
    """Wait for the map and timeline scripts (where the page has them) to finish drawing."""
    page.wait_for_function(
        """() => { const w = window.watchfloor || {};
                   const ok = x => !x || x.ready || x.error;
                   return (document.getElementById('wf-map') ? w.map && ok(w.map) : true)
                       && (document.getElementById('wf-timeline') ? w.timeline && ok(w.timeline) : true); }"""
    )
    errors = page.evaluate("[window.watchfloor?.map?.error, window.watchfloor?.timeline?.error]")
    assert errors == [None, None], errors


def test_map_is_leaflet_over_the_offline_basemap(
    server: str, watched: Watched, shots: Path
) -> None:
    page = watched.open(f"{server}/map")
    live(page)
    assert page.locator(".wb-map-canvas.leaflet-container").is_visible()
    assert page.locator("path.wb-land").count() > 100  # Natural Earth, drawn by Leaflet
    data = httpx.get(f"{server}/api/map").json()
    ids = page.evaluate("watchfloor.map.ids")
    assert sorted(ids) == sorted(p["uid"] for p in data["points"]) and ids
    assert page.locator(".wb-pin, .wb-cluster").count() > 0
    assert page.get_by_text("Made with Natural Earth").first.is_visible()
    requested = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert all(u.startswith(server) for u in requested), requested  # no tile server, no CDN
    no_handlers(page)
    assert watched.problems == []


def test_timeline_draws_bars_of_the_focus_window(server: str, watched: Watched) -> None:
    page = watched.open(f"{server}/timeline")
    live(page)
    data = httpx.get(f"{server}/api/timeline").json()
    assert page.locator("#wf-timeline svg rect.bar").count() == len(data["bars"]) > 0
    assert page.evaluate("watchfloor.timeline.window") == data["window"]
    no_handlers(page)
    assert watched.problems == []


def test_without_javascript_the_pages_still_work(server: str, browser: Browser) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{server}/map")
        assert page.locator("figure.map svg a.marker").count() > 0  # the server's SVG map
        page.goto(f"{server}/events")
        page.select_option("select[name=type]", "MOBILIZE")
        page.click("form.filters button")
        page.wait_for_url("**/events?*type=MOBILIZE*")
        types = page.locator("tr[data-event] span.type").all_inner_texts()
        assert types and set(types) == {"MOBILIZE"}
        page.get_by_role("link", name="when").click()  # sorted on the server
        page.wait_for_url("**sort=*")
        assert page.locator("noscript, .noscript-note").count() > 0
    finally:
        context.close()


def test_document_page_highlights_an_events_evidence(
    server: str, watched: Watched, shots: Path
) -> None:
    events = httpx.get(f"{server}/api/events?type=MOBILIZE&limit=1").json()["items"]
    item = events[0]
    ev = item["event"]
    page = watched.open(f"{server}/documents/{item['document_id']}#event-{ev['id']}")
    mark = page.locator(f"#event-{ev['id']} + mark")
    assert mark.is_visible()
    assert mark.inner_text() in ev["trigger"]["text"] or ev["trigger"]["text"].startswith(
        mark.inner_text()
    )
    assert page.locator("article.text mark").count() >= len(events)
    # The highlighted evidence is scrolled into view.
    assert mark.bounding_box() is not None
    no_handlers(page)
    page.screenshot(path=str(shots / "document.png"), full_page=False)
    assert watched.problems == []


def test_story_view_highlights_an_events_evidence(
    server: str, watched: Watched, shots: Path
) -> None:
    page = watched.open(f"{server}/stories")
    first = page.locator("h2 a").first
    first.click()
    page.wait_for_url("**/stories/**")
    quotes = page.locator("td.quote blockquote mark")
    assert quotes.count() > 0 and quotes.first.is_visible()
    # The mark is the trigger of the event its row links to.
    link = page.locator("td.quote a.ev").first.get_attribute("href")
    assert link is not None and "#event-" in link
    doc_id, event_id = link.removeprefix("/documents/").split("#event-")
    contract = httpx.get(f"{server}/api/documents/{doc_id}").json()["document"]
    ev = next(e for e in contract["events"] if e["id"] == event_id)
    assert quotes.first.inner_text() in ev["trigger"]["text"]
    no_handlers(page)
    page.screenshot(path=str(shots / "story.png"), full_page=False)
    assert watched.problems == []


def test_hostile_article_renders_without_running_anything(
    server: str, watched: Watched, shots: Path
) -> None:
    page = watched.open(f"{server}/documents/hostile-1")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert "<img src=x onerror=alert(1)>" in page.locator("article.text").inner_text()
    assert page.locator("article.text img, article.text a, article.text b").count() == 0
    no_handlers(page)
    page.screenshot(path=str(shots / "hostile.png"), full_page=False)
    # Every view that lists it, too.
    stories = httpx.get(f"{server}/api/stories?limit=100").json()["items"]
    hostile = [s["id"] for s in stories if s["title"] == HOSTILE_TITLE]
    assert len(hostile) == 1  # its story, titled by it
    pages = ["/", "/events", "/claims", "/timeline", "/map", "/stories", "/search?q=Militia"]
    for url in [*pages, f"/stories/{hostile[0]}"]:
        p = watched.open(f"{server}{url}")
        live(p)  # with the map and timeline scripts loaded and run
        no_handlers(p)
    assert watched.problems == []


def test_every_page_renders_cleanly(server: str, watched: Watched, shots: Path) -> None:
    """Overview, events (filtered), claims, actor and place pages: no CSP violation, no
    console error; screenshots for docs/ui.md."""
    places = httpx.get(f"{server}/api/places?limit=500").json()["items"]
    kirkuk = next(p for p in places if p["name"] == "Kirkuk")
    for name, url in (
        ("overview", "/"),
        ("claims", "/claims"),
        ("actor", "/actors/usa.mil"),
        ("place", f"/places/{kirkuk['id']}"),
        ("stories", "/stories"),
    ):
        page = watched.open(f"{server}{url}")
        live(page)
        no_handlers(page)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
    # The filter form works without JavaScript.
    page = watched.open(f"{server}/events")
    page.select_option("select[name=type]", "MOBILIZE")
    page.click("form.filters button")
    page.wait_for_url("**/events?*type=MOBILIZE*")
    live(page)
    assert page.locator("tr[data-event] span.type").first.inner_text() == "MOBILIZE"
    assert watched.problems == []


def test_with_a_token_the_browser_signs_in_through_a_cookie(db: str, browser: Browser) -> None:
    token = "browser-test-token-0123456789"
    with serving(db, Path(db).with_name("serve-token.log"), token=token) as base:
        w = Watched(browser)
        try:
            r = w.page.goto(f"{base}/map")
            assert r is not None and r.status == 401
            assert w.page.locator("h1").inner_text() == "Sign in"
            w.page.fill("input[name=token]", token)
            w.page.click("form button")
            w.page.wait_for_url(f"{base}/")
            assert w.page.locator("h1").inner_text() == "Overview"
            cookies = {c["name"]: c for c in w.context.cookies()}
            # the session, and when the overview was last seen ("since your last visit")
            assert sorted(cookies) == ["watchfloor_seen", "watchfloor_session"]
            session = cookies["watchfloor_session"]
            assert session["httpOnly"] and session["value"] != token
            assert cookies["watchfloor_seen"]["httpOnly"] and token not in str(cookies)
            live(w.open(f"{base}/map"))  # the scripts fetch their data with the cookie, too
            assert w.page.evaluate("watchfloor.map.ids.length") > 0
            # The cookie opens the pages, not the API.
            r = w.page.goto(f"{base}/api/health")
            assert r is not None and r.status == 401
            # The 401 page counts as a console error; nothing else may appear.
            assert all("401" in p for p in w.problems), w.problems
        finally:
            w.close()
    log = Path(db).with_name("serve-token.log").read_text()
    assert "/login?token=[redacted]" in log and token not in log  # not in the access log


def test_situation_report_in_the_browser(db: str, watched: Watched, shots: Path) -> None:
    """The HTML report (a file, no server): map and timeline drawn, the hostile article
    escaped, nothing run, no CSP violation; links from the timeline reach the key event."""
    out = Path(db).with_name("report.html")
    exe = shutil.which("watchfloor", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-c", "from watchfloor.cli import main; main()"]
    args = ["report", "--db", db, "--format", "html", "--out", str(out), "--no-record"]
    subprocess.run([*cmd, *args], check=True, capture_output=True)
    page = watched.open(out.as_uri())
    maps = page.locator("#map svg")
    assert maps.locator("a.marker", has_text="Kirkuk").count() == 1
    assert maps.locator(".land path").count() > 5
    axis = page.locator("#timeline svg")
    for day in ("06 Mar 2019", "07 Mar 2019", "08 Mar 2019"):
        assert axis.get_by_text(day).is_visible(), day
    lane = axis.locator("a.lane").first
    target = lane.get_attribute("href")
    assert target is not None and page.locator(target).count() == 1
    assert HOSTILE_TITLE in page.locator("#documents").inner_text()
    no_handlers(page)
    page.screenshot(path=str(shots / "report.png"), full_page=False)
    assert watched.problems == []
