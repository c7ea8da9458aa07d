"""What the steps of the actors stage share: the mention being built (``Out``), the
document the in-document rules read (``Doc``), the tokens of a character span, and the
patterns several steps test."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.knowledge.actors import ActorKB, Word
from watchfloor.vocab import Dct

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Text allowed between an office title and the holder's name: "US Secretary of
# State, Mike Pompeo" / "Prime Minister Adel Abdul-Mahdi" (a comma, spaces).
TITLE_NAME_GAP = re.compile(r"^\s*,?\s*$")


# Parts of speech a typed unknown's last word must have ("official" the adjective is not one).
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
# NER labels under which a bare country name may be an actor ("Chad" the PERSON is not).
COUNTRY_ENT_LABELS = frozenset({"GPE", "NORP", "ORG"})


# Ids of generated country-class actors ("rus.cvl", "irq.gov").
COUNTRY_CLASS_ID = re.compile(r"^[a-z]{3}\.[a-z_]+$")


@dataclass(slots=True)
class Out:
    """A resolved mention being built (chars ``start``..``end``)."""

    start: int
    end: int
    aid: str
    rule: str | None = None
    count: int | None = None
    conflict: str | None = None
    title: str | None = None  # the office of a country + title mention
    form: tuple[str, ...] | None = (
        None  # the title's words that introduced it ("prime", "minister")
    )


@dataclass(frozen=True, slots=True)
class Doc:
    """What the in-document steps share."""

    parsed: SpacyDoc
    text: str
    ws: Sequence[Word]
    tok_starts: list[int]
    kb: ActorKB
    dct: Dct
    context: str | None = None  # the document's context country (rule 6)
    wstarts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.wstarts.extend(w.start for w in self.ws)

    def word_at(self, char: int) -> int:
        """Index of the word that starts at or before ``char``."""
        return max(bisect_right(self.wstarts, char) - 1, 0)

    def tokens(self, start: int, end: int) -> Any:
        return token_span(self.parsed, self.tok_starts, start, end)

    def take(self, taken: list[bool], start: int, end: int) -> None:
        for k in range(self.word_at(start), len(self.ws)):
            if self.ws[k].start >= end:
                break
            taken[k] = True


def token_span(parsed: SpacyDoc, tok_starts: list[int], start: int, end: int) -> Any:
    first = max(bisect_right(tok_starts, start) - 1, 0)
    last = max(bisect_right(tok_starts, end - 1) - 1, first)
    return parsed[first : last + 1]
