"""Calendar arithmetic: months added (clamped), a day shifted by calendar units, the
TIMEX3 value of the unit that contains a day, the weekday before or after a day."""

from __future__ import annotations

import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def shift(day: dt.date, unit: str, n: int) -> dt.date:
    """``day`` moved by ``n`` calendar units."""
    if unit in ("day", "night"):
        return day + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=n)
    if unit == "fortnight":
        return day + dt.timedelta(weeks=2 * n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    if unit in months:
        return add_months(day, months[unit] * n)
    return day


def at_granularity(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit`` that contains ``day``."""
    if unit in ("week", "fortnight"):
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if unit == "weekend":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}-WE"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return day.isoformat()


def weekday_near(dct: dt.date, weekday: int, direction: int, strict: bool) -> dt.date:
    """The ``weekday`` before (direction -1) or after (+1) the DCT.

    ``strict`` excludes the DCT itself ("last Friday" said on a Friday is a week ago).
    """
    diff = (dct.isoweekday() - weekday) % 7 if direction < 0 else (weekday - dct.isoweekday()) % 7
    if strict and diff == 0:
        diff = 7
    return dct + dt.timedelta(days=direction * diff)


def valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
