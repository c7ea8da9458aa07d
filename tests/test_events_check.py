"""The independent, hand-coded event check (issue 18, acceptance 2): data, scorer, gate."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from watchfloor.evaluation import events_check as ec
from watchfloor.evaluation.events_check_sample import NINE
from watchfloor.knowledge.plover import load_plover
from watchfloor.vocab import Event, Modality, Span

KEYS = {
    "corpus",
    "doc",
    "start",
    "end",
    "hash",
    "stage",
    "event",
    "alt_types",
    "mode",
    "secondary",
    "actor",
    "recipient",
    "modality",
}


def _types() -> dict[str, Any]:
    plover = load_plover()
    return {name: plover.types[name] for name in plover.types}


def test_gold_file_is_well_formed() -> None:
    """Only references and labels (no corpus text); every label is a PLOVER one."""
    gold = ec.load_gold()
    types = _types()
    modalities = {m.value for m in Modality}
    assert len(gold) >= 250
    assert len({(g["corpus"], g["doc"], g["start"]) for g in gold}) == len(gold)
    for g in gold:
        assert set(g) == KEYS
        assert 0 <= g["start"] < g["end"] and len(g["hash"]) == 12
        if g["event"] is None:
            assert not (g["alt_types"] or g["mode"] or g["actor"] or g["recipient"])
            continue
        assert g["event"] in types and g["event"] not in g["alt_types"]
        assert all(t in types for t in g["alt_types"])
        assert g["secondary"] is None or g["secondary"] in types
        assert g["mode"] is None or g["mode"] in types[g["event"]].modes
        assert g["modality"] in modalities
        for span in g["actor"] + g["recipient"]:
            assert g["start"] <= span["start"] < span["end"] <= g["end"]
            assert set(span) == {"start", "end", "hash"}


def test_gold_covers_the_nine_classes() -> None:
    """About 70% event sentences; the nine ACLED-style classes each present."""
    gold = ec.load_gold()
    main = Counter(g["event"] for g in gold)
    assert 0.65 <= 1 - main[None] / len(gold) <= 0.8
    assert all(main[t] >= 3 for t in NINE)


class _Doc:
    removed = ()


def _event(kind: str, start: int, text: str = "x") -> Event:
    return Event("e1", kind, Span(start, start + len(text), text), 0, Modality.ASSERTED)


def _gold(event: str | None, alt: list[str] | None = None) -> dict[str, Any]:
    return {
        "start": 0,
        "end": 50,
        "event": event,
        "alt_types": alt or [],
        "mode": None,
        "secondary": None,
        "actor": [],
        "recipient": [],
        "modality": "asserted" if event else None,
    }


def test_alt_types_count_as_right_and_false_events_count() -> None:
    scores = ec._Scores()
    cases = [
        (_gold("ASSAULT", ["PROTEST"]), (_event("PROTEST", 3),)),  # an accepted alternative
        (_gold("COERCE"), (_event("FIGHT", 3),)),  # wrong type
        (_gold("CRIME"), ()),  # nothing coded
        (_gold(None), (_event("AGREE", 3),)),  # an event where there is none
        (_gold(None), ()),
    ]
    for g, evs in cases:
        in_sentence = ec.sentence_events(g, _Doc(), (*evs, _event("SUPPORT", 60)))
        assert all(e.trigger.start < 50 for e in in_sentence)
        scores.add(g, ec.judge(g, _Doc(), in_sentence, None), "x" * 60, _Doc())
    out = scores.figures()
    assert out["type_accuracy"] == round(1 / 3, 4)
    assert out["no_event_share"] == round(1 / 3, 4)
    assert out["false_event_rate"] == 0.5
    assert out["modality_accuracy"] == 1.0
    per = ec.per_class(scores.pairs)
    assert per["PROTEST"] == {"n": 1, "p": 1.0, "r": 1.0, "f1": 1.0}
    assert per["AGREE"]["p"] == 0.0 and per["CRIME"]["r"] == 0.0


@pytest.mark.shared
def test_gold_hashes_match_the_corpora() -> None:
    """A changed or re-converted corpus is caught before any figure is computed."""
    assert ec.verify(ec.load_gold()) == []


@pytest.mark.shared
@pytest.mark.slow
def test_events_check_quality(shared: Path, resources: Any) -> None:
    """Issue 18, acceptance 2 (our own check), measured once with events.v3 (the shipped
    classifier) and claims.v3: accuracy 0.281, macro F1 0.339, nine-class macro F1 0.384,
    no event on 0.362 of event sentences, false events on 0.361 of no-event sentences
    (0.375 before the sports register, extract/sports.py; nothing else moved),
    actor / recipient overlap F1 0.490 / 0.340, modality 0.760 (always "asserted":
    0.632). (events.v2: 0.270, 0.339, 0.380, 0.393, 0.361, 0.477 / 0.321, 0.756.)
    events.v5 (issue 18 round 3, measured once): 0.301, 0.355, 0.418, 0.347, 0.347,
    0.502 / 0.365, 0.766; the pins are left where they were.
    Pins sit about one point below (above, for the rates that should fall)."""
    out = ec.evaluate(resources)
    assert (out["sentences"], out["event_sentences"]) == (268, 196)
    assert out["type_accuracy"] >= 0.271
    assert out["type_macro_f1"] >= 0.329
    assert out["nine_macro_f1"] >= 0.374
    assert out["no_event_share"] <= 0.372
    assert out["false_event_rate"] <= 0.372
    assert out["actor_overlap"]["f1"] >= 0.480
    assert out["recipient_overlap"]["f1"] >= 0.330
    assert out["modality_accuracy"] >= 0.750


def test_the_check_set_documents_are_kept_out_of_training(tmp_path: Path) -> None:
    import json
    import sys

    from watchfloor.evaluation.events_check import held_documents

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_events

    held = held_documents()
    assert len(held) >= 100
    name, doc_id = sorted(held)[0]
    folder = next(f for f, n in train_events.NEWS if n == name)
    corpus = tmp_path / "eval" / folder / name
    corpus.parent.mkdir(parents=True)
    rows = [{"id": doc_id, "text": "held out"}, {"id": "not-in-the-check", "text": "trainable"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    for folder_name, other in train_events.NEWS:  # the other corpora: present, empty
        path = tmp_path / "eval" / folder_name / other
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    keys = [key for key, _ in train_events.news_records(tmp_path, share=1.0)]
    assert keys == [f"{name}:not-in-the-check"]
