"""PLOVER event coding: who did what to whom, where, when, and how sure.

Triggers are found over spaCy's parse with the cue lexicon
(``knowledge/data/event_cues.yaml``): verbs (with particles: "crack down",
"call for"), nominal events ("reinforcements", "attacks") and multi-word
nominal cues ("state of alert"). Their participants come from the trigger's
dependency arguments:

* verb: actor = ``nsubj`` (or the ``agent`` of a passive; a subject-less
  ``xcomp``/``advcl``/``conj``/``acl`` verb inherits the subject of the verb
  it hangs from); recipient = ``dobj``, ``nsubjpass``, ``dative`` and the
  objects of "against", "with", "on", "to", "from", "at", "toward(s)", "upon".
* noun: actor = possessor, nationality/name modifiers, "by"; recipient =
  "against", "on", "with", "to", "of" (patient), "in"; a noun that is the
  object of a verb takes that verb's subject as actor ("X launched attacks").

Arguments are mapped to the actor mentions inside them; failing that, to
spaCy's named entities (unresolved, ``actor_id=None``); failing that, to a
generic agent noun ("troops", "protesters") as a typed unknown. An event is
emitted only when it has an actor or a recipient (precision first).

Structure rules: an event embedded in the complement of a verbal event
("agreed to provide aid", "threatened to shell") is its content, not a second
event; an intention or preparation over a conflict act codes THREATEN ("plans
to impose restrictions"), over a cooperative act AGREE; a light verb over a
nominal event gives way to the noun ("launched an investigation").

Modality and claim come from the claims stage, the date from the times stage,
the place from a non-metonymic place mention attached to the trigger by
"in"/"at"/"to"/... .
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.events import targets as event_targets
from watchfloor.extract.events.classifier import EventClassifier
from watchfloor.extract.events.coding import _code
from watchfloor.extract.events.context import _Ctx
from watchfloor.extract.events.context import _Trigger as _Trigger  # participants' import
from watchfloor.extract.events.participants import _token_at
from watchfloor.extract.events.triggers import _token_cue as _token_cue  # train_events'
from watchfloor.extract.events.triggers import _triggers
from watchfloor.extract.nlp.tokens import column
from watchfloor.extract.sentences import index_of
from watchfloor.extract.sports import sports_sentences
from watchfloor.knowledge.plover import load_plover
from watchfloor.vocab import (
    ActorMention,
    Claim,
    Document,
    Event,
    PlaceMention,
    Sentence,
    TimeRef,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.extract.cues import Cues
    from watchfloor.knowledge.actors import ActorKB
    from watchfloor.knowledge.gazetteer import Gazetteer

NAME = "events.v5"


# --------------------------------------------------------------------------- API


def find(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    document: Document,
    *,
    actor_mentions: tuple[ActorMention, ...],
    kb: ActorKB,
    place_mentions: tuple[PlaceMention, ...],
    gazetteer: Gazetteer | None,
    times: tuple[TimeRef, ...],
    claims: tuple[Claim, ...],
    cues: Cues,
    classifier: EventClassifier | None = None,
) -> tuple[Event, ...]:
    """PLOVER events of a parsed document, ids "e1", "e2"... in text order.

    With ``classifier`` (``Resources.event_model``), the learned model adds
    triggers no cue names and retypes cues (``extract.events.classifier``)."""
    del gazetteer  # places arrive resolved; the gazetteer is not needed here
    ctx = _Ctx(
        parsed=parsed,
        document=document,
        lex=cues.events,
        claim_lex=cues.claims,
        phrases=cues.phrase_matcher(parsed.vocab),
        onto=load_plover(),
        mentions_at={},
        places=[p for p in place_mentions if not p.metonymic],
        kb=kb,
        times=times,
        claims=claims,
        token_starts=column(parsed, "idx"),
        model=classifier,
    )
    for m in actor_mentions:
        ctx.mentions_at.setdefault(_token_at(ctx, m.span.start), []).append(m)
    sports = sports_sentences(parsed, cues.sports)
    drafts: list[Event] = []
    for sent_index, sent in enumerate(parsed.sents):
        where = index_of(sents, sent.start_char) if sents else sent_index
        coded = [e for e in (_code(ctx, t, where) for t in _triggers(ctx, sent)) if e]
        if not coded and classifier is not None and classifier.fallback_threshold <= 1:
            # nothing the cues name: what the model says the sentence reports, if sure
            coded = [e for e in (_code(ctx, t, where) for t in _triggers(ctx, sent, True)) if e]
        if sent_index in sports:
            # a report of a match: "beat", "crushed", "defended his title" are sports,
            # unless armed men take part ("police fired tear gas at fans after the
            # match") or someone dies
            violent = event_targets.violent_sentence(sent, ctx.lex)  # once per sentence
            coded = [
                e
                for e in coded
                if event_targets.more_than_sports(parsed, sent, ctx.lex, e, violent)
            ]
        drafts.extend(coded)
    drafts.sort(key=lambda e: (e.trigger.start, e.trigger.end))
    return tuple(_renumber(e, n) for n, e in enumerate(drafts, 1))


def _renumber(event: Event, n: int) -> Event:
    from dataclasses import replace

    return replace(event, id=f"e{n}")
