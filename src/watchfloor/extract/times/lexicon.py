"""Lexicons for time expressions: small closed word classes of English.

Hand-written from general knowledge of English (months, weekdays, number
words, calendar units, parts of the day, TIMEX3 codes); no third-party data.
All tables are plain dicts and frozensets, so a lookup is O(1).
"""

from __future__ import annotations

from watchfloor.extract.nlp.numbers import CARDINALS, SCALES

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {  # ISO weekday numbers, Monday = 1
    "monday": 1,
    "mon": 1,
    "tuesday": 2,
    "tue": 2,
    "tues": 2,
    "wednesday": 3,
    "wed": 3,
    "thursday": 4,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "friday": 5,
    "fri": 5,
    "saturday": 6,
    "sat": 6,
    "sunday": 7,
    "sun": 7,
}

# Singular and plural words of 1..99 and the scale words we combine.
UNITS_WORDS: dict[str, int] = {**CARDINALS, **SCALES, "a": 1, "an": 1, "dozen": 12, "couple": 2}

# Quantities a TIMEX3 value writes as "X" (unspecified number).
VAGUE_QUANTITY = frozenset({"several", "few", "many", "some", "numerous", "multiple"})

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "last": -1,
}

# Calendar units -> (TIMEX3 duration letter, needs the "T" time prefix). Decades,
# centuries and millennia use TimeBank's (TIDES) letters E, C and L.
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "weekend": ("WE", False),
    "fortnight": ("2W", False),
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("E", False),
    "century": ("C", False),
    "millennium": ("L", False),
}
UNIT_PLURALS: dict[str, str] = {
    "seconds": "second",
    "minutes": "minute",
    "mins": "minute",
    "min": "minute",
    "hours": "hour",
    "hrs": "hour",
    "days": "day",
    "nights": "night",
    "weeks": "week",
    "weekends": "weekend",
    "months": "month",
    "quarters": "quarter",
    "years": "year",
    "yrs": "year",
    "decades": "decade",
    "centuries": "century",
}

# Parts of the day -> TIMEX3 codes.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "mornings": "MO",
    "afternoon": "AF",
    "afternoons": "AF",
    "evening": "EV",
    "evenings": "EV",
    "night": "NI",
    "nights": "NI",
    "overnight": "NI",
    "tonight": "NI",
    "midday": "MI",
    "daytime": "DT",
}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}

# Words for "the day relative to the DCT".
DAY_DEICTICS: dict[str, int] = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}

# Deictic modifiers of a calendar unit -> offset in units from the DCT's unit.
RELATIVE_OFFSET: dict[str, int] = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "preceding": -1,
    "prior": -1,
    "this": 0,
    "current": 0,
    "present": 0,
    "next": 1,
    "coming": 1,
    "following": 1,
    "upcoming": 1,
}

# Words after "N units" that point back or forward from the anchor.
AGO_WORDS: dict[str, int] = {
    "ago": -1,
    "earlier": -1,
    "before": -1,
    "after": 1,
    "later": 1,
    "hence": 1,
}

# TIMEX3 mod from a modifier word in front of a value.
MOD_WORDS: dict[str, str] = {
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "early": "START",
    "beginning": "START",
    "start": "START",
    "late": "END",
    "end": "END",
    "mid": "MID",
    "middle": "MID",
}
# Decades written as words: the 20th century's unless a year says otherwise.
DECADE_WORDS: dict[str, int] = {
    "twenties": 192,
    "thirties": 193,
    "forties": 194,
    "fifties": 195,
    "sixties": 196,
    "seventies": 197,
    "eighties": 198,
    "nineties": 199,
}
# Holidays with a computable date: name -> (month, day) for fixed dates, or
# (month, weekday, n) for "the n-th weekday of the month" (n = -1: the last).
# "election": the Tuesday after the first Monday of November (US).
HOLIDAYS: dict[str, tuple[int, ...]] = {
    "christmas": (12, 25),
    "christmas eve": (12, 24),
    "new year": (1, 1),
    "new year eve": (12, 31),
    "independence": (7, 4),
    "halloween": (10, 31),
    "valentine": (2, 14),
    "thanksgiving": (11, 4, 4),
    "labor": (9, 1, 1),
    "memorial": (5, 1, -1),
    "election": (11, 1, 1, 1),
}
# Holiday names that are one only with "Day" after them ("Labor Day").
HOLIDAY_NEEDS_DAY = frozenset({"independence", "labor", "memorial", "election", "valentine"})
# Parts of day in the plural after a weekday make a set ("Tuesday nights").
PLURAL_PARTS = frozenset({"nights", "mornings", "afternoons", "evenings"})
# Prefixes glued to a year or decade by a hyphen ("mid-1996", "early-1990s").
HYPHEN_MODS = frozenset({"mid", "early", "late"})
# Two-word modifiers, checked before MOD_WORDS.
MOD_PHRASES: dict[tuple[str, str], str] = {
    ("more", "than"): "MORE_THAN",
    ("less", "than"): "LESS_THAN",
    ("at", "least"): "EQUAL_OR_MORE",
    ("at", "most"): "EQUAL_OR_LESS",
    ("up", "to"): "EQUAL_OR_LESS",
}

# Single words that make a whole vague TIMEX3 reference.
VAGUE_REFS: dict[str, str] = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "present": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "past": "PAST_REF",
    "lately": "PAST_REF",
    "formerly": "PAST_REF",
    "future": "FUTURE_REF",
    "coming": "FUTURE_REF",
    "upcoming": "FUTURE_REF",
}

# Adverbs of frequency -> SET value.
FREQUENCY_ADVERBS: dict[str, str] = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
}
SET_QUANTIFIERS = frozenset({"every", "each", "per"})

# Determiners that make a calendar unit refer back to a time of the story:
# "that day", "the same quarter", "the latest period".
ANAPHORIC_DETERMINERS = frozenset({"that", "same", "latest"})
# Units an anaphoric definite may name ("period": whatever the story's time is).
ANAPHORIC_UNITS = frozenset({"day", "week", "month", "quarter", "year", "period"})
