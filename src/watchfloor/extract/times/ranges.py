"""Ranges: closed ranges of days and the days a vague or open expression covers.

Closed ranges ("between March 6 and 8", "from March 5 to March 7, 2019",
"March 5-7", "5 to 7 March", "between Monday and Wednesday") become one
expression whose value is the ISO interval of its two days
(``2019-03-06/2019-03-08``), rule ``date.range``. An end that leaves out its
month or year takes it from the other end ("March 6 and 8": the 8th is of
March); each end is then normalised with the verb's tense like any date, and
the range exists only when both ends resolve to days in order. Otherwise the
caller keeps its usual reading (split in two, or the first day).

``cover`` gives the days a vague or open expression covers, for
``TimeRef.range``: "recent weeks" (PAST_REF) a window ending at the DCT, "in
the coming days" (FUTURE_REF) one starting at it, "since March 2" (mod
ON_OR_AFTER) that date's first day to the DCT. Without a DCT there is none.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.chain import parse_value
from watchfloor.extract.times.normalize import Norm, normalize
from watchfloor.extract.times.reading import Feats, read

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# "recent days" / "the coming days": about a week; beyond that a writer says "weeks".
DAYS_WINDOW = 7
# "recent weeks" / "the coming weeks": a few weeks, at most about a month (4 weeks).
WEEKS_WINDOW = 28
# "recent months" / "the coming months": a few months, about a quarter.
MONTHS_WINDOW = 91
# "lately", "recently" with no unit: about the last month of news.
LATELY_WINDOW = 30

# Word before the first end -> the connectors that close a range opened by it.
_OPENERS = {
    "between": frozenset({"and"}),
    "from": frozenset({"to", "through", "until", "till", "-", "–", "—"}),
}
# Connectors of an unopened range: "March 5-7", "5 to 7 March" (one end lacks its month).
_BARE_CONNECTORS = frozenset({"to", "through", "-", "–"})
_UNIT_WINDOWS = {"day": DAYS_WINDOW, "week": WEEKS_WINDOW, "month": MONTHS_WINDOW}
_LATELY = frozenset({"lately", "recently"})
# Words that make "days", "weeks", "months" a window reaching the DCT.
_WINDOW_WORDS = frozenset({"recent", "coming", "upcoming"})
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_NAMES = {n: w for w, n in lex.MONTHS.items() if len(w) > 3 or w == "may"}


def _bare_day(words: list[str]) -> bool:
    """A lone day number: "8" in "March 6 and 8"."""
    return len(words) == 1 and words[0].isdigit() and 1 <= int(words[0]) <= 31


def _complete(left: list[str], right: list[str]) -> tuple[list[str], list[str]]:
    """Give each end the month and year it leaves to the other."""
    lf, rf = read(left), read(right)
    if _bare_day(right) and lf.month:
        right = [_MONTH_NAMES[lf.month], *right]
    elif _bare_day(left) and rf.month:
        left = [*left, _MONTH_NAMES[rf.month]]
    lf, rf = read(left), read(right)
    if lf.year is None and rf.year is not None and lf.month and rf.month:
        left = [*left, str(rf.year)]
    elif rf.year is None and lf.year is not None and lf.month and rf.month:
        right = [*right, str(lf.year)]
    return left, right


def _is_day(f: Feats) -> bool:
    calendar_day = f.month is not None and f.day is not None
    return (calendar_day or f.weekday is not None) and f.unit is None and not f.set_q


def _connector(words: list[str], opener: str | None) -> int | None:
    """Index of the word that joins the two ends, or None when this is not a range."""
    allowed = _OPENERS.get(opener or "")
    for k in range(1, len(words) - 1):
        w = words[k].lower()
        if allowed is not None and w in allowed:
            return k
        one_end_bare = _bare_day(words[:k]) or _bare_day(words[k + 1 :])
        if allowed is None and w in _BARE_CONNECTORS and one_end_bare:
            return k
    return None


def closed(
    words: list[str], opener: str | None, day: dt.date | None, tense: str | None
) -> Norm | None:
    """The ``date.range`` reading of ``words`` (opened by ``opener``), or None."""
    k = _connector(words, opener)
    if k is None:
        return None
    left, right = _complete(list(words[:k]), list(words[k + 1 :]))
    lf, rf = read(left), read(right)
    if not (_is_day(lf) and _is_day(rf)):
        return None
    first, last = normalize(left, day, tense), normalize(right, day, tense)
    if first is None or last is None or first.value is None or last.value is None:
        return None
    if not (_DAY_VALUE.match(first.value) and _DAY_VALUE.match(last.value)):
        return None
    start, end = dt.date.fromisoformat(first.value), dt.date.fromisoformat(last.value)
    if rf.weekday is not None and rf.month is None:  # "Monday and Wednesday": the next one
        end = start + dt.timedelta(days=(rf.weekday - start.isoweekday()) % 7)
    if end <= start:
        return None
    both_absolute = first.anchor == last.anchor == "absolute"
    anchor = "absolute" if both_absolute else "dct"
    return Norm("DATE", f"{start.isoformat()}/{end.isoformat()}", "date.range", anchor)


def cover(f: Feats, norm: Norm, day: dt.date | None) -> str | None:
    """The days ``norm`` covers when its value is a vague or open reference, or None."""
    if day is None:
        return None
    if norm.value == "PAST_REF":
        window = _window(f)
        return None if window is None else _days(day - dt.timedelta(days=window), day)
    if norm.value == "FUTURE_REF":
        window = _window(f) if f.rel_word in ("coming", "upcoming") else None
        return None if window is None else _days(day, day + dt.timedelta(days=window))
    if norm.mod == "ON_OR_AFTER" and norm.type in ("DATE", "TIME"):
        ref = parse_value(norm.value)
        if ref is not None and ref.day <= day:
            return _days(ref.day, day)
    return None


def _window(f: Feats) -> int | None:
    if f.unit is not None and f.quantity is None and f.unit_plural:
        vague = any(w in _WINDOW_WORDS for w in f.words)  # not "months ago": a point
        return _UNIT_WINDOWS.get(f.unit) if vague else None
    if f.unit is None and any(w in _LATELY for w in f.words):
        return LATELY_WINDOW
    return None


def _days(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()}/{end.isoformat()}"


def opener_of(parsed: SpacyDoc, start: int) -> str | None:
    """The lower-cased word before token ``start`` if it opens a range."""
    if start == 0:
        return None
    word = str(parsed[start - 1].lower_)
    return word if word in _OPENERS else None
