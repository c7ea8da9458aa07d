"""Publication date inferred from the text and the knowledge base, as a range with reasons.

A document without a publication date (``dct.how == "unknown"``) is dated by
constraints on the set of candidate publication days, each a union of day
intervals with the reason it holds:

* the text's own calendar: a weekday restated by a date ("last Wednesday, the
  sixth of this March"), or a weekday and a date in one sentence that the
  calendar lets be one day ("last Thursday, when ... on March 7"). Each part
  is normalised by ``timenorm`` against every candidate day within a week of
  each year's date, and the days where both parts name that date are kept;
* explicitly dated events: a date (with its year) of a past-tense verb is on
  or before publication, one of a future-tense verb on or after it;
* office holders presented with their office ("the US Secretary of State,
  Mike Pompeo", "Iraqi Prime Minister Adel Abdul-Mahdi"): within the KB
  tenure; "former <office> X": after it;
* named organisations: on or after their founding (KB ``founded``); before
  their dissolution when the text speaks of them in the present tense;
* nothing in the future: a bounded range ends today at the latest.

Constraints are intersected strongest first; one that would empty the set is
dropped and said so. The result is ``Dct(date=None, earliest, latest,
how=inferred, reasons)``, never an invented day; with no constraint the
document's unknown DCT is returned unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.extract.times.normalize import FUTURE, PAST, PRESENT, normalize
from watchfloor.extract.times.reading import read
from watchfloor.extract.times.tense import tense_of
from watchfloor.knowledge.actors import ActorKB, Word, text_words
from watchfloor.vocab import ActorMention, Dct, DctHow, Document, Role, Sentence, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import OrgDate

NAME = "dct.v1"

# How many years back a date written without its year may be placed: news
# archives reach back decades; each extra year costs a few checks.
CANDIDATE_YEARS = 60
# A weekday word ("Wednesday", "last Wednesday", "next Friday") names a day at
# most a week from publication: the candidate days checked around each date.
WEEKDAY_REACH_DAYS = 7
# An office title may still be used in reports on an office holder's last
# days, published shortly after the tenure ended.
TENURE_GRACE_DAYS = 7
# Same for an organisation spoken of in the present tense just after it was dissolved.
DISSOLVED_GRACE_DAYS = 7
# Words an office title and a name may share when they stand side by side.
MAX_TITLE_WORDS = 6
# Words a date restating a weekday may take after its comma ("the first of this January").
MAX_RESTATEMENT_TOKENS = 6
# How many alternative periods a reason lists before summarising the rest.
MAX_LISTED_PERIODS = 3

# Strength of each kind of constraint: stronger ones are applied first, and a
# weaker one that contradicts them is dropped.
STRONG = 3  # the text's calendar restated in two forms; the curated KB
MEDIUM = 2  # a weekday and a date of one sentence read as one day; dated past events
WEAK = 1  # present-tense use of a dissolved organisation

# Modifiers that say a person no longer (or not yet) holds the office named.
_NOT_HOLDING = frozenset(
    {"then", "future", "incoming", "designate", "elect", "nominee", "late", "would", "acting"}
)
_FORMER = frozenset({"former", "ex", "onetime", "erstwhile"})
# Verbs that place their dated complement in the future even in the past tense.
_PROSPECTIVE = frozenset(
    {"plan", "schedule", "expect", "due", "set", "intend", "aim", "hope", "slate", "postpone"}
)
_ISO_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GAP = re.compile(r"^[\s,]*$")  # what may stand between an office title and a name

OPEN_START = dt.date.min
OPEN_END = dt.date.max

Days = tuple[tuple[dt.date, dt.date], ...]  # sorted, disjoint, inclusive day intervals
ALL_DAYS: Days = ((OPEN_START, OPEN_END),)


@dataclass(frozen=True, slots=True)
class Constraint:
    """Publication days allowed by one piece of evidence."""

    days: Days
    reason: str  # "'<text>': <what it means>"; the allowed days are appended
    strength: int


# --------------------------------------------------------------------------- day sets


def _add(day: dt.date, n: int) -> dt.date:
    try:
        return day + dt.timedelta(days=n)
    except OverflowError:
        return OPEN_END if n > 0 else OPEN_START


def union(intervals: Iterable[tuple[dt.date, dt.date]]) -> Days:
    """Sorted, merged intervals (touching ones joined)."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(i for i in intervals if i[0] <= i[1]):
        if out and start <= _add(out[-1][1], 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def intersect(a: Days, b: Days) -> Days:
    """The days in both sets."""
    out: list[tuple[dt.date, dt.date]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _period(start: dt.date, end: dt.date) -> str:
    if start == OPEN_START and end == OPEN_END:
        return "any day"
    if start == OPEN_START:
        return f"on or before {end.isoformat()}"
    if end == OPEN_END:
        return f"on or after {start.isoformat()}"
    return f"{start.isoformat()}..{end.isoformat()}"


def describe(days: Days) -> str:
    """ "2019-03-07..2019-03-13 or 2024-03-07..2024-03-13", the latest periods first cut."""
    shown = days[-MAX_LISTED_PERIODS:]
    text = " or ".join(_period(s, e) for s, e in shown)
    hidden = len(days) - len(shown)
    return f"{text} (or one of {hidden} earlier periods)" if hidden else text


# --------------------------------------------------------------------------- calendar


def _tokens(parsed: SpacyDoc, ref: TimeRef) -> Any:
    return parsed.char_span(ref.span.start, ref.span.end, alignment_mode="expand")


def _split_weekday(span: Any) -> tuple[list[str], list[str]] | None:
    """ "last Wednesday, the sixth of this March" -> (weekday words, date words)."""
    texts = [t.text for t in span]
    for k, word in enumerate(texts):
        if read([word]).weekday is not None:
            head, tail = texts[: k + 1], texts[k + 1 :]
            if not tail:  # "March 6, Wednesday"
                head, tail = [word], texts[:k]
            tail = [w for w in tail if w != ","]
            return (head, tail) if tail else None
    return None


def _resolves(words_: list[str], day: dt.date, tense: str | None, target: dt.date) -> bool:
    norm = normalize(words_, day, tense)
    return norm is not None and norm.value is not None and norm.value[:10] == target.isoformat()


def _weekday_date_days(
    weekday_words: list[str], date_words: list[str], tense: str | None, today: dt.date
) -> tuple[Days, str] | None:
    """Publication days where the weekday and the date name the same day; and how far before."""
    wk, dated = read(weekday_words), read(date_words)
    if wk.weekday is None or dated.month is None or dated.day is None:
        return None
    first_year = today.year - CANDIDATE_YEARS
    years = [dated.year] if dated.year else range(first_year, today.year + 1)
    found: list[tuple[dt.date, dt.date]] = []
    if not dated.year:  # years before the window stay possible: the set is open to the past
        found.append((OPEN_START, dt.date(first_year, 1, 1) - dt.timedelta(days=1)))
    gaps: set[int] = set()
    for year in years:
        try:
            target = dt.date(year, dated.month, dated.day)
        except ValueError:
            continue
        if target.isoweekday() != wk.weekday:
            continue
        for k in range(-WEEKDAY_REACH_DAYS, WEEKDAY_REACH_DAYS + 1):
            day = target + dt.timedelta(days=k)
            if _resolves(weekday_words, day, tense, target) and _resolves(
                date_words, day, tense, target
            ):
                found.append((day, day))
                gaps.add(k)
    if not gaps:
        return None
    lo, hi = min(gaps), max(gaps)
    when = (
        f"{lo}-{hi} days before"
        if lo >= 0
        else f"{-hi}-{-lo} days after"
        if hi <= 0
        else (f"{-lo} days after to {hi} days before")
    )
    return union(found), when


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _calendar_day(weekday_words: list[str], date_words: list[str]) -> str:
    wk, dated = read(weekday_words), read(date_words)
    assert wk.weekday is not None and dated.month is not None
    month = dt.date(2000, dated.month, 1).strftime("%B")
    year = f" {dated.year}" if dated.year else ""
    return f"a {_WEEKDAY_NAMES[wk.weekday - 1]} {dated.day} {month}{year}"


def _apposition(parsed: SpacyDoc, ref: TimeRef, today: dt.date) -> Constraint | None:
    """One expression holding a weekday and a date: "last Wednesday, the sixth of this March"."""
    span = _tokens(parsed, ref)
    if span is None:
        return None
    parts = _split_weekday(span)
    if parts is None:
        return None
    got = _weekday_date_days(*parts, tense_of(span), today)
    if got is None:
        return None
    days, when = got
    what = f"'{ref.span.text}': {_calendar_day(*parts)}, {when}"
    return Constraint(days, what, STRONG)


def _restatement(parsed: SpacyDoc, weekday: TimeRef, today: dt.date) -> Constraint | None:
    """A weekday followed by a date the times stage did not join: "last Saturday, the first
    of this January" (read from the tokens: comma, then up to ``MAX_RESTATEMENT_TOKENS``
    words ending with a month, with no verb among them)."""
    span = _tokens(parsed, weekday)
    if span is None or span.end >= len(parsed) or parsed[span.end].text != ",":
        return None
    stop = min(span.end + 1 + MAX_RESTATEMENT_TOKENS, span.sent.end)
    for k in range(span.end + 1, stop):
        token = parsed[k]
        if token.pos_ in ("VERB", "AUX") or token.text == ",":
            return None
        date_words = [t.text for t in parsed[span.end + 1 : k + 1]]
        f = read(date_words)
        if f.month is not None and f.day is not None:
            break
    else:
        return None
    weekday_words = [t.text for t in span]
    got = _weekday_date_days(weekday_words, date_words, tense_of(span), today)
    if got is None:
        return None
    days, when = got
    text = parsed[span.start : k + 1].text
    what = f"'{text}': {_calendar_day(weekday_words, date_words)}, {when}"
    return Constraint(days, what, STRONG)


def _pair(parsed: SpacyDoc, weekday: TimeRef, dated: TimeRef, today: dt.date) -> Constraint | None:
    """A weekday and a date of one sentence read as one day where the calendar allows it."""
    w_span, d_span = _tokens(parsed, weekday), _tokens(parsed, dated)
    if w_span is None or d_span is None:
        return None
    tense = tense_of(w_span)
    if FUTURE in (tense, tense_of(d_span)) or _prospective(d_span) or _prospective(w_span):
        return None
    w_words, d_words = [t.text for t in w_span], [t.text for t in d_span]
    got = _weekday_date_days(w_words, d_words, tense, today)
    if got is None:
        return None
    days, when = got
    what = (
        f"'{weekday.span.text}' and '{dated.span.text}' in one sentence: "
        f"the same day, {_calendar_day(w_words, d_words)}, {when}"
    )
    return Constraint(days, what, MEDIUM)


def _feats(parsed: SpacyDoc, ref: TimeRef) -> Any:
    span = _tokens(parsed, ref)
    return None if span is None else read([t.text for t in span])


def _calendar_constraints(
    parsed: SpacyDoc, times: Sequence[TimeRef], today: dt.date
) -> list[Constraint]:
    out: list[Constraint] = []
    weekdays: list[TimeRef] = []
    dates: list[TimeRef] = []
    for ref in times:
        if ref.type not in ("DATE", "TIME"):
            continue
        f = _feats(parsed, ref)
        if f is None:
            continue
        if f.weekday is not None and f.month and f.day:
            c = _apposition(parsed, ref, today)
            if c is not None:
                out.append(c)
        elif f.weekday is not None and not f.month:
            weekdays.append(ref)
        elif f.month and f.day and f.weekday is None:
            dates.append(ref)
    for w in weekdays:
        c = _restatement(parsed, w, today)
        if c is not None:
            out.append(c)
            continue
        for d in dates:
            if d.sentence == w.sentence:
                c = _pair(parsed, w, d, today)
                if c is not None:
                    out.append(c)
    return out


# --------------------------------------------------------------------------- dated events


def _prospective(span: Any) -> bool:
    token = span.root
    for _ in range(6):
        if token.lemma_ in _PROSPECTIVE:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _dates_its_verb(span: Any) -> bool:
    """The expression dates a verb ("issued ... on March 7", "said Friday"), not a noun
    ("the 1994 Act", "a promise to ... by the year 2000")."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif root.dep_ not in ("npadvmod", "tmod", "obl", "advmod"):
        return False
    return bool(head.pos_ in ("VERB", "AUX") and head.i != root.i)


def _iso_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = _ISO_PERIOD.match(value)
    if m is None:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d
        if month:
            first = dt.date(year, int(month), 1)
            return first, dt.date(year + int(month) // 12, int(month) % 12 + 1, 1) - dt.timedelta(1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def _event_constraints(
    parsed: SpacyDoc, times: Sequence[TimeRef], today: dt.date
) -> list[Constraint]:
    """Past-tense dates are on or before publication; future-tense ones on or after it."""
    latest_past: tuple[dt.date, TimeRef] | None = None
    earliest_future: tuple[dt.date, TimeRef] | None = None
    out: list[Constraint] = []
    for ref in times:
        if ref.value is None or ref.anchor != "absolute":
            continue
        if ref.type not in ("DATE", "TIME") or ref.mod in ("BEFORE", "ON_OR_BEFORE"):
            continue
        span = _tokens(parsed, ref)
        if span is None:
            continue
        tense = tense_of(span)
        if tense not in (PAST, FUTURE) or not _dates_its_verb(span):
            continue
        if tense == PAST and _prospective(span):
            continue
        bounds = _iso_bounds(ref.value.partition("T")[0])
        if bounds is None:
            continue
        if tense == PAST and (latest_past is None or bounds[0] > latest_past[0]):
            latest_past = (bounds[0], ref)
        if tense == FUTURE and (earliest_future is None or bounds[1] < earliest_future[0]):
            earliest_future = (bounds[1], ref)
    if latest_past:
        day, ref = latest_past
        what = f"'{ref.span.text}': the latest past event the text dates"
        out.append(Constraint(((day, OPEN_END),), what, MEDIUM))
    if earliest_future:
        day, ref = earliest_future
        what = f"'{ref.span.text}': the earliest future event the text dates"
        out.append(Constraint(((OPEN_START, day),), what, MEDIUM))
    return out


# --------------------------------------------------------------------------- the KB


def _word_index(ws: Sequence[Word], starts: list[int], offset: int) -> int | None:
    i = bisect_left(starts, offset)
    return i if i < len(ws) and ws[i].start == offset else None


@dataclass(frozen=True, slots=True)
class _Office:
    title: str  # title key
    country: str | None
    start: int  # character span of the title (with its country) in the text
    end: int
    former: bool


def _modifier(ws: Sequence[Word], i: int) -> str | None:
    return ws[i - 1].key if i > 0 else None


def _office_before(text: str, ws: Sequence[Word], kb: ActorKB, name_start: int) -> _Office | None:
    """ "the US Secretary of State, Mike Pompeo", "Iraqi Prime Minister Adel Abdul-Mahdi"."""
    for i in range(max(0, name_start - MAX_TITLE_WORDS), name_start):
        for end, title in kb.offices(ws, i):
            if end != name_start or not _GAP.match(text[ws[end - 1].end : ws[end].start]):
                continue
            first, country = i, None
            for j in range(max(0, i - 3), i):
                for cend, iso in kb.country_forms(ws, j):
                    if cend == i and _GAP.match(text[ws[i - 1].end : ws[i].start]):
                        first, country = j, iso
            mod = _modifier(ws, first)
            return (
                _Office(title, country, ws[first].start, ws[end - 1].end, mod in _FORMER)
                if mod not in _NOT_HOLDING
                else None
            )
    return None


def _office_after(text: str, ws: Sequence[Word], kb: ActorKB, name_end: int) -> _Office | None:
    """ "Mike Pompeo, the US Secretary of State"."""
    if name_end >= len(ws) or not re.match(
        r"^\s*,\s*$", text[ws[name_end - 1].end : ws[name_end].start]
    ):
        return None
    k = name_end + 1 if ws[name_end].key == "the" else name_end
    former = k < len(ws) and ws[k].key in _FORMER
    k += former
    starts = [(k, None)] + [(cend, iso) for cend, iso in kb.country_forms(ws, k)]
    for at, iso in starts:
        if at >= len(ws):
            continue
        for end, title in kb.offices(ws, at):
            return _Office(title, iso, ws[k].start, ws[end - 1].end, former)
    return None


def _tenure(role: Role, former: bool) -> tuple[dt.date, dt.date] | None:
    if former:
        return (role.end, OPEN_END) if role.end else None
    if role.start is None and role.end is None:
        return None
    end = _add(role.end, TENURE_GRACE_DAYS) if role.end else OPEN_END
    return role.start or OPEN_START, end


def _office_constraints(
    document: Document, mentions: Sequence[ActorMention], kb: ActorKB
) -> list[Constraint]:
    """Persons presented with their office: within the tenure ("former": after it)."""
    text = document.text
    ws = text_words(text)
    starts = [w.start for w in ws]
    out: list[Constraint] = []
    seen: set[tuple[str, str, bool]] = set()
    for m in mentions:
        actor = kb[m.actor_id]
        if actor.type != "person" or not actor.roles:
            continue
        first = _word_index(ws, starts, m.span.start)
        last = bisect_left(starts, m.span.end)
        if first is None:
            continue
        office = _office_before(text, ws, kb, first) or _office_after(text, ws, kb, last)
        if office is None or (actor.id, office.title, office.former) in seen:
            continue
        roles = [
            r
            for r in actor.roles
            if r.title == office.title and (office.country in (None, r.country))
        ]
        spans = [t for t in (_tenure(r, office.former) for r in roles) if t is not None]
        if not spans:
            continue
        seen.add((actor.id, office.title, office.former))
        title = text[office.start : office.end]
        held = "; ".join(_period(r.start or OPEN_START, r.end or OPEN_END) for r in roles)
        what = (
            f"{actor.name} as {title}: {held}"
            + (" (a former holder: after it)" if office.former else "")
            + (f"; {TENURE_GRACE_DAYS} days' grace" if not office.former else "")
        )
        out.append(Constraint(union(spans), what, STRONG))
    return out


def _existence_constraints(
    parsed: SpacyDoc, mentions: Sequence[ActorMention], kb: ActorKB
) -> list[Constraint]:
    """Named organisations: founded before publication; dissolved after it if spoken of as now."""
    out: list[Constraint] = []
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        founded: OrgDate | None = kb.org_date(m.actor_id, "founded")
        if founded is not None and (m.actor_id, "founded") not in seen:
            seen.add((m.actor_id, "founded"))
            name = kb[m.actor_id].name
            what = f"'{m.span.text}': {name} founded {founded.text} ({founded.source})"
            out.append(Constraint(((founded.day, OPEN_END),), what, STRONG))
        dissolved = kb.org_date(m.actor_id, "dissolved")
        if dissolved is None or (m.actor_id, "dissolved") in seen:
            continue
        span = parsed.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None and tense_of(span) in (PRESENT, FUTURE):
            seen.add((m.actor_id, "dissolved"))
            end = _add(dissolved.day, DISSOLVED_GRACE_DAYS)
            what = (
                f"'{m.span.text}' spoken of in the present: {kb[m.actor_id].name} dissolved"
                f" {dissolved.text} ({dissolved.source}); {DISSOLVED_GRACE_DAYS} days' grace"
            )
            out.append(Constraint(((OPEN_START, end),), what, WEAK))
    return out


# --------------------------------------------------------------------------- combine


def combine(constraints: Iterable[Constraint], today: dt.date) -> tuple[Days, list[str]]:
    """Intersect strongest first; a constraint that would empty the set is dropped, with why.

    Days before the candidate window (``CANDIDATE_YEARS``) stand for "some
    earlier year": a constraint that leaves only those, where days inside the
    window remained, contradicts the evidence too.
    """
    window = dt.date(today.year - CANDIDATE_YEARS, 1, 1)
    days, reasons = ALL_DAYS, []
    for c in sorted(constraints, key=lambda c: -c.strength):
        narrowed = intersect(days, c.days)
        if not narrowed or (narrowed[-1][1] < window <= days[-1][1]):
            reasons.append(
                f"{c.reason}: {describe(c.days)}; contradicts the stronger evidence above: ignored"
            )
        elif narrowed != days:
            reasons.append(f"{c.reason}: {describe(c.days)}")
            days = narrowed
    if days != ALL_DAYS and days[-1][1] != OPEN_END and days[-1][1] > today:
        capped = intersect(days, ((OPEN_START, today),))
        if capped:
            reasons.append(f"not after today ({today.isoformat()})")
            days = capped
    if len(days) > 1:
        reasons.append(f"remaining: {describe(days)}")
    return days, reasons


def infer(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    document: Document,
    actor_mentions: Sequence[ActorMention],
    kb: ActorKB,
    times: Sequence[TimeRef],
    *,
    today: dt.date | None = None,
) -> Dct:
    """A publication-date range with its reasons, or the document's DCT when it has one.

    ``times`` are the expressions found without a DCT; ``today`` (default: the
    system date) bounds a range that has an end. Never invents a single day:
    ``date`` stays None.
    """
    if document.dct.how != DctHow.UNKNOWN:
        return document.dct
    today = today or dt.date.today()
    constraints = [
        *_calendar_constraints(parsed, times, today),
        *_office_constraints(document, actor_mentions, kb),
        *_existence_constraints(parsed, actor_mentions, kb),
        *_event_constraints(parsed, times, today),
    ]
    days, reasons = combine(constraints, today)
    if days == ALL_DAYS:
        return document.dct
    earliest, latest = days[0][0], days[-1][1]
    return Dct(
        date=None,
        earliest=None if earliest == OPEN_START else earliest,
        latest=None if latest == OPEN_END else latest,
        how=DctHow.INFERRED,
        reasons=tuple(reasons),
    )
