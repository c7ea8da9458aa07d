"""events: the ``events.v5`` stage: PLOVER events with who, what, to whom, where, when.

    coder       the stage: candidate triggers in the parse, their type (lexicon, rules,
                an optional learned classifier), participants, place, date, modality
                and the claim they rest on (``find``)
    context     its working records (a trigger, the document's context) and constants
    triggers    finding a sentence's triggers and the structure rules over them
    coding      coding one trigger into an Event (modality, refusals, intents, threats)
    participants  who takes part (arguments, actors, recipients) and where (the place)
    targets     who violence is against and by what means (ASSAULT or FIGHT)
    lexicon     the event cue lexicon (knowledge/data/event_cues.yaml)
    features    what a learned classifier sees of a candidate
    vectors     small word vectors the classifier reads (knowledge/data/event_vectors.*)
    classifier  the learned classifier (the shipped one: ``Resources.event_model``)

May import the layers below extract, ``extract.nlp``, ``extract.claims`` (claims
and modality) and ``extract.times`` (event dates).
"""

from __future__ import annotations

from watchfloor.extract.events.coder import NAME, find

__all__ = ["NAME", "find"]
