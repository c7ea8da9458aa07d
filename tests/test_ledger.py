"""The claim ledger's corroboration (watchfloor.link.ledger) and the watch filter of
/api/events, /events, /map and /timeline, on a store of one Kirkuk story told by
several outlets: a wire text (three sites, one text, the ministry), Kurd News (12
policemen, not 5) and a site relaying it, a council statement from an outlet with
hostile markup in its name, and a minister's denial; plus an unrelated article
in its own story and one in no story (as if stored before stories existed)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

with warnings.catch_warnings():  # starlette's note about httpx2: nothing to act on here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_picture import _batch, _run
from test_ui import LOCAL, assert_safe, page, parse
from watchfloor.link.ledger import (
    BOTH,
    CONTRADICTED,
    NO_EVENT,
    SINGLE_SOURCE,
    STATUSES,
    ClaimLedger,
    page_ledger,
)
from watchfloor.store import Store, schema
from watchfloor.store import watches as state
from watchfloor.views.common.watches import Watch
from watchfloor.views.web import create_app

EVIL_OUTLET = "Evil <b onmouseover=alert(1)>News</b>"
COUNCIL = {
    "id": "h1",
    "title": "<script>alert(1)</script> Kirkuk",
    "outlet": EVIL_OUTLET,
    "dct": "2019-03-04",
    "text": "Kirkuk <script>alert(1)</script>\n\nGunmen attacked a police checkpoint in Kirkuk "
    "on Monday, the Kurdistan Region Security Council said in a statement. "
    "<img src=x onerror=alert(1)> was posted.",
}
RALLY = "Protest in Basra\n\nThousands of protesters rallied in Basra on Friday, witnesses said."
LATE = "Clash in Mosul\n\nGunmen attacked an army patrol in Mosul on Sunday, the Iraqi army said."
WATCHES = (
    Watch("kirkuk", places=("Kirkuk",)),
    Watch("denials", modalities=("denied",)),
    Watch("kurd-news", keywords=("Kurd News",), types=("FIGHT",)),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("ledger")
    batch = _batch(tmp)
    extra = [COUNCIL, {"id": "u1", "text": RALLY, "outlet": "basra.example", "dct": "2019-05-03"}]
    with batch.open("a", encoding="utf-8") as f:
        f.writelines(json.dumps(row) + "\n" for row in extra)
    url = str(tmp / "ledger.db")
    assert _run("ingest", str(batch), "--db", url).exit_code == 0
    late = tmp / "late.jsonl"
    late.write_text(
        json.dumps({"id": "u2", "text": LATE, "outlet": "late.example", "dct": "2019-06-02"})
        + "\n",
        encoding="utf-8",
    )
    assert _run("ingest", str(late), "--db", url).exit_code == 0
    with Store.open(url) as store:
        # u2 as a document stored before stories existed (schema 0003): in no story
        with store.engine.begin() as conn:
            sd = schema.story_documents
            conn.execute(sa.delete(sd).where(sd.c.document_id == "u2"))
            # ... and so without link facts (schema 0007): serve catches them up
            for facts in (schema.event_facts, schema.claim_facts):
                conn.execute(sa.delete(facts).where(facts.c.document_id == "u2"))
        assert store.story_of("u2") is None
        for w in WATCHES:
            state.add(store, w.name, w.to_dict(), include_existing=True)
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


def _ledger(db: str) -> dict[tuple[str, str], ClaimLedger]:
    with Store.open(db) as store:
        claims = [(d.id, c.id) for d in store.documents() for c in store.get(d.id)[1].claims]
        return {(e.document_id, e.claim_id): e for e in page_ledger(store, claims)}


def _attack_claim(entries: dict[tuple[str, str], ClaimLedger], doc: str) -> ClaimLedger:
    """The document's claim that has events (the attack)."""
    return next(e for (d, _), e in entries.items() if d == doc and e.events)


# ------------------------------------------------------------------ the ledger function


def test_ledger_names_corroborating_and_contradicting_sources(db: str) -> None:
    entries = _ledger(db)
    assert all(e.status in STATUSES for e in entries.values())
    wire = _attack_claim(entries, "w0")
    assert wire.story is not None and wire.merged_events
    by = {(c.origin, c.document_id) for c in wire.corroborated_by}
    # Kurd News (its own report and the site relaying it) and the council: not the wire itself
    assert ("Kurd News", "k1") in by and ("Kurd News", "r1") in by
    assert ("the Kurdistan Region Security Council", "h1") in by
    assert all(c.document_id != "w0" for c in wire.corroborated_by)
    assert all(c.stance == "affirmed" for c in wire.corroborated_by)
    council = next(c for c in wire.corroborated_by if c.document_id == "h1")
    assert council.outlet == EVIL_OUTLET and council.document_title == COUNCIL["title"]
    against = {(c.aspect, c.value, c.other_value, c.origin, c.document_id)
               for c in wire.contradicted_by}  # fmt: skip
    assert ("denial", "affirmed", "denied", "Falih al-Fayyadh", "d1") in against
    count = next(c for c in wire.contradicted_by if c.aspect == "count")
    assert (count.what, count.value, count.other_value, count.document_id) == (
        "policemen",
        "5",
        "12",
        "k1",
    )
    assert wire.status == BOTH
    assert wire.other_sources >= 3  # Kurd News, the council, the minister


def test_ledger_keeps_one_source_apart_from_its_relays(db: str) -> None:
    entries = _ledger(db)
    kurd = _attack_claim(entries, "k1")
    # the relay rests on Kurd News: the same source, so it does not corroborate k1
    assert all(c.document_id != "r1" for c in kurd.corroborated_by)
    assert {c.origin for c in kurd.corroborated_by} >= {"the Iraqi Interior Ministry"}
    # the wire's headline and its attributed report share the ministry's origin: one entry,
    # linking to the attributed report
    ministry = [c for c in kurd.corroborated_by if c.document_id == "w0"]
    assert len(ministry) == 1 and ministry[0].other_claim is not None
    count = next(c for c in kurd.contradicted_by if c.aspect == "count")
    assert (count.value, count.other_value, count.origin) == (
        "12",
        "5",
        "the Iraqi Interior Ministry",
    )


def test_ledger_denial_is_contradicted_and_corroborated_by_no_one(db: str) -> None:
    denial = _attack_claim(_ledger(db), "d1")
    assert denial.status == CONTRADICTED
    assert denial.corroborated_by == ()  # nobody else denies it
    sides = {(c.value, c.other_value) for c in denial.contradicted_by}
    assert sides == {("denied", "affirmed")}
    assert {c.origin for c in denial.contradicted_by} >= {
        "the Iraqi Interior Ministry",
        "Kurd News",
        "the Kurdistan Region Security Council",
    }


def test_ledger_says_when_it_cannot_compare(db: str) -> None:
    entries = _ledger(db)
    no_event = [e for e in entries.values() if not e.events]
    assert no_event and all(
        e.status == NO_EVENT and not e.corroborated_by and not e.contradicted_by for e in no_event
    )
    rally = _attack_claim(entries, "u1")  # its own story: nobody else reports the rally
    assert rally.story is not None and rally.status == SINGLE_SOURCE
    assert rally.other_sources == 0
    late = _attack_claim(entries, "u2")  # stored after linking: no story, compared alone
    assert late.story is None and late.status == SINGLE_SOURCE


# ------------------------------------------------------------------ API and page


def test_api_claims_carry_the_ledger(client: TestClient, db: str) -> None:
    body = client.get("/api/claims?document=w0").json()
    item = next(i for i in body["items"] if i["events"])
    expected = _attack_claim(_ledger(db), "w0")
    assert item["status"] == expected.status == BOTH
    assert item["story"] == expected.story
    assert item["other_sources"] == expected.other_sources
    assert {(c["origin"], c["document_id"]) for c in item["corroborated_by"]} == {
        (c.origin, c.document_id) for c in expected.corroborated_by
    }
    denial = next(c for c in item["contradicted_by"] if c["aspect"] == "denial")
    assert denial["document_id"] == "d1" and denial["other_value"] == "denied"
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"corroborated_by", "contradicted_by", "status", "story"} <= set(
        schema["ClaimItem"]["properties"]
    )
    assert {"aspect", "value", "other_value", "origin", "outlet"} <= set(
        schema["Disagreement"]["properties"]
    )


def test_claims_page_shows_who_corroborates_and_contradicts(client: TestClient) -> None:
    html = page(client, "/claims")
    assert_safe(html, "/claims")
    assert "corroborated by" in html and "contradicted by" in html
    assert "no coded event rests on it" in html  # honest about claims with no event
    assert "not linked into a story yet" in html  # u2
    assert "no other source" in html
    hrefs = {a.get("href") for tag, a in parse(html).tags if tag == "a"}
    assert any(h and h.startswith("/documents/d1#event-") for h in hrefs)
    assert any(h and h.startswith("/documents/h1#event-") for h in hrefs)
    # the hostile outlet and title of the council's report are shown as text
    assert "Evil &lt;b onmouseover=alert(1)&gt;News&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kirkuk" in html
    assert "policemen" in html


def test_story_page_shows_the_merged_events_with_sources_and_contradictions(
    client: TestClient, db: str
) -> None:
    with Store.open(db) as store:
        story_id = store.story_of("d1")
    assert story_id is not None
    html = page(client, f"/stories/{story_id}")
    assert_safe(html, "/stories/{id}")
    merged = html.split('<section id="merged">', 1)[1].split("</section>", 1)[0]
    assert "The Iraqi Interior Ministry".lower() in merged.lower() and "Kurd News" in merged
    assert "(does not affirm it)" in merged  # the denial's source, listed, not counted
    assert "denial</b>" in merged and "count of policemen</b>" in merged
    assert "<b>vs</b>" in merged
    hrefs = {a.get("href") for tag, a in parse(merged).tags if tag == "a"}
    assert any(h and h.startswith("/documents/d1#event-") for h in hrefs)


# ------------------------------------------------------------------ the watch filter


def _expected(db: str, watch: Watch) -> set[tuple[str, str]]:
    """(document id, event id) of every stored event the watch matches, read directly."""
    with Store.open(db) as store:
        return {
            (doc.id, ev.id)
            for doc, reading in store.readings()
            for ev in reading.events
            if watch.match(doc, reading, ev) is not None
        }


def _api_events(client: TestClient, query: str) -> tuple[int, set[tuple[str, str]]]:
    body = client.get(f"/api/events?{query}&limit=500").json()
    return body["total"], {(i["document_id"], i["event"]["id"]) for i in body["items"]}


@pytest.mark.parametrize("watch", WATCHES, ids=lambda w: w.name)
def test_api_events_by_watch(client: TestClient, db: str, watch: Watch) -> None:
    expected = _expected(db, watch)
    assert expected  # every watch of the fixture matches something
    total, got = _api_events(client, f"watch={watch.name}")
    assert (total, got) == (len(expected), expected)
    everything, _ = _api_events(client, "sort=-date")
    assert total < everything


def test_api_events_watch_with_other_filters_and_pages(client: TestClient, db: str) -> None:
    total, got = _api_events(client, "watch=kirkuk&modality=denied")
    assert total == len(got) >= 1
    assert got == _expected(db, Watch("k", places=("Kirkuk",), modalities=("denied",)))
    full = client.get("/api/events?watch=kirkuk&limit=500").json()["items"]
    second = client.get("/api/events?watch=kirkuk&limit=1&offset=1").json()
    assert second["total"] == len(full) and second["items"] == full[1:2]


def test_api_events_unknown_watch(client: TestClient) -> None:
    r = client.get("/api/events?watch=nope")
    assert r.status_code == 404
    assert r.json() == {"detail": "no watch 'nope' here", "id": "nope"}
    assert client.get("/api/events?watch=").status_code == 422


def test_events_page_by_watch(client: TestClient, db: str) -> None:
    expected = _expected(db, WATCHES[0])
    html = page(client, "/events?watch=kirkuk")
    assert_safe(html, "/events?watch=kirkuk")
    assert f"{len(expected)} events that the watch kirkuk matches" in html
    assert html.count("<tr data-event=") == len(expected)
    assert "<option selected>kirkuk</option>" in html  # the form keeps the choice
    assert "<option>denials</option>" in html
    html = page(client, "/events?watch=%3Cb%3Enope")
    assert "no stored watch named" in html and "&lt;b&gt;nope" in html


def test_timeline_and_map_by_watch(client: TestClient, db: str) -> None:
    denials = _expected(db, WATCHES[1])
    html = page(client, "/timeline?watch=denials")
    assert_safe(html, "/timeline?watch=denials")
    assert f"{len(denials)} events match" in html or f"{len(denials)} event match" in html
    rows = html.count("<tr data-event=")
    dated = {
        (i["document_id"], i["event"]["id"])
        for i in client.get("/api/events?watch=denials&since=1900-01-01&limit=500").json()["items"]
    }
    assert rows == len(dated) and dated <= denials
    assert page(client, "/timeline").count("<tr data-event=") > rows
    html = page(client, "/map?watch=kirkuk")
    assert_safe(html, "/map?watch=kirkuk")
    listed = [
        a["href"] for tag, a in parse(html).tags if tag == "a" and "/places/" in (a["href"] or "")
    ]
    assert listed and "Basra" not in html.split("<h2>Places</h2>")[1]
    assert "Basra" in page(client, "/map").split("<h2>Places</h2>")[1]
    assert "no stored watch named" in page(client, "/map?watch=nope")
    assert "no stored watch named" in page(client, "/timeline?watch=nope")


def test_page_forms_list_the_stored_watches(client: TestClient) -> None:
    for url in ("/events", "/map", "/timeline"):
        selects = [a for tag, a in parse(page(client, url)).tags if tag == "select"]
        assert any(a.get("name") == "watch" for a in selects), url
