"""Detection: the candidate expressions of a parse, cut to TimeBank/TempEval-3 extents.

Candidates are spaCy's DATE and TIME entities plus what a token grammar
(``spacy.matcher.Matcher``) finds that the NER leaves out: vague references,
frequencies, deictic days, weekdays, "N units ago". Each is split at verbs and at
coordination ("Tuesday and Wednesday"), trimmed ("On" and "since" are not part of
the expression; "last" and "ago" are) and extended to a story's period ("the 1988
period"); ages, fractions and holiday words inside names are no times.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from watchfloor.extract.nlp import entities
from watchfloor.extract.times import lexicon as lex
from watchfloor.extract.times.reading import read

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

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


# Nouns after "the <year>" that name the story's reporting period of that year.
_YEAR_PERIODS = frozenset({"period", "quarter"})
_COORD = frozenset({"and", "or", "to", "through", "-", "–", "until"})


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


def candidates(parsed: SpacyDoc) -> list[tuple[int, int]]:
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


def _discourse_now(parsed: SpacyDoc, start: int, end: int) -> bool:
    """ "Now, ..." opening a sentence and "now that" are connectives, not times."""
    if end - start != 1 or parsed[start].lower_ != "now":
        return False
    nxt = parsed[start + 1].lower_ if start + 1 < len(parsed) else ""
    return nxt == "that" or (bool(parsed[start].is_sent_start) and nxt == ",")


def split_at_verbs(parsed: SpacyDoc, start: int, end: int) -> list[tuple[int, int]]:
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


def trim(parsed: SpacyDoc, start: int, end: int) -> tuple[int, int]:
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


def extend_year_period(parsed: SpacyDoc, start: int, end: int) -> tuple[int, int]:
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


def split_coordination(parsed: SpacyDoc, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Tuesday and Wednesday", "1993 to 1995" into two expressions."""
    for k in range(start + 1, end - 1):
        if parsed[k].lower_ not in _COORD and parsed[k].text != ",":
            continue
        left, right = read(span_words(parsed, start, k)), read(span_words(parsed, k + 1, end))
        if parsed[k].text == ",":
            split = (right.unit is not None and _is_calendar(left) and not _is_calendar(right)) or (
                _is_calendar(left) and _fields(left) == _fields(right)  # "1994, 1995"
            )
        else:
            split = _is_calendar(left) and _is_calendar(right)
        if split:
            return [(start, k), *split_coordination(parsed, k + 1, end)]
    return [(start, end)]


def _is_calendar(f: Any) -> bool:
    return bool(f.year or f.weekday or f.month or f.decade)


def _fields(f: Any) -> tuple[bool, ...]:
    """Which calendar fields an expression names: two lists of the same kind are a list."""
    return tuple(x is not None for x in (f.year, f.month, f.day, f.weekday, f.decade, f.unit))


def span_words(parsed: SpacyDoc, start: int, end: int) -> list[str]:
    return [t.text for t in parsed[start:end]]


def is_age(parsed: SpacyDoc, end: int) -> bool:
    return end < len(parsed) and parsed[end].lower_ in ("old", "-old")


def is_fraction(parsed: SpacyDoc, start: int, end: int) -> bool:
    """ "more than a quarter of the market": a share, not three months."""
    if end >= len(parsed) or parsed[end].lower_ != "of" or parsed[end - 1].lower_ != "quarter":
        return False
    f = read(span_words(parsed, start, end))
    return f.quarter is None and f.quantity is not None and f.year is None


def holiday_in_name(parsed: SpacyDoc, start: int, end: int) -> bool:
    """ "Christmas Island", "Thanksgiving Parade": a holiday word inside a name."""
    if end >= len(parsed) or not parsed[end].is_title or parsed[end - 1].lower_ in ("day", "eve"):
        return False  # "On Christmas Day Pope Francis said": the holiday is whole
    return read(span_words(parsed, start, end)).holiday is not None
