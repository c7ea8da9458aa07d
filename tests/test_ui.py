"""The web pages of `watchfloor serve` (watchfloor.views.web.pages) through an in-process client, on
a store of the two seed samples and a hostile article: every page answers, article
markup never comes back unescaped, the strict CSP, the token cookie, the basemap."""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette's note about httpx2: nothing to act on here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from watchfloor.store import Store
from watchfloor.views.common import svg
from watchfloor.views.common.text import Span, http_url, marked_text, spans_of
from watchfloor.views.web import create_app
from watchfloor.views.web.pages.render import plural
from watchfloor.views.web.pages.security import PAGE_CSP, session_key

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
SEED0 = str(next(SAMPLES.glob("000_*.txt")))
SEED1 = str(next(SAMPLES.glob("001_*.txt")))
LOCAL = "http://127.0.0.1:8765"
TOKEN = "t0ken-for-the-ui-tests-0123456789"
HOSTILE_TITLE = "Militia <script>alert('t')</script> seizes Mosul"
HOSTILE = {
    "id": "hostile-1",
    "title": HOSTILE_TITLE,
    "outlet": "Evil <b onmouseover=alert(1)>News</b>",
    "url": "javascript:alert(document.cookie)",
    "dct": "2019-03-09",
    "text": HOSTILE_TITLE + "\n\nGunmen attacked a checkpoint in Mosul on Thursday, police "
    'said. <img src=x onerror=alert(1)> Residents shared a <a href="javascript:alert(2)">'
    "video</a> of the clashes. The Iraqi army said it sent reinforcements to Kirkuk. "
    "Turnout rose 40% in the city, officials said.",
}
# Raw markup of the hostile article that must never reach a page unescaped.
RAW = ("<script>", "<img src=x", "<b onmouseover", '<a href="javascript:')


def build_store(url: str, resources: Any, tmp: Path) -> None:
    """The two seeds (the first dated 2019-03-10) and the hostile article, read and stored."""
    from watchfloor.extract.pipeline import read_many
    from watchfloor.ingest.files import read_paths

    batch = tmp / "hostile.jsonl"
    batch.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    docs: list[Any] = [
        *read_paths([SEED0], dct=dt.date(2019, 3, 10)),
        *read_paths([SEED1]),
        *read_paths([str(batch)]),
    ]
    with Store.open(url) as store:
        for doc, reading in read_many(docs, resources):
            assert not isinstance(reading, Exception), reading
            store.add(doc, reading)


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory, resources: Any) -> str:
    tmp = tmp_path_factory.mktemp("ui")
    url = str(tmp / "ui.db")
    build_store(url, resources, tmp)
    return url


@pytest.fixture(scope="session")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


def page(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:500])
    assert r.headers["content-type"].startswith("text/html"), url
    assert r.headers["content-security-policy"] == PAGE_CSP, url
    assert r.headers["x-content-type-options"] == "nosniff"
    return r.text


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    return p


# The only scripts a page may load: our own files, by src, never inline.
OUR_SCRIPTS = re.compile(r'<script src="/ui/static/[a-z./]+\.js" defer></script>')


def assert_safe(html: str, where: str) -> None:
    """No hostile markup, no inline script (only our own files by src), no on* attribute,
    no javascript: link in the page."""
    for raw in RAW:
        assert raw not in html, (where, raw)
    assert html.count("<script") == len(OUR_SCRIPTS.findall(html)), where
    for tag, attrs in parse(html).tags:
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/ui/static/"), (where, attrs)
            continue
        assert tag not in ("iframe", "object", "embed", "base"), (where, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            if tag == "link" and attrs.get("rel") == "icon" and value == "data:,":
                continue  # our empty favicon: no request for /favicon.ico
            if name in ("href", "src", "action") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:")), (
                    where,
                    value,
                )
            assert name != "style", (where, tag)  # the CSP would block it anyway


def doc_ids(client: TestClient) -> list[str]:
    return [d["id"] for d in client.get("/api/documents").json()["items"]]


def all_pages(client: TestClient) -> list[str]:
    ids = doc_ids(client)
    actors = [a["id"] for a in client.get("/api/actors?limit=500").json()["items"]]
    places = [p["id"] for p in client.get("/api/places?limit=500").json()["items"]]
    return [
        "/",
        "/map",
        "/map?view=all",
        "/timeline",
        "/events",
        "/events?type=MOBILIZE&modality=reported&since=2019-03-01&until=2019-03-31",
        "/claims",
        "/claims?modality=denied",
        "/stories",
        "/search",
        "/search?q=Kirkuk",
        "/search?q=script+alert",
        "/search?q=%3Cscript%3E+NEAR(+*",
        "/search?q=the&offset=1",
        *(f"/documents/{i}" for i in ids),
        *(f"/actors/{a}" for a in actors),
        *(f"/places/{p}" for p in places),
        *(f"/stories/{s}" for s in story_ids(client)),
    ]


def story_ids(client: TestClient) -> list[str]:
    html = client.get("/stories").text
    return re.findall(r'href="/stories/([^"#]+)"', html)


# ------------------------------------------------------------------ every page, safely


def test_every_page_answers_with_the_strict_csp_and_no_hostile_markup(client: TestClient) -> None:
    urls = all_pages(client)
    assert len(urls) > 30
    for url in urls:
        assert_safe(page(client, url), url)


def test_the_hostile_article_is_shown_as_text(client: TestClient) -> None:
    html = page(client, "/documents/hostile-1")
    # The title and outlet appear, escaped: the characters, not the elements.
    assert "Militia &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; seizes Mosul" in html
    assert "Evil &lt;b onmouseover=alert(1)&gt;News&lt;/b&gt;" in html
    text = "".join(parse(html).text)
    assert "<img src=x onerror=alert(1)>" in text
    # The javascript: URL is shown, never linked.
    hrefs = [a.get("href") or "" for t, a in parse(html).tags if t == "a"]
    assert not any("javascript" in h for h in hrefs)
    assert "not an http(s) link" in html
    # It is listed (escaped) on the overview and the events of Mosul/Kirkuk pages too.
    assert "Militia &lt;script&gt;" in page(client, "/")


def test_csp_allows_only_our_own_scripts_and_the_api_keeps_its_own() -> None:
    assert "script-src 'self';" in PAGE_CSP and "default-src 'none'" in PAGE_CSP
    assert "connect-src 'self';" in PAGE_CSP
    assert "frame-ancestors 'none'" in PAGE_CSP and "'unsafe-inline'" not in PAGE_CSP
    assert "'unsafe-eval'" not in PAGE_CSP and "http" not in PAGE_CSP  # no other host


def test_api_responses_keep_the_api_csp(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert "style-src" not in r.headers["content-security-policy"]


def test_stylesheet_is_served_from_the_app(client: TestClient) -> None:
    r = client.get("/ui/static/ui.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "mark" in r.text


def test_unknown_ids_are_html_404s(client: TestClient) -> None:
    html = page(client, "/documents/no-such-doc", status=404)
    assert "no-such-doc" in html
    page(client, "/actors/<script>x", status=404)
    assert "&lt;script&gt;x" in page(client, "/places/<script>x", status=404)


# ------------------------------------------------------------------ search


def test_search_page_links_hits_and_marks_the_words_in_escaped_snippets(
    client: TestClient,
) -> None:
    html = page(client, "/search?q=script+alert")
    hits = re.findall(r'<li><a href="/documents/([^"#]+)">', html)
    assert hits == [h["id"] for h in client.get("/api/search?q=script+alert").json()["items"]]
    assert hits == ["hostile-1"]
    assert "<mark>script</mark>" in html and "<mark>alert</mark>" in html
    assert "&lt;<mark>script</mark>&gt;" in html  # the article's markup, escaped around the mark
    assert_safe(html, "search")
    kirkuk = page(client, "/search?q=kirkuk")
    assert len(re.findall(r"<li><a href=\"/documents/", kirkuk)) == len(
        client.get("/api/search?q=kirkuk").json()["items"]
    )
    assert "<mark>Kirkuk</mark>" in kirkuk
    # A search box on every page, a GET form to this server (the CSP's form-action 'self').
    for url in ("/", "/stories", "/search?q=kirkuk"):
        forms = [a for tag, a in parse(page(client, url)).tags if tag == "form"]
        assert {"method": "get", "action": "/search"}.items() <= forms[0].items()
    assert 'value="kirkuk"' in kirkuk
    nothing = page(client, "/search?q=%22+*+-")
    assert "no word with a letter or digit" in nothing and "<li><a" not in nothing


# ------------------------------------------------------------------ content


def test_document_page_marks_each_event_and_claim_on_its_span(client: TestClient) -> None:
    for doc_id in doc_ids(client):
        contract = client.get(f"/api/documents/{doc_id}").json()["document"]
        html = page(client, f"/documents/{doc_id}")
        tags = parse(html).tags
        ids = {a.get("id") for _, a in tags}
        for ev in contract["events"]:
            assert f"event-{ev['id']}" in ids
        for cl in contract["claims"]:
            assert f"claim-{cl['id']}" in ids
        # The article text, marks removed, is the document's text, whole and in order.
        article = html.split('<article class="text">', 1)[1].split("</article>", 1)[0]
        plain = re.sub(r"<[^>]+>", "", article)
        from html import unescape

        assert unescape(plain) == contract["text"]
        if contract["events"]:
            ev = contract["events"][0]
            trig = contract["text"][ev["trigger"]["start"] : ev["trigger"]["end"]]
            # The trigger's text starts right after its anchor, inside a <mark>.
            after = article.split(f'id="event-{ev["id"]}"></span>', 1)[1]
            assert after.startswith("<mark"), after[:80]
            from html import escape

            assert escape(trig, quote=False)[:5] in after[:400]


def test_marked_text_handles_nested_and_overlapping_spans() -> None:
    text = "a <b>x</b> said c"
    spans = [
        Span(2, 10, "claim", "claim-c1", "c1"),
        Span(5, 6, "event", "event-e1", "e1"),
        Span(8, 15, "cue", "cue-c1", "cue"),
    ]
    out = str(marked_text(text, spans))
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">") == text
    assert out.count('id="event-e1"') == 1
    assert 'class="k-claim k-event"' in out
    assert 'class="k-claim k-cue"' in out


def test_spans_of_skips_spans_outside_the_text() -> None:
    contract = {
        "text": "short",
        "events": [{"id": "e1", "event": "FIGHT", "trigger": {"start": 2, "end": 99}}],
        "claims": [{"id": "c1", "start": 0, "end": 5, "cue": None}],
    }
    assert [s.anchor for s in spans_of(contract)] == ["claim-c1"]


def test_only_http_urls_are_links() -> None:
    assert http_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert http_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>",
        "//evil.example/x",
        "http:no-host",
        "vbscript:x",
        None,
        "",
    ):
        assert http_url(bad) is None, bad


def test_map_shows_the_places_of_the_filtered_events(client: TestClient) -> None:
    html = page(client, "/map")
    points = client.get("/api/map").json()
    placed = {p["place_id"] for p in points["points"]}
    places = client.get("/api/places?limit=500").json()["items"]
    mosul = next(p for p in places if p["name"] == "Mosul")
    assert mosul["id"] in placed and f'href="/places/{mosul["id"]}"' in html
    # only places where events are located: a place mentioned with no event is not drawn
    quiet = [p for p in places if p["events"] == 0 and p["lat"] is not None]
    assert quiet and all(f'href="/places/{p["id"]}" class="marker' not in html for p in quiet)
    listed = html.split("<h2>Places</h2>", 1)[1]
    assert listed.count("<tr><td>") == len(placed)
    assert "Made with Natural Earth" in html and html.count("<path d=") >= 5
    # the map follows the filters
    fight = page(client, "/map?type=ASSAULT")
    n = client.get("/api/map?type=ASSAULT").json()["located"]
    assert f"{n} of them have a place" in fight
    # an unknown parameter is reported, never silently ignored
    assert "view: unknown parameter" in page(client, "/map?view=all")
    assert 'id="wf-map" data-src="/ui/data/map?type=ASSAULT"' in fight


def test_map_view_is_the_events_bounding_box() -> None:
    v = svg.view_of([(44.0, 33.0), (38.0, 35.0)])
    assert v.west < 38.0 and v.east > 44.0 and v.south < 33.0 and v.north > 35.0
    assert svg.MIN_HEIGHT <= v.height <= svg.MAX_HEIGHT
    x, y = v.xy(44.39222, 35.46806)  # Kirkuk
    assert 0 < x < v.width and 0 < y < v.height
    # one scale on both axes (equirectangular)
    assert abs((v.east - v.west) / v.width - (v.north - v.south) / v.height) < 1e-3
    world = svg.view_of([(-98.6, 39.8), (100.0, 60.0)])
    assert world.east - world.west <= 360


def test_markers_labels_do_not_overlap() -> None:
    v = svg.view_of([(44.0, 33.0), (38.0, 35.0)])
    base = {"documents": 1}
    places = [
        {**base, "id": "a", "name": "Iraq", "lat": 33.0, "lon": 44.0, "events": 7},
        {**base, "id": "b", "name": "Baghdad", "lat": 33.34, "lon": 44.4, "events": 0},
        {**base, "id": "c", "name": "Kirkuk", "lat": 35.47, "lon": 44.39, "events": 0},
    ]
    ms = svg.markers(v, places)
    assert [m.place["id"] for m in ms] == ["a", "b", "c"]  # most events first
    assert ms[0].r > ms[1].r
    boxes = []
    for m in ms:
        w = svg.LABEL_CHAR * len(m.label)
        left = m.lx if m.anchor == "start" else m.lx - w
        boxes.append((left, m.ly - 11, left + w, m.ly + 3))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_basemap_is_natural_earth_and_complete() -> None:
    data = svg.basemap()
    assert "Natural Earth" in data["attribution"]
    names = {c["name"] for c in data["countries"]}
    assert {"Iraq", "Syria", "France", "Brazil", "Côte d'Ivoire"} <= names
    assert len(data["countries"]) >= 170
    iraq = next(c for c in data["countries"] if c["name"] == "Iraq")
    w, s, e, n = iraq["bbox"]
    assert 38 < w < 40 and 48 < e < 49 and 29 < s < 30 and 37 < n < 38


def test_timeline_places_dated_events_and_counts_undated_apart(client: TestClient) -> None:
    html = page(client, "/timeline")
    assert "06 Mar 2019" in html and "08 Mar 2019" in html
    events = client.get("/api/events?limit=500").json()["items"]
    dated = [e for e in events if e["date_earliest"] is not None]
    n_undated = len(events) - len(dated)
    assert n_undated > 0
    assert f"{n_undated} events have no date that is a span of days" in html
    svg_part = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    # one lane per dated event in the window, never one for an undated event
    data = client.get("/api/timeline").json()
    first, last = data["window"]
    inside = [e for e in dated if e["date_latest"] >= first and e["date_earliest"] <= last]
    assert svg_part.count('class="lane') == len(inside)
    assert len(inside) + data["aside"]["before"] + data["aside"]["after"] == len(dated)


def test_timeline_layout_spans_and_days() -> None:
    row = {"document_id": "d", "event": {"id": "e1", "event": "FIGHT", "actor": []}}
    row2 = {"document_id": "d", "event": {"id": "e2", "event": "MOBILIZE", "actor": []}}
    tl = svg.timeline(
        [
            (dt.date(2019, 3, 6), dt.date(2019, 3, 10), row2),
            (dt.date(2019, 3, 7), dt.date(2019, 3, 7), row),
        ]
    )
    assert tl is not None and tl.first == dt.date(2019, 3, 6) and tl.last == dt.date(2019, 3, 10)
    span, day = tl.lanes
    assert span.x2 > span.x1 and day.x1 == day.x2
    assert [t.label for t in tl.ticks][:2] == ["06 Mar 2019", "07 Mar 2019"]
    assert svg.timeline([]) is None
    many = [
        (
            dt.date(2019, 1, 1) + dt.timedelta(days=i),
            dt.date(2019, 1, 1) + dt.timedelta(days=i),
            row,
        )
        for i in range(svg.MAX_LANES + 5)
    ]
    capped = svg.timeline(many)
    assert capped is not None and len(capped.lanes) == svg.MAX_LANES and capped.left_out == 5
    assert capped.first == dt.date(2019, 1, 6)  # the latest are drawn


def test_events_filters(client: TestClient) -> None:
    api = client.get("/api/events?type=MOBILIZE&limit=500").json()
    html = page(client, "/events?type=MOBILIZE")
    assert f"{api['total']} events" in html
    assert html.count('<span class="type">MOBILIZE') == api["total"]
    assert '<span class="type">FIGHT' not in html
    places = client.get("/api/places?limit=500").json()["items"]
    iraq = next(p for p in places if p["name"] == "Iraq")
    html = page(client, f"/events?place={iraq['id']}")
    assert f"{iraq['events']} event" in html
    html = page(client, "/events?actor=usa.mil&since=2019-03-01&until=2019-03-31")
    api = client.get("/api/events?actor=usa.mil&since=2019-03-01&until=2019-03-31").json()
    assert f"{api['total']} events" in html
    # bad values are reported on the page, not a server error
    html = page(client, "/events?since=yesterday&type=NOPE&modality=<b>&color=red")
    assert "since: a day is written YYYY-MM-DD (not applied)" in html
    assert "type: one of AGREE" in html and "modality: one of asserted" in html
    assert "color: unknown parameter" in html and "&lt;b&gt;" not in html
    assert "actor: give 1 to 200 characters, no NUL" in page(client, "/events?actor=%00")


def test_claim_ledger_shows_chains_and_links_to_evidence(client: TestClient) -> None:
    api = client.get("/api/claims?modality=denied").json()
    html = page(client, "/claims?modality=denied")
    assert plural(api["total"], "claim") + "." in html
    for item in api["items"]:
        assert f"#claim-{item['claim']['id']}" in html
        for src in item["claim"]["sources"]:
            assert src["name"] in html or src["text"] in html


def test_every_statement_links_to_its_evidence(client: TestClient) -> None:
    html = page(client, "/events")
    rows = html.split("<tr data-event=")[1:]
    assert rows
    for row in rows:
        assert re.search(r'href="/documents/[^"]+#event-e\d+"', row), row[:300]


def test_actor_and_place_pages(client: TestClient) -> None:
    html = page(client, "/actors/usa.mil")
    detail = client.get("/api/actors/usa.mil").json()
    assert detail["actor"]["name"] in html or detail["counts"]["name"] in html
    for e in detail["events"]:
        assert f"#event-{e['event_id']}" in html
    places = client.get("/api/places?limit=500").json()["items"]
    kirkuk = next(p for p in places if p["name"] == "Kirkuk")
    html = page(client, f"/places/{kirkuk['id']}")
    assert "35.4681, 44.3922" in html and "<svg" in html


def test_story_view_quotes_each_events_sentence_with_the_trigger_marked(
    client: TestClient,
) -> None:
    ids = story_ids(client)
    assert ids, "the store links documents into stories as they are added"
    seen = 0
    for story_id in ids:
        html = page(client, f"/stories/{story_id}")
        for section in html.split("<section>")[1:]:
            doc_id = re.search(r'href="/documents/([^"#]+)"', section)
            assert doc_id
            contract = client.get(f"/api/documents/{doc_id.group(1)}").json()["document"]
            for ev in contract["events"]:
                link = f'href="/documents/{doc_id.group(1)}#event-{ev["id"]}"'
                assert link in section
                row = section.split(link, 1)[0].rsplit("<tr>", 1)[1]
                trigger = ev["trigger"]["text"]
                marked = re.findall(r"<mark[^>]*>([^<]*)</mark>", row)
                assert any(m and m in trigger for m in marked), (trigger, row[-400:])
                seen += 1
    assert seen > 10
    page(client, "/stories/no-such-story", status=404)


# ------------------------------------------------------------------ token


@pytest.fixture(scope="session")
def locked(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN), base_url="http://watch.example") as c:
        yield c


def test_with_a_token_pages_need_it(locked: TestClient) -> None:
    r = locked.get("/map")
    assert r.status_code == 401 and "/login?token=" in r.text
    assert r.headers["content-security-policy"] == PAGE_CSP
    assert locked.get("/api/health").status_code == 401
    # the stylesheet holds no data: the sign-in page may load it
    assert locked.get("/ui/static/ui.css").status_code == 200
    ok = locked.get("/map", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and "<svg" in ok.text


def session(token: str) -> dict[str, str]:
    return {"Cookie": f"watchfloor_session={session_key(token)}"}


def test_login_sets_a_session_cookie_not_the_token(locked: TestClient) -> None:
    bad = locked.get("/login?token=wrong-token-0123456789", follow_redirects=False)
    assert bad.status_code == 401 and "set-cookie" not in bad.headers
    r = locked.get(f"/login?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert TOKEN not in cookie and session_key(TOKEN) in cookie
    with_cookie = locked.get("/timeline", headers=session(TOKEN))
    assert with_cookie.status_code == 200
    # the cookie opens the pages, not the API
    api = locked.get("/api/health", headers=session(TOKEN))
    assert api.status_code == 401
    forged = locked.get("/timeline", headers=session("other-token-12345"))
    assert forged.status_code == 401
    locked.cookies.clear()


def test_without_a_token_login_redirects_and_host_check_applies(
    client: TestClient, db: str
) -> None:
    r = client.get("/login?token=x", follow_redirects=False)
    assert r.status_code == 303 and "set-cookie" not in r.headers
    with TestClient(create_app(db), base_url="http://evil.example") as remote:
        assert remote.get("/").status_code == 400


def test_crowded_map_labels_never_overlap_and_stay_inside() -> None:
    """Many places close together: the busiest get labels that neither overlap each
    other nor leave the map; the rest are unlabelled markers (their title names them)."""
    from watchfloor.views.common import svg

    places = [
        {"id": f"p{i}", "name": f"Place number {i}", "lat": 33 + (i % 10) * 0.3,
         "lon": 44 + (i // 10) * 0.3, "events": 40 - i if i < 40 else 0, "documents": 1}
        for i in range(100)
    ]  # fmt: skip
    view = svg.view_of((p["lon"], p["lat"]) for p in places)
    marks = svg.markers(view, places)
    shown = [m for m in marks if m.labelled]
    assert 0 < len(shown) < len(marks)
    assert shown[0].place["id"] == "p0"  # the place with most events is labelled first
    boxes = []
    for m in shown:
        w = svg.LABEL_CHAR * len(m.label)
        left = m.lx if m.anchor == "start" else m.lx - w
        box = (left, m.ly - 11, left + w, m.ly + 3)
        assert box[0] >= 0 and box[2] <= view.width and box[1] >= 0 and box[3] <= view.height
        assert not any(svg._overlap(box, b) for b in boxes)
        boxes.append(box)
