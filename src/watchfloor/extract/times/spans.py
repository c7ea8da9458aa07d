"""One expression's value from its tokens: normalised with the governing verb's tense,
a "since"/"until" mod, the year or part of day a list writes once for all its parts,
and a closed range ("between March 6 and 8") as one expression."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times import ranges as timerange
from watchfloor.extract.times.detection import span_words
from watchfloor.extract.times.normalize import Norm, normalize
from watchfloor.extract.times.reading import read
from watchfloor.extract.times.tense import tense_of

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc


def _since_mod(parsed: SpacyDoc, start: int) -> str | None:
    """ "since last Wednesday" -> ON_OR_AFTER, "until Friday" -> ON_OR_BEFORE."""
    if start == 0:
        return None
    word = parsed[start - 1].lower_
    if word == "since":
        return "ON_OR_AFTER"
    if word in ("until", "till"):
        return "ON_OR_BEFORE"
    return None


def closed_range(parsed: SpacyDoc, start: int, end: int, day: dt.date | None) -> Norm | None:
    """ "between March 6 and 8" as one ``date.range`` expression, when both ends resolve."""
    if end - start < 3:
        return None
    opener = timerange.opener_of(parsed, start)
    tense = tense_of(parsed[start:end])
    return timerange.closed(span_words(parsed, start, end), opener, day, tense)


def shared_year(parsed: SpacyDoc, parts: list[tuple[int, int]]) -> str | None:
    """What the last part of a list writes once for all: a year or a part of day.

    "from May to July 2018", "Sept. 30 and Dec. 31, 1989" (the year);
    "Monday and Tuesday nights" (the part of day after a weekday).
    """
    if len(parts) < 2:
        return None
    words = span_words(parsed, *parts[-1])
    last = read(words)
    if last.weekday is not None and last.part and words[-1].lower() in lex.PARTS_OF_DAY:
        return words[-1]
    if last.year is None or last.month is None:
        return None
    return str(last.year)


def normalize_span(
    parsed: SpacyDoc, start: int, end: int, day: dt.date | None, shared: str | None = None
) -> Norm | None:
    tense = tense_of(parsed[start:end])
    words = span_words(parsed, start, end)
    f = read(words)
    if shared is not None and f.rel is None:
        if shared.isdigit() and f.month is not None and f.year is None:
            words = [*words, shared]  # the year written once for both ends
        elif not shared.isdigit() and f.weekday is not None and f.part is None and not f.set_q:
            words = [*words, shared]  # "Monday and Tuesday nights"
    norm = normalize(words, day, tense)
    if norm is None:
        return None
    since = _since_mod(parsed, start)
    if since and norm.type in ("DATE", "TIME") and norm.mod is None:
        norm = replace(norm, mod=since)
    return norm
