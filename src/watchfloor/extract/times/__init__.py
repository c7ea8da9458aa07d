"""times: the ``times.v2`` stage, time expressions as TIMEX3 values, and ``dct.v1``.

    expressions  the stage: finds expressions in a parse and normalises each
                 against the publication date (``find``), under an inferred
                 range (``resolve_in_range``), an event's date (``event_date``)
    normalize    one expression's words to a value, with its rule and anchor
    chain        relative chains ("two days before last Friday")
    ranges       closed ranges and the days a vague or open expression covers
    lexicon      the words: months, weekdays, units, numbers, vague adverbs
    dct          ``dct.v1``: a publication-date range inferred for an undated article

May import the layers below extract and ``extract.nlp``.
"""

from __future__ import annotations

from watchfloor.extract.times.expressions import (
    AMBIGUOUS_IN_RANGE,
    MAX_RANGE_DAYS,
    NAME,
    event_date,
    explain,
    find,
    range_days,
    resolve_in_range,
    tense_of,
)

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
