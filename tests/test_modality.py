"""Local modality: each marker scoped to the event it governs (issue 18).

The sentences are written for these tests; the TimeBank figures are pinned in
tests/test_claims.py::test_modality_timebank_quality.
"""

from __future__ import annotations

from typing import Any

import pytest

from watchfloor.extract import claims, sentences
from watchfloor.extract.claims.modality import local_modality
from watchfloor.extract.cues import Cues
from watchfloor.vocab import Document, Modality

CUES = Cues.load()  # the packaged cue lexicons, as Resources holds them

A, R, D, S, P, Q, C = (
    Modality.ASSERTED,
    Modality.REPORTED,
    Modality.DENIED,
    Modality.SPECULATED,
    Modality.PLANNED,
    Modality.DEMANDED,
    Modality.CONDITIONAL,
)


def _modality(nlp: Any, text: str, trigger: str) -> tuple[Modality, str | None]:
    parsed = nlp(text)
    doc = Document(id="t", text=text, raw=text, content_hash="x", outlet="Example News")
    found = claims.find(parsed, sentences.find(parsed), doc, (), None, CUES.claims)
    tok = next(t for t in parsed if t.text == trigger)
    modality, cue = local_modality(parsed, tok.i, claims.claim_at(found, tok.idx), CUES.claims)
    return modality, cue.text if cue is not None else None


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a negation marks its own word, not what that word embeds
        ("They don't want to fight.", "want", D),
        ("They don't want to fight.", "fight", S),
        ("Iran does not plan to attack Israel.", "attack", S),
        ("Talks are not expected to resume before May.", "resume", S),
        ("There isn't any plan to advance past the river.", "advance", S),
        ("I don't think that the army would attack.", "attack", S),
        ("The troops were not involved in the fighting.", "fighting", A),
        # ... but passes through what only carries tense and polarity
        ("It's not going to change.", "change", D),
        ("The purpose isn't to invade the country.", "invade", D),
        ("The army did not carry out an attack.", "attack", D),
        ("The army has yet to withdraw its troops.", "withdraw", D),
        ("The army will hold talks with the rebels.", "talks", P),
        ("The minister is to visit Moscow next week.", "visit", P),
        # coordination: a disjunct and a shared auxiliary, not a later clause
        ("The rebels did not attack or shell the town.", "shell", D),
        ("The rebels did not attack the town and withdrew.", "withdrew", A),
        ("The rebels could break through and destroy the bridge.", "destroy", S),
        # negative arguments, determiners and prepositions
        ("No troops were moved to the border.", "moved", D),
        ("Nobody was hurt in the explosion.", "hurt", D),
        ("Nobody was hurt in the explosion.", "explosion", A),
        ("There were no casualties.", "casualties", D),
        ("There were no immediate reports of casualties.", "casualties", S),
        ("They attacked without warning.", "warning", D),
        ("They want the destruction of the army, not just the liberation of Kuwait.",
         "liberation", P),
        # denial: its clause and a claim noun's content, not a refused object
        ("The ministry denied that troops tried to storm the building.", "tried", D),
        ("The ministry denied that troops tried to storm the building.", "storm", S),
        ("The ministry denied that troops attacked the base, which was built in 2003.",
         "built", R),
        ("The ministry denied reports that troops attacked the base.", "attacked", D),
        ("The ministry denied reports that troops attacked the base.", "reports", R),
        ("The ministry dismissed reports of clashes near the border.", "clashes", D),
        ("The army denied any involvement in the attack.", "attack", R),
        ("The government rejected the proposals.", "proposals", R),
        ("Aid convoys were denied access to the city.", "access", R),
        ("Troops attacked the base, the ministry denied.", "attacked", D),
        ("The army did not deny that it shelled the town.", "shelled", S),
        # hedges: over the clause they embed, not over an adjunct or an object's things
        ("Officials said the army may have shelled the town after the talks.", "talks", R),
        ("The army may have shelled the town, killing five.", "killing", S),
        ("The army may move its operations further north.", "operations", A),
        ("The militia could start hostilities.", "hostilities", S),
        ("Iraq can strike Tel Aviv.", "strike", S),
        ("Iraq can't strike Tel Aviv.", "strike", D),
        ("He asked whether the troops had withdrawn.", "withdrawn", S),
        ("They accused Iran of attacking the tankers.", "attacking", S),
        # governing words take their own complements only
        ("Protesters called for a ceasefire.", "ceasefire", Q),
        ("Protesters called for an end to the attacks.", "attacks", R),
        ("Saddam called Bush a liar.", "liar", R),
        ("The aim is to restore order.", "restore", P),
        ("If the rebels attack the city, the army will respond.", "attack", C),
    ],
)  # fmt: skip
def test_scope(nlp, text: str, trigger: str, expected: Modality) -> None:
    assert _modality(nlp, text, trigger)[0] is expected


def test_cue_is_the_word_that_scopes(nlp) -> None:
    assert _modality(nlp, "Talks are not expected to resume.", "resume") == (S, "expected")
    assert _modality(nlp, "No troops were moved.", "moved") == (D, "troops")
    assert _modality(nlp, "The army did not carry out an attack.", "attack") == (D, "not")


def test_claim_modality_reaches_only_its_content_head(nlp) -> None:
    text = (
        "Two officials told reporters that the army was moving tanks after the talks. "
        "The minister said these reports remain unconfirmed."
    )
    assert _modality(nlp, text, "moving")[0] is S  # the earlier claim, hedged later
    assert _modality(nlp, text, "talks")[0] is R  # an adjunct of it: only attributed


def test_factuality_mapping() -> None:
    from watchfloor.evaluation.modality import gold_factuality, our_factuality

    assert gold_factuality(False, None) == (True, True)
    assert gold_factuality(True, None) == (True, False)
    assert gold_factuality(False, "may") == (False, True)
    assert gold_factuality(False, "(future tense)") == (True, True)
    assert gold_factuality(False, "would") == (True, True)
    assert gold_factuality(False, "would", would_certain=False) == (False, True)
    assert our_factuality(Modality.DENIED) == (True, False)
    assert our_factuality(Modality.PLANNED) == (True, True)
    assert our_factuality(Modality.DEMANDED) == (False, True)
    assert our_factuality(Modality.REPORTED) == (True, True)


def test_slink_labels() -> None:
    from watchfloor.evaluation.modality import _slink_labels

    record = {
        "gold": {
            "slinks": [
                {"source": "e1", "target": "e2", "reltype": "MODAL"},
                {"source": "e3", "target": "e4", "reltype": "NEG_EVIDENTIAL"},
                {"source": "e5", "target": "e6", "reltype": "EVIDENTIAL"},
            ]
        }
    }
    assert _slink_labels(record) == ({"e2"}, {"e4"})
