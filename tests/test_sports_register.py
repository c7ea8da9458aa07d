"""The sports register (extract/sports.py): in a report of a game no event is coded
and a country's name is its team, not its government; violence at sports still is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from watchfloor import read
from watchfloor.extract.sports import load_lexicon, sports_sentences

CASES = yaml.safe_load((Path(__file__).parent / "data" / "sports_register.yaml").read_text())


@pytest.mark.parametrize("text", CASES["sports"])
def test_a_game_codes_no_event_and_no_government(text: str, resources: Any) -> None:
    _, reading = read(text, dct="2024-03-01", resources=resources)
    assert [(e.event, e.trigger.text) for e in reading.events] == []
    assert [a.id for a in reading.actors if a.id.endswith(".gov")] == []


@pytest.mark.parametrize("case", CASES["kept"], ids=lambda c: c["text"][:40])
def test_violence_at_sports_is_still_coded(case: dict[str, Any], resources: Any) -> None:
    _, reading = read(case["text"], dct="2024-03-01", resources=resources)
    wanted = case["type"] if isinstance(case["type"], list) else [case["type"]]
    assert set(wanted) & {e.event for e in reading.events}


def _sports(nlp: Any, text: str) -> list[str]:
    parsed = nlp(text)
    found = sports_sentences(parsed, load_lexicon())
    return [s.text for n, s in enumerate(parsed.sents) if n in found]


def test_a_scoreline_is_sports_a_range_or_a_vote_is_not(nlp: Any) -> None:
    assert _sports(nlp, "Chelsea beat Spurs 2-1 on Sunday.") != []
    assert _sports(nlp, "They sealed a 3-0 win.") != []
    assert _sports(nlp, "Rebels killed 12-15 people on Sunday.") == []
    assert _sports(nlp, "The court ruled 6-3 on Friday.") == []
    assert _sports(nlp, "Prices rose from 10-12 dollars.") == []
    assert _sports(nlp, "The war lasted from 1990-1995.") == []


def test_weak_words_count_only_in_a_sports_article(nlp: Any) -> None:
    news = "The Arab League met in Cairo. The team of inspectors left on Monday."
    assert _sports(nlp, news) == []
    article = (
        "Liverpool won the Premier League title. The football season ended in May. "
        "The team flew home on Monday."
    )
    assert _sports(nlp, article)[-1] == "The team flew home on Monday."


def test_a_place_that_names_a_team_is_not_on_the_map(resources: Any) -> None:
    text = (
        "Pakistan beat India by six wickets in Lahore on Sunday. "
        "Brazil and Argentina drew 1-1 in Buenos Aires."
    )
    _, reading = read(text, dct="2024-03-01", resources=resources)
    names = {p.id: p.name for p in reading.places}
    uses = {(m.span.text, m.metonymic) for m in reading.place_mentions}
    assert uses == {
        ("Pakistan", True),
        ("India", True),
        ("Lahore", False),
        ("Brazil", True),
        ("Argentina", True),
        ("Buenos Aires", False),
    }, names


def test_the_sentence_scan_is_made_once_and_decides_for_every_event(nlp: Any) -> None:
    from watchfloor.extract.events import targets
    from watchfloor.extract.events.lexicon import load_lexicon as load_cues
    from watchfloor.vocab import Event, Modality, Span

    lex = load_cues()
    calm = next(nlp("Chelsea beat Spurs 2-1 on Sunday.").sents)
    grim = next(nlp("A fan was killed after the match.").sents)
    assert not targets.violent_sentence(calm, lex)
    assert targets.violent_sentence(grim, lex)
    game = Event(
        id="e1",
        event="FIGHT",
        trigger=Span(8, 12, "beat"),
        sentence=0,
        modality=Modality.ASSERTED,
        mode=None,
        actor=(),
        recipient=(),
    )
    # the caller's verdict on the sentence is taken as given, not scanned again
    assert targets.more_than_sports(calm.doc, calm, lex, game, violent=True)
    assert not targets.more_than_sports(calm.doc, calm, lex, game, violent=False)
    assert not targets.more_than_sports(calm.doc, calm, lex, game)


def test_a_sports_sentence_is_scanned_once_whatever_its_events(
    resources: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchfloor.extract.events import targets

    calls: list[str] = []
    scan = targets.violent_sentence

    def counted(sent: Any, lex: Any) -> bool:
        calls.append(sent.text)
        return scan(sent, lex)

    monkeypatch.setattr(targets, "violent_sentence", counted)
    text = "Chelsea beat Spurs 2-1, attacked from the start and crushed Arsenal on Sunday."
    read(text, dct="2024-03-01", resources=resources)
    assert len(calls) == len(set(calls)) == 1
