"""Normalise one time expression to a TIMEX3 type and value.

Input is the expression's words (lower-cased, as spaCy tokenised them), the
publication date (DCT, or None) and the tense of the verb that governs the
expression. The words are read once into ``Feats`` (which month, which
weekday, which quantity of which unit, which deictic word ...), then an
ordered list of rules picks the first that applies. Each rule returns a
``Norm`` naming itself; a value that needs the DCT when there is none comes
back as ``value=None, reason="needs_dct"``. A candidate that no rule accepts
(a bare number, an age such as "52 years old") is not a time expression and
``normalize`` returns None.

The words are read by ``reading``; calendar arithmetic is ``dates``; this module
holds the tense names, the result (``Norm``), the rules and ``normalize``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.dates import at_granularity, shift, valid, weekday_near
from watchfloor.extract.times.reading import Feats, holiday_date, read

# Unknown tense: a month/day this many days after the DCT is read as last year's
# (news mostly reports the past; "December 12" in a January article).
FORWARD_WINDOW_DAYS = 183
# Unknown tense: a month/day this many days before the DCT is read as next year's.
BACKWARD_WINDOW_DAYS = 300
# Past tense: a date at most this many days after the DCT keeps the DCT's year;
# the verb found is often not the date's own ("said the vote is on March 12").
PAST_SLACK_DAYS = 60

# Present tense ("the talks resume Monday") points a bare weekday forward.
PRESENT_AS_FUTURE = False

PAST, PRESENT, FUTURE = "past", "present", "future"


@dataclass(frozen=True, slots=True)
class Norm:
    """The normalised reading of one expression."""

    type: str
    value: str | None
    rule: str
    anchor: str | None = None
    reason: str | None = None
    mod: str | None = None


def year_for(dct: dt.date, month: int, day: int | None, tense: str | None) -> int:
    """The year of a month (and day) written without one, from the DCT and tense."""
    same = dt.date(dct.year, month, min(day or 1, 28))
    gap = (same - dct).days
    if tense == PAST and gap > PAST_SLACK_DAYS:
        return dct.year - 1
    if tense == FUTURE and (month < dct.month if day is None else same < dct):
        return dct.year + 1
    if tense not in (PAST, FUTURE) and gap > FORWARD_WINDOW_DAYS:
        return dct.year - 1
    if tense not in (PAST, FUTURE) and -gap > BACKWARD_WINDOW_DAYS:
        return dct.year + 1
    return dct.year


# --------------------------------------------------------------------------- rules


Rule = Callable[[Feats, "dt.date | None", "str | None"], "Norm | None"]


def _needs_dct(type_: str, rule: str, mod: str | None = None) -> Norm:
    return Norm(type_, None, rule, anchor=None, reason="needs_dct", mod=mod)


# A fractional quantity of a unit -> (smaller unit, how many of them in one).
_SUBUNIT = {
    "year": ("month", 12),
    "month": ("day", 30),
    "week": ("day", 7),
    "day": ("hour", 24),
    "hour": ("minute", 60),
    "minute": ("second", 60),
}
# TimeBank writes decades and centuries in years when the number is known.
_IN_YEARS = {"decade": 10, "century": 100, "millennium": 1000}


def _duration_value(q: float | str, unit: str) -> str | None:
    if isinstance(q, float) and unit in _IN_YEARS:
        q, unit = q * _IN_YEARS[unit], "year"
    letter, is_time = lex.UNITS[unit]
    if isinstance(q, float) and q != int(q) and unit in _SUBUNIT:
        sub, per = _SUBUNIT[unit]
        sub_letter, sub_time = lex.UNITS[sub]
        whole = f"{int(q)}{letter}" if int(q) else ""
        t = "T" if sub_time and not is_time else ""
        return f"P{'T' if is_time else ''}{whole}{t}{round((q - int(q)) * per)}{sub_letter}"
    q_text = (str(int(q)) if q == int(q) else str(q)) if isinstance(q, float) else q
    if letter == "2W":
        letter, q_text = "W", ("X" if q_text == "X" else str(int(float(q_text)) * 2))
    return f"P{'T' if is_time else ''}{q_text}{letter}"


def rule_frequency(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    if f.freq:
        return Norm("SET", f.freq, "set.adverb")
    if not f.set_q:
        return None
    if f.weekday:
        return Norm(
            "SET", f"XXXX-WXX-{f.weekday}" + (f"T{f.part}" if f.part else ""), "set.weekday"
        )
    if f.month:
        return Norm("SET", f"XXXX-{f.month:02d}", "set.month")
    if f.part:
        return Norm("SET", f"XXXX-XX-XXT{f.part}", "set.part")
    if f.unit:
        q = f.quantity if f.quantity is not None else 1.0
        return Norm("SET", _duration_value(q, f.unit), "set.unit")
    return None


def _day_anchor(f: Feats, dct: dt.date | None, tense: str | None) -> tuple[dt.date | None, str]:
    """The day a clock time or part of day sits on: explicit, weekday, deictic or DCT."""
    if f.year and f.month and f.day and valid(f.year, f.month, f.day):
        return dt.date(f.year, f.month, f.day), "absolute"
    if dct is None:
        return None, "dct"
    if f.month and f.day:
        year = year_for(dct, f.month, f.day, tense)
        if valid(year, f.month, f.day):
            return dt.date(year, f.month, f.day), "dct"
    if f.weekday:
        return _weekday_date(f, dct, tense), "dct"
    if f.deictic is not None:
        return dct + dt.timedelta(days=f.deictic), "dct"
    if f.rel == -1 and f.part == "NI":  # "last night"
        return dct - dt.timedelta(days=1), "dct"
    return dct, "dct"


def rule_clock(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    if f.clock is None:
        return None
    day, anchor = _day_anchor(f, dct, tense)
    if day is None:
        return _needs_dct("TIME", "time.clock", f.mod)
    hour, minute = f.clock
    return Norm(
        "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", "time.clock", anchor, None, f.mod
    )


def rule_decade(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    if f.decade is not None:
        return Norm("DATE", f"{f.decade:03d}", "date.decade", "absolute", None, f.mod)
    if f.century is not None:
        return Norm("DATE", f"{f.century:02d}", "date.century", "absolute", None, f.mod)
    return None


def rule_holiday(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "Thanksgiving", "Christmas Day 1998", "last Christmas", "Election Day"."""
    if f.holiday is None or f.month or f.weekday or f.set_q:
        return None
    if f.year is not None:
        day = holiday_date(f.holiday, f.year)
        return Norm("DATE", day.isoformat(), "date.holiday", "absolute", None, f.mod)
    if dct is None:
        return _needs_dct("DATE", "date.holiday", f.mod)
    this = holiday_date(f.holiday, dct.year)
    if f.rel == -1:
        year = dct.year if this < dct else dct.year - 1
    elif f.rel == 1:
        year = dct.year if this > dct else dct.year + 1
    elif f.rel == 0:
        year = dct.year
    else:
        year = year_for(dct, this.month, this.day, tense)
    day = holiday_date(f.holiday, year)
    return Norm("DATE", day.isoformat(), "date.holiday", "dct", None, f.mod)


def rule_absolute(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """Dates that carry their year: "March 7, 2019", "March 2019", "1987", "summer 1998"."""
    if f.year is None or f.unit_plural or f.ago:
        return None
    y = f"{f.year:04d}"
    if f.month and f.day:
        if not valid(f.year, f.month, f.day):
            return None
        if _week_of(f):
            week = at_granularity(dt.date(f.year, f.month, f.day), "week")
            return Norm("DATE", week, "date.week_of", "absolute", None, f.mod)
        value = f"{y}-{f.month:02d}-{f.day:02d}" + (f"T{f.part}" if f.part else "")
    elif f.month:
        value = f"{y}-{f.month:02d}"
    elif f.season:
        value = f"{y}-{f.season}"
    elif f.quarter:
        value = f"{y}-Q{f.quarter}"
    elif f.half:
        value = f"{y}-H{f.half}"
    else:
        value = y
    return Norm("DATE", value, "date.absolute", "absolute", None, f.mod)


def _week_of(f: Feats) -> bool:
    """ "the week of March 6": a week named by one of its days."""
    w = f.words
    return (
        f.unit == "week"
        and not f.unit_plural
        and f.quantity is None
        and "week" in w
        and (w[w.index("week") + 1 : w.index("week") + 2] == ["of"])
    )


def rule_month_day(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """A month (and day) without a year: "March 7", "the sixth of this March", "last May"."""
    if f.month is None or f.year is not None or f.set_q:
        return None
    if dct is None:
        return _needs_dct("DATE", "date.month_day", f.mod)
    if f.rel == 0:
        year = dct.year
    elif f.rel == -1:
        year = dct.year - 1 if (f.month, f.day or 0) >= (dct.month, dct.day) else dct.year
    elif f.rel == 1:
        year = dct.year + 1 if (f.month, f.day or 32) <= (dct.month, dct.day) else dct.year
    else:
        year = year_for(dct, f.month, f.day, tense)
    if f.day:
        if not valid(year, f.month, f.day):
            return None
        value = f"{year:04d}-{f.month:02d}-{f.day:02d}"
        if _week_of(f):  # "the week of March 6": the ISO week holding that day
            week = at_granularity(dt.date(year, f.month, f.day), "week")
            return Norm("DATE", week, "date.week_of", "dct", None, f.mod)
        if f.part:
            return Norm("TIME", f"{value}T{f.part}", "time.month_day_part", "dct", None, f.mod)
        return Norm("DATE", value, "date.month_day", "dct", None, f.mod)
    return Norm("DATE", f"{year:04d}-{f.month:02d}", "date.month", "dct", None, f.mod)


def _weekday_date(f: Feats, dct: dt.date, tense: str | None) -> dt.date:
    assert f.weekday is not None
    if f.rel == -1:
        return weekday_near(dct, f.weekday, -1, strict=True)
    if f.rel == 1:
        return weekday_near(dct, f.weekday, 1, strict=True)
    if f.rel == 0:  # "this Friday": the coming one unless the verb is past
        return weekday_near(dct, f.weekday, -1 if tense == PAST else 1, strict=False)
    forward = tense == FUTURE or (tense == PRESENT and PRESENT_AS_FUTURE)
    return weekday_near(dct, f.weekday, 1 if forward else -1, strict=False)


def rule_weekday(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    if f.weekday is None:
        return None
    type_ = "TIME" if f.part else "DATE"
    if dct is None:
        return _needs_dct(type_, "date.weekday", f.mod)
    value = _weekday_date(f, dct, tense).isoformat()
    if f.part:
        return Norm("TIME", f"{value}T{f.part}", "time.weekday_part", "dct", None, f.mod)
    return Norm("DATE", value, "date.weekday", "dct", None, f.mod)


# "the next day", "the following morning", "the previous night": a day of the story.
NARRATIVE_DAY_WORDS = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1}


def rule_narrative_day(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "the next day", "the following morning": left to the anchoring chain.

    Relative to the day the story is telling, not to the DCT, so unresolved here
    (``reason="anaphoric"``); ``timechain`` moves the story's last day by one.
    """
    if not f.has_the or f.rel_word not in NARRATIVE_DAY_WORDS or f.quantity is not None:
        return None
    if f.unit_plural or _is_dated(f) or f.deictic is not None:
        return None
    if not (f.unit in ("day", "night") or (f.unit is None and f.part)):
        return None
    part = f.part or ("NI" if f.unit == "night" else None)
    return Norm("TIME" if part else "DATE", None, "date.anaphoric_day", None, "anaphoric", f.mod)


def rule_deictic_day(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "yesterday", "today", "tomorrow morning", "tonight", "this morning", "last night"."""
    part_today = f.part and f.rel in (0, -1) and f.unit is None and f.quantity is None
    if f.deictic is None and not part_today:
        return None
    type_ = "TIME" if f.part else "DATE"
    if dct is None:
        return _needs_dct(type_, "date.deictic", f.mod)
    if f.deictic is not None:
        day = dct + dt.timedelta(days=f.deictic)
    else:
        day = dct - dt.timedelta(days=1) if f.rel == -1 and f.part == "NI" else dct
    if f.part:
        return Norm("TIME", f"{day.isoformat()}T{f.part}", "time.deictic_part", "dct", None, f.mod)
    return Norm("DATE", day.isoformat(), "date.deictic", "dct", None, f.mod)


def rule_season_quarter(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """A season, quarter or half without a year: "last summer", "the third quarter"."""
    if not (f.season or f.quarter or f.half) or f.year is not None:
        return None
    if dct is None:
        return _needs_dct("DATE", "date.season_quarter", f.mod)
    if f.quarter:
        index, current, code = f.quarter, (dct.month - 1) // 3 + 1, f"Q{f.quarter}"
    elif f.half:
        index, current, code = f.half, (dct.month - 1) // 6 + 1, f"H{f.half}"
    else:
        order = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
        index, current, code = order[f.season or "SP"], (dct.month % 12) // 3, f.season or ""
    year = dct.year
    if f.ago is not None and f.unit == "year":  # "the year-ago third quarter"
        year -= 1
    if f.quarter and f.rel is None and f.ago is None:
        # A quarter named without a year is the latest one of that number that has
        # begun: news reports quarters once they are over, whatever the verb's tense.
        year -= 1 if index > current else 0
    elif f.rel == -1 or (f.rel is None and tense == PAST):
        year -= 1 if index > current or (f.rel == -1 and index == current) else 0
    elif f.rel == 1 or (f.rel is None and tense == FUTURE):
        year += 1 if index < current or (f.rel == 1 and index == current) else 0
    return Norm("DATE", f"{year:04d}-{code}", "date.season_quarter", "dct", None, f.mod)


def rule_ago(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "two days ago", "a year earlier", "three weeks later": DCT shifted."""
    if f.ago is None or f.unit is None:
        return None
    second = [lex.UNIT_PLURALS.get(w, w) for w in f.other if w in lex.UNIT_PLURALS]
    if second and isinstance(f.quantity, float):
        # "the year-earlier nine months": a duration, the year-earlier being a modifier
        value = _duration_value(f.quantity, second[0])
        return Norm("DURATION", value, "duration.quantity", None, None, f.mod)
    if dct is None:
        return _needs_dct("DATE", "date.ago", f.mod)
    if f.quantity is None and not f.unit_plural:
        f.quantity = 1.0  # "year-earlier", "the day before"
    if not isinstance(f.quantity, float):
        ref = "PAST_REF" if f.ago < 0 else "FUTURE_REF"
        return Norm("DATE", ref, "date.ago_vague", None, None, f.mod)
    n = int(f.quantity) * f.ago
    if lex.UNITS[f.unit][1]:  # hours, minutes: the day they fall on
        hours = {"hour": 1, "minute": 1 / 60, "second": 1 / 3600}[f.unit]
        day = (dt.datetime.combine(dct, dt.time(12)) + dt.timedelta(hours=hours * n)).date()
        return Norm("DATE", day.isoformat(), "date.ago", "dct", None, f.mod)
    value = at_granularity(shift(dct, f.unit, n), f.unit)
    return Norm("DATE", value, "date.ago", "dct", None, f.mod)


# Words that place a unit relative to a time in the narrative, not to the DCT.
_ANAPHORIC = frozenset({"following", "preceding", "prior", "previous"})


def rule_relative_unit(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "last week", "this year", "next month", "earlier this month", "the past two years"."""
    if f.rel is None or f.unit is None:
        return None
    if f.rel_word in _ANAPHORIC and f.quantity is None and not f.unit_plural:
        return Norm("DATE", None, "date.anaphoric", None, "anaphoric", f.mod)
    if f.quantity is not None or f.unit_plural:
        if f.rel_word in ("coming", "upcoming") and f.quantity is None:
            return Norm("DATE", "FUTURE_REF", "date.vague_units", None, None, f.mod)
        q = f.quantity if f.quantity is not None else "X"
        return Norm("DURATION", _duration_value(q, f.unit), "duration.relative", None, None, f.mod)
    if f.has_the and f.rel == -1 and not f.within:  # "the past year": a span up to now
        return Norm(
            "DURATION", _duration_value(1.0, f.unit), "duration.relative", None, None, f.mod
        )
    if lex.UNITS[f.unit][1] or f.unit in ("day", "night"):
        return None
    if dct is None:
        return _needs_dct("DATE", "date.relative_unit", f.mod)
    value = at_granularity(shift(dct, f.unit, f.rel), f.unit)
    return Norm("DATE", value, "date.relative_unit", "dct", None, f.mod)


def rule_the_weekend(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "the weekend", "over the weekend": the last one, or the next under a future verb."""
    if f.words != ["the", "weekend"]:
        return None
    if dct is None:
        return _needs_dct("DATE", "date.the_weekend", f.mod)
    saturday = weekday_near(dct, 6, 1 if tense == FUTURE else -1, strict=False)
    return Norm("DATE", at_granularity(saturday, "weekend"), "date.the_weekend", "dct", None, f.mod)


def rule_duration(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "three days", "a five-year plan", "several weeks", "decades"."""
    if f.unit is None or "old" in f.other:
        return None
    if f.quantity is None and not f.unit_plural:
        return None
    q = f.quantity if f.quantity is not None else "X"
    if f.vague == "PAST_REF" and f.quantity is None:  # "recent weeks"
        return Norm("DATE", "PAST_REF", "date.vague_units", None, None, f.mod)
    return Norm("DURATION", _duration_value(q, f.unit), "duration.quantity", None, None, f.mod)


def rule_vague(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "now", "currently", "recently", "the future", "in the coming days"."""
    if f.vague is None or f.year or f.month or f.weekday:
        return None
    return Norm("DATE", f.vague, "date.vague", None, None, None)


# Bare definites that name the story's reporting period ("results for the year").
_BARE_PERIODS = (
    ["the", "quarter"],
    ["the", "year"],
    ["the", "full", "year"],
    ["the", "fiscal", "year"],
)


def rule_anaphoric_definite(f: Feats, dct: dt.date | None, tense: str | None) -> Norm | None:
    """ "that day", "the same period", "the latest quarter", "the quarter": the story's time.

    Left unresolved here (``reason="anaphoric"``); ``timechain`` resolves it on
    the most recent preceding date of fine enough granularity.
    """
    if f.quantity is not None or f.unit_plural or f.rel is not None or _is_dated(f):
        return None
    unit = f.unit or ("period" if "period" in f.other else None)
    if unit not in lex.ANAPHORIC_UNITS:
        return None
    determined = any(w in lex.ANAPHORIC_DETERMINERS for w in f.words)
    if not (determined or f.words in _BARE_PERIODS):
        return None
    return Norm("DATE", None, "date.anaphoric_unit", None, "anaphoric", f.mod)


def _is_dated(f: Feats) -> bool:
    return bool(f.year or f.month or f.weekday or f.season or f.quarter or f.half or f.decade)


RULES: tuple[Rule, ...] = (
    rule_frequency,
    rule_clock,
    rule_decade,
    rule_holiday,
    rule_absolute,
    rule_month_day,
    rule_weekday,
    rule_narrative_day,
    rule_deictic_day,
    rule_season_quarter,
    rule_ago,
    rule_relative_unit,
    rule_the_weekend,
    rule_duration,
    rule_anaphoric_definite,
    rule_vague,
)


def normalize(words: list[str], dct: dt.date | None, tense: str | None = None) -> Norm | None:
    """The TIMEX3 reading of ``words``, or None when they are not a time expression."""
    f = read(words)
    for rule in RULES:
        norm = rule(f, dct, tense)
        if norm is not None:
            return norm
    return None
