"""Document-level passes over the expressions found: what single expressions cannot see.

Two expressions the parser left apart joined ("from [March 5] to [March 7]"), a part
of day shared by a list ("Monday and Tuesday nights"), appositions that restate a day
merged, "the day after X" moved from the date X (or the date of the event X), "the
quarter ended July 31" named by its last day, a bare clock time placed on the day
named in its sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.chain import parse_value
from watchfloor.extract.times.dates import at_granularity, shift
from watchfloor.extract.times.detection import span_words
from watchfloor.extract.times.normalize import Norm
from watchfloor.extract.times.reading import read
from watchfloor.extract.times.spans import closed_range, normalize_span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc


def clock_on_sentence_day(feats: list[Any], norms: list[Norm], sent_ids: list[int]) -> list[Norm]:
    """ "at 10:35 a.m. (0735 GMT) Friday": a bare clock time on its sentence's day.

    A clock time that names no day of its own sits on the day named in the same
    sentence (the nearest such expression), not on the DCT.
    """
    out = list(norms)
    for k, (f, norm) in enumerate(zip(feats, norms, strict=True)):
        if norm.rule != "time.clock" or norm.anchor != "dct" or norm.value is None:
            continue
        if f.month or f.day or f.weekday or f.deictic is not None or f.rel is not None:
            continue
        days = [
            j
            for j, other in enumerate(norms)
            if j != k
            and sent_ids[j] == sent_ids[k]
            and other.type == "DATE"
            and other.value is not None
            and _DAY_VALUE.match(other.value)
        ]
        if days:
            j = min(days, key=lambda j: (abs(j - k), j))
            clock = norm.value.partition("T")[2]
            out[k] = replace(
                norm,
                value=f"{norms[j].value}T{clock}",
                rule="time.clock_sentence_day",
                anchor=f"time:{j}",
            )
    return out


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# "the quarter ended Sept. 30": the period's middle lies this many days before its end.
_PERIOD_MIDDLE = {"quarter": 45, "year": 182}


def period_ended(
    parsed: SpacyDoc, found: list[tuple[int, int, Norm]], norms: list[Norm]
) -> list[Norm]:
    """ "the quarter ended Sept. 30" -> 1989-Q3, when the story names no quarter.

    A reporting period left unresolved by the anchoring chain (no quarter or
    year named before it) but named by its last day is the calendar quarter
    (year) holding its middle: a quarter ended July 31 is mostly May-July, so
    ``Q2``. Only "the [fiscal] quarter/year" right before "ended/ending" and
    a resolved day. A quarter the story has named stays the chain's (a
    company's fiscal quarters are not calendar ones).
    """
    out = list(norms)
    for k, ((_, e, _), norm) in enumerate(zip(found, norms, strict=True)):
        if norm.rule != "date.anaphoric_unit" or norm.value is not None or k + 1 >= len(found):
            continue
        unit = parsed[e - 1].lower_
        s2 = found[k + 1][0]
        end_norm = norms[k + 1]
        if unit not in _PERIOD_MIDDLE or e >= len(parsed) or s2 != e + 1:
            continue
        if parsed[e].lower_ not in ("ended", "ending") or end_norm.value is None:
            continue
        last = parse_value(end_norm.value)
        if last is None or last.grain != "day":
            continue
        middle = last.day - dt.timedelta(days=_PERIOD_MIDDLE[unit])
        out[k] = replace(
            norm,
            value=at_granularity(middle, unit),
            rule="date.period_ended",
            anchor=f"time:{k + 1}",
            reason=None,
        )
    return out


# "the day after <date>", "the week before <event of date>": one unit off a date.
_OFFSET_UNITS = ("day", "week", "month", "year")
_OFFSET_WORDS = {"before": -1, "after": 1}


def day_after(
    parsed: SpacyDoc, found: list[tuple[int, int, Norm]], day: dt.date | None
) -> tuple[list[tuple[int, int, Norm]], dict[tuple[int, int], tuple[int, int]]]:
    """Anchor "the day after X" on X when X is a date or an event the phrase dates.

    "the day before last Tuesday" (X a date: one expression, both parts) and
    "the day after the ceasefire of March 3" (X an event whose own phrase
    holds a date: the expression is "the day", its value March 4). Returns the
    expressions and, for the second kind, the token range of the date each is
    anchored on. "three days after X" stays a duration (TimeML: the quantity is
    the TIMEX3, the preposition a signal).
    """
    bases: dict[tuple[int, int], tuple[int, int]] = {}
    for t in parsed:
        if t.lower_ not in _OFFSET_WORDS or t.i < 2:
            continue
        unit, det = parsed[t.i - 1].lower_, parsed[t.i - 2].lower_
        if unit not in _OFFSET_UNITS or det != "the":
            continue
        start = t.i - 2
        # The date: an expression starting right after the preposition (or one that
        # swallowed the whole phrase), else one inside the preposition's object.
        direct = [(s, e, n) for s, e, n in found if s <= t.i + 1 < e and s >= start and e > t.i + 1]
        if direct:
            s, e, _ = direct[0]
            base = normalize_span(parsed, t.i + 1, e, day)
            moved = _moved(base, unit, _OFFSET_WORDS[t.lower_], "date.offset_of_date")
            if moved is not None:
                found = [x for x in found if not (x[0] < e and x[1] > start)]
                found.append((start, e, moved))
            continue
        objs = [c for c in t.children if c.dep_ == "pobj"]
        if not objs or any(s < t.i and e > start for s, e, _ in found):
            continue
        lo, hi = objs[0].left_edge.i, objs[0].right_edge.i + 1
        inside = [(s, e, n) for s, e, n in found if s >= lo and e <= hi]
        if inside:
            s, e, base_norm = inside[0]
            moved = _moved(base_norm, unit, _OFFSET_WORDS[t.lower_], "date.offset_of_event")
            if moved is not None:
                found.append((start, t.i, moved))
                bases[(start, t.i)] = (s, e)
    return sorted(found, key=lambda x: (x[0], x[1])), bases


def _moved(base: Norm | None, unit: str, n: int, rule: str) -> Norm | None:
    """The base date moved by one unit, at the unit's granularity (or the base's if finer)."""
    if base is None or base.type not in ("DATE", "TIME"):
        return None
    if base.value is None:  # the date itself needs the DCT: so does this one
        if base.reason is None:
            return None
        return Norm("DATE", None, rule, None, base.reason)
    ref = parse_value(base.value)
    if ref is None or _GRAINS.index(ref.grain) > _GRAINS.index(unit):
        return None  # "the day after March": no day to count from
    value = at_granularity(shift(ref.day, unit, n), max(unit, ref.grain, key=_GRAINS.index))
    return Norm("DATE", value, rule, base.anchor, None)


_GRAINS = ("day", "week", "month", "quarter", "year")


def anchor_on_bases(
    found: list[tuple[int, int, Norm]],
    norms: list[Norm],
    bases: dict[tuple[int, int], tuple[int, int]],
) -> list[Norm]:
    """ "the day after the ceasefire of March 3": anchor ``time:<k>``, k the date's index."""
    index = {(s, e): k for k, (s, e, _) in enumerate(found)}
    out = []
    for (s, e, _), norm in zip(found, norms, strict=True):
        base = bases.get((s, e))
        if base is not None and base in index and norm.value is not None:
            norm = replace(norm, anchor=f"time:{index[base]}")
        out.append(norm)
    return out


def merge_ranges(
    parsed: SpacyDoc, found: list[tuple[int, int, Norm]], day: dt.date | None
) -> list[tuple[int, int, Norm]]:
    """Join two expressions the parser left apart: "from [March 5] to [March 7, 2019]"."""
    out: list[tuple[int, int, Norm]] = []
    for s, e, norm in found:
        if out and s == out[-1][1] + 1:
            closed = closed_range(parsed, out[-1][0], e, day)
            if closed is not None:
                out[-1] = (out[-1][0], e, closed)
                continue
        out.append((s, e, norm))
    return out


def share_plural_part(
    parsed: SpacyDoc, found: list[tuple[int, int, Norm]], day: dt.date | None
) -> list[tuple[int, int, Norm]]:
    """ "on Monday and Tuesday nights" (two NER entities): both weekdays are sets."""
    out = list(found)
    for k in range(len(found) - 1):
        s1, e1, n1 = found[k]
        s2, e2, n2 = found[k + 1]
        if n1.rule != "date.weekday" or n2.rule != "set.weekday" or s2 != e1 + 1:
            continue
        if parsed[e1].lower_ not in ("and", "or") or parsed[e2 - 1].lower_ not in lex.PLURAL_PARTS:
            continue
        norm = normalize_span(parsed, s1, e1, day, parsed[e2 - 1].text)
        if norm is not None:
            out[k] = (s1, e1, norm)
    return out


def merge_appositions(
    parsed: SpacyDoc, found: list[tuple[int, int, Norm]], day: dt.date | None
) -> list[tuple[int, int, Norm]]:
    """Join "last Wednesday, the sixth of this March" when both parts name one day."""
    out: list[tuple[int, int, Norm]] = []
    i = 0
    while i < len(found):
        s, e, norm = found[i]
        if i + 1 < len(found):
            s2, e2, norm2 = found[i + 1]
            if (
                s2 == e + 1
                and parsed[e].text == ","
                and _restates(parsed, s, e, s2, e2, norm, norm2)
            ):
                mod = norm.mod or norm2.mod
                merged = replace(norm2, rule=f"{norm2.rule}+apposition", mod=mod)
                out.append((s, e2, merged))
                i += 2
                continue
        out.append((s, e, norm))
        i += 1
    return out


def _restates(parsed: SpacyDoc, s: int, e: int, s2: int, e2: int, norm: Norm, norm2: Norm) -> bool:
    """Whether the second expression restates the day of the first, consistently."""
    if norm.type != "DATE" or norm2.type != "DATE":
        return False
    first, second = read(span_words(parsed, s, e)), read(span_words(parsed, s2, e2))
    if first.weekday is None or second.day is None or second.month is None:
        return False
    if norm.value is None or norm2.value is None:  # no DCT: cannot check, one expression
        return norm.value is None and norm2.value is None
    if norm.value == norm2.value:
        return True
    try:  # a weekday restated by a date: the date must fall on that weekday
        return dt.date.fromisoformat(norm2.value).isoweekday() == first.weekday
    except ValueError:
        return False
