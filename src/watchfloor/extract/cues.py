"""The cue lexicons the stages read, as one value that ``Resources`` holds.

``Cues.load()`` reads the claims stage's attribution and modality lexicons
(with the scope lists of its modality walk), the events stage's cue
lexicon and the sports register's lexicon (``extract.sports``) from package data; ``Resources.load`` does so once per process and
passes ``res.cues`` to the stages, so what a stage reads is in ``Resources``
and a test or a worker process can hand a stage the lexicons it chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.lexicon import load_lexicon as load_claim_lexicon
from watchfloor.extract.events.lexicon import EventLexicon, phrase_matcher
from watchfloor.extract.events.lexicon import load_lexicon as load_event_lexicon
from watchfloor.extract.sports import SportsLexicon
from watchfloor.extract.sports import load_lexicon as load_sports_lexicon


@dataclass(frozen=True, repr=False)
class Cues:
    """The claims stage's cue lexicon, the events stage's, and the sports register's
    (read by the events and actors stages)."""

    claims: CueLexicon
    events: EventLexicon
    sports: SportsLexicon
    # id(vocab) -> (vocab, the events' PhraseMatcher for it): built on first use
    _matchers: dict[int, tuple[Any, Any]] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:
        return f"Cues(events={len(self.events.verbs)} verbs, {len(self.events.nouns)} nouns)"

    @classmethod
    def load(cls) -> Cues:
        return cls(
            claims=load_claim_lexicon(), events=load_event_lexicon(), sports=load_sports_lexicon()
        )

    def phrase_matcher(self, vocab: Any) -> Any:
        """The events stage's PhraseMatcher over its multi-word cues, for this spaCy vocab."""
        held = self._matchers.get(id(vocab))
        if held is None or held[0] is not vocab:
            held = (vocab, phrase_matcher(vocab, self.events))
            self._matchers[id(vocab)] = held
        return held[1]
