"""Watches: a local feed server, one alert per new matching article, nothing on re-poll."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from watchfloor.cli import main
from watchfloor.errors import ConfigError
from watchfloor.views.common.watches import Watch

ARTICLE = """<html><head><title>{title}</title></head><body><article>
<h1>{title}</h1>
<p>{body}</p>
</article></body></html>"""

ITEM = """<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>
<pubDate>Tue, 12 Mar 2019 10:00:00 GMT</pubDate></item>"""


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


class Site:
    """A local news site: a feed and its article pages; articles can be added."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.items: list[str] = []
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        server.expect_request("/feed.xml").respond_with_handler(self.feed)

    def feed(self, _request: Request) -> Response:
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
            + "".join(self.items)
            + "</channel></rss>"
        )
        return Response(body, content_type="application/rss+xml")

    def publish(self, slug: str, title: str, body: str) -> None:
        page = ARTICLE.format(title=title, body=body)
        self.server.expect_request(f"/a/{slug}").respond_with_data(page, content_type="text/html")
        link = self.server.url_for(f"/a/{slug}")
        self.items.insert(0, ITEM.format(title=title, link=link, guid=slug))


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_matching_article_fires_one_alert_and_repoll_fires_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = Site(httpserver)
    db = str(tmp_path / "w.db")
    feed = httpserver.url_for("/feed.xml")
    site.publish(
        "1",
        "Talks in Geneva",
        "Swiss and Austrian diplomats met in Geneva on Monday to discuss trade, "
        "officials said. The talks will continue next month.",
    )
    added = run("watch", "add", "iraq", "--place", "IRQ", "--type", "ASSAULT", "--type",
                "FIGHT", "--feed", feed, "--db", db)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    first = run("watch", "run", "--allow-private", "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "ALERT" not in first.stdout  # the article in the feed does not match
    assert "run 1: 0 alerts" in first.stderr

    site.publish(
        "2",
        "Militants attack base in Kirkuk",
        "In Kirkuk, militants attacked an army base on Monday, killing two soldiers, "
        "Iraqi police said.",
    )
    second = run("watch", "run", "--allow-private", "--db", db)
    assert second.exit_code == 0, second.stderr
    alerts = [line for line in second.stdout.splitlines() if line.startswith("ALERT")]
    assert len(alerts) == 1, second.stdout
    assert "[iraq]" in alerts[0] and "Kirkuk" in alerts[0]
    assert "place Kirkuk (IRQ)" in alerts[0]  # the reason says why it fired
    assert "Militants attack base in Kirkuk" in alerts[0]

    third = run("watch", "run", "--allow-private", "--db", db)
    assert third.exit_code == 0 and "ALERT" not in third.stdout  # nothing new: nothing fires
    stored = run("watch", "alerts", "iraq", "--json", "--db", db)
    rows = [json.loads(line) for line in stored.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["events"] and rows[0]["key"].startswith("document:")


def test_webhook_delivery_is_retried_until_it_succeeds(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = Site(httpserver)
    received: list[dict[str, object]] = []
    answers = [500, 200]

    def hook(request: Request) -> Response:
        received.append(json.loads(request.data))
        return Response("", status=answers.pop(0))

    httpserver.expect_request("/hook", method="POST").respond_with_handler(hook)
    db = str(tmp_path / "w.db")
    run("watch", "add", "attacks", "--type", "ASSAULT", "--quiet", "--webhook",
        httpserver.url_for("/hook"), "--feed", httpserver.url_for("/feed.xml"), "--db", db)  # fmt: skip
    site.publish(
        "3",
        "Bomb attack in Mosul",
        "A car bomb attack killed three people in Mosul on Monday, police said.",
    )
    first = run("watch", "run", "--allow-private", "--db", db)
    assert first.exit_code == 1 and "HTTP 500" in first.stderr  # delivery failed: said, kept
    second = run("watch", "run", "--allow-private", "--db", db)
    assert second.exit_code == 0, second.stderr
    assert len(received) == 2 and received[0] == received[1]
    assert received[0]["watch"] == "attacks" and "ASSAULT" in str(received[0]["reason"])
    third = run("watch", "run", "--allow-private", "--db", db)
    assert third.exit_code == 0 and len(received) == 2  # delivered once: never again


def test_webhook_to_a_private_address_is_refused_without_the_flag(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("")
    db = str(tmp_path / "w.db")
    sample = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
    run("watch", "add", "mob", "--type", "MOBILIZE", "--quiet", "--webhook",
        httpserver.url_for("/hook"), "--include-existing", "--db", db)  # fmt: skip
    assert run("ingest", str(next(sample.glob("001_*.txt"))), "--db", db).exit_code == 0
    result = run("watch", "run", "--db", db)
    assert result.exit_code == 1 and "refused" in result.stderr
    assert not [r for r, _ in httpserver.log if r.path == "/hook"]


def test_watch_rules() -> None:
    with pytest.raises(ConfigError, match="asks nothing"):
        Watch("empty")
    with pytest.raises(ConfigError, match="watch name"):
        Watch("bad name!", types=("FIGHT",))
    w = Watch.from_dict("w", {"keywords": ["state of alert"], "types": ["MOBILIZE"]})
    assert w.sinks == ("stdout",) and Watch.from_dict("w", w.to_dict()) == w


def test_watch_cli_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    bad = run("watch", "add", "x", "--actor", "no.such.actor", "--db", db)
    assert bad.exit_code == 2 and "unknown actor id" in bad.stderr
    assert run("watch", "add", "x", "--type", "FIGHT", "--db", db).exit_code == 0
    again = run("watch", "add", "x", "--type", "FIGHT", "--db", db)
    assert again.exit_code == 2 and "exists already" in again.stderr
    assert run("watch", "run", "--every", "fortnightly", "--db", db).exit_code == 2
    assert "x  types: FIGHT" in run("watch", "list", "--db", db).stdout
    assert run("watch", "remove", "x", "--db", db).exit_code == 0
    assert run("watch", "remove", "x", "--db", db).exit_code == 2


def test_corroboration_and_contradiction_changes_fire_once(tmp_path: Path) -> None:
    from test_picture import DENIAL, LOCAL, WIRE

    db = str(tmp_path / "w.db")
    assert run("watch", "add", "kirkuk", "--place", "Kirkuk", "--db", db).exit_code == 0

    def ingest(name: str, text: str, outlet: str, day: str) -> None:
        path = tmp_path / f"{name}.jsonl"
        path.write_text(json.dumps({"id": name, "text": text, "outlet": outlet, "dct": day}) + "\n")
        assert run("ingest", str(path), "--db", db).exit_code == 0

    def alerts() -> list[str]:
        out = run("watch", "run", "--no-poll", "--db", db)
        assert out.exit_code == 0, out.stderr
        return [line for line in out.stdout.splitlines() if line.startswith("ALERT")]

    ingest("w0", WIRE, "wire.example", "2019-03-04")
    first = alerts()
    assert len(first) == 1 and "new matching event" in first[0]
    ingest("k1", LOCAL, "Kurd News", "2019-03-04")
    second = alerts()
    assert any("2 independent sources" in a for a in second), second
    assert any("count contradiction" in a and "Kurd News" in a for a in second), second
    ingest("d1", DENIAL, "daily.example", "2019-03-06")
    third = alerts()
    assert any("denial contradiction" in a and "Falih al-Fayyadh" in a for a in third), third
    assert alerts() == []  # nothing changed: nothing fires
