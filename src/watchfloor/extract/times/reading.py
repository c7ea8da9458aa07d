"""Reading an expression's words, in one pass, into what they say (``Feats``): which
month, weekday, clock time, holiday, quantity of which unit, which deictic or
relative word, which modifier ("about", "at least")."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.dates import add_months

# Years a bare four-digit number may denote; outside it is a count or a code.
MIN_YEAR, MAX_YEAR = 1000, 2099


_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(a\.?m\.?|p\.?m\.?)?$")
_DECADE = re.compile(r"^'?(\d{2,4})'?s$")
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_YEAR_ABBR = re.compile(r"^'(\d{2})$")
_MERIDIEM = {"am": "am", "a.m": "am", "a.m.": "am", "pm": "pm", "p.m": "pm", "p.m.": "pm"}


@dataclass(slots=True)
class Feats:
    """What the words of an expression say, collected in one pass."""

    words: list[str]
    year: int | None = None
    decade: int | None = None
    century: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    part: str | None = None
    clock: tuple[int, int] | None = None
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    unit: str | None = None
    unit_plural: bool = False
    quantity: float | str | None = None
    rel: int | None = None
    rel_word: str | None = None
    ago: int | None = None
    deictic: int | None = None
    mod: str | None = None
    set_q: bool = False
    freq: str | None = None
    vague: str | None = None
    has_the: bool = False
    within: bool = False  # "earlier this month", "later this year"
    holiday: str | None = None  # a key of ``timelex.HOLIDAYS``
    other: list[str] = field(default_factory=list)


def _clean(word: str) -> str:
    w = word.lower().strip()
    if w in _MERIDIEM:
        return w
    return w.rstrip(".") if len(w) > 1 else w


def _number_run(words: list[str], i: int) -> tuple[float | None, int]:
    """Read a number written in digits or words starting at i; (value, next index)."""
    w = words[i]
    if _NUMBER.match(w):
        total, j = float(w.replace(",", "")), i + 1
        return _fraction(words, j, total)
    total, j, seen = 0.0, i, False
    while j < len(words) and words[j] in lex.UNITS_WORDS:
        n = lex.UNITS_WORDS[words[j]]
        if words[j] == "couple" and j + 1 < len(words) and words[j + 1] == "of":
            j += 1
        if n in (100, 1000) and total:
            total *= n
        elif 11 <= total <= 20 and 10 <= n < 100 and n % 10 == 0:
            total = total * 100 + n  # spoken years: "nineteen ninety(-four)"
        else:
            total += n
        seen, j = True, j + 1
    return _fraction(words, j, total) if seen else (None, j)


def _fraction(words: list[str], j: int, total: float) -> tuple[float, int]:
    """Add a trailing "1/2" or "and a half"."""
    if j < len(words) and words[j] == "1/2":
        return total + 0.5, j + 1
    if words[j : j + 3] == ["and", "a", "half"]:
        return total + 0.5, j + 3
    return total, j


def _read_mod(words: list[str], f: Feats) -> None:
    for a, b in itertools.pairwise(words):
        if (a, b) in lex.MOD_PHRASES:
            f.mod = lex.MOD_PHRASES[(a, b)]
            return
    for w in words:
        if w in lex.MOD_WORDS and not (w == "some" and f.quantity is None):
            f.mod = lex.MOD_WORDS[w]
            return


def _read_clock(words: list[str], i: int, f: Feats) -> int:
    """Read "6 a.m.", "10:35 pm", "noon", "1830 gmt"; return the next index."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in ("noon", "midday"):
        f.clock = (12, 0)
        return i + 1
    if w == "midnight":
        f.clock = (24, 0)
        return i + 1
    m = _CLOCK.match(w)
    if m and (m.group(2) or m.group(3) or nxt in _MERIDIEM):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        mer = _MERIDIEM.get((m.group(3) or "").replace(".", "") or nxt.rstrip("."), "")
        mer = mer or _MERIDIEM.get(nxt, "")
        if hour > 24 or minute > 59:
            return i
        if mer == "pm" and hour < 12:
            hour += 12
        if mer == "am" and hour == 12:
            hour = 0
        f.clock = (hour, minute)
        return i + 2 if nxt in _MERIDIEM else i + 1
    return i


def _read_word(words: list[str], i: int, f: Feats) -> int:
    """Read the feature starting at words[i]; return the index after it."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    j = _read_clock(words, i, f)
    if j > i:
        return j
    if w == "the":
        f.has_the = True
        return i + 1
    if w == "of":
        return i + 1
    # "1000 years" is a count; "the 1988 quarter" names the quarter of a year.
    unit_next = nxt in lex.UNIT_PLURALS and nxt not in lex.ORDINALS
    if w.isdigit() and len(w) == 4 and MIN_YEAR <= int(w) <= MAX_YEAR and not unit_next:
        f.year = int(w)  # "1989", "the 1988 second quarter"; not "1000 years"
        return i + 1
    if (m := _YEAR_ABBR.match(w)) is not None:
        f.year = 1900 + int(m.group(1)) if int(m.group(1)) > 30 else 2000 + int(m.group(1))
        return i + 1
    if (m := _DECADE.match(w)) is not None:
        digits = m.group(1)
        if len(digits) == 4 and digits.endswith("0"):
            f.decade = int(digits[:3])
            return i + 1
        if len(digits) == 2 and digits.endswith("0"):
            f.decade = 190 + int(digits[0])
            return i + 1
    j = _read_holiday(words, i, f)
    if j > i:
        return j
    if w in lex.DECADE_WORDS and f.decade is None:  # "the nineties"
        f.decade = lex.DECADE_WORDS[w]
        return i + 1
    if w == "these" and nxt == "days":  # "these days": now, not a duration
        f.vague = "PRESENT_REF"
        return i + 2
    if w in lex.MONTHS:
        f.month = lex.MONTHS[w]
        if isinstance(f.quantity, float) and f.day is None and 1 <= f.quantity <= 31:
            f.day, f.quantity = int(f.quantity), None  # "7 March"
        if nxt.isdigit() and 1 <= int(nxt) <= 31 and len(nxt) <= 2:
            f.day = int(nxt)
            return i + 2
        if (m := _ORDINAL_DIGITS.match(nxt)) is not None:
            f.day = int(m.group(1))
            return i + 2
        after = words[i + 2] if i + 2 < len(words) else ""
        if lex.ORDINALS.get(nxt, 0) > 0 and after not in ("quarter", "half"):
            f.day = lex.ORDINALS[nxt]  # "March eighth"
            return i + 2
        return i + 1
    if w in lex.WEEKDAYS or (w.endswith("s") and w[:-1] in lex.WEEKDAYS and len(w) > 4):
        f.weekday = lex.WEEKDAYS[w if w in lex.WEEKDAYS else w[:-1]]
        if w not in lex.WEEKDAYS or nxt in lex.PLURAL_PARTS:
            f.set_q = True  # "on Tuesdays", "Tuesday nights": every Tuesday
        return i + 1
    if w in lex.SEASONS:
        f.season = lex.SEASONS[w]
        return i + 1
    if w in lex.DAY_DEICTICS:
        f.deictic = lex.DAY_DEICTICS[w]
        if w == "tonight":
            f.part = "NI"
        return i + 1
    return _read_relative(words, i, f)


def _read_holiday(words: list[str], i: int, f: Feats) -> int:
    """ "Thanksgiving (Day)", "Christmas Eve", "New Year's Day", "Labor Day"."""
    w = words[i]
    rest = words[i + 1 : i + 4]
    name = None
    if w == "new" and rest[:1] == ["year"]:
        name, j = "new year", i + 2
    elif w in lex.HOLIDAYS:
        name, j = w, i + 1
    if name is None:
        return i
    if words[j : j + 1] == ["eve"] and f"{name} eve" in lex.HOLIDAYS:
        name, j = f"{name} eve", j + 1
    elif words[j : j + 1] == ["day"]:
        j += 1
    elif name in lex.HOLIDAY_NEEDS_DAY or name == "new year":
        return i  # "election", "new year": not a holiday without "Day"
    f.holiday = name
    return j


def holiday_date(name: str, year: int) -> dt.date:
    """The date of a ``timelex.HOLIDAYS`` holiday in ``year``."""
    rule = lex.HOLIDAYS[name]
    if len(rule) == 2:
        return dt.date(year, rule[0], rule[1])
    month, weekday, n = rule[0], rule[1], rule[2]
    if n > 0:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    else:
        last = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
        day = last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    return day + dt.timedelta(days=sum(rule[3:]))  # election: the day after that Monday


_MORE = frozenset({"more", "additional", "further", "extra", "another"})


def _read_relative(words: list[str], i: int, f: Feats) -> int:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    # Only real quarters and halves: "the nineteenth quarter" is not a date.
    limit = 4 if nxt.startswith("quarter") else 2
    if w in lex.ORDINALS and nxt in ("quarter", "half", "quarters") and lex.ORDINALS[w] <= limit:
        if nxt.startswith("quarter"):
            f.quarter = lex.ORDINALS[w] if lex.ORDINALS[w] > 0 else 4
        else:
            f.half = lex.ORDINALS[w] if lex.ORDINALS[w] > 0 else 2
        return i + 2
    after = words[i + 2] if i + 2 < len(words) else ""
    of_month = nxt == "of" and (after in lex.MONTHS or after in ("this", "last", "next"))
    if (w in lex.ORDINALS or _ORDINAL_DIGITS.match(w)) and of_month:  # "the sixth of March"
        m = _ORDINAL_DIGITS.match(w)
        f.day = int(m.group(1)) if m else lex.ORDINALS[w]
        return i + 2
    if (m := _ORDINAL_DIGITS.match(w)) is not None and f.month:
        f.day = int(m.group(1))
        return i + 1
    if w in ("night", "nights") and f.quantity is None:  # "last night", not "three nights"
        f.part = "NI"
        return i + 1
    if w == "year" and nxt == "end" and f.unit is None and f.rel is None and not f.has_the:
        f.unit, f.rel, f.rel_word, f.mod = "year", 0, "this", "END"  # "by year-end"
        return i + 2
    if (w in lex.UNITS or w in lex.UNIT_PLURALS) and f.unit is None:
        f.unit = lex.UNIT_PLURALS.get(w, w)
        f.unit_plural = w in lex.UNIT_PLURALS
        return i + 1
    if w in lex.PARTS_OF_DAY:
        f.part = lex.PARTS_OF_DAY[w]
        return i + 1
    if w in lex.FREQUENCY_ADVERBS:
        f.freq = lex.FREQUENCY_ADVERBS[w]
        return i + 1
    if w in lex.SET_QUANTIFIERS:
        f.set_q = True
        return i + 1
    if w in lex.AGO_WORDS and (f.unit or f.quantity is not None):
        f.ago = lex.AGO_WORDS[w]
        return i + 1
    if w in ("earlier", "later") and nxt in ("this", "next", "last", "today", "yesterday"):
        f.within = True
        return i + 1
    if w in lex.RELATIVE_OFFSET and f.rel is None:
        f.rel, f.rel_word = lex.RELATIVE_OFFSET[w], w
        if w in lex.VAGUE_REFS:
            f.vague = lex.VAGUE_REFS[w]
        return i + 1
    if w in lex.VAGUE_QUANTITY and nxt != "of":
        f.quantity = "X"
        return i + 1
    if w in lex.UNITS_WORDS or _NUMBER.match(w):
        after = words[i + 2] if i + 2 < len(words) else ""
        if w in ("a", "an") and nxt in _MORE and after in lex.UNITS:
            f.quantity = 1.0  # "an additional year"
            return i + 2
        if w in ("a", "an") and nxt not in lex.UNITS:
            return i + 1  # "a few", "a couple of": the next word is the quantity
        value, j = _number_run(words, i)
        if value is not None:
            f.quantity = value
            return j
    if w in lex.VAGUE_REFS:
        f.vague = lex.VAGUE_REFS[w]
        return i + 1
    f.other.append(w)
    return i + 1


def _unglue(words: list[str]) -> list[str]:
    """ "mid-1996" -> "mid", "1996": a modifier hyphenated to a year or decade."""
    out = []
    for w in words:
        head, sep, tail = w.partition("-")
        if sep and head.lower() in lex.HYPHEN_MODS and tail[:1].isdigit():
            out += [head, tail]
        else:
            out.append(w)
    return out


def read(words: list[str]) -> Feats:
    """Collect the features of an expression's words."""
    clean = [c for c in (_clean(w) for w in _unglue(words)) if c and c not in (",", "-", "'s")]
    f = Feats(words=clean)
    i = 0
    while i < len(clean):
        i = _read_word(clean, i, f)
    _read_mod(clean, f)
    if f.decade is None and f.year is None and "century" in clean:
        _read_century(clean, f)
    q = f.quantity
    year_unit = f.unit is None or (f.unit == "year" and not f.unit_plural and f.has_the)
    if isinstance(q, float) and MIN_YEAR <= q <= MAX_YEAR and f.year is None and year_unit:
        f.year, f.quantity, f.unit = int(q), None, None  # "the year two thousand"
    return f


def _read_century(words: list[str], f: Feats) -> None:
    for w in words:
        m = _ORDINAL_DIGITS.match(w)
        n = int(m.group(1)) if m else lex.ORDINALS.get(w, 0)
        if n > 0:
            f.century = n - 1
            f.unit = None
            return
