"""TIMEX3 values: which strings are values, and which days a value covers.

The one place that answers "which days does this date value cover": the
store's date columns, merging and contradictions, the exports' time
precision and the pages' timeline all ask ``days``, so an event dated "that
week" (``2019-W10``) and a report dated 7 March overlap everywhere.

The grammar is written from the TimeML TIMEX3 guidelines (and TimeBank's
TIDES letters for decades, centuries and millennia in durations: E, C, L).
A value is one of:

* a calendar date at some granularity, digits or ``X`` for unknown: ``2019``,
  ``2019-03``, ``2019-03-07``, ``19`` (a century), ``199`` (a decade),
  ``2019-W10``, ``2019-W10-5``, ``2019-W10-WE``, ``2019-Q1``, ``2019-H2``,
  ``2019-SU``, ``XXXX-WXX-5``, ``XXXX-07``;
* a time: a date, ``T`` and a clock ``18:00[:SS]`` or a part of day
  (``MO AF EV NI MI DT``);
* a duration: ``P`` then number-or-X/unit pairs (``P3D``, ``P2Y6M``, ``PT1M30S``,
  ``PXW``, ``P1WE``, ``P1Q``, ``PXE``);
* ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``;
* a range ``a/b`` of two valid non-range values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_Y = r"(?:[0-9X]{4})"
_DATE = (
    rf"(?:{_Y}(?:-(?:[0-9X]{{2}}(?:-[0-9X]{{2}})?|W[0-9X]{{2}}(?:-(?:[1-7X]|WE))?"
    r"|Q[1-4X]|H[12X]|SP|SU|FA|WI))?|[0-9X]{2,3})"
)
_CLOCK = r"(?:(?:[01][0-9]|2[0-4]):[0-5][0-9](?::[0-5][0-9])?|MO|AF|EV|NI|MI|DT)"
_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_DURATION = rf"P(?:(?:{_NUM}(?:Y|M|W|D|Q|E|C|L|WE))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
_SINGLE = rf"(?:{_DATE}(?:T{_CLOCK})?|{_DURATION}|PAST_REF|PRESENT_REF|FUTURE_REF)"
_VALUE = re.compile(rf"^{_SINGLE}(?:/{_SINGLE})?$")

Days = tuple[dt.date, dt.date]


def is_valid(value: str | None) -> bool:
    """Whether ``value`` is a valid TIMEX3 value (None, "no value", is valid)."""
    return value is None or _VALUE.match(value) is not None


# The months of the seasons a date can name, northern-hemisphere meteorological
# seasons widened to the astronomical ends (spring: 1 March to 21 June), so the
# days cover every common reading of "spring 2019". Winter is left out: "winter
# 2019" is December 2019 to some, January-February 2019 to others (no one span).
SEASONS = {"SP": ((3, 1), (6, 21)), "SU": ((6, 1), (9, 22)), "FA": ((9, 1), (12, 21))}
_QUARTER_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALF_MONTHS = {"H1": (1, 6), "H2": (7, 12)}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_UNKNOWN = re.compile(r"(\d{4})-(\d{2})-XX")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MONTH_UNKNOWN = re.compile(r"(\d{4})-XX(?:-XX)?")
_YEAR = re.compile(r"(\d{4})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_WEEK_DAY = re.compile(r"(\d{4})-W(\d{2})-([1-7])")
_WEEKEND = re.compile(r"(\d{4})-W(\d{2})-WE")
_PART = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA)")
_DECADE = re.compile(r"(\d{3})")
_CENTURY = re.compile(r"(\d{2})")


def _months(year: int, first: int, last: int) -> Days:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _week(year: int, week: int, first: int, last: int) -> Days:
    return dt.date.fromisocalendar(year, week, first), dt.date.fromisocalendar(year, week, last)


def _single(value: str) -> Days | None:
    """The days one (non-range) date value covers; None when it names no known days."""
    date = value.split("T", 1)[0]  # a time of day keeps its day
    if m := _DAY.fullmatch(date):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := _DAY_UNKNOWN.fullmatch(date):  # some day of a known month
        return _months(int(m[1]), int(m[2]), int(m[2]))
    if m := _MONTH.fullmatch(date):
        return _months(int(m[1]), int(m[2]), int(m[2]))
    if m := _WEEK_DAY.fullmatch(date):
        return _week(int(m[1]), int(m[2]), int(m[3]), int(m[3]))
    if m := _WEEKEND.fullmatch(date):
        return _week(int(m[1]), int(m[2]), 6, 7)
    if m := _WEEK.fullmatch(date):
        return _week(int(m[1]), int(m[2]), 1, 7)
    if m := _PART.fullmatch(date):
        year, part = int(m[1]), m[2]
        if part in SEASONS:
            (m1, d1), (m2, d2) = SEASONS[part]
            return dt.date(year, m1, d1), dt.date(year, m2, d2)
        return _months(year, *(_QUARTER_MONTHS.get(part) or _HALF_MONTHS[part]))
    if (m := _YEAR.fullmatch(date)) or (m := _MONTH_UNKNOWN.fullmatch(date)):
        return _months(int(m[1]), 1, 12)
    if m := _DECADE.fullmatch(date):
        return dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31)
    if m := _CENTURY.fullmatch(date):
        return dt.date(int(m[1]) * 100, 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31)
    return None


def days(value: str | None) -> Days | None:
    """The first and last day a TIMEX3 date value covers, or None when it names no known days.

    A day (with or without a time), a week (Monday to Sunday), a week's day or
    weekend, a month, a quarter, a half, a season but winter, a year, a decade,
    a century, and a range ``a/b`` of them (the first day of ``a`` to the last
    of ``b``). A day or month left ``XX`` inside a known year or month covers
    that year or month. Anything else (``PRESENT_REF``, a duration, an unknown
    year, a range running backwards, an impossible date) is None: unknown days
    are left unknown, never guessed.
    """
    if not value or not is_valid(value):
        return None
    parts = value.split("/")
    try:
        first, last = _single(parts[0]), _single(parts[-1])
    except ValueError:  # month 13, 30 February, week 60: not days
        return None
    if first is None or last is None or first[0] > last[1]:
        return None
    return first[0], last[1]


def day_count(value: str | None) -> int | None:
    """How many days ``value`` covers (1 for a day), or None when its days are unknown."""
    span = days(value)
    return None if span is None else (span[1] - span[0]).days + 1
