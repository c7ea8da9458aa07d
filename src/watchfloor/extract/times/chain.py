"""Anchoring chains: anaphoric time expressions resolved on the narrative's last date.

TimeML/HeidelTime practice: an expression such as "a year earlier", "the
following month", "three days later" or "the day before" is relative not to
the publication date (DCT) but to the *reference time* of the story, the most
recent preceding expression of the document with a resolved calendar value
(a day, week, month, quarter or year; not a duration, set or vague
reference). Its value is that reference time shifted by the expression's
units, written at the reference time's granularity when it is finer than the
unit ("a year earlier" after "the third quarter" -> the year-earlier quarter;
after "Nov. 2" -> that day a year before). With no reference time the DCT is
the anchor for "earlier/later"; "the following year" with neither stays
refused (``reason="anaphoric"``).

The returned ``Norm`` carries ``anchor="time:<k>"``: ``k`` is the index of the
anchoring expression in the list passed in (document order).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.dates import at_granularity, shift
from watchfloor.extract.times.normalize import NARRATIVE_DAY_WORDS, Norm
from watchfloor.extract.times.reading import Feats

# Granularities from finest to coarsest; a shifted value is written at one of them.
_ORDER = ("day", "week", "month", "quarter", "year")
_REFS = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
# Words after "N units" that anchor on the reference time rather than the DCT.
_NARRATIVE_OFFSET = {"earlier": -1, "before": -1, "later": 1, "after": 1}
# "next"/"last" stay deictic (the DCT); these words point from the narrative's time.
_NARRATIVE_REL = {"following": 1, "previous": -1, "preceding": -1, "prior": -1}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


# Values computed by going back or forth from a time do not move the story's
# reference time: "a year earlier" compares with it, it does not narrate from there.
_NOT_REFERENCE = frozenset(
    {
        "date.anchored_offset",
        "date.ago_quarter",
        "date.ago",
        "date.anchored_same",
        "date.year_quarter",
    }
)


@dataclass(frozen=True, slots=True)
class RefTime:
    """A resolved calendar value: its first day and its granularity."""

    day: dt.date
    grain: str
    index: int


def parse_value(value: str | None, index: int = -1) -> RefTime | None:
    """The reference time a TIMEX3 calendar value denotes, or None (durations, sets...)."""
    if value is None or value in _REFS:
        return None
    try:
        if m := _DAY.match(value):
            return RefTime(dt.date(int(m[1]), int(m[2]), int(m[3])), "day", index)
        if m := _WEEK.match(value):
            return RefTime(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week", index)
        if m := _MONTH.match(value):
            return RefTime(dt.date(int(m[1]), int(m[2]), 1), "month", index)
        if m := _QUARTER.match(value):
            return RefTime(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter", index)
        if m := _YEAR.match(value):
            return RefTime(dt.date(int(m[1]), 1, 1), "year", index)
    except ValueError:
        return None
    return None


def _grain(unit: str, ref: RefTime) -> str:
    """Write the shifted value at the finer of the unit and the reference time."""
    unit = "day" if unit == "night" else unit
    if unit not in _ORDER:
        return ref.grain
    if _ORDER.index(ref.grain) <= _ORDER.index(unit):
        return ref.grain
    # The unit is finer than the reference (e.g. days after a month): only a day
    # reference could place it; otherwise keep the reference's own granularity.
    return ref.grain


def shifted(ref: RefTime, unit: str, n: int) -> str:
    """The reference time moved by ``n`` units, at the chosen granularity."""
    return at_granularity(shift(ref.day, unit, n), _grain(unit, ref))


def offset_of(f: Feats) -> tuple[str, int] | None:
    """(unit, signed count) of a narrative-relative expression, or None if not one."""
    if f.unit is None or f.unit not in lex.UNITS or lex.UNITS[f.unit][1]:
        return None  # no unit, or hours and minutes: those give a duration or a clock time
    if f.year or f.month or f.weekday or f.deictic is not None:
        return None
    words = f.words
    q = f.quantity if isinstance(f.quantity, float) else None
    if f.rel_word in _NARRATIVE_REL and f.quantity is None and not f.unit_plural:
        return f.unit, _NARRATIVE_REL[f.rel_word]  # "the following year"
    last = words[-1] if words else ""
    whole = q is None or q == int(q)
    if last in _NARRATIVE_OFFSET and (q is not None or not f.unit_plural) and whole:
        return f.unit, int(q or 1) * _NARRATIVE_OFFSET[last]  # "three days later"
    return None


def chain(items: list[tuple[Feats, Norm]], dct: dt.date | None) -> list[Norm]:
    """Re-anchor the narrative-relative expressions of a document, in document order."""
    out: list[Norm] = []
    ref: RefTime | None = None
    by_grain: dict[str, RefTime] = {}  # the latest reference time of each granularity
    for k, (f, norm) in enumerate(items):
        if norm.rule == "date.anaphoric_day":
            new = _next_day(f, norm, ref)
        elif norm.rule == "date.anaphoric_unit":
            new = _same_time(f, norm, ref, by_grain, dct)
        elif _year_period(f, norm) and "quarter" in by_grain:
            # "the 1988 quarter/period" in a story about a quarter: that quarter of 1988.
            q = by_grain["quarter"]
            new = replace(
                norm,
                value=f"{f.year:04d}-Q{(q.day.month - 1) // 3 + 1}",
                rule="date.year_quarter",
                anchor=f"time:{q.index}",
            )
        else:
            new = _anchor_one(f, norm, ref, dct)
        out.append(new)
        if new.type in ("DATE", "TIME") and new.rule not in _NOT_REFERENCE:
            found = parse_value(new.value, k)
            if found is not None:
                ref = by_grain[found.grain] = found
    return out


def _next_day(f: Feats, norm: Norm, ref: RefTime | None) -> Norm:
    """ "the next morning" after "Feb. 20" -> 2000-02-21TMO; refused without a story day."""
    if ref is None or ref.grain != "day":
        return norm
    day = ref.day + dt.timedelta(days=NARRATIVE_DAY_WORDS[f.rel_word or ""])
    part = f.part or ("NI" if f.unit == "night" else None)
    return replace(
        norm,
        value=day.isoformat() + (f"T{part}" if part else ""),
        rule="date.anchored_offset",
        anchor=f"time:{ref.index}",
        reason=None,
    )


def _year_period(f: Feats, norm: Norm) -> bool:
    """ "the 1988 quarter", "the 1989 period": a year and a period word, nothing finer."""
    if norm.rule != "date.absolute" or f.year is None or f.month or f.quarter or f.half:
        return False
    return (f.unit == "quarter" and not f.unit_plural) or "period" in f.other


def _anchor_one(f: Feats, norm: Norm, ref: RefTime | None, dct: dt.date | None) -> Norm:
    if norm.type not in ("DATE", "TIME") or norm.value in _REFS:
        return norm
    off = offset_of(f)
    if off is not None:
        unit, n = off
        if ref is not None:
            return replace(
                norm,
                type="DATE",
                value=shifted(ref, unit, n),
                rule="date.anchored_offset",
                anchor=f"time:{ref.index}",
                reason=None,
            )
        return norm  # no reference time: the DCT reading (or the refusal) stands
    if norm.rule == "date.ago" and f.unit == "year" and ref is not None and ref.grain == "quarter":
        # "a year ago" in a story about a quarter: the year-ago quarter.
        n = -int(f.quantity) if isinstance(f.quantity, float) else -1
        return replace(
            norm,
            value=shifted(ref, "year", n),
            rule="date.ago_quarter",
            anchor=f"time:{ref.index}",
        )
    return norm


def _same_time(
    f: Feats,
    norm: Norm,
    ref: RefTime | None,
    by_grain: dict[str, RefTime],
    dct: dt.date | None = None,
) -> Norm:
    """ "that day", "the same quarter", "the latest period": the story's time.

    A quarter or a "period" must have been named as such (a day of the story
    does not say which quarter is reported on); a day, week, month or year is
    the latest reference time at that granularity or finer. "the latest
    quarter/period" is a quarter already over at the DCT: the story's quarter
    if it is, else the last quarter completed before the DCT.
    """
    if f.unit == "quarter" or f.unit not in _ORDER:
        ref = by_grain.get("quarter")
        grain = "quarter"
        if "latest" in f.words and dct is not None:
            done = at_granularity(shift(dct, "quarter", -1), "quarter")
            last = parse_value(done)
            if last is not None and (ref is None or ref.day > last.day):
                return replace(
                    norm, value=done, rule="date.latest_quarter", anchor="dct", reason=None
                )
    else:
        grain = f.unit
        fine = [r for g, r in by_grain.items() if _ORDER.index(g) <= _ORDER.index(grain)]
        ref = max(fine, key=lambda r: r.index, default=None)
    if ref is None:
        return norm  # no story time fine enough: stays refused
    return replace(
        norm,
        value=at_granularity(ref.day, grain),
        rule="date.anchored_same",
        anchor=f"time:{ref.index}",
        reason=None,
    )
