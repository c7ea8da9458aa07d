"""Events stage: PLOVER coding over real spaCy parses, with hand-built mentions."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from watchfloor.errors import ConfigError
from watchfloor.extract import events, sentences
from watchfloor.extract.event_lexicon import load_lexicon, parse_lexicon
from watchfloor.knowledge.plover import load_plover
from watchfloor.vocab import (
    ActorMention,
    Document,
    Event,
    Modality,
    PlaceMention,
    Span,
    TimeRef,
)

ROOT = Path(__file__).resolve().parents[1]


def _seed(prefix: str) -> str:
    base = importlib.resources.files("watchfloor").joinpath("samples")
    name = next(p.name for p in base.iterdir() if p.name.startswith(prefix))
    return base.joinpath(name).read_text("utf-8")


def _sentence_with(text: str, needle: str) -> str:
    line = next(p for p in text.split("\n") if needle in p)
    return line.strip()


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


class _KB:
    def get(self, actor_id: str) -> Any:
        from watchfloor.vocab import Actor

        country = {"usa_mil": "USA", "irq_mil": "IRQ"}.get(actor_id)
        return Actor(id=actor_id, name=actor_id, type="x", country=country)


def _run(
    nlp: Any,
    text: str,
    actors: dict[str, str] | None = None,
    places: list[tuple[str, bool]] | None = None,
    times: list[tuple[str, str]] | None = None,
) -> tuple[Event, ...]:
    doc = Document(id="t", text=text, raw=text, content_hash="t")
    parsed = nlp(text)
    sents = sentences.find(parsed)
    mentions = tuple(
        ActorMention(actor_id=aid, span=_span(text, part), sentence=0)
        for part, aid in (actors or {}).items()
    )
    place_mentions = tuple(
        PlaceMention(place_id=part.lower(), span=_span(text, part), sentence=0, metonymic=meto)
        for part, meto in (places or [])
    )
    time_refs = tuple(
        TimeRef(span=_span(text, part), sentence=0, type="DATE", value=value)
        for part, value in (times or [])
    )
    found = events.find(
        parsed,
        sents,
        doc,
        actor_mentions=mentions,
        kb=_KB(),
        place_mentions=place_mentions,
        gazetteer=None,
        times=time_refs,
        claims=(),
    )
    for e in found:  # provenance holds for every event
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        for ref in e.actor + e.recipient:
            assert ref.span is None or text[ref.span.start : ref.span.end] == ref.span.text
    return found


def _types(found: tuple[Event, ...]) -> list[str]:
    return [e.event for e in found]


# ------------------------------------------------------------------ seeds


def test_seed_state_of_alert_is_mobilize(nlp: Any) -> None:
    text = _sentence_with(_seed("000"), "has announced a state of alert")
    found = _run(nlp, text, actors={"US forces": "usa_mil"})
    mob = [e for e in found if e.event == "MOBILIZE" and e.trigger.text == "state of alert"]
    assert mob and mob[0].actor[0].actor_id == "usa_mil"
    assert mob[0].actor[0].country == "USA"
    assert mob[0].cameo == "15" and mob[0].quad_class == 4


def test_seed_statement_demanding_is_dated_demand(nlp: Any) -> None:
    text = _sentence_with(_seed("000"), "issued a statement on March 7 demanding")
    found = _run(
        nlp,
        text,
        actors={"two groups of Iraqi factions": "irq_factions", "US military": "usa_mil"},
        times=[("March 7", "2019-03-07")],
    )
    demand = [e for e in found if e.event == "DEMAND"]
    assert demand, _types(found)
    assert [a.actor_id for a in demand[0].actor] == ["irq_factions"]
    assert demand[0].date == "2019-03-07"


def test_seed_constant_contact_is_consult(nlp: Any) -> None:
    text = _sentence_with(_seed("000"), "constant contact")
    found = _run(nlp, text, actors={"Mike Pompeo": "pompeo", "Adel Abdul-Mahdi": "abdulmahdi"})
    consult = [e for e in found if e.event == "CONSULT"]
    assert consult
    assert consult[0].actor[0].actor_id == "pompeo"
    assert consult[0].recipient[0].actor_id == "abdulmahdi"


def test_seed_denied_involvement_is_denied_cooperate(nlp: Any) -> None:
    text = _sentence_with(_seed("001"), "categorically denied")
    found = _run(nlp, text, actors={"Iraqi Armed Forces": "irq_mil", "US military": "usa_mil"})
    coop = [e for e in found if e.event == "COOPERATE"]
    assert coop, _types(found)
    assert coop[0].modality is Modality.DENIED
    assert "irq_mil" in [a.actor_id for a in coop[0].actor]
    assert [r.actor_id for r in coop[0].recipient] == ["usa_mil"]


def test_seed_repositioning_troops_is_mobilize(nlp: Any) -> None:
    text = _sentence_with(_seed("001"), "repositioning its troops")
    found = _run(nlp, text, actors={"the United States": "usa_mil"})
    mob = [e for e in found if e.event == "MOBILIZE"]
    assert mob and mob[0].actor[0].actor_id == "usa_mil"


# ------------------------------------------------------------- edge cases


def test_passive_agent_is_actor(nlp: Any) -> None:
    found = _run(nlp, "The embassy was attacked by rebels on Sunday.")
    assert _types(found) == ["FIGHT"]
    assert found[0].actor[0].entity_text == "rebels"
    assert found[0].actor[0].actor_id is None  # typed unknown


def test_negated_event_is_kept_as_denied(nlp: Any) -> None:
    found = _run(nlp, "Israel did not attack Gaza.")
    assert _types(found) == ["FIGHT"]
    assert found[0].modality is Modality.DENIED


def test_intent_over_attack_is_single_threaten(nlp: Any) -> None:
    found = _run(nlp, "Iran threatened to shell Iraqi towns today.")
    assert _types(found) == ["THREATEN"]
    assert found[0].mode == "violence"


def test_own_negated_concession_is_reject(nlp: Any) -> None:
    found = _run(nlp, "Syria says it will not accept any more refugees.")
    assert _types(found) == ["REJECT"]
    assert found[0].modality is not Modality.DENIED


def test_light_verb_gives_way_to_noun(nlp: Any) -> None:
    found = _run(nlp, "Serbian military police have launched an investigation into the crimes.")
    assert _types(found) == ["INVESTIGATE"]


def test_group_possessive_resolves_to_the_named_group_before_it(nlp: Any) -> None:
    text = (
        "The Free Movement held a rally in the capital. "
        "Afterwards, talks took place among their leaders."
    )
    found = _run(nlp, text, actors={"The Free Movement": "free_movement"})
    talks = [e for e in found if e.trigger.text == "talks"]
    assert len(talks) == 1 and talks[0].event == "CONSULT"
    (ref,) = talks[0].actor
    assert ref.actor_id == "free_movement" and ref.entity_text == "their"


def test_possessive_refers_to_its_own_clause_subject_first(nlp: Any) -> None:
    text = "The Free Movement said the army was deploying its troops north."
    found = _run(nlp, text, actors={"The Free Movement": "free_movement", "the army": "usa_mil"})
    (move,) = [e for e in found if e.trigger.text == "deploying"]
    assert [r.actor_id for r in move.actor] == ["usa_mil"]
    assert move.recipient == ()  # "its troops" are the army's own, not a second party


def test_nominal_event_under_any_is_speculated(nlp: Any) -> None:
    text = "Troops were put on alert in anticipation of any attack by the militia."
    found = _run(nlp, text, actors={"the militia": "militia"})
    attack = [e for e in found if e.trigger.text == "attack"]
    assert attack and attack[0].modality is Modality.SPECULATED


def test_denial_of_involvement_does_not_deny_the_event_it_is_about(nlp: Any) -> None:
    text = "The minister denied any involvement in the attacks by the militia."
    found = _run(nlp, text, actors={"The minister": "minister", "the militia": "militia"})
    attacks = [e for e in found if e.trigger.text == "attacks"]
    assert attacks and attacks[0].modality is not Modality.DENIED


def test_destination_place_is_not_a_recipient(nlp: Any) -> None:
    text = "The army sent reinforcements to Iraq."
    found = _run(nlp, text, actors={"The army": "usa_mil"}, places=[("Iraq", False)])
    (mobilize,) = [e for e in found if e.event == "MOBILIZE"]
    assert [r.entity_text for r in mobilize.recipient] == []
    assert mobilize.event_loc is not None and mobilize.event_loc.span.text == "Iraq"


def test_media_a_claim_was_told_to_is_not_a_participant(nlp: Any) -> None:
    from watchfloor.vocab import Claim, Source, SourceKind

    text = "Officials told Al Arabiya that the army was deploying troops."
    content = _span(text, "the army was deploying troops")
    claim = Claim(
        id="c1",
        span=content,
        sentence=0,
        modality=Modality.REPORTED,
        sources=(Source("Al Arabiya", SourceKind.MEDIA, span=_span(text, "Al Arabiya")),),
    )
    doc = Document(id="t", text=text, raw=text, content_hash="t")
    parsed = nlp(text)
    found = events.find(
        parsed,
        sentences.find(parsed),
        doc,
        actor_mentions=(
            ActorMention("arabiya", _span(text, "Al Arabiya"), 0),
            ActorMention("usa_mil", _span(text, "the army"), 0),
        ),
        kb=_KB(),
        place_mentions=(),
        gazetteer=None,
        times=(),
        claims=(claim,),
    )
    deploy = [e for e in found if e.event == "MOBILIZE"]
    assert deploy and all(r.actor_id != "arabiya" for e in deploy for r in e.actor + e.recipient)
    assert deploy[0].modality is Modality.REPORTED and deploy[0].claim == "c1"


def test_no_participant_no_event(nlp: Any) -> None:
    assert _run(nlp, "The attack was condemned.") == ()


def test_location_skips_metonymic_place(nlp: Any) -> None:
    found = _run(nlp, "Protesters demonstrated in Baghdad on Friday.", places=[("Baghdad", False)])
    assert found[0].event == "PROTEST" and found[0].event_loc is not None
    assert found[0].event_loc.span.text == "Baghdad"
    found = _run(nlp, "Protesters demonstrated in Baghdad on Friday.", places=[("Baghdad", True)])
    assert found[0].event_loc is None


def test_no_date_without_time_or_dct(nlp: Any) -> None:
    found = _run(nlp, "Protesters demonstrated in Baghdad.")
    assert found[0].date is None and found[0].date_approx is False


def test_ids_are_sequential_in_text_order(nlp: Any) -> None:
    found = _run(nlp, "Rebels attacked the village. Police arrested two rebels.")
    assert [e.id for e in found] == ["e1", "e2"]
    assert _types(found) == ["FIGHT", "COERCE"]


# ---------------------------------------------------------- ontology, lexicon


def test_plover_ontology() -> None:
    onto = load_plover()
    assert len(onto.types) == 19
    assert onto.type_for_cameo("0841") == "RETREAT"
    assert onto.type_for_cameo("083") == "CONCEDE"
    assert onto.type_for_cameo("20") == "FIGHT"
    assert onto.type_for_cameo("010") is None
    assert onto.cameo_root("CRIME") is None
    assert onto.get("DEMAND").quad_class == 3
    with pytest.raises(ConfigError):
        onto.get("NOPE")


def test_lexicon_rejects_unknown_type_and_mode() -> None:
    with pytest.raises(ConfigError):
        parse_lexicon({"verbs": [{"type": "NOPE", "lemmas": ["x"]}]})
    with pytest.raises(ConfigError):
        parse_lexicon({"verbs": [{"type": "FIGHT", "mode": "nope", "lemmas": ["x"]}]})
    lex = load_lexicon()
    assert lex.verbs["attack"].type == "FIGHT"
    assert lex.verbs["call for"].type == "DEMAND"
    assert all(c.source for c in lex.verbs.values())


def test_importer_maps_cameo_blocks(tmp_path: Path) -> None:
    sample = tmp_path / "cameo.txt"
    sample.write_text(
        "####### VERB PATTERNS #######\n"
        "---  THREATEN   [130]  ---\nTHREATEN\nMENACE {MENACES}\n\n"
        "---  FOIL   [---]  ---\nFOIL\n- * {ROCKET ATTACK}   [193]  # FOIL\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_cameo.py"), str(sample)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "THREATEN" in out and "menace" in out
    assert "pattern_only" in out and "foil" in out


# ------------------------------------------------------------ quality gate


@pytest.mark.shared
@pytest.mark.slow
def test_plover_gold_quality(shared: Path) -> None:
    from watchfloor.evaluation.events import evaluate

    scores = evaluate(shared / "eval" / "event_coding" / "plover_gsr.jsonl")
    assert scores["sentences"] == 322
    assert scores["type_accuracy"] >= 0.56  # measured 0.571
    assert scores["type_macro_f1"] >= 0.575  # measured 0.585
    assert scores["coverage"] >= 0.85  # measured 0.867
    # measured 1.255 events per gold event (1.236 before group pronouns and "among X"
    # participants were resolved: they add a few real events the gold does not code)
    # 1.261 since issue 4's actors stage finds more actors (demonyms of policy nouns: "an
    # Indian proposal"), which adds a few events; target country F1 rose 0.429 -> 0.457
    assert scores["overcoding"] <= 1.265
    assert scores["source_text"]["f1"] >= 0.69  # measured 0.734 with the actors stage
