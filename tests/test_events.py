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
from watchfloor.extract.cues import Cues
from watchfloor.extract.events.lexicon import load_lexicon, parse_lexicon
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

CUES = Cues.load()  # the packaged cue lexicons, as Resources holds them

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
        cues=CUES,
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
        cues=CUES,
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


# ------------------------------------------------ structure rules (issue 8)


def test_cooperative_act_in_future_tense_is_agree(nlp: Any) -> None:
    # PLOVER AGREE: cooperative actions reported in future tense imply intentions
    found = _run(nlp, "Germany will provide emergency aid to Sudan.")
    assert _types(found) == ["AGREE"]
    assert found[0].actor[0].entity_text == "Germany"
    assert found[0].modality is Modality.ASSERTED  # the tense is the type now
    found = _run(nlp, "Germany provided emergency aid to Sudan.")
    assert _types(found) == ["AID"]


def test_conflict_act_in_future_tense_is_threaten(nlp: Any) -> None:
    found = _run(nlp, "The Palestinian leaders said they would boycott talks with Israel.")
    assert "THREATEN" in _types(found) and "REJECT" not in _types(found)
    (threat,) = [e for e in found if e.event == "THREATEN"]
    assert threat.mode == "relations"


def test_negated_future_is_not_an_intent(nlp: Any) -> None:
    found = _run(nlp, "Syria says it will not accept any more refugees.")
    assert _types(found) == ["REJECT"]


def test_act_made_conditional_with_unless_is_threaten(nlp: Any) -> None:
    text = "Nigeria said it will withdraw its troops from Chad unless talks resume."
    found = _run(nlp, text)
    withdraw = [e for e in found if e.trigger.text == "withdraw"]
    assert withdraw and withdraw[0].event == "THREATEN"


def test_speaker_saying_another_party_must_act_is_demand(nlp: Any) -> None:
    text = "Russia said on Tuesday that Sudan must return the helicopter."
    found = _run(nlp, text)
    (demand,) = [e for e in found if e.event == "DEMAND"]
    assert [a.entity_text for a in demand.actor] == ["Russia"]
    assert [r.entity_text for r in demand.recipient] == ["Sudan"]
    assert demand.trigger.text == "must return"
    assert demand.modality is Modality.ASSERTED  # the demand was made; its content is not a fact
    assert "RETREAT" not in _types(found)  # the act demanded is the demand's content


def test_we_must_is_no_demand_on_anyone(nlp: Any) -> None:
    found = _run(nlp, "Iran said that we must defend the country.")
    assert "DEMAND" not in _types(found)


def test_government_saying_another_should_not_act_is_reject(nlp: Any) -> None:
    class _GovKB(_KB):
        def get(self, actor_id: str) -> Any:
            from watchfloor.vocab import Actor

            sector = {"irq_gov": "GOV"}.get(actor_id)
            return Actor(id=actor_id, name=actor_id, type="x", sector=sector)

    text = (
        "The Iraqi government issued a statement saying that the United States "
        "should not establish new military bases in Iraq."
    )
    doc = Document(id="t", text=text, raw=text, content_hash="t")
    parsed = nlp(text)
    found = events.find(
        parsed,
        sentences.find(parsed),
        doc,
        actor_mentions=(
            ActorMention("irq_gov", _span(text, "The Iraqi government"), 0),
            ActorMention("usa_mil", _span(text, "the United States"), 0),
        ),
        kb=_GovKB(),
        place_mentions=(),
        gazetteer=None,
        times=(),
        claims=(),
        cues=CUES,
    )
    (reject,) = [e for e in found if e.event == "REJECT"]
    assert [a.actor_id for a in reject.actor] == ["irq_gov"]
    assert [r.actor_id for r in reject.recipient] == ["usa_mil"]
    assert reject.trigger.text == "should not establish"
    assert reject.modality is Modality.ASSERTED
    # the claims stage may make the statement a claim of the government's: the
    # REJECT is the government's own act of saying, which the text asserts
    from watchfloor.vocab import Claim, Source, SourceKind

    statement = Claim(
        id="c1",
        span=_span(text, text[text.index("a statement") : -1]),
        sentence=0,
        modality=Modality.REPORTED,
        cue=_span(text, "issued"),
        sources=(
            Source(
                "The Iraqi government", SourceKind.GROUP, span=_span(text, "The Iraqi government")
            ),
        ),
    )
    found = events.find(
        parsed,
        sentences.find(parsed),
        doc,
        actor_mentions=(
            ActorMention("irq_gov", _span(text, "The Iraqi government"), 0),
            ActorMention("usa_mil", _span(text, "the United States"), 0),
        ),
        kb=_GovKB(),
        place_mentions=(),
        gazetteer=None,
        times=(),
        claims=(statement,),
        cues=CUES,
    )
    (reject,) = [e for e in found if e.event == "REJECT"]
    assert reject.modality is Modality.ASSERTED and reject.claim is None
    # said by a party that is not a government, the same words are a DEMAND
    found = _run(nlp, text, actors={"The Iraqi government": "irq_party"})
    assert "DEMAND" in _types(found) and "REJECT" not in _types(found)


def test_reversal_verbs_code_the_reversed_act(nlp: Any) -> None:
    found = _run(nlp, "The government lifted the curfew in Khartoum.")
    assert _types(found) == ["CONCEDE"]  # PLOVER CONCEDE: remove curfews
    found = _run(nlp, "The Israeli army lifted the blockade on Gaza.")
    assert _types(found) == ["RETREAT"]  # CAMEO 0872: ease military blockade
    found = _run(nlp, "The French minister cancelled a visit to Haiti.")
    assert _types(found) == ["SANCTION"]  # PLOVER SANCTION: cancellation of meetings


def test_threat_to_end_talks_is_threaten_relations(nlp: Any) -> None:
    found = _run(nlp, "Russia has threatened to stop negotiations with the United States.")
    assert _types(found) == ["THREATEN"]
    assert found[0].mode == "relations"


def test_failing_to_agree_is_reject(nlp: Any) -> None:
    found = _run(nlp, "Palestinians and Israelis failed to reach agreement on Sunday.")
    assert _types(found) == ["REJECT"]
    assert {a.entity_text for a in found[0].actor} == {"Palestinians", "Israelis"}


def test_the_act_named_by_a_noun_wins_over_its_effect(nlp: Any) -> None:
    found = _run(nlp, "Three civilians have been killed in a suicide bombing in Baghdad.")
    assert _types(found) == ["ASSAULT"]
    assert found[0].mode == "suicide-attack"
    found = _run(nlp, "Rebels killed three soldiers near the border.")
    assert _types(found) == ["FIGHT"]


def test_purpose_clause_is_not_a_second_event(nlp: Any) -> None:
    found = _run(nlp, "Young Algerians blocked roads on Sunday to demand greater freedom.")
    assert _types(found) == ["PROTEST"]
    assert found[0].mode == "obstruct"


def test_verb_object_cue_needs_its_object(nlp: Any) -> None:
    found = _run(nlp, "Uganda has granted political asylum to Rwandan rebels.")
    assert _types(found) == ["AID"]
    assert _run(nlp, "Uganda has granted a licence to Rwandan companies.") == ()


def test_pronoun_subject_of_reported_speech_is_the_speaker(nlp: Any) -> None:
    found = _run(nlp, "The Fijian rebels said they will release the prime minister.")
    assert _types(found) == ["AGREE"]
    assert found[0].actor and found[0].actor[0].entity_text in "The Fijian rebels"
    assert found[0].actor[0].span is not None and found[0].actor[0].span.start < 17
    # a pronoun outside reported speech is left alone (no antecedent guessed)
    found = _run(nlp, "They attacked the village.", actors={"the village": "usa_mil"})
    assert found[0].actor == ()


def test_coordinated_effects_of_one_act_are_one_event(nlp: Any) -> None:
    text = "A roadside bombing near Samarra killed one soldier and wounded two others."
    found = _run(nlp, text)
    assert _types(found) == ["ASSAULT"]
    assert found[0].mode == "explosives"


def test_possessive_pronoun_actor_falls_back_to_the_verb_subject(nlp: Any) -> None:
    found = _run(nlp, "Islamic fundamentalists continued their hunger strike.")
    assert _types(found) == ["PROTEST"]
    assert found[0].actor and found[0].actor[0].entity_text != "their"


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
    """Issues 8 and 18 (acceptance 1). Records split by sha1(id) mod 10 >= 7 = held-out;
    rules were tuned on dev only (before the split, cue curation read every
    record: see docs/quality.md). Pins sit about one point below the measure."""
    from watchfloor.evaluation.events import evaluate

    path = shared / "eval" / "event_coding" / "plover_gsr.jsonl"
    dev = evaluate(path, split="dev")
    held = evaluate(path, split="heldout")
    assert (dev["sentences"], held["sentences"]) == (228, 94)
    # Measured as the pipeline runs, with the places stage (since the event-place
    # round: places take some words that were read as actors before, e.g. "in Tokyo").
    # Issue 18 (violence typed by target and means, news report kinds, counts and
    # generic persons as participants, acts reported alone), tuned on dev only:
    # dev: accuracy 0.794, macro F1 0.785, coverage 0.908, 1.228 events and 0.412
    # spurious events per sentence; event place P/R/F1 0.317/0.613/0.418
    assert dev["type_accuracy"] >= 0.785
    assert dev["type_macro_f1"] >= 0.775
    assert dev["coverage"] >= 0.895
    # with the shipped classifier (issue 18, learned round; trained on dev, so dev is
    # in-sample): accuracy 0.820, macro F1 0.811, coverage 0.934, 1.250 events, 0.408
    # spurious per sentence
    assert dev["overcoding"] <= 1.26
    assert dev["spurious_per_sentence"] <= 0.43
    assert dev["source_text"]["f1"] >= 0.82  # measured 0.831
    assert dev["target_text"]["f1"] >= 0.535  # measured 0.548
    assert dev["event_place"]["f1"] >= 0.405  # measured 0.418
    # held-out (the figure to quote; issue 18 goal: macro F1 >= 0.70): accuracy 0.734,
    # macro F1 0.716, coverage 0.957, 1.404 events and 0.660 spurious per sentence;
    # with the shipped classifier (events.v3): accuracy 0.734, macro F1 0.709, coverage
    # 0.968, 1.394 events, 0.649 spurious; source/target text F1 0.777/0.620, place 0.195
    assert held["type_accuracy"] >= 0.72
    assert held["type_macro_f1"] >= 0.705
    assert held["coverage"] >= 0.945
    assert held["overcoding"] <= 1.42
    assert held["spurious_per_sentence"] <= 0.675
    assert held["source_text"]["f1"] >= 0.76  # measured 0.770
    assert held["target_text"]["f1"] >= 0.60  # measured 0.612
    assert held["source_country"]["f1"] >= 0.705  # measured 0.719
    assert held["event_place"]["f1"] >= 0.14  # measured 0.154


def test_split_is_fixed_by_record_id() -> None:
    from watchfloor.evaluation.events import in_split

    ids = [f"PLOVER-GSR01-AGREE-{n:04d}" for n in range(1, 41)]
    held = [i for i in ids if in_split(i, "heldout")]
    assert held and len(held) < len(ids)
    assert all(in_split(i, "dev") != in_split(i, "heldout") for i in ids)
    assert all(in_split(i, "all") for i in ids)
    assert held == [i for i in ids if in_split(i, "heldout")]  # deterministic


def test_forces_that_move_are_the_actor_of_a_nominal_trigger(nlp: Any) -> None:
    text = "Reports have emerged of mysterious movements of US military convoys in Iraq."
    found = _run(nlp, text, actors={"US military convoys": "usa_mil"})
    (mob,) = [e for e in found if e.trigger.text == "movements"]
    assert [r.actor_id for r in mob.actor] == ["usa_mil"] and not mob.recipient
    found = _run(nlp, "The withdrawal of US troops began.", actors={"US troops": "usa_mil"})
    (ret,) = [e for e in found if e.trigger.text == "withdrawal"]
    assert [r.actor_id for r in ret.actor] == ["usa_mil"]


def test_event_place_from_its_arguments_and_its_head_event(nlp: Any) -> None:
    text = "Militants attacked an army base in Kirkuk, killing two soldiers."
    found = _run(nlp, text, actors={"Militants": "irq_mil"}, places=[("Kirkuk", False)])
    assert found and all(e.event_loc and e.event_loc.span.text == "Kirkuk" for e in found)
    text = "Gunmen clashed with Iraqi forces near Kirkuk."
    found = _run(nlp, text, actors={"Iraqi forces": "irq_mil"}, places=[("Kirkuk", False)])
    assert found[0].event_loc is not None
    # a place named as an actor is no location
    found = _run(nlp, text, actors={"Iraqi forces": "irq_mil"}, places=[("Kirkuk", True)])
    assert found[0].event_loc is None


# ------------------------------------------------- issue 18: violence and news reports


def _one(found: tuple[Event, ...], ptype: str) -> Event:
    hits = [e for e in found if e.event == ptype]
    assert len(hits) == 1, [(e.event, e.trigger.text) for e in found]
    return hits[0]


def test_violence_against_civilians_is_assault_between_armed_forces_fight(nlp: Any) -> None:
    assault = _one(_run(nlp, "Gunmen killed five villagers on Monday."), "ASSAULT")
    assert [r.entity_text for r in assault.recipient] == ["villagers"]
    assert _types(_run(nlp, "Gunmen killed five soldiers on Monday.")) == ["FIGHT"]


def test_conventional_military_force_stays_fight_whoever_it_hits(nlp: Any) -> None:
    found = _run(nlp, "Russian aircraft killed 46 civilians near Herat.")
    assert _types(found) == ["FIGHT"]  # as the PLOVER gold records code aerial attacks


def test_unconventional_means_make_an_assault_and_effects_are_one_act(nlp: Any) -> None:
    text = "A suicide bomber blew himself up at a market, killing 12 worshippers."
    found = _run(nlp, text)
    assert _types(found) == ["ASSAULT"]
    assert found[0].mode == "suicide-attack"
    assert [r.entity_text for r in found[0].recipient] == ["worshippers"]


def test_security_forces_firing_on_a_crowd_is_one_assault(nlp: Any) -> None:
    found = _run(nlp, "Security forces opened fire on demonstrators, killing three.")
    event = _one(found, "ASSAULT")
    assert {r.entity_text for r in event.recipient} == {"demonstrators", "three"}


def test_agentless_passive_with_a_count_is_coded(nlp: Any) -> None:
    event = _one(_run(nlp, "Three were abducted near the village on Sunday."), "ASSAULT")
    assert event.mode == "abduct" and event.actor == ()
    assert event.recipient[0].entity_text == "Three"


def test_verbless_headline_reports_its_act(nlp: Any) -> None:
    text = "Suicide bombing at a market in Kabul"
    event = _one(_run(nlp, text, places=[("Kabul", False)]), "ASSAULT")
    assert event.mode == "suicide-attack" and event.actor == event.recipient == ()
    assert event.event_loc is not None and event.event_loc.span.text == "Kabul"


def test_people_seized_by_gunmen_are_abducted_weapons_seized_confiscated(nlp: Any) -> None:
    assert _one(_run(nlp, "Gunmen seized three aid workers."), "ASSAULT").mode == "abduct"
    found = _run(nlp, "Troops seized a cache of weapons and defused two bombs.")
    assert _types(found) == ["COERCE", "COERCE"]
    assert {e.mode for e in found} == {"confiscate"}


def test_property_blown_up_is_coerce_destroy(nlp: Any) -> None:
    event = _one(_run(nlp, "Rebels blew up three power lines last month."), "COERCE")
    assert event.mode == "destroy"


def test_crowds_protesting_and_rioting(nlp: Any) -> None:
    assert _one(_run(nlp, "Hundreds protested in the capital."), "PROTEST").mode == "demo"
    assert _one(_run(nlp, "Rioters torched several shops."), "PROTEST").mode == "riot"
    # a government's diplomatic protest stays a DISAPPROVE
    assert _types(_run(nlp, "France protested to Iran.")) == ["DISAPPROVE"]


def test_base_set_up_is_mobilize(nlp: Any) -> None:
    assert _one(_run(nlp, "Militants set up a base in the village."), "MOBILIZE").mode == "troops"


def test_verb_the_lemmatizer_misreads_still_cues(nlp: Any) -> None:
    event = _one(_run(nlp, "A woman was raped by soldiers."), "ASSAULT")  # lemma "rap"
    assert event.mode == "sexual"
    assert event.actor[0].entity_text == "soldiers"


def test_people_in_a_place_are_not_the_place(nlp: Any) -> None:
    text = "Gunmen killed five villagers in northern Nigeria."
    found = _run(nlp, text, actors={"Nigeria": "nga"}, places=[("northern Nigeria", False)])
    event = _one(found, "ASSAULT")
    assert [r.entity_text for r in event.recipient] == ["villagers"]


# ------------------------------------------------- ACLED-style reports (issue 18)


def test_organised_crime_and_theft_are_crime(nlp: Any) -> None:
    text = "Police arrested five members of a cocaine smuggling ring."
    assert _types(_run(nlp, text)) == ["CRIME"]
    assert _types(_run(nlp, "Police arrested five opposition activists.")) == ["COERCE"]
    assert _types(_run(nlp, "Customs officers seized a tonne of heroin.")) == ["CRIME"]
    assert _types(_run(nlp, "Poachers killed three elephants.")) == ["CRIME"]
    assert _types(_run(nlp, "Looters broke into shops.")) == ["CRIME"]
    assert _types(_run(nlp, "Bandits killed three farmers.")) == ["ASSAULT"]


def test_looting_by_crowd_armed_men_or_thieves(nlp: Any) -> None:
    assert _one(_run(nlp, "A mob looted shops in the market."), "PROTEST").mode == "riot"
    assert _types(_run(nlp, "Soldiers looted a health centre.")) == ["COERCE"]
    assert _types(_run(nlp, "Thieves looted a warehouse.")) == ["CRIME"]
    assert _one(_run(nlp, "Protesters clashed with police."), "PROTEST").mode == "riot"


def test_ground_seized_is_fight_a_police_raid_coerce(nlp: Any) -> None:
    assert _one(_run(nlp, "Rebels seized the town of Kalehe."), "FIGHT").mode == "occupy"
    assert _types(_run(nlp, "Police raided the home of an opposition leader.")) == ["COERCE"]


def test_headlines_with_a_count_or_an_agent(nlp: Any) -> None:
    event = _one(_run(nlp, "Four killed in Kano blast"), "ASSAULT")
    assert event.mode == "explosives" and event.recipient[0].entity_text == "Four"
    event = _one(_run(nlp, "Grenade thrown at a bar in the capital"), "ASSAULT")
    assert event.mode == "explosives"
    event = _one(_run(nlp, "Hostages freed by rebels"), "RETREAT")
    assert [a.entity_text for a in event.actor] == ["rebels"]
    assert [r.entity_text for r in event.recipient] == ["Hostages"]


def test_means_as_subject_is_an_assault(nlp: Any) -> None:
    event = _one(_run(nlp, "A roadside bomb exploded near a market."), "ASSAULT")
    assert event.mode == "explosives" and event.actor == event.recipient == ()


def test_verb_object_sets_and_passive_objects(nlp: Any) -> None:
    event = _one(_run(nlp, "Militants destroyed a telecom mast."), "COERCE")
    assert event.mode == "destroy"
    assert _types(_run(nlp, "Soldiers established a new outpost.")) == ["MOBILIZE"]
    assert _types(_run(nlp, "The troops vacated their base.")) == ["RETREAT"]
    assert _types(_run(nlp, "Troops were sent to the border.")) == ["MOBILIZE"]


def test_sanctions_by_restriction_and_cut_ties(nlp: Any) -> None:
    text = "The United States imposed trade restrictions on Cuba."
    assert _types(_run(nlp, text, actors={"United States": "usa", "Cuba": "cub"})) == ["SANCTION"]
    text = "Kenya cut diplomatic ties with Somalia."
    assert _types(_run(nlp, text, actors={"Kenya": "ken", "Somalia": "som"})) == ["SANCTION"]


def test_signed_peace_is_agree_other_agreements_support(nlp: Any) -> None:
    actors = {"Chad": "tcd", "Sudan": "sdn"}
    text = "Chad and Sudan signed a ceasefire agreement."
    assert _types(_run(nlp, text, actors=actors)) == ["AGREE"]
    text = "Chad and Sudan signed a trade agreement."
    assert _types(_run(nlp, text, actors=actors)) == ["SUPPORT"]


def test_violence_between_unarmed_people_is_assault(nlp: Any) -> None:
    assert _types(_run(nlp, "A man shot his neighbour.")) == ["ASSAULT"]
    assert _types(_run(nlp, "Armed men attacked an army post.")) == ["FIGHT"]


def test_mishaps_and_ceremonies_are_no_event(nlp: Any) -> None:
    assert _run(nlp, "Floods destroyed hundreds of houses.") == ()
    assert _run(nlp, "A truck overturned on the road, killing six.") == ()
    assert _run(nlp, "A fire destroyed the market.") == ()
    assert _types(_run(nlp, "Militants destroyed the market.")) == ["COERCE"]
    assert "PROTEST" not in _types(_run(nlp, "The ruling party held a campaign rally."))


def test_verb_object_sets_expand_every_pair() -> None:
    lex = parse_lexicon(
        {
            "property_nouns": {"lemmas": ["mast", "shop"]},
            "verb_object_sets": [
                {
                    "type": "COERCE",
                    "mode": "destroy",
                    "verbs": ["burn"],
                    "objects_from": "property_nouns",
                },
                {"type": "MOBILIZE", "verbs": ["set", "man"], "objects": ["base"]},
            ],
            "verb_objects": [{"type": "PROTEST", "mode": "riot", "lemmas": ["burn shop"]}],
        }
    )
    assert lex.verb_objects["burn mast"].type == "COERCE"
    assert lex.verb_objects["burn shop"].type == "PROTEST"  # the explicit pair wins
    assert {"set base", "man base"} <= set(lex.verb_objects)
    with pytest.raises(ConfigError):
        parse_lexicon({"verb_object_sets": [{"type": "COERCE"}]})


def test_lexicon_person_types_and_means() -> None:
    lex = load_lexicon()
    assert lex.person_types["villager"] == "civilian"
    assert lex.person_types["soldier"] == "armed"
    assert lex.violence_means["grenade"] == "explosives"
    with pytest.raises(ConfigError):
        parse_lexicon({"violence_means": {"tickling": ["feather"]}})


# ------------------------------------------------------------ the event classifier


def _tiny_model(add: float, fallback: float, alone: float = 1.01) -> Any:
    """A hand-made two-class model: the feature "l=zap" says FIGHT, nothing else does."""
    import numpy as np

    from watchfloor.extract.events.classifier import from_arrays
    from watchfloor.extract.events.features import TENSOR_WIDTH

    weights = np.zeros((1 + TENSOR_WIDTH + 1, 2), dtype=np.float32)
    weights[0] = [0.0, 10.0]  # "l=zap" -> FIGHT
    weights[-1] = [3.0, 0.0]  # the bias says NONE
    meta = {
        "classes": ["NONE", "FIGHT"],
        "features": ["l=zap"],
        "nouns": [],
        "person_types": {},
        "add_threshold": add,
        "retype_threshold": 1.01,
        "fallback_threshold": fallback,
        "alone_threshold": alone,
    }
    return from_arrays(meta, weights)


def _find(nlp: Any, text: str, classifier: Any) -> tuple[Event, ...]:
    doc = Document(id="t", text=text, raw=text, content_hash="t")
    parsed = nlp(text)
    return events.find(
        parsed,
        sentences.find(parsed),
        doc,
        actor_mentions=(),
        kb=_KB(),
        place_mentions=(),
        gazetteer=None,
        times=(),
        claims=(),
        cues=CUES,
        classifier=classifier,
    )


def test_classifier_adds_what_no_cue_names(nlp: Any) -> None:
    text = "The rebels zapped the village."
    assert _find(nlp, text, None) == ()
    found = _find(nlp, text, _tiny_model(add=0.9, fallback=1.01))
    assert _types(found) == ["FIGHT"] and found[0].trigger.text == "zapped"
    assert found[0].actor[0].entity_text == "rebels"
    assert _find(nlp, text, _tiny_model(add=1.01, fallback=1.01)) == ()  # off
    assert _types(_find(nlp, text, _tiny_model(add=1.01, fallback=0.9))) == ["FIGHT"]


def test_classifier_fallback_only_where_the_cues_coded_nothing(nlp: Any) -> None:
    text = "The rebels attacked the town and zapped the village."
    found = _find(nlp, text, _tiny_model(add=1.01, fallback=0.9))
    assert [e.trigger.text for e in found] == ["attacked"]


def test_classifier_keeps_an_event_with_no_participant_only_when_sure(nlp: Any) -> None:
    """An unresolved pronoun is no participant: the rules drop the act, the model's
    event probability (1 - p(NONE)) at or above alone_threshold keeps it."""
    text = "It zapped the."
    assert _find(nlp, text, _tiny_model(add=0.9, fallback=1.01)) == ()
    found = _find(nlp, text, _tiny_model(add=0.9, fallback=1.01, alone=0.9))
    assert _types(found) == ["FIGHT"] and found[0].actor == () and found[0].recipient == ()


def test_shipped_classifier_loads_with_its_vectors() -> None:
    """The shipped model (Resources.event_model) and its word vectors match their digests;
    a vector slot reads the word of the feature naming it."""
    from watchfloor.extract.events.classifier import load_shipped
    from watchfloor.extract.events.vectors import SLOTS

    model = load_shipped()
    assert model.vectors is not None and model.classes[0] == "NONE"
    assert model.fallback_threshold <= 1  # cross-validation chose to use it
    width = model.vectors.width
    slots = model.vectors.slots(["l=kidnap", "dobj=villager", "pos=VERB"])
    assert slots.shape == (len(SLOTS) * width,)
    assert slots[:width].any() and slots[width : 2 * width].any()
    assert not slots[2 * width :].any()  # no subject
    row = model.vectors.index["kidnap"]
    assert (slots[:width] == model.vectors.table[row]).all()


def test_classifier_weights_must_match_their_digest(tmp_path: Path) -> None:
    from watchfloor.extract.events.classifier import MODEL_JSON, MODEL_NPY, load_classifier

    (tmp_path / MODEL_JSON).write_text('{"weights_sha256": "0"}', encoding="utf-8")
    (tmp_path / MODEL_NPY).write_bytes(b"\x93NUMPY")
    with pytest.raises(ConfigError):
        load_classifier(tmp_path)


def test_cameo_patterns_prefer_a_matching_pattern(nlp: Any, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import cameo_patterns

    sample = tmp_path / "cameo.txt"
    sample.write_text(
        "&WEAPON\n+GUN\n+RIFLE\n\n####### VERB PATTERNS #######\n"
        "---  SEIZE   [---]  ---\nGRAB\n- * &WEAPON   [1721]  # GRAB\n\n"
        "---  HIT   [190]  ---\nHIT\n",
        encoding="utf-8",
    )
    verbs = cameo_patterns.load(sample)
    onto = load_plover()

    def code(text: str, verb: str) -> tuple[str | None, bool]:
        return verbs.match(next(t for t in nlp(text) if t.text == verb))

    assert code("Police grabbed two rifles.", "grabbed") == ("1721", True)
    assert code("Police grabbed the bus.", "grabbed") == ("---", False)
    assert code("Rebels hit the town.", "hit") == ("190", False)
    assert cameo_patterns.plover_type("1721", onto) == "COERCE"
    assert cameo_patterns.plover_type("---", onto) is None


@pytest.mark.shared
@pytest.mark.slow
def test_training_is_reproducible_bit_for_bit(shared: Path, tmp_path: Path) -> None:
    """Issue 18, acceptance 5, on a subset: two trainings give the same weights."""
    script = str(ROOT / "scripts" / "train_events.py")
    args = ["--shared", str(shared), "--news-share", "0.02", "--folds", "0", "--out", str(tmp_path)]
    subprocess.run([sys.executable, script, *args], check=True, capture_output=True)
    again = subprocess.run(
        [sys.executable, script, *args, "--check"], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
    from watchfloor.extract.events.classifier import load_classifier

    model = load_classifier(tmp_path)
    assert model.classes[0] == "NONE" and len(model.classes) == 20


def test_written_training_sentences_are_well_formed() -> None:
    """scripts/data/event_sentences.tsv: a PLOVER type (or NONE), a trigger word the
    sentence contains, no sentence twice, and each of the nine news classes present."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_events

    recs = train_events.written_records()
    types = set(load_plover().types) | {"NONE"}
    assert len(recs) >= 250 and len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert r["label"] in types, r
        assert r["trigger"].lower() in r["text"].lower(), r
    labels = [r["label"] for r in recs]
    for t in ("FIGHT", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "SANCTION", "CRIME"):
        assert labels.count(t) >= 20, t
    assert labels.count("NONE") >= 40


def test_cached_parses_keep_the_tensor_the_classifier_reads(
    nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DocBin keeps no doc.tensor: the evaluations' parse cache recomputes it, so a
    gate scores the classifier as the pipeline runs it (fresh parses)."""
    from watchfloor.evaluation.corpus import parsed

    monkeypatch.setenv("WATCHFLOOR_EVAL_CACHE", str(tmp_path))
    texts = ["Gunmen abducted 23 passengers on the highway."]
    fresh = parsed(texts, nlp)
    again = parsed(texts, nlp)  # from the cache
    assert list(tmp_path.iterdir())
    assert again[0].tensor.shape == fresh[0].tensor.shape == (len(fresh[0]), 96)
    assert (again[0].tensor == fresh[0].tensor).all()
