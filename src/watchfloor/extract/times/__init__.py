"""times: the ``times.v2`` stage, time expressions as TIMEX3 values, and ``dct.v1``.

    expressions  the stage: finds expressions in a parse and normalises each
                 against the publication date (``find``, ``explain``)
    detection    candidates (NER and a token grammar) cut to TimeBank extents
    tense        the tense of the verb that governs an expression
    spans        one expression's value from its tokens
    passes       document-level passes: ranges, appositions, "the day after X"
    in_range     expressions resolved under an inferred range (``resolve_in_range``)
    event_dates  an event's date from its sentence's expressions (``event_date``)
    normalize    one expression's words to a value, with its rule and anchor
    reading      the words read into what they say (``Feats``)
    dates        calendar arithmetic
    chain        relative chains ("two days before last Friday")
    ranges       closed ranges and the days a vague or open expression covers
    lexicon      the words: months, weekdays, units, numbers, vague adverbs
    dct          ``dct.v1``: a publication-date range inferred for an undated article

May import the layers below extract and ``extract.nlp``.
"""

from __future__ import annotations

from watchfloor.extract.times.event_dates import event_date
from watchfloor.extract.times.expressions import NAME, explain, find
from watchfloor.extract.times.in_range import (
    AMBIGUOUS_IN_RANGE,
    MAX_RANGE_DAYS,
    range_days,
    resolve_in_range,
)
from watchfloor.extract.times.tense import tense_of

__all__ = [
    "AMBIGUOUS_IN_RANGE",
    "MAX_RANGE_DAYS",
    "NAME",
    "event_date",
    "explain",
    "find",
    "range_days",
    "resolve_in_range",
    "tense_of",
]
