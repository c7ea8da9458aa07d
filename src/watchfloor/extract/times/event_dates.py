"""The date of an event from the time expressions of its sentence (``event_date``), for
the events stage."""

from __future__ import annotations

from watchfloor.vocab import Dct, TimeRef

# An event's own time expression must lie within this many characters of its
# trigger in the same sentence; farther ones belong to other clauses.
MAX_EVENT_TIME_DISTANCE = 150


DATED = ("DATE", "TIME")
_REFS = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})


def _distance(ref: TimeRef, offset: int) -> int:
    if ref.span.start <= offset < ref.span.end:
        return 0
    return min(abs(ref.span.start - offset), abs(ref.span.end - offset))


def _iso(value: str) -> str:
    """Drop a TIMEX3 part of day ("2019-03-08TNI" -> "2019-03-08"); ISO values stay."""
    head, sep, tail = value.partition("T")
    return head if sep and tail.isalpha() else value


def event_date(
    times: tuple[TimeRef, ...], sentence: int, trigger_start: int, dct: Dct
) -> tuple[str | None, bool]:
    """The date of an event whose trigger starts at ``trigger_start`` in ``sentence``.

    Returns ``(value, approximate)``: the value of the nearest DATE/TIME
    expression of the same sentence within ``MAX_EVENT_TIME_DISTANCE``
    characters that has a calendar value (not a duration, set or vague
    reference; a part of day is dropped: "2019-03-08TNI" -> "2019-03-08");
    an expression with mod ON_OR_AFTER ("since last Wednesday")
    gives the range from its day to the DCT when the DCT is known, to the
    last day of the inferred range when only a range is (the event may have
    begun any day since, up to publication). Failing
    that, the DCT's day with ``approximate=True``; failing that ``(None, False)``.
    An expression left unresolved for lack of a DCT yields ``(None, False)``.
    """
    near = [
        t
        for t in times
        if t.sentence == sentence
        and t.type in DATED
        and t.value not in _REFS
        and _distance(t, trigger_start) <= MAX_EVENT_TIME_DISTANCE
    ]
    if near:
        best = min(near, key=lambda t: (_distance(t, trigger_start), t.span.start))
        if best.value is None:
            if best.reason == "needs_dct":
                return None, False
        elif best.mod == "ON_OR_AFTER" and (last := dct.date or dct.latest) is not None:
            day = best.value[:10]
            if len(day) == 10 and day <= last.isoformat():
                return f"{day}/{last.isoformat()}", False
            return best.value, False
        else:
            return _iso(best.value), False
    if dct.date is not None:
        return dct.date.isoformat(), True
    return None, False
