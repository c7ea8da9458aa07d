"""The REST API (watchfloor.views.web) through an in-process client, on a store of the
two seed samples and a hostile article; the `serve` command's refusals."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():  # starlette's note about httpx2: nothing to act on here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_ui import HOSTILE, HOSTILE_TITLE, build_store  # one test store
from watchfloor import timex
from watchfloor.cli import main
from watchfloor.views.web import create_app
from watchfloor.views.web.security import is_loopback

LOCAL = "http://127.0.0.1:8765"
TOKEN = "t0ken-for-the-api-tests-0123456789"


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory, resources: Any) -> str:
    """A SQLite store holding the two seeds (the first dated 2019-03-10) and the hostile article."""
    tmp = tmp_path_factory.mktemp("api")
    url = str(tmp / "api.db")
    build_store(url, resources, tmp)
    return url


@pytest.fixture(scope="session")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def doc(client: TestClient, doc_id: str) -> dict[str, Any]:
    return get(client, f"/api/documents/{doc_id}")["document"]  # type: ignore[no-any-return]


def all_ids(client: TestClient) -> list[str]:
    return [d["id"] for d in get(client, "/api/documents")["items"]]


def overlaps(date: str | None, first: str, last: str) -> bool:
    """Whether an event date's days (the store's reading of a TIMEX3 value) meet [first, last]."""
    span = timex.days(date)
    if span is None:
        return False
    start, end = span
    return start <= dt.date.fromisoformat(last) and end >= dt.date.fromisoformat(first)


# ------------------------------------------------------------------ content


def test_health_counts_the_store(client: TestClient) -> None:
    body = get(client, "/api/health")
    assert body["status"] == "ok" and body["contract"]
    assert body["counts"]["documents"] == 3 and body["counts"]["events"] > 0


def test_documents_page_and_filter_by_date_and_outlet(client: TestClient) -> None:
    page = get(client, "/api/documents")
    assert page["total"] == 3 and len(page["items"]) == 3
    ids = [d["id"] for d in page["items"]]
    assert "hostile-1" in ids
    second = get(client, "/api/documents?limit=1&offset=1")
    assert second["total"] == 3 and [d["id"] for d in second["items"]] == ids[1:2]
    by_id = {d["id"]: d for d in page["items"]}
    seed0 = next(i for i, d in by_id.items() if d["dct"]["date"] == "2019-03-10")
    seed1 = next(i for i, d in by_id.items() if d["dct"]["how"] == "inferred")
    on_10 = get(client, "/api/documents?since=2019-03-10&until=2019-03-10")
    assert [d["id"] for d in on_10["items"]] == [seed0]
    # the undated seed's inferred range is open-ended: it overlaps any later window
    later = get(client, "/api/documents?since=2030-01-01")
    assert [d["id"] for d in later["items"]] == [seed1]
    march = get(client, "/api/documents?since=2019-03-01&until=2019-03-31")
    assert {d["id"] for d in march["items"]} == {seed0, "hostile-1"}
    assert get(client, "/api/documents?since=2019-03-10&until=2019-03-01")["items"] == []
    outlet = get(client, "/api/documents?outlet=" + HOSTILE["outlet"].replace(" ", "%20"))
    assert [d["id"] for d in outlet["items"]] == ["hostile-1"]


def test_document_detail_is_the_contract_with_publications_and_copies(
    client: TestClient,
) -> None:
    for doc_id in all_ids(client):
        body = get(client, f"/api/documents/{doc_id}")
        d = body["document"]
        assert d["id"] == doc_id and d["contract"]
        text = d["text"]
        for claim in d["claims"]:
            assert text[claim["start"] : claim["end"]] == claim["text"]
        for ev in d["events"]:
            assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
        assert [p["document_id"] for p in body["publications"]] == [doc_id]
        assert body["copies"] == [{"document_id": doc_id, "copy_of": None, "similarity": None}]


def test_hostile_article_comes_back_verbatim_as_json_strings(client: TestClient) -> None:
    r = client.get("/api/documents/hostile-1")
    assert r.headers["content-type"] == "application/json"
    d = r.json()["document"]
    assert d["title"] == HOSTILE_TITLE and d["url"] == HOSTILE["url"]
    assert d["outlet"] == HOSTILE["outlet"]
    assert "<img src=x onerror=alert(1)>" in d["text"]
    assert '<a href="javascript:alert(2)">' in d["text"]
    # JSON strings, never markup: the raw body holds the tags only inside quoted strings
    assert json.loads(r.text)["document"]["title"] == HOSTILE_TITLE


def test_unknown_ids_are_404_naming_the_id(client: TestClient) -> None:
    for kind, path in (("document", "documents"), ("actor", "actors"), ("place", "places")):
        for bad in ("nope", "a/b", "<script>x</script>"):
            body = get(client, f"/api/{path}/{bad}", 404)
            assert body["id"] == bad and kind in body["detail"]


def test_events_filters_and_claim_chains(client: TestClient) -> None:
    everything = get(client, "/api/events?limit=500")
    assert everything["total"] == get(client, "/api/health")["counts"]["events"]
    items = everything["items"]
    contracts = {i: doc(client, i) for i in all_ids(client)}
    for item in items:
        ev, claim = item["event"], item["claim"]
        assert ev in contracts[item["document_id"]]["events"]
        assert item["document_title"] == contracts[item["document_id"]]["title"]
        if ev["claim"] is None:
            assert claim is None
        else:  # the claim it rests on, with its source chain, as in the contract
            assert claim in contracts[item["document_id"]]["claims"]
            assert claim["id"] == ev["claim"] and claim["sources"]
    mobilize = get(client, "/api/events?type=MOBILIZE&limit=500")["items"]
    assert mobilize and len(mobilize) == sum(i["event"]["event"] == "MOBILIZE" for i in items)
    denied = get(client, "/api/events?modality=denied")["items"]
    assert denied and all(i["event"]["modality"] == "denied" for i in denied)
    cooperate = next(i for i in denied if i["event"]["event"] == "COOPERATE")
    assert cooperate["claim"]["sources"][0]["name"] == "Yahya Rasool"
    who = "usa.mil"
    with_us = get(client, f"/api/events?actor={who}&limit=500")["items"]
    expected = [
        i
        for i in items
        if any(p["id"] == who for p in i["event"]["actor"] + i["event"]["recipient"])
    ]
    assert with_us and len(with_us) == len(expected)
    window = get(client, "/api/events?since=2019-03-06&until=2019-03-08&limit=500")["items"]
    assert window and all(overlaps(i["event"]["date"], "2019-03-06", "2019-03-08") for i in window)
    assert len(window) == sum(
        overlaps(i["event"]["date"], "2019-03-06", "2019-03-08") for i in items
    )


def test_claims_filters(client: TestClient) -> None:
    items = get(client, "/api/claims?limit=500")["items"]
    assert items
    reported = get(client, "/api/claims?modality=reported&limit=500")["items"]
    assert len(reported) == sum(i["claim"]["modality"] == "reported" for i in items) > 0
    mine = get(client, "/api/claims?document=hostile-1&limit=500")["items"]
    assert mine and all(i["document_id"] == "hostile-1" for i in mine)
    sourced = [
        (i, s["actor"]) for i in items for s in i["claim"]["sources"] if s["actor"] is not None
    ]
    assert sourced
    actor = sourced[0][1]
    by_source = get(client, f"/api/claims?source={actor}&limit=500")["items"]
    assert len(by_source) == len(
        {(i["document_id"], i["claim"]["id"]) for i, a in sourced if a == actor}
    )
    contracts = {i: doc(client, i) for i in all_ids(client)}
    for item in items:  # the events listed under a claim are those resting on it
        resting = [
            e["id"]
            for e in contracts[item["document_id"]]["events"]
            if e["claim"] == item["claim"]["id"]
        ]
        assert item["events"] == resting
    assert any(item["events"] for item in items)


def test_actors_with_counts_and_detail(client: TestClient) -> None:
    page = get(client, "/api/actors?limit=500")
    items = page["items"]
    assert page["total"] == len(items) > 0
    keys = [(-a["documents"], -a["mentions"], a["id"]) for a in items]
    assert keys == sorted(keys)
    us = next(a for a in items if a["id"] == "usa.mil")
    detail = get(client, "/api/actors/usa.mil")
    assert detail["counts"] == us and detail["actor"]["id"] == "usa.mil"
    assert sum(d["mentions"] for d in detail["documents"]) == us["mentions"]
    assert len({d["id"] for d in detail["documents"]}) == us["documents"]
    events = get(client, "/api/events?actor=usa.mil&limit=500")
    assert us["events"] == events["total"]
    assert {(e["document_id"], e["event_id"]) for e in detail["events"]} == {
        (i["document_id"], i["event"]["id"]) for i in events["items"]
    }


def test_places_with_coordinates_and_detail(client: TestClient) -> None:
    items = get(client, "/api/places?limit=500")["items"]
    kirkuk = next(p for p in items if p["name"] == "Kirkuk")
    assert kirkuk["lat"] == pytest.approx(35.47, abs=0.1)
    assert kirkuk["lon"] == pytest.approx(44.39, abs=0.1)
    detail = get(client, f"/api/places/{kirkuk['id']}")
    assert detail["place"] == kirkuk
    assert sum(d["mentions"] for d in detail["documents"]) == kirkuk["mentions"]
    assert len(detail["events"]) == kirkuk["events"]
    assert "hostile-1" in {d["id"] for d in detail["documents"]}


def test_search_finds_words_in_title_or_text(client: TestClient) -> None:
    texts = {i: doc(client, i)["text"] for i in all_ids(client)}
    for q, words in (("kirkuk", ["kirkuk"]), ("Gunmen  checkpoint", ["gunmen", "checkpoint"])):
        body = get(client, f"/api/search?q={q}")
        expected = {i for i, t in texts.items() if all(w in t.lower() for w in words)}
        assert {h["id"] for h in body["items"]} == expected and expected
        for hit in body["items"]:
            s = hit["snippet"]
            assert texts[hit["id"]][s["start"] : s["end"]] == s["text"]
            assert any(w in s["text"].lower() for w in words)
    # Whole words, ranked: the hostile article says "Kirkuk" once, in its last lines.
    ranks = [h["rank"] for h in get(client, "/api/search?q=kirkuk")["items"]]
    assert ranks == sorted(ranks, reverse=True)
    assert get(client, "/api/search?q=Kirku")["items"] == []
    # Query syntax is text: "40%" is the word 40; a word with no letter or digit is left out.
    forty = get(client, "/api/search?q=40%25")
    assert forty["query"] == ["40%"] and [h["id"] for h in forty["items"]] == ["hostile-1"]
    assert get(client, "/api/search?q=NEAR(")["items"] == get(client, "/api/search?q=near")["items"]
    for hostile in ("%25", "_", "%22", "(", "*", "-", "%22%22%22"):
        body = get(client, f"/api/search?q={hostile}")
        assert body["items"] == [] and body["query"] == []
    assert (
        get(client, "/api/search?q=kirkuk+NEAR(+*")["items"]
        == get(client, "/api/search?q=kirkuk+near")["items"]
    )
    paged = get(client, "/api/search?q=the&limit=1")
    assert paged["more"] is True and len(paged["items"]) == 1


def test_stories_list_and_detail_with_merged_events(client: TestClient) -> None:
    page = get(client, "/api/stories")
    ids = set(all_ids(client))
    assert page["total"] == len(page["items"]) >= 1
    assert sum(s["size"] for s in page["items"]) == len(ids)  # each document in one story
    first = get(client, "/api/stories?limit=1&offset=1")
    assert first["items"] == page["items"][1:2]
    seen: set[str] = set()
    for summary in page["items"]:
        detail = get(client, f"/api/stories/{summary['id']}")
        assert detail["story"] == summary
        docs = [d["id"] for d in detail["documents"]]
        assert len(docs) == summary["size"] and not seen & set(docs)
        seen |= set(docs)
        for event in detail["events"]:
            assert event["independent_sources"] <= len(event["sources"])
            for report in event["reports"]:
                assert report["document_id"] in docs
                text = doc(client, report["document_id"])["text"]
                start = report["trigger_start"]
                assert text[start : start + len(report["trigger"])] == report["trigger"]
                assert 0 <= report["source_group"] < len(event["sources"])
            for c in event["contradictions"]:
                assert len(c["sides"]) >= 2
    assert seen == ids
    assert any(d["events"] for d in (get(client, f"/api/stories/{s['id']}") for s in page["items"]))
    missing = get(client, "/api/stories/no-such-story", 404)
    assert missing["id"] == "no-such-story"


def test_export_streams_jsonl_and_plover(client: TestClient) -> None:
    r = client.get("/api/export?format=jsonl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert sorted(row["id"] for row in rows) == sorted(all_ids(client))
    plover = [
        json.loads(line) for line in client.get("/api/export?format=plover").text.splitlines()
    ]
    assert len(plover) == get(client, "/api/health")["counts"]["events"]
    assert all(p["event"] and p["watchfloor"]["modality"] for p in plover)


def test_bad_parameters_are_422(client: TestClient) -> None:
    for url in (
        "/api/documents?limit=0",
        "/api/documents?limit=501",
        "/api/documents?offset=-1",
        "/api/documents?since=0",
        "/api/documents?since=2019-02-30",
        "/api/documents?outlet=a%00b",
        "/api/events?modality=maybe",
        "/api/events?type=FOO",
        "/api/claims?modality=",
        "/api/search",
        "/api/search?q=%20%20",
        "/api/search?q=" + "+".join(["w"] * 9),
        "/api/export?format=xml",
    ):
        body = get(client, url, 422)
        assert body["detail"] and all({"loc", "msg", "type"} <= set(e) for e in body["detail"])


# ------------------------------------------------------------------ security


def assert_strict_headers(headers: Any) -> None:
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/api/health", "/api/documents/nope", "/api/events?type=FOO", "/nowhere"):
        assert_strict_headers(client.get(url).headers)
    assert client.get("/docs").status_code == 404  # off by default: it loads assets from a CDN
    assert "/api/events" in get(client, "/openapi.json")["paths"]


def test_token_is_required_on_every_request_when_set(db: str) -> None:
    with TestClient(create_app(db, token=TOKEN), base_url="http://192.0.2.10:8765") as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            for url in ("/api/health", "/openapi.json", "/api/documents/nope"):
                r = c.get(url, headers=headers)
                assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
                assert_strict_headers(r.headers)
        for scheme in ("Bearer", "bearer"):
            r = c.get("/api/health", headers={"Authorization": f"{scheme} {TOKEN}"})
            assert r.status_code == 200
    with pytest.raises(ValueError):
        create_app(db, token="")


def test_without_a_token_only_loopback_hosts_are_answered(db: str) -> None:
    app = create_app(db)
    for host, status in (
        ("127.0.0.1:8765", 200),
        ("localhost:8765", 200),
        ("[::1]:8765", 200),
        ("127.0.0.1", 200),
        ("attacker.example:8765", 400),  # DNS rebinding: a hostile name pointing at 127.0.0.1
        ("192.0.2.10", 400),
    ):
        with TestClient(app, base_url=f"http://{host}") as c:
            assert c.get("/api/health").status_code == status, host
    assert is_loopback("127.0.0.2") and is_loopback("::1") and not is_loopback("0.0.0.0")


def test_docs_page_is_optional_and_gets_its_own_csp(db: str) -> None:
    with TestClient(create_app(db, docs=True), base_url=LOCAL) as c:
        r = c.get("/docs")
        assert r.status_code == 200 and "cdn.jsdelivr.net" in r.headers["content-security-policy"]
        assert "default-src 'none'" in c.get("/api/health").headers["content-security-policy"]


def run_serve(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, ["serve", *args], env=env, catch_exceptions=False)


def test_serve_refuses_other_hosts_without_a_token(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    started: list[dict[str, Any]] = []

    class Server:  # uvicorn.Server(config).run(), recorded instead of served
        def __init__(self, config: Any) -> None:
            self.config = config

        def run(self) -> None:
            c = self.config
            started.append({"app": c.app, "host": c.host, "port": c.port})

    monkeypatch.setattr(uvicorn, "Server", Server)
    for args in (("--host", "0.0.0.0"), ("--host", "192.0.2.10"), ("--token", "short")):
        result = run_serve("--db", db, *args)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.splitlines()) == 1 and "watchfloor: error:" in result.stderr
    assert run_serve("--db", str(Path(db).with_name("absent.db"))).exit_code == 2
    assert not Path(db).with_name("absent.db").exists() and started == []
    assert run_serve("--db", db).exit_code == 0
    assert started[-1]["host"] == "127.0.0.1" and started[-1]["port"] == 8765
    assert run_serve("--db", db, "--host", "0.0.0.0", "--token", TOKEN).exit_code == 0
    assert (
        run_serve("--db", db, "--host", "0.0.0.0", env={"WATCHFLOOR_TOKEN": TOKEN}).exit_code == 0
    )
    assert started[-1]["host"] == "0.0.0.0" and len(started) == 3
    with TestClient(started[-1]["app"], base_url="http://192.0.2.10") as c:
        assert c.get("/api/health").status_code == 401


# ------------------------------------------------------------------ schemathesis


def test_schemathesis_finds_no_server_error(db: str) -> None:
    """Requests generated from the OpenAPI schema, every operation: never a 5xx, every
    response conforms to its schema (schemathesis' checks), strict headers on each."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    headers = {"Authorization": f"Bearer {TOKEN}"}
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(db, token=TOKEN), headers=headers
    )
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call_and_validate(headers=headers)
            assert response.status_code < 500
            assert "default-src 'none'" in response.headers["content-security-policy"][0]

        check()
        tested.append(operation.label)
    assert len(tested) == 16 and "GET /api/export" in tested
    assert {"GET /api/map", "GET /api/timeline", "GET /api/changes"} <= set(tested)
    assert {"GET /api/stories", "GET /api/stories/{story_id}"} <= set(tested)


def test_access_log_redacts_the_sign_in_token() -> None:
    import logging

    from watchfloor.cli.serve import RedactTokens

    args = ("127.0.0.1:5000", "GET", "/login?next=/&token=s3cret-0123456789&x=1", "1.1", 303)
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', args, None
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == (
        '127.0.0.1:5000 - "GET /login?next=/&token=[redacted]&x=1 HTTP/1.1" 303'
    )
