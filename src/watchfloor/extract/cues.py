"""The cue lexicons the stages read, as one value that ``Resources`` holds.

``Cues.load()`` reads the claims stage's attribution and modality lexicons
(with the scope lists of its modality walk) and the events stage's cue
lexicon from package data; ``Resources.load`` does so once per process and
passes ``res.cues`` to the stages, so what a stage reads is in ``Resources``
and a test or a worker process can hand a stage the lexicons it chooses.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.lexicon import load_lexicon as load_claim_lexicon
from watchfloor.extract.events.lexicon import EventLexicon
from watchfloor.extract.events.lexicon import load_lexicon as load_event_lexicon


@dataclass(frozen=True, repr=False)
class Cues:
    """The claims stage's cue lexicon and the events stage's."""

    claims: CueLexicon
    events: EventLexicon

    def __repr__(self) -> str:
        return f"Cues(events={len(self.events.verbs)} verbs, {len(self.events.nouns)} nouns)"

    @classmethod
    def load(cls) -> Cues:
        return cls(claims=load_claim_lexicon(), events=load_event_lexicon())
