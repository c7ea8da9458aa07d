"""Time expressions: detection, TIMEX3 extents and normalisation against the DCT.

Detection takes spaCy's DATE and TIME entities as candidates and adds what
its NER leaves out, found by a token grammar (``spacy.matcher.Matcher``):
vague references ("now", "recently", "the future"), frequencies ("daily",
"every Friday"), deictic days, weekdays and "N units ago". Candidates are
merged, trimmed to TimeBank/TempEval-3 extents (a leading preposition such as
"On" or "since" is not part of the expression; "last" and "ago" are), and
appositions that restate a date ("last Wednesday, the sixth of this March")
become one expression when their two readings agree.

Each expression is normalised by ``timenorm.normalize`` with the tense of the
verb that governs it, which sets the direction of "Friday" or "March 7"
(past tense -> the previous one, future -> the next one). Nothing is
invented: with no DCT a relative expression keeps ``value=None`` and
``reason="needs_dct"``; absolute dates still resolve.

After normalisation a few document-level passes use what single expressions
cannot see: "the day after X" moved from the date X (or from the date in the
phrase of the event X), the anchoring chains of ``timechain`` ("a year
earlier", "the next morning"), "the quarter ended July 31" named by its last
day, and a bare clock time placed on the day named in its sentence.

``event_date`` gives the events stage the date of an event from the time
expressions of its sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import Any

from watchfloor.extract.nlp import entities
from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times import ranges as timerange
from watchfloor.extract.times.chain import chain, parse_value
from watchfloor.extract.times.normalize import (
    FUTURE,
    PAST,
    PRESENT,
    Norm,
    at_granularity,
    normalize,
    read,
    shift,
)
from watchfloor.vocab import Dct, Sentence, Span, TimeRef

NAME = "times.v2"

# How many heads up the parse we climb from an expression to find its verb;
# beyond this the verb governs a different clause.
MAX_HEAD_STEPS = 6
# An event's own time expression must lie within this many characters of its
# trigger in the same sentence; farther ones belong to other clauses.
MAX_EVENT_TIME_DISTANCE = 150

_DATE_LABELS = frozenset({"DATE", "TIME"})
# Words before an expression that TimeBank leaves out of its extent.
_LEADING_DROP = frozenset(
    [
        "on",
        "in",
        "at",
        "since",
        "until",
        "till",
        "by",
        "from",
        "during",
        "for",
        "to",
        "through",
        "throughout",
        "within",
        "after",
        "before",
        "between",
        "as",
        "of",
        "into",
        ",",
        ";",
        ":",
        "(",
        ")",
        '"',
        "'",
        "--",
        "-",
        "—",
        "and",
        "or",
        "than",
    ]
)
# Words after an expression that are not part of it.
_TRAILING_DROP = frozenset(
    [",", ";", ":", "(", ")", '"', "'", "'s", "’s", ".", "--", "-", "—", "of", "and", "or"]
)
# Modifiers that belong to the expression when they stand just before it.
_LEFT_EXTEND = frozenset(
    [
        "every",
        "each",
        "early",
        "late",
        "mid",
        "about",
        "around",
        "nearly",
        "almost",
        "approximately",
        "roughly",
    ]
)
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})
_PAST_AUX = frozenset({"has", "have", "had", "was", "were", "did", "'ve", "'d"})
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})
# Verbs whose infinitive complement lies in the future ("plans to meet Friday").
_FUTURE_LEMMAS = frozenset(
    [
        "plan",
        "expect",
        "schedule",
        "intend",
        "hope",
        "aim",
        "prepare",
        "want",
        "seek",
        "due",
        "set",
        "agree",
        "promise",
        "vow",
    ]
)
# Verbs whose dated object is still to come whatever their own tense
# ("scheduled a news conference Thursday", "planned a demonstration on Saturday").
_SCHEDULE_LEMMAS = frozenset({"plan", "schedule", "slate", "expect", "due"})
# Nouns after "the <year>" that name the story's reporting period of that year.
_YEAR_PERIODS = frozenset({"period", "quarter"})
_COORD = frozenset({"and", "or", "to", "through", "-", "–", "until"})


# --------------------------------------------------------------------------- grammar


@lru_cache(maxsize=4)
def _matcher(vocab: Any) -> Any:
    """The token grammar for expressions spaCy's NER misses (built once per vocab)."""
    from spacy.matcher import Matcher

    units = sorted(set(lex.UNITS) | set(lex.UNIT_PLURALS))
    cyclic = sorted(set(lex.WEEKDAYS) | set(lex.MONTHS) | set(lex.UNITS) | set(lex.PARTS_OF_DAY))
    numbers = sorted(set(lex.UNITS_WORDS) | lex.VAGUE_QUANTITY)
    m = Matcher(vocab)
    m.add(
        "vague_adverb",
        [[{"LOWER": {"IN": ["now", "currently", "recently", "lately", "nowadays"]}}]],
    )
    m.add(
        "vague_noun",
        [
            [
                {"LOWER": "the", "OP": "?"},
                {"LOWER": {"IN": ["near", "distant", "immediate"]}, "OP": "?"},
                {"LOWER": {"IN": ["future", "past"]}, "POS": "NOUN"},
            ],
        ],
    )
    m.add("vague_adj", [[{"LOWER": {"IN": ["current", "recent"]}, "TAG": "JJ"}]])
    m.add("frequency", [[{"LOWER": {"IN": sorted(lex.FREQUENCY_ADVERBS)}}]])
    m.add(
        "set",
        [
            [{"LOWER": {"IN": ["every", "each"]}}, {"LOWER": {"IN": cyclic}}],
            [{"LOWER": {"IN": ["every", "each"]}}, {"LIKE_NUM": True}, {"LOWER": {"IN": units}}],
        ],
    )
    m.add("deictic", [[{"LOWER": {"IN": sorted(lex.DAY_DEICTICS)}}]])
    m.add(
        "relative_unit",  # "This year's results": the NER often misses it before "'s"
        [
            [
                {"LOWER": {"IN": ["this", "last", "next"]}},
                {"LOWER": {"IN": ["week", "month", "year", "weekend"]}, "IS_LOWER": True},
            ],
            [
                {"LOWER": "the"},
                {"LOWER": {"IN": ["next", "following", "previous"]}},
                {"LOWER": {"IN": ["day", "morning", "afternoon", "evening", "night"]}},
            ],
        ],
    )
    m.add(
        "anaphoric",
        [
            [{"LOWER": "that"}, {"LOWER": {"IN": ["day", "week", "month", "year"]}}],
            [
                {"LOWER": "the"},
                {"LOWER": {"IN": ["same", "latest"]}},
                {"LOWER": {"IN": sorted(lex.ANAPHORIC_UNITS)}},
            ],
            [{"LOWER": "the"}, {"LOWER": "quarter", "POS": "NOUN"}],
        ],
    )
    alone = sorted(h for h in lex.HOLIDAYS if " " not in h and h not in lex.HOLIDAY_NEEDS_DAY)
    m.add(
        "holiday",
        [
            [
                {"LOWER": {"IN": alone}, "IS_TITLE": True},
                {"LOWER": {"IN": ["day", "eve"]}, "IS_TITLE": True, "OP": "?"},
            ],
            [
                {"LOWER": {"IN": sorted(lex.HOLIDAY_NEEDS_DAY)}, "IS_TITLE": True},
                {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
                {"LOWER": "day", "IS_TITLE": True},
            ],
            [
                {"LOWER": "new", "IS_TITLE": True},
                {"LOWER": "year", "IS_TITLE": True},
                {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
                {"LOWER": {"IN": ["day", "eve"]}, "IS_TITLE": True},
            ],
        ],
    )
    full_days = sorted(w for w in lex.WEEKDAYS if w.endswith("day"))  # not "Sun", "Sat"
    m.add("weekday", [[{"LOWER": {"IN": full_days}, "IS_TITLE": True}]])
    m.add(
        "more_units",  # "two more weeks", "an additional year": the NER reads a number
        [
            [
                {"LOWER": {"IN": numbers}, "OP": "+"},
                {"LOWER": {"IN": ["more", "additional", "further", "extra"]}},
                {"LOWER": {"IN": units}},
            ],
            [
                {"LIKE_NUM": True},
                {"LOWER": {"IN": ["more", "additional", "further", "extra"]}},
                {"LOWER": {"IN": units}},
            ],
            [
                {"LOWER": {"IN": ["a", "an"]}},
                {"LOWER": {"IN": ["additional", "further", "extra"]}},
                {"LOWER": {"IN": units}},
            ],
        ],
    )
    m.add(
        "ago",
        [[{"LOWER": {"IN": numbers}, "OP": "+"}, {"LOWER": {"IN": units}}, {"LOWER": "ago"}]],
    )
    return m


def _candidates(parsed: Any) -> list[tuple[int, int]]:
    """Token ranges of candidate expressions: NER DATE/TIME plus the grammar, merged."""
    ranges = [(e.start, e.end) for e in entities(parsed) if e.label_ in _DATE_LABELS]
    ranges += [
        (s, e) for _, s, e in _matcher(parsed.vocab)(parsed) if not _discourse_now(parsed, s, e)
    ]
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and s <= merged[-1][1]:  # overlapping or touching: "Thursday" + "evening"
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _discourse_now(parsed: Any, start: int, end: int) -> bool:
    """ "Now, ..." opening a sentence and "now that" are connectives, not times."""
    if end - start != 1 or parsed[start].lower_ != "now":
        return False
    nxt = parsed[start + 1].lower_ if start + 1 < len(parsed) else ""
    return nxt == "that" or (parsed[start].is_sent_start and nxt == ",")


def _split_at_verbs(parsed: Any, start: int, end: int) -> list[tuple[int, int]]:
    """A time expression holds no verb: "the quarter ended Sept. 30" is two."""
    parts, s = [], start
    for k in range(start, end):
        if parsed[k].pos_ == "VERB" and parsed[k].lower_ not in lex.RELATIVE_OFFSET:
            if k > s:
                parts.append((s, k))
            s = k + 1
    if end > s:
        parts.append((s, end))
    return parts


def _trim(parsed: Any, start: int, end: int) -> tuple[int, int]:
    """Cut a candidate to its TIMEX3 extent (token indices)."""
    while start < end and parsed[start].lower_ in _LEADING_DROP:
        if (
            parsed[start].lower_ == "at"
            and start + 1 < end
            and parsed[start + 1].lower_
            in (
                "least",
                "most",
            )
        ):
            break  # "at least two years": a modifier of the expression
        start += 1
    while end > start and parsed[end - 1].lower_ in _TRAILING_DROP:
        end -= 1
    while start > 0 and parsed[start - 1].lower_ in _LEFT_EXTEND:
        start -= 1
    if start > 1 and (parsed[start - 2].lower_, parsed[start - 1].lower_) in lex.MOD_PHRASES:
        start -= 2  # "at least two more years", "more than a decade"
    return start, end


def _extend_year_period(parsed: Any, start: int, end: int) -> tuple[int, int]:
    """ "the 1988 period", "the year-ago quarter": a period of the story, whole."""
    if end >= len(parsed) or start == 0:
        return start, end
    if parsed[end].lower_ in _YEAR_PERIODS and parsed[end - 1].lower_ in lex.AGO_WORDS:
        return start, end + 1  # "the year-ago period", "the year-earlier quarter"
    if end - start != 1:
        return start, end
    word = parsed[start].text
    if not (word.isdigit() and len(word) == 4) or parsed[start - 1].lower_ != "the":
        return start, end
    if parsed[end].lower_ in _YEAR_PERIODS:
        return start - 1, end + 1
    return start, end


def _split_coordination(parsed: Any, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Tuesday and Wednesday", "1993 to 1995" into two expressions."""
    for k in range(start + 1, end - 1):
        if parsed[k].lower_ not in _COORD and parsed[k].text != ",":
            continue
        left, right = read(_words(parsed, start, k)), read(_words(parsed, k + 1, end))
        if parsed[k].text == ",":
            split = (right.unit is not None and _is_calendar(left) and not _is_calendar(right)) or (
                _is_calendar(left) and _fields(left) == _fields(right)  # "1994, 1995"
            )
        else:
            split = _is_calendar(left) and _is_calendar(right)
        if split:
            return [(start, k), *_split_coordination(parsed, k + 1, end)]
    return [(start, end)]


def _is_calendar(f: Any) -> bool:
    return bool(f.year or f.weekday or f.month or f.decade)


def _fields(f: Any) -> tuple[bool, ...]:
    """Which calendar fields an expression names: two lists of the same kind are a list."""
    return tuple(x is not None for x in (f.year, f.month, f.day, f.weekday, f.decade, f.unit))


def _words(parsed: Any, start: int, end: int) -> list[str]:
    return [t.text for t in parsed[start:end]]


# --------------------------------------------------------------------------- tense


def _verb_of(token: Any) -> Any | None:
    for _ in range(MAX_HEAD_STEPS):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token or token.head.i == token.i:
            return None
        token = token.head
    return None


def tense_of(span: Any) -> str | None:
    """Past, present or future from the verb that governs ``span`` (None if none)."""
    verb = _verb_of(span.root)
    if verb is None:
        return None
    return _tense_of_verb(verb, depth=0)


def _tense_of_verb(verb: Any, depth: int) -> str | None:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if "would" in aux and aux & {"have", "'ve"}:
        return PAST  # "would have met on Friday": a past that did not happen
    if aux & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return FUTURE
    if depth == 0 and verb.lemma_ in _SCHEDULE_LEMMAS:
        return FUTURE  # "planned a rally on Saturday": what is planned lies ahead
    if "to" in aux and depth < 2 and verb.head.i != verb.i:
        head = verb.head
        if head.lemma_ in _FUTURE_LEMMAS or (head.lower_ == "going" and head.tag_ == "VBG"):
            return FUTURE
        if head.pos_ in ("VERB", "AUX"):
            return _tense_of_verb(head, depth + 1)
    if verb.tag_ == "VBD" or aux & _PAST_AUX:
        return PAST
    if verb.tag_ in ("VBZ", "VBP") or aux & _PRESENT_AUX:
        return PRESENT
    if verb.tag_ == "VBN":
        return PAST
    return None


# --------------------------------------------------------------------------- find


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(bisect_right(starts, offset) - 1, 0)


def _ref(
    parsed: Any, start: int, end: int, norm: Norm, sentence: int, covers: str | None
) -> TimeRef:
    span = parsed[start:end]
    return TimeRef(
        span=Span(span.start_char, span.end_char, span.text),
        sentence=sentence,
        type=norm.type,
        value=norm.value,
        anchor=norm.anchor,
        rule=norm.rule,
        reason=norm.reason,
        mod=norm.mod,
        range=covers,
    )


def _is_age(parsed: Any, end: int) -> bool:
    return end < len(parsed) and parsed[end].lower_ in ("old", "-old")


def _is_fraction(parsed: Any, start: int, end: int) -> bool:
    """ "more than a quarter of the market": a share, not three months."""
    if end >= len(parsed) or parsed[end].lower_ != "of" or parsed[end - 1].lower_ != "quarter":
        return False
    f = read(_words(parsed, start, end))
    return f.quarter is None and f.quantity is not None and f.year is None


def _holiday_in_name(parsed: Any, start: int, end: int) -> bool:
    """ "Christmas Island", "Thanksgiving Parade": a holiday word inside a name."""
    if end >= len(parsed) or not parsed[end].is_title or parsed[end - 1].lower_ in ("day", "eve"):
        return False  # "On Christmas Day Pope Francis said": the holiday is whole
    return read(_words(parsed, start, end)).holiday is not None


def _since_mod(parsed: Any, start: int) -> str | None:
    """ "since last Wednesday" -> ON_OR_AFTER, "until Friday" -> ON_OR_BEFORE."""
    if start == 0:
        return None
    word = parsed[start - 1].lower_
    if word == "since":
        return "ON_OR_AFTER"
    if word in ("until", "till"):
        return "ON_OR_BEFORE"
    return None


def find(parsed: Any, sents: tuple[Sentence, ...], dct: Dct) -> tuple[TimeRef, ...]:
    """The normalised time expressions of a parsed document, sorted by start."""
    starts = [s.start for s in sents]
    day = dct.date
    found: list[tuple[int, int, Norm]] = []
    for cand_start, cand_end in _candidates(parsed):
        for part_start, part_end in _split_at_verbs(parsed, cand_start, cand_end):
            start, end = _extend_year_period(parsed, *_trim(parsed, part_start, part_end))
            if start >= end or _is_age(parsed, end) or _is_fraction(parsed, start, end):
                continue
            if _holiday_in_name(parsed, start, end):
                continue
            closed = _closed_range(parsed, start, end, day)
            if closed is not None:
                found.append((start, end, closed))
                continue
            parts = _split_coordination(parsed, start, end)
            shared = _shared_year(parsed, parts)
            for k, (s, e) in enumerate(parts):
                norm = _normalize_span(parsed, s, e, day, shared if k < len(parts) - 1 else None)
                if norm is not None:
                    found.append((s, e, norm))
    found = _merge_ranges(parsed, sorted(found, key=lambda x: (x[0], x[1])), day)
    found = _share_plural_part(parsed, found, day)
    found = sorted(_merge_appositions(parsed, found, day), key=lambda x: (x[0], x[1]))
    found, bases = _day_after(parsed, found, day)
    feats = [read(_words(parsed, s, e)) for s, e, _ in found]
    norms = chain(list(zip(feats, [norm for _, _, norm in found], strict=True)), day)
    norms = _anchor_on_bases(found, norms, bases)
    norms = _period_ended(parsed, found, norms)
    sent_ids = [_sentence_of(starts, parsed[s].idx) for s, _, _ in found]
    norms = _clock_on_sentence_day(feats, norms, sent_ids)
    return tuple(
        _ref(
            parsed,
            s,
            e,
            norm,
            _sentence_of(starts, parsed[s].idx),
            timerange.cover(f, norm, day),
        )
        for (s, e, _), f, norm in zip(found, feats, norms, strict=True)
    )


# --------------------------------------------------------------------------- DCT range

# An inferred publication-date range is tried day by day only when it spans at
# most this many days: the expressions it can fix ("last Thursday", "March 7")
# name days within a week or so of publication, so a longer range rarely makes
# them agree, and each candidate day costs one more pass of ``find`` (a few
# milliseconds) over the document.
MAX_RANGE_DAYS = 31
# ``reason`` of an expression the candidate days of the range resolve differently.
AMBIGUOUS_IN_RANGE = "ambiguous_in_dct_range"
# ``anchor`` of a value every candidate day of the range gives alike.
RANGE_ANCHOR = "dct_range"
# Reasons the range may lift: the expression needs a publication date, or it is
# anchored on one that does ("the next day" after "last Thursday").
_RANGE_REASONS = frozenset({"needs_dct", "anaphoric"})


def range_days(dct: Dct) -> list[dt.date]:
    """The candidate publication days of an inferred range, or [] when it is open or too long."""
    if dct.date is not None or dct.earliest is None or dct.latest is None:
        return []
    n = (dct.latest - dct.earliest).days + 1
    if not 1 <= n <= MAX_RANGE_DAYS:
        return []
    return [dct.earliest + dt.timedelta(days=k) for k in range(n)]


def resolve_in_range(
    parsed: Any, sents: tuple[Sentence, ...], refs: tuple[TimeRef, ...], dct: Dct
) -> tuple[TimeRef, ...]:
    """Resolve what only lacked a publication day, when every day of ``dct``'s range agrees.

    ``refs`` are the expressions ``find`` gave without a DCT; ``dct`` is the
    inferred range (``date`` None, ``earliest``..``latest`` at most
    ``MAX_RANGE_DAYS`` days, else ``refs`` come back unchanged). ``find`` is run
    again with each candidate day as the DCT, so the same tense rules, chains
    and "the day after X" apply. An expression left unresolved (``needs_dct``
    or ``anaphoric``) that every run finds with the same extent and the same
    value takes that value (``anchor="dct_range"``, or ``time:<k>`` when it is
    anchored on another expression, and the rule of the runs); one the days
    resolve differently stays None with ``reason="ambiguous_in_dct_range"``.
    An ``ON_OR_AFTER`` expression ("since last Wednesday") then covers its day
    to the range's last day. Nothing else changes.
    """
    days = range_days(dct)
    todo = [k for k, r in enumerate(refs) if r.value is None and r.reason in _RANGE_REASONS]
    if not days or not todo:
        return refs
    runs = [find(parsed, sents, Dct.given(day)) for day in days]
    index = {(r.span.start, r.span.end): k for k, r in enumerate(refs)}
    out = list(refs)
    for k in todo:
        ref = refs[k]
        key = (ref.span.start, ref.span.end)
        same = [[r for r in run if (r.span.start, r.span.end) == key] for run in runs]
        if not all(len(s) == 1 and s[0].type == ref.type for s in same):
            continue  # the extent or type depends on the day: keep the DCT-less reading
        values = {s[0].value for s in same}
        if len(values) > 1 or None in values:
            if any(s[0].value is not None for s in same):
                out[k] = replace(ref, reason=AMBIGUOUS_IN_RANGE)
            continue
        first = same[0][0]
        anchors = {s[0].anchor for s in same}
        anchor = RANGE_ANCHOR
        if len(anchors) == 1 and first.anchor and first.anchor.startswith("time:"):
            base = runs[0][int(first.anchor.partition(":")[2])].span
            if (base.start, base.end) in index:
                anchor = f"time:{index[(base.start, base.end)]}"
        rules = {s[0].rule for s in same}
        out[k] = replace(
            ref,
            value=first.value,
            anchor=anchor,
            rule=first.rule if len(rules) == 1 else ref.rule,
            reason=None,
            range=_range_to_latest(first.value, ref.mod, ref.type, dct),
        )
    for k in todo:  # anchored on an expression the range left open: on the range
        on = out[k].anchor
        if on and on.startswith("time:") and out[int(on[5:])].value is None:
            out[k] = replace(out[k], anchor=RANGE_ANCHOR)
    return tuple(out)


def _range_to_latest(value: str | None, mod: str | None, type_: str, dct: Dct) -> str | None:
    """ "since last Wednesday" under a range: from its day to the range's last day."""
    if mod != "ON_OR_AFTER" or type_ not in _DATED or value is None or dct.latest is None:
        return None
    ref = parse_value(value)
    if ref is None or ref.day > dct.latest:
        return None
    return f"{ref.day.isoformat()}/{dct.latest.isoformat()}"


def _clock_on_sentence_day(feats: list[Any], norms: list[Norm], sent_ids: list[int]) -> list[Norm]:
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


def _period_ended(parsed: Any, found: list[tuple[int, int, Norm]], norms: list[Norm]) -> list[Norm]:
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


def _day_after(
    parsed: Any, found: list[tuple[int, int, Norm]], day: dt.date | None
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
            base = _normalize_span(parsed, t.i + 1, e, day)
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


def _anchor_on_bases(
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


def _closed_range(parsed: Any, start: int, end: int, day: dt.date | None) -> Norm | None:
    """ "between March 6 and 8" as one ``date.range`` expression, when both ends resolve."""
    if end - start < 3:
        return None
    opener = timerange.opener_of(parsed, start)
    tense = tense_of(parsed[start:end])
    return timerange.closed(_words(parsed, start, end), opener, day, tense)


def _merge_ranges(
    parsed: Any, found: list[tuple[int, int, Norm]], day: dt.date | None
) -> list[tuple[int, int, Norm]]:
    """Join two expressions the parser left apart: "from [March 5] to [March 7, 2019]"."""
    out: list[tuple[int, int, Norm]] = []
    for s, e, norm in found:
        if out and s == out[-1][1] + 1:
            closed = _closed_range(parsed, out[-1][0], e, day)
            if closed is not None:
                out[-1] = (out[-1][0], e, closed)
                continue
        out.append((s, e, norm))
    return out


def _share_plural_part(
    parsed: Any, found: list[tuple[int, int, Norm]], day: dt.date | None
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
        norm = _normalize_span(parsed, s1, e1, day, parsed[e2 - 1].text)
        if norm is not None:
            out[k] = (s1, e1, norm)
    return out


def _shared_year(parsed: Any, parts: list[tuple[int, int]]) -> str | None:
    """What the last part of a list writes once for all: a year or a part of day.

    "from May to July 2018", "Sept. 30 and Dec. 31, 1989" (the year);
    "Monday and Tuesday nights" (the part of day after a weekday).
    """
    if len(parts) < 2:
        return None
    words = _words(parsed, *parts[-1])
    last = read(words)
    if last.weekday is not None and last.part and words[-1].lower() in lex.PARTS_OF_DAY:
        return words[-1]
    if last.year is None or last.month is None:
        return None
    return str(last.year)


def _normalize_span(
    parsed: Any, start: int, end: int, day: dt.date | None, shared: str | None = None
) -> Norm | None:
    tense = tense_of(parsed[start:end])
    words = _words(parsed, start, end)
    f = read(words)
    if shared is not None and f.rel is None:
        if shared.isdigit() and f.month is not None and f.year is None:
            words = [*words, shared]  # the year written once for both ends
        elif not shared.isdigit() and f.weekday is not None and f.part is None and not f.set_q:
            words = [*words, shared]  # "Monday and Tuesday nights"
    norm = normalize(words, day, tense)
    if norm is None:
        return None
    since = _since_mod(parsed, start)
    if since and norm.type in ("DATE", "TIME") and norm.mod is None:
        norm = replace(norm, mod=since)
    return norm


def _merge_appositions(
    parsed: Any, found: list[tuple[int, int, Norm]], day: dt.date | None
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


def _restates(parsed: Any, s: int, e: int, s2: int, e2: int, norm: Norm, norm2: Norm) -> bool:
    """Whether the second expression restates the day of the first, consistently."""
    if norm.type != "DATE" or norm2.type != "DATE":
        return False
    first, second = read(_words(parsed, s, e)), read(_words(parsed, s2, e2))
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


# --------------------------------------------------------------------------- events


_DATED = ("DATE", "TIME")
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
        and t.type in _DATED
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


# --------------------------------------------------------------------------- explain


def explain(nlp: Any, text: str, dct: dt.date | None) -> list[dict[str, Any]]:
    """Each time expression of ``text`` with its value and how it was obtained.

    ``nlp`` is the spaCy pipeline (``watchfloor.extract.nlp.load_nlp()``); ``dct``
    the publication date or None. One dict per expression, in text order, with
    ``text``, ``start``, ``end`` (character offsets into ``text``), ``type``,
    ``value``, ``mod``, ``rule``, ``anchor`` ("dct", "absolute", "time:<k>" for
    the k-th expression of this list, or None), ``reason`` (why ``value`` is
    None) and ``range`` (the days a vague or open expression covers, or None).
    For the CLI's ``watchfloor times "TEXT" --dct D``.
    """
    from watchfloor.extract import sentences

    parsed = nlp(text)
    found = find(parsed, sentences.find(parsed), Dct.given(dct) if dct else Dct())
    return [
        {
            "text": t.span.text,
            "start": t.span.start,
            "end": t.span.end,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "rule": t.rule,
            "anchor": t.anchor,
            "reason": t.reason,
            "range": t.range,
        }
        for t in found
    ]
