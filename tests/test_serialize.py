"""The output contract: its shape, its honesty, and exact round trips of the records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from watchfloor.errors import InputError
from watchfloor.serialize import (
    document_from_dict,
    document_reading_from_dict,
    document_reading_to_dict,
    document_to_dict,
    rebuild_raw,
)
from watchfloor.vocab import (
    CONTRACT_VERSION,
    Actor,
    ActorMention,
    Claim,
    Dct,
    DctHow,
    Document,
    EntityRef,
    Event,
    Modality,
    Place,
    PlaceMention,
    Reading,
    Removed,
    Sentence,
    Source,
    SourceKind,
    Span,
    TimeRef,
)

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "src" / "watchfloor" / "samples"


def _load_strategies() -> Any:
    name = "wf_vocab_strategies"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "store" / "vocab_strategies.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


vs = _load_strategies()


def spans(obj: Any) -> Iterator[dict[str, Any]]:
    """Every dict with integer start/end and a text, anywhere in ``obj``."""
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and "text" in obj:
            yield obj
        for v in obj.values():
            yield from spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from spans(v)


def sp(text: str, word: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), word)


TEXT = (
    "Brigades of Hezbollah moved to Baghdad.\n"
    "Debka said the militia deployed near Al-Qaim on March 6, which Baghdad denied."
)
RAW = "Scroll Top\n" + TEXT + "\nLeave a comment"


def handmade() -> tuple[Document, Reading]:
    """A small document and reading with every kind of record, built by hand."""
    removed = (
        Removed(0, 11, "Scroll Top\n", "site_chrome"),
        Removed(11 + len(TEXT), len(RAW), "\nLeave a comment", "comment_prompt"),
    )
    doc = Document(
        id="d1",
        text=TEXT,
        raw=RAW,
        content_hash="ab" * 32,
        title="Brigades of Hezbollah moved to Baghdad.",
        url="https://example.org/a",
        outlet="Example News",
        language="en",
        dct=Dct(None, dt.date(2019, 3, 7), dt.date(2019, 3, 12), DctHow.INFERRED),
        removed=removed,
        origin="000.txt",
    )
    kh = Actor("kataib-hezbollah", "Kata'ib Hezbollah", "armed group", "IRQ", "IRQREB", "REB")
    baghdad = Place("98182", "Baghdad", "IRQ", 33.34, 44.4, "city", 5_672_513, "Baghdad")
    qaim = Place("99532", "Al-Qaim", "IRQ", 34.38, 41.1, "city")
    s0, s1 = Sentence(0, 0, 39), Sentence(1, 40, len(TEXT))
    claim_span = Span(s1.start + 11, len(TEXT) - 22, TEXT[s1.start + 11 : len(TEXT) - 22])
    debka = Source("Debka", SourceKind.MEDIA, sp(TEXT, "Debka"), role="website")
    outlet = Source("Example News", SourceKind.OUTLET)
    claim = Claim("c1", claim_span, 1, Modality.REPORTED, sp(TEXT, "said"), (debka, outlet))
    kh_ref = EntityRef(
        "kataib-hezbollah", "Brigades of Hezbollah", sp(TEXT, "Brigades of Hezbollah")
    )
    loc = PlaceMention("99532", sp(TEXT, "Al-Qaim"), 1)
    event = Event(
        "e1",
        "MOBILIZE",
        sp(TEXT, "deployed"),
        1,
        Modality.REPORTED,
        mode="troops",
        actor=(dataclasses.replace(kh_ref, code="IRQREB", sector="REB", country="IRQ"),),
        event_loc=loc,
        date="2019-03-06",
        claim="c1",
        cameo="15",
        quad_class=4,
    )
    reading = Reading(
        document_id="d1",
        extractor="watchfloor 0.1.0: test",
        sentences=(s0, s1),
        actors=(kh,),
        actor_mentions=(ActorMention("kataib-hezbollah", sp(TEXT, "Brigades of Hezbollah"), 0),),
        places=(baghdad, qaim),
        place_mentions=(
            PlaceMention("98182", sp(TEXT, "Baghdad"), 0),
            loc,
            PlaceMention("98182", sp(TEXT, "Baghdad", 1), 1, metonymic=True),
        ),
        times=(TimeRef(sp(TEXT, "March 6"), 1, "DATE", "2019-03-06", "dct", "month_day"),),
        claims=(claim,),
        events=(event,),
    )
    return doc, reading


CONTRACT_KEYS = {
    "contract",
    "id",
    "title",
    "text",
    "dct",
    "removed",
    "actors",
    "places",
    "times",
    "claims",
    "events",
    "extractor",
    "url",
    "outlet",
    "content_hash",
    "sentences",
}


def test_contract_has_every_field_of_the_spec() -> None:
    out = document_reading_to_dict(*handmade())
    assert set(out) >= CONTRACT_KEYS
    assert out["contract"] == CONTRACT_VERSION
    assert set(out["dct"]) == {"date", "earliest", "latest", "how", "reasons"}
    assert out["dct"] == {
        "date": None,
        "earliest": "2019-03-07",
        "latest": "2019-03-12",
        "how": "inferred",
        "reasons": [],
    }
    assert set(out["removed"][0]) == {"start", "end", "text", "reason"}
    actor = out["actors"][0]
    assert {"id", "name", "type", "country", "code", "sector", "generic", "mentions"} <= set(actor)
    assert {"start", "end", "text", "sentence"} <= set(actor["mentions"][0])
    place = out["places"][0]
    assert {"id", "name", "country", "lat", "lon", "feature", "mentions"} <= set(place)
    assert [m["metonymic"] for m in place["mentions"]] == [False, True]
    time = out["times"][0]
    assert {
        "start",
        "end",
        "text",
        "value",
        "type",
        "rule",
        "anchor",
        "reason",
        "mod",
        "sentence",
    } <= set(time)
    claim = out["claims"][0]
    assert {
        "id",
        "start",
        "end",
        "text",
        "modality",
        "cue",
        "sources",
        "sentence",
        "modality_cue",
    } <= set(claim)
    assert claim["modality"] == "reported"
    assert [s["kind"] for s in claim["sources"]] == ["media", "outlet"]
    assert {"text", "kind", "actor", "start", "end", "role", "count"} <= set(claim["sources"][0])
    assert claim["sources"][1]["start"] is None
    ev = out["events"][0]
    assert {
        "id", "event", "mode", "actor", "recipient", "event_loc", "date", "modality", "claim",
        "trigger", "sentence", "cameo", "quad_class", "date_approx",
    } <= set(ev)  # fmt: skip
    assert set(ev["actor"][0]) >= {"id", "entity_text", "code", "sector", "country", "start", "end"}
    assert ev["sentence"] == {"index": 1, "start": 40, "end": len(TEXT)}


def test_event_loc_spells_out_the_place() -> None:
    ev = document_reading_to_dict(*handmade())["events"][0]
    loc = ev["event_loc"]
    assert loc["id"] == "99532" and loc["name"] == "Al-Qaim" and loc["country"] == "IRQ"
    assert (loc["lat"], loc["lon"], loc["feature"]) == (34.38, 41.1, "city")
    assert TEXT[loc["start"] : loc["end"]] == loc["text"] == "Al-Qaim"
    assert loc["metonymic"] is False


def test_event_loc_of_an_unlisted_place_keeps_the_mention() -> None:
    doc, reading = handmade()
    reading = dataclasses.replace(reading, places=())
    out = document_reading_to_dict(doc, reading)
    loc = out["events"][0]["event_loc"]
    assert loc["name"] is None and loc["lat"] is None and loc["text"] == "Al-Qaim"
    assert document_reading_from_dict(out) == (doc, reading)


def test_every_span_indexes_the_clean_text() -> None:
    doc, reading = handmade()
    out = document_reading_to_dict(doc, reading)
    found = [s for key, v in out.items() if key not in ("text", "removed") for s in spans(v)]
    assert len(found) >= 10
    for s in found:
        assert out["text"][s["start"] : s["end"]] == s["text"]
    for r in out["removed"]:
        assert doc.raw[r["start"] : r["end"]] == r["text"]


def test_round_trip_of_the_handmade_records() -> None:
    doc, reading = handmade()
    line = json.dumps(document_reading_to_dict(doc, reading), ensure_ascii=False)
    assert document_reading_from_dict(json.loads(line)) == (doc, reading)


def test_raw_is_not_in_the_contract_but_is_rebuilt() -> None:
    doc, reading = handmade()
    out = document_reading_to_dict(doc, reading)
    assert "raw" not in out
    assert rebuild_raw(out["text"], doc.removed) == RAW
    other = document_reading_from_dict(out, raw="given raw")[0]
    assert other.raw == "given raw"


def test_mentions_of_unlisted_actors_are_kept_apart() -> None:
    doc, reading = handmade()
    extra = ActorMention("unknown-actor", sp(TEXT, "militia"), 1)
    reading = dataclasses.replace(
        reading, actor_mentions=(extra, *reading.actor_mentions), places=reading.places[:1]
    )
    out = document_reading_to_dict(doc, reading)
    assert out["unresolved_mentions"]["actors"][0]["id"] == "unknown-actor"
    assert [m["text"] for m in out["unresolved_mentions"]["places"]] == ["Al-Qaim"]
    assert document_reading_from_dict(out) == (doc, reading)


def test_repeated_actor_ids_keep_their_mentions_once() -> None:
    doc, reading = handmade()
    reading = dataclasses.replace(reading, actors=reading.actors * 2)
    out = document_reading_to_dict(doc, reading)
    assert [len(a["mentions"]) for a in out["actors"]] == [1, 0]
    assert document_reading_from_dict(out) == (doc, reading)


def test_a_reading_of_another_document_is_refused() -> None:
    doc, reading = handmade()
    with pytest.raises(ValueError, match="d2"):
        document_reading_to_dict(doc, dataclasses.replace(reading, document_id="d2"))


def test_other_contract_versions_are_refused() -> None:
    out = document_reading_to_dict(*handmade())
    with pytest.raises(InputError, match="contract version"):
        document_reading_from_dict({**out, "contract": "2.0"})
    with pytest.raises(InputError, match="contract version"):
        document_reading_from_dict({k: v for k, v in out.items() if k != "contract"})


def test_malformed_objects_raise_input_error() -> None:
    out = document_reading_to_dict(*handmade())
    with pytest.raises(InputError, match="missing field 'text'"):
        document_reading_from_dict({k: v for k, v in out.items() if k != "text"})
    broken = json.loads(json.dumps(out))
    broken["events"][0]["modality"] = "certain"
    with pytest.raises(InputError, match="certain"):
        document_reading_from_dict(broken)
    broken = json.loads(json.dumps(out))
    broken["dct"]["earliest"] = "7 March"
    with pytest.raises(InputError):
        document_reading_from_dict(broken)


def test_document_alone_round_trips_with_raw() -> None:
    doc, _ = handmade()
    d = document_to_dict(doc)
    assert d["raw"] == RAW and d["text"] == TEXT
    assert document_from_dict(json.loads(json.dumps(d))) == doc
    odd = dataclasses.replace(doc, raw="<html>not rebuildable</html>")
    assert document_from_dict(document_to_dict(odd)) == odd


def test_hostile_text_is_json_safe() -> None:
    hostile = (
        "'; DROP TABLE documents; -- <script>alert(1)</script> \u202eevil\u202c e\u0301 🙂 \\u0000"
    )
    doc = Document("h", hostile, hostile, "cd" * 32, title=hostile, outlet="صحيفة")
    reading = Reading("h", "x", claims=(Claim("c", Span(0, 5, hostile[:5]), 0, Modality.DENIED),))
    line = json.dumps(document_reading_to_dict(doc, reading), ensure_ascii=False)
    assert "صحيفة" in line and "\n" not in line
    assert document_reading_from_dict(json.loads(line)) == (doc, reading)


@settings(max_examples=150, deadline=None)
@given(vs.document_readings())
def test_round_trip_of_any_records(pair: tuple[Document, Reading]) -> None:
    out = document_reading_to_dict(*pair)
    line = json.dumps(out, ensure_ascii=False)
    assert document_reading_from_dict(json.loads(line)) == pair
    for key, value in out.items():
        if key not in ("text", "removed"):
            for s in spans(value):
                assert out["text"][s["start"] : s["end"]] == s["text"]


@settings(max_examples=100, deadline=None)
@given(vs.documents())
def test_round_trip_of_any_document(doc: Document) -> None:
    assert document_from_dict(json.loads(json.dumps(document_to_dict(doc)))) == doc
    assert rebuild_raw(doc.text, doc.removed) == doc.raw


def _seed_reading(document: Document, parsed: Any) -> Reading:
    """A Reading of a seed built from spaCy's own sentences and entities (no extractor)."""
    from watchfloor.extract.sentences import find

    sents = find(parsed)
    index = {tok.i: n for n, s in enumerate(parsed.sents) for tok in s}
    ents = [(e, index[e.start]) for e in parsed.ents]
    orgs = [(e, n) for e, n in ents if e.label_ in ("ORG", "NORP", "PERSON")]
    gpes = [(e, n) for e, n in ents if e.label_ == "GPE"]
    dates = [(e, n) for e, n in ents if e.label_ == "DATE"]
    span = lambda e: Span(e.start_char, e.end_char, e.text)  # noqa: E731
    actors = {e.text: Actor(e.text.lower(), e.text, e.label_) for e, _ in orgs}
    places = {e.text: Place(e.text.lower(), e.text, None, 0.0, 0.0, "city") for e, _ in gpes}
    first_gpe, first_gpe_sentence = gpes[0]
    loc = PlaceMention(first_gpe.text.lower(), span(first_gpe), first_gpe_sentence)
    return Reading(
        document_id=document.id,
        extractor="test: spacy entities",
        sentences=sents,
        actors=tuple(actors.values()),
        actor_mentions=tuple(ActorMention(e.text.lower(), span(e), n) for e, n in orgs),
        places=tuple(places.values()),
        place_mentions=tuple(PlaceMention(e.text.lower(), span(e), n) for e, n in gpes),
        times=tuple(TimeRef(span(e), n, "DATE", None, reason="needs_dct") for e, n in dates),
        events=tuple(
            Event(
                f"e{k}",
                "CONSULT",
                span(e),
                n,
                Modality.ASSERTED,
                actor=(EntityRef(e.text.lower(), e.text, span(e)),),
                event_loc=loc,
            )
            for k, (e, n) in enumerate(orgs[:5])
        ),
    )


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_seed_articles_through_spacy_round_trip(nlp: Any, path: Path) -> None:
    from watchfloor.ingest.files import read_text_file

    doc = read_text_file(path)
    reading = _seed_reading(doc, nlp(doc.text))
    assert reading.actor_mentions and reading.place_mentions and reading.events
    out = document_reading_to_dict(doc, reading)
    line = json.dumps(out, ensure_ascii=False)
    back = json.loads(line)
    checked = 0
    for key, value in back.items():
        if key not in ("text", "removed"):
            for s in spans(value):
                assert back["text"][s["start"] : s["end"]] == s["text"]
                checked += 1
    assert checked > 20
    for r in back["removed"]:
        assert doc.raw[r["start"] : r["end"]] == r["text"]
    assert document_reading_from_dict(back) == (doc, reading)
    assert len(back["sentences"]) == len(reading.sentences) > 5


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vs.document_readings(nul=False))
def test_contract_lines_are_single_json_lines(pair: tuple[Document, Reading]) -> None:
    line = json.dumps(document_reading_to_dict(*pair), ensure_ascii=False)
    assert "\n" not in line and "\r" not in line
    line.encode("utf-8")


def test_the_documented_example_is_a_valid_contract_object() -> None:
    page = (HERE.parent / "docs" / "output-contract.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json", 1)[1].split("```", 1)[0])
    assert set(example) >= CONTRACT_KEYS
    for key, value in example.items():
        if key not in ("text", "removed"):
            for s in spans(value):
                assert example["text"][s["start"] : s["end"]] == s["text"]
    document, reading = document_reading_from_dict(example)
    assert document_reading_to_dict(document, reading) == example


def test_a_document_with_no_title_is_labelled_by_its_opening_words() -> None:
    from watchfloor.vocab import LABEL_CHARS, document_label

    assert document_label("A headline", "Body.", "d1") == "A headline"
    assert document_label(None, "\n\n  Short opening line.\nMore.", "d1") == "Short opening line."
    long = "Word " * 40
    label = document_label(None, long, "d1")
    assert label.endswith("\u2026") and len(label) <= LABEL_CHARS + 1
    assert not label[:-1].endswith(" ")  # cut at a word
    assert document_label(None, "", "d1") == "d1"
    assert document_label("  ", None, "d1") == "d1"
