"""`watchfloor ingest` over HTTP, end to end, against a local server only:
a feed polled twice (the ETag re-poll reads nothing new), its entries' pages
fetched and stored, and a URL on a loopback address refused without the flag."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from watchfloor.cli import main

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="article:published_time" content="2019-03-0{day}T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{body} Officials in Baghdad said on Thursday that the convoy had crossed into Anbar
province and that the movements were confined to the western desert, according to two
security sources who spoke on condition of anonymity.</p>
<p>The prime minister's office said in a statement that no new bases would be allowed.</p>
</article><footer>Copyright 2019 Example Wire</footer></body></html>"""


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def serve(server: HTTPServer) -> str:
    base = server.url_for("/")
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><guid>a</guid><title>Convoy crosses into Anbar</title><link>{base}a.html</link></item>
<item><guid>b</guid><title>Militias warn US forces</title><link>{base}b.html</link></item>
</channel></rss>"""

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(rss, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/feed.xml").respond_with_handler(feed)
    for name, title, day, body in (
        ("a", "Convoy crosses into Anbar", 7, "A US military convoy moved through Iraq."),
        ("b", "Militias warn US forces", 8, "Iraqi factions warned US forces in Iraq."),
    ):
        html = PAGE.format(title=title, day=day, body=body)
        server.expect_request(f"/{name}.html").respond_with_data(html, content_type="text/html")
    return server.url_for("/feed.xml")


def test_feed_repoll_reads_nothing_new(httpserver: HTTPServer, tmp_path: Path) -> None:
    url = serve(httpserver)
    db = str(tmp_path / "wf.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", "--feed", url, "--allow-private", "--db", db])
    assert first.exit_code == 0, first.stderr
    assert "2 read, 2 new, 0 duplicate, 0 failed" in first.stderr
    again = runner.invoke(main, ["ingest", "--feed", url, "--allow-private", "--db", db])
    assert again.exit_code == 0, again.stderr
    assert "not modified since the last poll" in again.stderr
    assert "0 read, 0 new" in again.stderr
    with sqlite3.connect(db) as con:
        rows = con.execute("select title, outlet, dct_date, dct_how from documents order by title")
        assert rows.fetchall() == [
            ("Convoy crosses into Anbar", "Example Wire", "2019-03-07", "metadata"),
            ("Militias warn US forces", "Example Wire", "2019-03-08", "metadata"),
        ]
    feed_hits = [r for r, _ in httpserver.log if r.path == "/feed.xml"]
    assert len(feed_hits) == 2 and feed_hits[1].headers["If-None-Match"] == '"v1"'


def test_url_on_loopback_is_refused_without_the_flag(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve(httpserver)
    page = httpserver.url_for("/a.html")
    db = str(tmp_path / "wf.db")
    refused = CliRunner().invoke(main, ["ingest", page, "--db", db])
    assert refused.exit_code == 1
    (line,) = [ln for ln in refused.stderr.splitlines() if "error" in ln and "of" not in ln[-20:]]
    assert page in line and "127.0.0.1" in line
    assert not any(r.path == "/a.html" for r, _ in httpserver.log)
    allowed = CliRunner().invoke(main, ["ingest", page, "--allow-private", "--db", db])
    assert allowed.exit_code == 0, allowed.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 1
        assert con.execute("select count(*) from documents").fetchone()[0] == 1
