"""Sentences of the clean text, as spaCy's parser splits them."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from watchfloor.vocab import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

NAME = "sentences.v1"


def find(parsed: SpacyDoc) -> tuple[Sentence, ...]:
    """Sentence boundaries of a parsed spaCy Doc, as character offsets."""
    return tuple(
        Sentence(index=i, start=s.start_char, end=s.end_char) for i, s in enumerate(parsed.sents)
    )


def index_of(sents: tuple[Sentence, ...], offset: int) -> int:
    """The index of the sentence containing character ``offset`` (0 if before all)."""
    starts = [s.start for s in sents]
    return max(bisect_right(starts, offset) - 1, 0)
