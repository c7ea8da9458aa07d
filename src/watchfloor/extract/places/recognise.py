"""Recognition: the spans of a parse that name places, with their gazetteer candidates.

spaCy's place entities, names it missed (a scan over capitalised n-grams, lists,
datelines, demonyms, feature names), each trimmed, extended and screened
(``names``: people, organisations, ordinary words; ``cues``: support in the article).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import column, derived, span_text
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places import names as place_names
from watchfloor.extract.places.resolve import best_entry
from watchfloor.extract.places.toponym import (
    DIVISION_FEATURES,
    DIVISION_WORDS,
    Toponym,
    entry_contains,
    folded,
)
from watchfloor.knowledge.gazetteer import Gazetteer, code_key, fold
from watchfloor.vocab import ActorMention

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})


# Entity labels the gazetteer scan may override when the whole entity is a
# salient place name (the small model often tags "Kirkuk" or "Anbar" so).
OVERRIDABLE_LABELS = frozenset({"PERSON", "ORG"})


# Longest name, in tokens, the gazetteer scan tries ("Bosnia and Herzegovina").
MAX_NGRAM = 4


# Shortest name the scan accepts: GeoNames lists abbreviations ("The" for
# Teresina) that are common words; country codes come from entities only.
SCAN_MIN_CHARS = 4


# Length range of an upper-case token read as a country code ("US", "IRQ").
CODE_CHARS = (2, 3)


# The two-letter codes read as countries: the others are US state postal codes
# and acronyms in English news far more often ("VA", "PA", "CA", "IN", "MD").
TWO_LETTER_CODES = frozenset({"US"})


# Smallest city the scan accepts when spaCy did not tag it: smaller towns
# share their names with surnames and common words ("Hope", "Mobile").
SCAN_MIN_POP = 100_000


SALIENT_FEATURES = frozenset({"country", "admin1", "capital"})


# Entity labels a place name may be embedded in ("the Ohio Department of
# Health", "Youngstown State University", "The Torrington Fire Department"):
# LGL and GeoWebNews count such names as toponyms; they are reported as
# associative (metonymic) uses. Never inside PERSON ("John Lincoln").
EMBEDDING_LABELS = frozenset({"ORG", "FAC"})


# Words inside an organisation's name after which a place name may stand.
EMBEDDED_AFTER = frozenset({"of", "in", "at", "-", "for"})


# Prepositions before an embedded name that keep it a literal location ("The
# Cooper School in Bicester").
LOCATIVE_PREPS = frozenset({"in", "at", "near"})


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


ABBREVIATED = frozenset({"admin1"})


# Single words the evidence-based pass never reads as names: GeoNames has
# villages called so, but in text they are directions and common words
# ("Central High School", "West said", "Metro Police").
GENERIC_NAMES = frozenset(
    {
        "north", "south", "east", "west", "central", "center", "centre", "western",
        "eastern", "northern", "southern", "midwest", "metro", "union", "continental",
        "national", "international", "federal", "liberty", "independence", "victory",
        "unity", "progress", "summit", "plaza", "midway", "harbor", "harbour", "valley",
        "lake", "river", "park", "mount", "university", "college", "city", "county",
        "white house",  # the US president's residence, not White House, Tennessee
        "police", "court", "section", "drug", "gold", "white", "fire", "chief", "mayor",
        "sheriff", "church", "energy", "bank", "market", "general", "royal", "school",
        "state", "district", "hospital", "health", "office", "department",
    }
)  # fmt: skip


# Verbs whose person-tagged subject is a person even when it is also a place
# name ("Flores said"; "Washington said" is tagged GPE and stays metonymic).
SPEECH_VERBS = frozenset({"say", "tell", "add", "note", "explain", "recall", "write", "ask"})


PERSON_TITLES = frozenset(
    {"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "President", "Sen.", "Rep.",
     "Gov.", "Coach", "Judge", "Officer", "Sgt.", "Lt.", "Capt.", "Det.", "Deputy"}
)  # fmt: skip


# Capitalised office titles after which a name is its place ("Monroe Mayor
# Robert Routson", "Huntsville Fire Chief Tom Grisham"), even inside a person's
# name: an associative (non-locational) use.
OFFICE_TITLES = frozenset(
    {
        "Mayor", "Sheriff", "Police", "Fire", "Chief", "Councilman", "Councilwoman",
        "Commissioner", "Commissioners", "Superintendent", "Judge", "Coroner",
        "Administrator", "Alderman", "Selectman", "Treasurer",
        "Clerk", "Prosecutor", "Marshal", "Manager", "Trustee", "Trustees",
    }
)  # fmt: skip


# A name listed with a place already read ("Gainesville and Lindsay") is read
# too, when the model tagged it a person or an organisation or left it untagged.
LIST_WORDS = frozenset({"and", "or", ","})


COORDINATED_KINDS = frozenset({"PERSON", "whole", "free"})


# Prepositions after which a gazetteer name the model tagged as a person or an
# organisation (or left untagged) is read as a place: "in Tega Cay", "near
# Glen Carbon". Not "from", "at", "with" or "by": people and schools follow them.
LOCATIVE_CUES = frozenset({"in", "near", "outside", "across", "throughout"})


# Settings in which a state (admin1) named in the document is evidence enough;
# a whole ORG entity needs its county ("Bell", "Lincoln" are companies too).
STATE_CONTEXT_KINDS = frozenset({"embedded", "partial", "free"})


# What a demonym may refer to ("Georgian": the country or the US state).
DEMONYM_FEATURES = frozenset({"country", "admin1"})


# Words whose object, when a demonym, is a language ("speaks French", "in Russian").
LANGUAGE_HEADS = frozenset({"speak", "learn", "teach", "translate", "write", "study", "in"})


# Entity labels a demonym is read from ("Sri Lankan" is sometimes tagged GPE).
DEMONYM_LABELS = frozenset({"NORP", "GPE"})


# Dateline openers: an upper-case place name followed by a dash, or by a
# comma, a state and a dash within DATELINE_REACH tokens ("HUDSON, Ill. --").
DASHES = frozenset({"-", "--", "—", "–", "―"})


DATELINE_REACH = 4


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


# Heads that make a toponym modifying them part of an actor's name ("US
# forces", "Iraqi parliament"): agents and bodies, not things or events.
ACTOR_HEADS = frozenset(
    {
        "forces",
        "force",
        "troops",
        "military",
        "army",
        "navy",
        "soldiers",
        "government",
        "officials",
        "official",
        "authorities",
        "administration",
        "parliament",
        "ministry",
        "minister",
        "embassy",
        "ambassador",
        "envoy",
        "president",
        "leader",
        "leaders",
        "leadership",
        "diplomats",
        "diplomat",
        "intelligence",
        "command",
        "commander",
        "coalition",
        "delegation",
        "regime",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "positions",
        "bases",
        "base",
        "personnel",
        "presence",
        "militia",
        "militias",
        "factions",
        "interests",
    }
)


def recognise(
    parsed: Any, gazetteer: Gazetteer, actor_mentions: list[ActorMention], kb: Any = None
) -> list[Toponym]:
    """Toponyms of a parsed document, in text order, without overlaps; those that
    screening (place_names.screen) showed not to be places carry ``refused``."""
    taken = [False] * len(parsed)
    found: list[Toponym] = []
    for ent in entities(parsed):
        if ent.label_ not in ENTITY_LABELS:
            continue
        for part_start, part_end in _comma_parts(parsed, ent.start, ent.end, gazetteer):
            start, end = _trim(parsed, part_start, part_end)
            if _text_key(parsed, start, end) in GENERIC_NAMES:
                continue  # "West", "North" tagged as places: directions, not villages
            if start < end:
                topo = _extend(parsed, gazetteer, start, end)
                if topo is not None:
                    found.append(topo)
                    for i in range(topo.start, topo.end):
                        taken[i] = True
    found.extend(_scan(parsed, gazetteer, taken))
    found.extend(_feature_names(parsed, gazetteer, taken))
    found.extend(_secondary(parsed, gazetteer, taken, found))
    found.extend(_same_names(parsed, gazetteer, taken, found))
    found.extend(_listed_divisions(parsed, gazetteer, taken))
    found.extend(_demonyms(parsed, gazetteer, taken))
    actor_spans = [(m.span.start, m.span.end) for m in actor_mentions]
    for t in found:
        if _attributive(parsed, t, actor_spans):
            t.embedded = True
    found = place_cues.without_overlaps(found)  # a longer name may reach a later pass's
    folks = place_names.people(parsed, gazetteer, actor_mentions, kb)
    names = [t for t in found if t.via != "demonym"]
    place_names.screen(parsed, names, folks, lambda t: best_entry(t, {}))
    return found


def _comma_parts(parsed: Any, start: int, end: int, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """An entity "Rockford, Ill." or "Paris, Texas" as its comma-separated parts,
    unless the whole is itself a gazetteer name ("Washington, D.C.")."""
    commas = [i for i in range(start, end) if parsed[i].text == ","]
    if not commas or _text_key(parsed, start, end) in gazetteer:
        return [(start, end)]
    bounds = [start, *commas, end]
    return [(a + (a != start), b) for a, b in itertools.pairwise(bounds)]


def _dateline(parsed: Any, start: int, end: int) -> bool:
    """An upper-case name opening a dateline: "MANSFIELD --", "HUDSON, Ill. --"; or a
    capitalised one opening a sentence before a dash ("Goose Creek — A man ...")."""
    upper, alpha = column(parsed, "is_upper"), column(parsed, "is_alpha")
    if not all(upper[j] and alpha[j] for j in range(start, end)):
        opening = parsed[start].is_sent_start or (start > 0 and "\n" in parsed[start - 1].text)
        dash = end < len(parsed) and parsed[end].text in DASHES and parsed[end].text != "-"
        return bool(opening and dash and all(alpha[j] for j in range(start, end)))
    after = [t.text for t in parsed[end : end + DATELINE_REACH]]
    if after and after[0] in DASHES:
        return True
    return bool(after) and after[0] == "," and any(a in DASHES for a in after[1:])


def _trim(parsed: Any, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    while start < end and (parsed[start].lower_ == "the" or parsed[start].is_punct):
        start += 1
    while end > start and (parsed[end - 1].tag_ == "POS" or parsed[end - 1].is_punct):
        end -= 1
    return start, end


def _text_key(parsed: Any, start: int, end: int) -> str:
    return folded(span_text(parsed, start, end))


def _code(parsed: Any, start: int, end: int, gazetteer: Gazetteer) -> str | None:
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


def _extend(
    parsed: Any, gazetteer: Gazetteer, start: int, end: int, codes: bool = True
) -> Toponym | None:
    """The toponym of tokens start..end with its division or direction word, if known."""
    code = _code(parsed, start, end, gazetteer) if codes else None
    if code is not None:
        return _with_candidates(gazetteer, Toponym(start, end, code))
    state = _state_abbreviation(parsed, start, end)
    if state is not None:
        return _with_candidates(gazetteer, Toponym(start, end, state, features=ABBREVIATED))
    key = _text_key(parsed, start, end)
    topo = Toponym(start, end, key)
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    if end < len(lower) and lower[end] in DIVISION_WORDS and text[end] not in AGENCY_WORDS:
        longer = _text_key(parsed, start, end + 1)
        if longer in gazetteer:
            topo = Toponym(start, end + 1, longer)
        elif any(e.feature in DIVISION_FEATURES for e in gazetteer.lookup(key)):
            topo = Toponym(start, end + 1, key, features=DIVISION_FEATURES)
        # else "Edwardsville District 7", "U.S. county": a school district, a noun
    if topo.key not in gazetteer:
        # "Anbar province" tagged as one entity with an unknown long form
        if end - start > 1 and lower[end - 1] in DIVISION_WORDS:
            shorter = _text_key(parsed, start, end - 1)
            if shorter in gazetteer:
                return _with_candidates(
                    gazetteer, Toponym(start, end, shorter, features=DIVISION_FEATURES)
                )
        return None
    topo = place_cues.longer_name(parsed, gazetteer, topo)  # "Rafah crossing", "Mosul Dam"
    before = lower[start - 1].replace("-", "") if start > 0 else None
    if before is not None and before in DIRECTION_WORDS:
        direction = DIRECTION_WORDS[before]
        longer = _text_key(parsed, start - 1, topo.end)
        if gazetteer.region_for(longer) is not None:  # "southern Europe"
            return _with_candidates(gazetteer, Toponym(start - 1, topo.end, longer))
        entries = gazetteer.lookup(topo.key)
        if any(e.feature == "country" for e in entries):
            # the country or a first-level division of its name ("northern Georgia":
            # the US state in a US context); only a country becomes a relative region
            topo = Toponym(
                start - 1, topo.end, topo.key, features=DIRECTED_FEATURES, direction=direction
            )
    return _with_candidates(gazetteer, topo)


def _state_abbreviation(parsed: Any, start: int, end: int) -> str | None:
    """The folded state name of an AP abbreviation with its dot ("Tenn.", "W. Va."), if any."""
    if end - start > 3:
        return None
    raw = span_text(parsed, start, end)
    if "." not in raw:
        text = column(parsed, "text")
        split_dot = (
            end < len(text) and text[end].startswith(".") and not parsed[end - 1].whitespace_
        )
        if not split_dot:
            return None
    name = US_STATE_ABBREVIATIONS.get(raw.replace(".", "").replace(" ", ""))
    return fold(name) if name else None


def _with_candidates(gazetteer: Gazetteer, topo: Toponym) -> Toponym | None:
    topo.region = gazetteer.region_for(topo.key) if topo.direction is None else None
    entries = gazetteer.lookup(topo.key)
    if topo.features is not None:
        entries = [e for e in entries if e.feature in topo.features]
    topo.candidates = [e for e in entries if not place_cues.bare_alias_of_facility(e, topo.key)]
    return topo if entries or topo.region is not None else None


def _capitalised(token: Any) -> bool:
    return bool(token.text[:1].isupper()) and token.ent_type_ != "NORP" and not token.is_punct


def _capitalised_tokens(parsed: Any) -> list[bool]:
    """``_capitalised`` of every token, made once per document."""

    def make(p: Any) -> list[bool]:
        return [
            bool(text[:1].isupper()) and ent != "NORP" and not punct
            for text, ent, punct in zip(
                column(p, "text"), column(p, "ent_type_"), column(p, "is_punct"), strict=True
            )
        ]

    return derived(parsed, "places_capitalised", make)


def _salient(topo: Toponym) -> bool:
    """A name worth reading without the model's tag: a country, first-level division,
    capital or named region, or a city of SCAN_MIN_POP. A second-level division is
    salient only with its division word: a bare "Brown" or "Trapani" is more often
    a surname than Brown County or the province of Trapani."""
    with_word = topo.features == DIVISION_FEATURES or topo.key.split()[-1] in DIVISION_WORDS
    return topo.region is not None or any(
        e.feature in SALIENT_FEATURES
        or (e.feature in ("city", "capital") and e.population >= SCAN_MIN_POP)
        or (e.feature == "admin2" and with_word)
        for e in topo.candidates
    )


def _longest_first(
    parsed: Any, taken: list[bool], try_span: Callable[[int, int], Toponym | None]
) -> list[Toponym]:
    """Walk the capitalised tokens no toponym claimed, trying spans longest first.

    ``try_span(i, end)`` is asked for every span of capitalised edge tokens
    starting at an unclaimed token ``i`` (at most MAX_NGRAM tokens, none
    claimed); the first toponym it returns is kept, its tokens claimed, and
    the walk goes on after it.
    """
    found = []
    capitalised = _capitalised_tokens(parsed)
    size = len(capitalised)
    i = 0
    while i < size:
        if taken[i] or not capitalised[i]:
            i += 1
            continue
        match = None
        for n in range(min(MAX_NGRAM, size - i), 0, -1):
            end = i + n
            if any(taken[i:end]) or not capitalised[end - 1]:
                continue
            match = try_span(i, end)
            if match is not None:
                break
        if match is None:
            i += 1
            continue
        found.append(match)
        for j in range(match.start, match.end):
            taken[j] = True
        i = match.end
    return found


def _scan(parsed: Any, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Salient gazetteer names among the capitalised tokens no entity claimed."""

    stop = column(parsed, "is_stop")

    def try_span(i: int, end: int) -> Toponym | None:
        key = _text_key(parsed, i, end)
        if len(key) < SCAN_MIN_CHARS or stop[i] or stop[end - 1]:
            return None
        if key in GENERIC_NAMES or key not in gazetteer or not _scan_allowed(parsed, i, end):
            return None
        match = _extend(parsed, gazetteer, i, end, codes=False)
        if match is None or not _salient(match) or not _own_name_if_tagged(parsed, match):
            return None
        match.via = "scan: salient gazetteer name"
        return match

    return _longest_first(parsed, taken, try_span)


def _feature_names(parsed: Any, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Multi-word names of features the earlier passes left ("the Kerem Shalom crossing")."""
    found = []
    for start, end, key in place_cues.feature_spans(parsed, gazetteer, taken):
        topo = _with_candidates(gazetteer, Toponym(start, end, key, via="scan: feature name"))
        if topo is not None:
            found.append(topo)
            for j in range(start, end):
                taken[j] = True
    return found


def _secondary(
    parsed: Any, gazetteer: Gazetteer, taken: list[bool], found: list[Toponym]
) -> list[Toponym]:
    """Gazetteer names the first two passes left out, accepted on the document's evidence.

    A name of any size is accepted when the same name is already a toponym of
    the document (one sense per discourse), when it is followed by ", B" with
    B a toponym containing it ("Tega Cay, S.C."), or when one of its
    candidates lies in a division resolved elsewhere in the document. Inside a
    longer ORG/FAC name it is also accepted when salient ("the Ohio Department
    of Health"). Untagged names must be proper nouns; names spaCy tagged as
    a whole PERSON need the first two kinds of evidence.
    """
    known = {t.key for t in found if t.features is None and t.direction is None}
    context: set[int] = set()
    for t in found:
        best = best_entry(t, {})
        if best is not None and best.feature in DIVISION_FEATURES:
            context.add(best.gid)
        elif best is not None and best.feature in ("city", "capital"):
            context.update(g for g in (best.admin1, best.admin2) if g)
    starts = {t.start: t for t in found}
    bounds = {t.start for t in found} | {-t.end for t in found}  # starts, and ends negated

    stop = column(parsed, "is_stop")

    def try_span(i: int, end: int) -> Toponym | None:
        if stop[i] or stop[end - 1]:
            return None
        kind = "dateline" if _dateline(parsed, i, end) else _setting(parsed, i, end)
        if kind is None:
            return None
        key = _text_key(parsed, i, end)
        dotted = "." in span_text(parsed, i, end)  # "U.S.", "Tenn.": abbreviations, not words
        known_name = key in gazetteer and (len(key) >= SCAN_MIN_CHARS or dotted)
        if not known_name and _state_abbreviation(parsed, i, end) is None:
            return None
        topo = _extend(parsed, gazetteer, i, end, codes=False)
        if topo is None or topo.region is not None:
            return None
        if len(topo.key) < SCAN_MIN_CHARS and not any(
            e.feature == "country" or topo.features == ABBREVIATED for e in topo.candidates
        ):
            return None
        outer = starts.get(topo.end + 1) or _outer_after(parsed, gazetteer, topo.end)
        nested = (
            outer is not None
            and parsed[topo.end].text == ","
            and any(entry_contains(o, e) for o in outer.candidates for e in topo.candidates)
        )
        if key in GENERIC_NAMES:
            return None
        reason = _support(parsed, topo, kind, nested, known, context)
        if reason is None and kind in COORDINATED_KINDS and _coordinated(parsed, topo, bounds):
            reason = "listed with a place"  # "Gainesville and Lindsay", "Lovejoy, Jonesboro"
        if reason is not None:
            topo.via = f"evidence ({kind}): {reason}"
            prev = parsed[i - 1].lower_ if i > 0 else ""
            topo.embedded = (
                (kind in ("embedded", "inner", "in-person") and prev not in LOCATIVE_PREPS)
                or reason.startswith("before the title")
                or place_cues.associative(reason)
            )
            return topo
        return None

    return _longest_first(parsed, taken, try_span)


def _same_names(
    parsed: Any, gazetteer: Gazetteer, taken: list[bool], found: list[Toponym]
) -> list[Toponym]:
    """One sense per discourse, for the words the passes left alone: a name read as a
    place elsewhere is read here too, even opening a headline or sentence
    ("Winchester ousted from state tournament. Winchester was denied ...")."""
    known = {t.key for t in found if t.features is None and t.direction is None}
    ents = column(parsed, "ent_type_")

    def try_span(i: int, end: int) -> Toponym | None:
        key = _text_key(parsed, i, end)
        if key not in known or any(ents[j] == "PERSON" for j in range(i, end)):
            return None
        topo = _with_candidates(gazetteer, Toponym(i, end, key))
        if topo is not None:
            topo.via = "evidence: same name read elsewhere in the document"
        return topo

    return _longest_first(parsed, taken, try_span) if known else []


def _listed_divisions(parsed: Any, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Names listed before a plural division word: "Cooke, Grayson and Love counties"."""
    found = []
    for start, end in place_cues.listed_before_plural(parsed, taken):
        key = _text_key(parsed, start, end)
        topo = _with_candidates(gazetteer, Toponym(start, end, key, features=DIVISION_FEATURES))
        if topo is not None and topo.region is None:
            topo.via = "evidence: listed before a plural division word"
            found.append(topo)
            for j in range(start, end):
                taken[j] = True
    return found


def _outer_after(parsed: Any, gazetteer: Gazetteer, end: int) -> Toponym | None:
    """The place named right after ", " at token ``end`` ("Tega Cay, S.C."), if any."""
    if end >= len(parsed) or parsed[end].text != ",":
        return None
    for n in range(3, 0, -1):
        stop = end + 1 + n
        if stop > len(parsed) or not all(_capitalised(t) for t in parsed[end + 1 : stop]):
            continue
        topo = _extend(parsed, gazetteer, end + 1, stop)
        if topo is not None and topo.candidates:
            return topo
    return None


def _coordinated(parsed: Any, topo: Toponym, bounds: set[int]) -> bool:
    """Listed next to a place already read: "X and Y", "X, Y" (either side)."""
    before = topo.start - 1
    if before >= 1 and parsed[before].lower_ in LIST_WORDS and -before in bounds:
        return True
    after = topo.end
    return after < len(parsed) - 1 and parsed[after].lower_ in LIST_WORDS and after + 1 in bounds


def _support(
    parsed: Any, topo: Toponym, kind: str, nested: bool, known: set[str], context: set[int]
) -> str | None:
    """Why the evidence pass accepts a name (None: it does not)."""
    division_word = parsed[topo.end - 1].lower_ in DIVISION_WORDS
    if kind == "dateline":
        return "dateline"
    if nested:
        return "followed by a place containing it"
    before = parsed[topo.start - 1].lower_ if topo.start > 0 else ""
    after = parsed[topo.end].tag_ if topo.end < len(parsed) else ""
    if before in LOCATIVE_CUES and after != "POS" and kind in ("PERSON", "whole", "free"):
        return f"after '{before}'"
    following = parsed[topo.end].text if topo.end < len(parsed) else ""
    if following in OFFICE_TITLES and kind in ("PERSON", "in-person", "whole", "inner", "free"):
        return f"before the title '{following}'"  # "Monroe Mayor Robert Routson"
    cue = place_cues.support(parsed, topo.start, topo.end) if kind != "in-person" else None
    if cue is not None:
        return cue  # "the village of Avnevi", "James Tauber of Nelson", "Byesville Fire"
    if kind in ("PERSON", "in-person"):
        return "division word" if division_word else None  # "Anderson County" as a person
    if topo.key in known:
        return "same name read elsewhere in the document"
    if kind == "inner":
        return "salient name inside a longer name" if _salient(topo) else None
    if any(
        e.gid in context
        or e.admin2 in context
        or (kind in STATE_CONTEXT_KINDS and e.admin1 in context)
        for e in topo.candidates
    ):
        return "lies in a division read elsewhere in the document"
    if kind in ("embedded", "partial") and (_salient(topo) or division_word):
        return "salient name inside a longer name"
    return None


def _demonyms(parsed: Any, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Demonyms ("Iraqi", "Russians", "South Ossetian") as non-locational mentions.

    Read only where spaCy tags them NORP (or GPE): "speaks French" is a
    language (LANGUAGE), not a reference to France, and "the American Red
    Cross" an organisation's name. Each resolves like its place's name, restricted to
    countries, first-level divisions and named regions.
    """
    out = []
    spans = [(e.start, e.end) for e in entities(parsed) if e.label_ in DEMONYM_LABELS]
    spans += place_cues.demonym_spans(parsed, gazetteer.demonyms)  # "the Georgian MoD"
    for start, end in spans:
        start, end = _trim(parsed, start, end)
        if start >= end or any(taken[start:end]):
            continue
        key = gazetteer.demonyms.get(parsed[start:end].text)
        if key is None or _language(parsed[start:end].root):
            continue
        if place_cues.names_other_place(parsed, gazetteer, start, end):
            continue  # "the French Quarter", "the Indian Ocean": not France, not India
        topo = _with_candidates(gazetteer, Toponym(start, end, key, features=DEMONYM_FEATURES))
        if topo is not None:
            topo.embedded = True
            topo.via = "demonym"
            out.append(topo)
            for j in range(start, end):
                taken[j] = True
    return out


def _language(token: Any) -> bool:
    """A demonym used as a language: "speaks French and German", "in Russian"."""
    while token.dep_ == "conj" and token.head is not token:
        if token.head.ent_type_ == "LANGUAGE":
            return True
        token = token.head
    head = token.head
    return (token.dep_ in ("dobj", "pobj") and head.lemma_.lower() in LANGUAGE_HEADS) or (
        head.ent_type_ == "LANGUAGE"
    )


def _setting(parsed: Any, start: int, end: int) -> str | None:
    """How tokens start..end sit among the entities: "free" (untagged proper nouns),
    "whole" (exactly an ORG/PERSON entity; "PERSON" for a person), "embedded"
    (inside a longer ORG/FAC name) or None (anything else)."""
    ent_type = column(parsed, "ent_type_")
    labels = set(ent_type[start:end])
    if labels <= {""}:
        pos = column(parsed, "pos_")
        if all(pos[j] == "PROPN" for j in range(start, end)) and not (
            end - start == 1 and parsed[start].is_sent_start
        ):
            return "free"
        return None
    if len(labels) != 1:
        return None
    label = labels.pop()
    first = parsed[start]
    iob = column(parsed, "ent_iob_")
    whole = iob[start] == "B" and (end == len(iob) or iob[end] != "I")
    if whole and label in OVERRIDABLE_LABELS:
        return "PERSON" if label == "PERSON" else "whole"
    if not whole and label in EMBEDDING_LABELS:
        # a place opens an organisation's name or follows "of"/"in"/"at"/a hyphen in
        # it ("the Ohio Department of Health", "University of Nebraska-Lincoln"),
        # never closes it ("First Baptist Church", "Adena Energy")
        prev = parsed[start - 1] if start > 0 else None
        opens = first.ent_iob_ == "B" or (
            prev is not None
            and prev.ent_iob_ == "B"
            and prev.lower_ == "the"
            and prev.ent_type_ == label
        )
        if opens or (prev is not None and prev.lower_ in EMBEDDED_AFTER):
            return "embedded"
        return "inner"  # elsewhere in the name: only a salient or already read name
    if not whole and label == "PERSON":
        return "in-person"  # "Anderson County Sheriff John Skipper": division names only
    if not whole and label in ENTITY_LABELS:
        return "partial"  # a place entity that is no gazetteer name ("the Boone County Jail")
    return None


def _own_name_if_tagged(parsed: Any, topo: Toponym) -> bool:
    """A name spaCy tagged PERSON/ORG is read only as some place's own name, not as
    an alternate one ("Hamas" is an old alternate name of Homs)."""
    label = parsed[topo.start].ent_type_
    if label == "":
        return True
    if label == "PERSON" and _speaker(parsed, topo):
        return False
    return topo.region is not None or any(folded(e.name) == topo.key for e in topo.candidates)


def _speaker(parsed: Any, topo: Toponym) -> bool:
    """A person-tagged name that speaks or carries a title ("Flores said", "Mr.
    Nelson") is a person, not a place."""
    root = parsed[topo.start : topo.end].root
    before = parsed[topo.start - 1].text if topo.start > 0 else ""
    return (
        root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS
    ) or before in PERSON_TITLES


def _scan_allowed(parsed: Any, start: int, end: int) -> bool:
    """A name inside another entity only when that entity is exactly the name."""
    labels = set(column(parsed, "ent_type_")[start:end])
    if labels <= {""}:
        return True
    if not labels <= OVERRIDABLE_LABELS:
        return False
    first, last = parsed[start], parsed[end - 1]
    return (
        first.ent_iob_ == "B"
        and (end == len(parsed) or parsed[end].ent_iob_ != "I")
        and (last.ent_type_ == first.ent_type_)
    )


def _attributive(parsed: Any, topo: Toponym, actor_spans: list[tuple[int, int]]) -> bool:
    """True for a toponym that is part of an actor's name ("US forces")."""
    start = parsed[topo.start].idx
    last = parsed[topo.end - 1]
    end = last.idx + len(last.text)
    if any(a <= start and end <= b and (b - a) > (end - start) for a, b in actor_spans):
        return True
    root = parsed[topo.start : topo.end].root
    head = root.head
    return (
        root.dep_ in ("compound", "amod", "nmod")
        and head.i >= topo.end
        and head.lower_ in ACTOR_HEADS
        and topo.direction is None
    )
