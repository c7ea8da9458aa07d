"""Sentences of the clean text, as spaCy's parser splits them, and which sentence
holds a position (``index_of`` a character, ``of_token`` a token): the sentences'
starts are built once per document and bisected."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from watchfloor.extract.nlp.tokens import derived
from watchfloor.vocab import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

NAME = "sentences.v1"


def find(parsed: SpacyDoc) -> tuple[Sentence, ...]:
    """Sentence boundaries of a parsed spaCy Doc, as character offsets."""
    return tuple(
        Sentence(index=i, start=s.start_char, end=s.end_char) for i, s in enumerate(parsed.sents)
    )


def position(starts: Sequence[int], offset: int) -> int:
    """The index of the sentence holding ``offset``, given the sentences' sorted
    starts in the same unit (characters or tokens); 0 if before all."""
    return max(bisect_right(starts, offset) - 1, 0)


# The sentences asked about last and their character starts: the stages ask for one
# sentence per mention, event and claim, always of the document being read.
_last: tuple[tuple[Sentence, ...], list[int]] | None = None


def index_of(sents: tuple[Sentence, ...], offset: int) -> int:
    """The index of the sentence containing character ``offset`` (0 if before all)."""
    global _last
    last = _last
    if last is None or last[0] is not sents:
        last = _last = (sents, [s.start for s in sents])
    return position(last[1], offset)


def token_starts(parsed: SpacyDoc) -> list[int]:
    """The first token of each sentence of ``parsed`` (``parsed.sents`` order)."""
    return derived(parsed, "sentence_starts", _token_starts)


def _token_starts(parsed: Any) -> list[int]:
    return [s.start for s in parsed.sents]


def of_token(parsed: SpacyDoc, i: int) -> int:
    """The index (``parsed.sents`` order) of the sentence holding token ``i``."""
    return position(token_starts(parsed), i)
