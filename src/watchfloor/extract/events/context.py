"""The events stage's working records: a candidate trigger (``_Trigger``), what coding
a document needs (``_Ctx``), and the structure rules' constants (``events.coder``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.events.classifier import EventClassifier
from watchfloor.extract.events.lexicon import Cue, EventLexicon
from watchfloor.knowledge.plover import Ontology
from watchfloor.vocab import (
    ActorMention,
    Claim,
    Document,
    PlaceMention,
    TimeRef,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB


# Complement dependencies: an event there is the content of the verbal event above it.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj"})
# Quad classes of verbal events, whose complement is their content (PLOVER README).
VERBAL_QUADS = frozenset({1, 3})
# Cooperative verbal types whose negation by their own actor is a refusal (REJECT).
REFUSABLE = frozenset({"AGREE", "CONCEDE", "SUPPORT", "CONSULT"})
# Conflict quad classes: an intention to do one of these is a THREATEN.
CONFLICT_QUADS = frozenset({3, 4})
# Modals that, with an "if"/"unless" clause of their own, make an act a threat.
CONDITIONAL_MODALS = frozenset({"may", "might", "could", "can"})
# Determiners that make a nominal event a mere possibility ("any clash").
HYPOTHETICAL_DETERMINERS = frozenset({"any", "whatever", "whichever"})


@dataclass
class _Trigger:
    tok: Any  # the spaCy token anchoring the trigger
    cue: Cue
    start: int  # character span of the cue words
    end: int
    nominal: bool
    intent_of: Any | None = None  # the embedded trigger token, for intent events
    said_by: Any | None = None  # the verb of saying, for "X said Y must ..." demands
    drop: bool = False
    absorbed: list[Any] = field(default_factory=list)  # effect verbs of the same act


@dataclass
class _Ctx:
    parsed: SpacyDoc
    document: Document
    lex: EventLexicon
    claim_lex: CueLexicon  # the claims stage's markers, for each event's local modality
    phrases: Any  # the PhraseMatcher over the lexicon's multi-word cues (Cues.phrase_matcher)
    onto: Ontology
    mentions_at: dict[int, list[ActorMention]]  # first token index -> mentions
    places: list[PlaceMention]
    kb: ActorKB
    times: tuple[TimeRef, ...]
    claims: tuple[Claim, ...]
    token_starts: list[int] = field(default_factory=list)
    model: EventClassifier | None = None
    event_p: dict[int, float] = field(default_factory=dict)  # the model's, by token index
