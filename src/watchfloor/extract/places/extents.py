"""Extents: the tokens of a toponym and its gazetteer candidates. A span trimmed (a
leading "the", a trailing "'s"), read as a country code or an AP state abbreviation
("Tenn."), joined with its division word ("Anbar province") or a direction word
("northern Iraq"), run on to a longer feature name, and given its candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.nlp.tokens import column, derived, span_text
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places.toponym import DIVISION_FEATURES, DIVISION_WORDS, Toponym, folded
from watchfloor.knowledge.gazetteer import Gazetteer, code_key, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})


# Length range of an upper-case token read as a country code ("US", "IRQ").
CODE_CHARS = (2, 3)


# The two-letter codes read as countries: the others are US state postal codes
# and acronyms in English news far more often ("VA", "PA", "CA", "IN", "MD").
TWO_LETTER_CODES = frozenset({"US"})


# US state abbreviations of the AP style ("Paris, Tenn.", "Charleston, W.Va.")
# and postal-style ones with dots. Read only with their dot, so "Miss Smith",
# "Mass" and "Wash" stay words. Keys: the text without dots and spaces.
US_STATE_ABBREVIATIONS = {
    "Ala": "Alabama",
    "Ariz": "Arizona",
    "Ark": "Arkansas",
    "Calif": "California",
    "Cal": "California",
    "Colo": "Colorado",
    "Conn": "Connecticut",
    "Del": "Delaware",
    "DC": "District of Columbia",
    "Fla": "Florida",
    "Ga": "Georgia",
    "Ill": "Illinois",
    "Ind": "Indiana",
    "Kan": "Kansas",
    "Kans": "Kansas",
    "Ky": "Kentucky",
    "La": "Louisiana",
    "Md": "Maryland",
    "Mass": "Massachusetts",
    "Mich": "Michigan",
    "Minn": "Minnesota",
    "Miss": "Mississippi",
    "Mo": "Missouri",
    "Mont": "Montana",
    "Neb": "Nebraska",
    "Nebr": "Nebraska",
    "Nev": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "Okla": "Oklahoma",
    "Ore": "Oregon",
    "Pa": "Pennsylvania",
    "Penn": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "Tenn": "Tennessee",
    "Vt": "Vermont",
    "Va": "Virginia",
    "Wash": "Washington",
    "WVa": "West Virginia",
    "Wis": "Wisconsin",
    "Wisc": "Wisconsin",
    "Wyo": "Wyoming",
}


# The beginnings of those keys ("", "W", "WV", "WVa"): an abbreviation's first
# token without dots and spaces is one of them ("W." of "W. Va.").
ABBREVIATION_STARTS = frozenset(k[:n] for k in US_STATE_ABBREVIATIONS for n in range(len(k) + 1))


ABBREVIATED = frozenset({"admin1"})


# Capitalised division words that after a name usually make an agency or a
# school, not a division ("the Texas Department of Health", "Ohio State").
AGENCY_WORDS = frozenset({"Department", "State"})


# Direction words before a country that make it a relative region.
DIRECTION_WORDS = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "northeast": "northeast",
    "northeastern": "northeast",
    "northwest": "northwest",
    "northwestern": "northwest",
    "southeast": "southeast",
    "southeastern": "southeast",
    "southwest": "southwest",
    "southwestern": "southwest",
    "central": "central",
}


# What a name after a direction word may be ("northern Iraq", "north Georgia").
DIRECTED_FEATURES = frozenset({"country", "admin1"})


def trim(parsed: SpacyDoc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    lower, punct, tag = column(parsed, "lower_"), column(parsed, "is_punct"), column(parsed, "tag_")
    while start < end and (lower[start] == "the" or punct[start]):
        start += 1
    while end > start and (tag[end - 1] == "POS" or punct[end - 1]):
        end -= 1
    return start, end


def text_key(parsed: SpacyDoc, start: int, end: int) -> str:
    """The folded text of tokens start..end, kept per document: the passes try the
    same spans over and over."""
    keys = text_keys(parsed)
    key: str | None = keys.get((start, end))
    if key is None:
        key = keys[(start, end)] = folded(span_text(parsed, start, end))
    return key


def text_keys(parsed: SpacyDoc) -> dict[tuple[int, int], str]:
    """The keys ``text_key`` made so far for the document, by (start, end): a walk
    that tries many spans reads them here first."""
    return derived(parsed, "places_text_keys", _no_keys)


def _no_keys(_parsed: SpacyDoc) -> dict[tuple[int, int], str]:
    return {}


def _code(parsed: SpacyDoc, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """The country-code key of a single upper-case token ("US" -> "=US"), if known."""
    text = column(parsed, "text")[start]
    if end - start != 1 or not (text.isalpha() and text.isupper()):
        return None
    if not CODE_CHARS[0] <= len(text) <= CODE_CHARS[1]:
        return None
    if len(text) == 2 and text not in TWO_LETTER_CODES:
        return None
    key = code_key(text)
    return key if key in gazetteer else None


def extend(
    parsed: SpacyDoc, gazetteer: Gazetteer, start: int, end: int, codes: bool = True
) -> Toponym | None:
    """The toponym of tokens start..end with its division or direction word, if known."""
    code = _code(parsed, start, end, gazetteer) if codes else None
    if code is not None:
        return with_candidates(gazetteer, Toponym(start, end, code))
    state = state_abbreviation(parsed, start, end)
    if state is not None:
        return with_candidates(gazetteer, Toponym(start, end, state, features=ABBREVIATED))
    key = text_key(parsed, start, end)
    topo = Toponym(start, end, key)
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    if end < len(lower) and lower[end] in DIVISION_WORDS and text[end] not in AGENCY_WORDS:
        longer = text_key(parsed, start, end + 1)
        if longer in gazetteer:
            topo = Toponym(start, end + 1, longer)
        elif any(e.feature in DIVISION_FEATURES for e in gazetteer.lookup(key)):
            topo = Toponym(start, end + 1, key, features=DIVISION_FEATURES)
        # else "Edwardsville District 7", "U.S. county": a school district, a noun
    if topo.key not in gazetteer:
        # "Anbar province" tagged as one entity with an unknown long form
        if end - start > 1 and lower[end - 1] in DIVISION_WORDS:
            shorter = text_key(parsed, start, end - 1)
            if shorter in gazetteer:
                return with_candidates(
                    gazetteer, Toponym(start, end, shorter, features=DIVISION_FEATURES)
                )
        return None
    topo = place_cues.longer_name(parsed, gazetteer, topo)  # "Rafah crossing", "Mosul Dam"
    before = lower[start - 1].replace("-", "") if start > 0 else None
    if before is not None and before in DIRECTION_WORDS:
        direction = DIRECTION_WORDS[before]
        longer = text_key(parsed, start - 1, topo.end)
        if gazetteer.region_for(longer) is not None:  # "southern Europe"
            return with_candidates(gazetteer, Toponym(start - 1, topo.end, longer))
        entries = gazetteer.lookup(topo.key)
        if any(e.feature == "country" for e in entries):
            # the country or a first-level division of its name ("northern Georgia":
            # the US state in a US context); only a country becomes a relative region
            topo = Toponym(
                start - 1, topo.end, topo.key, features=DIRECTED_FEATURES, direction=direction
            )
    return with_candidates(gazetteer, topo)


def state_abbreviation(parsed: SpacyDoc, start: int, end: int) -> str | None:
    """The folded state name of an AP abbreviation with its dot ("Tenn.", "W. Va."), if any."""
    if end - start > 3 or end <= start:
        return None
    text = column(parsed, "text")
    if text[start].replace(".", "").replace(" ", "") not in ABBREVIATION_STARTS:
        return None  # the key below (the text without dots and spaces) starts so
    raw = span_text(parsed, start, end)
    if "." not in raw:
        split_dot = (
            end < len(text) and text[end].startswith(".") and not parsed[end - 1].whitespace_
        )
        if not split_dot:
            return None
    name = US_STATE_ABBREVIATIONS.get(raw.replace(".", "").replace(" ", ""))
    return fold(name) if name else None


def with_candidates(gazetteer: Gazetteer, topo: Toponym) -> Toponym | None:
    topo.region = gazetteer.region_for(topo.key) if topo.direction is None else None
    entries = gazetteer.lookup(topo.key)
    if topo.features is not None:
        entries = [e for e in entries if e.feature in topo.features]
    topo.candidates = [e for e in entries if not place_cues.bare_alias_of_facility(e, topo.key)]
    return topo if entries or topo.region is not None else None
