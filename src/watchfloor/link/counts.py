"""Counts stated in a claim: "killed 5", "12 soldiers", "three rockets".

Each number of the content (digits or a number word, "one" aside: it is
mostly a pronoun) is paired with what it counts: the word after it, unless
that is a function word or there is none, then the word before it ("killed
5 on Monday" -> killed). Numbers inside a time expression of the reading
(dates, years, "two days ago") are not counts. Two reports of one event that
give the same counted word different values contradict each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watchfloor.extract.nlp.numbers import CARDINALS
from watchfloor.vocab import TimeRef

WORDS = {
    **{w: n for w, n in CARDINALS.items() if n >= 2},
    "hundred": 100,
}  # "one of" counts nothing
FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "than",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "other",
        "more",
        "about",
    ]
)
_TOKEN = re.compile(r"\d[\d,]*|[A-Za-z]+(?:-[A-Za-z]+)?")


def _value(word: str) -> int | None:
    if word[0].isdigit():
        digits = word.replace(",", "")
        return int(digits) if digits.isdigit() else None
    return WORDS.get(word.lower())


def _counted(word: str) -> str:
    """A counted word without its plural or past ending: soldiers -> soldier, killed -> kill."""
    w = word.lower()
    for suffix, keep in (("ies", "y"), ("ed", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: -len(suffix)] + keep
    return w


def counts_in(
    content: str, offset: int, times: Sequence[TimeRef] = ()
) -> tuple[tuple[str, int, int, int], ...]:
    """(counted word, value, start, end) for each count in ``content`` (offsets into the document)."""
    tokens = [(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(content)]
    spans = [(t.span.start, t.span.end) for t in times]
    out = []
    for i, (word, start, end) in enumerate(tokens):
        value = _value(word)
        if value is None or any(s <= start and end <= e for s, e in spans):
            continue
        after = tokens[i + 1][0] if i + 1 < len(tokens) else None
        before = tokens[i - 1][0] if i > 0 else None
        if after and after.isalpha() and after.lower() not in FUNCTION:
            counted = after
        elif before and before.isalpha() and before.lower() not in FUNCTION:
            counted = before
        else:
            continue
        if counted.lower() in WORDS:
            continue
        out.append((_counted(counted), value, start, end))
    return tuple(out)
