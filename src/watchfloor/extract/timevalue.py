"""The TIMEX3 value grammar: which strings are valid values.

Written from the TimeML TIMEX3 guidelines (and TimeBank's TIDES letters for
decades, centuries and millennia in durations: E, C, L). A value is one of:

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


def is_valid(value: str | None) -> bool:
    """Whether ``value`` is a valid TIMEX3 value (None, "no value", is valid)."""
    return value is None or _VALUE.match(value) is not None
