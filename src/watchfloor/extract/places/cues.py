"""Cues in the text that a name the parser missed is a place (issue 19, recognition).

Owns the recognition cues the evidence pass of ``places.py`` asks for beyond
its own (docs/extract-places.md, "Recognition"):

* a settlement noun before the name: "the village of Avnevi", "the town of
  Hopkinton", "near the village Dvani";
* a person's residence: "James Tauber of Nelson", "LaSalle, of Bloomington",
  and the party-and-home tag of legislators: "Westrom, R-Elbow Lake";
* the name opening an organisation named for its town: "the Byesville
  Volunteer Fire Department", "Litchfield Superior Court", "the Crestwood
  Board of Education" (an associative, non-locational use);
* the name modifying a noun of its people or its property: "four Hopkinton
  homes", "Torrington businesses", "the Kirkuk governor";
* demonyms inside organisations' names ("the Georgian Foreign Ministry",
  "American Airlines"): non-locational mentions of the country.

Each cue returns the reason ``watchfloor places`` prints, or None.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress
from typing import TYPE_CHECKING, Any, TypeVar

from watchfloor.extract.nlp.tokens import column, derived, span_text, upper_initials
from watchfloor.knowledge.gazetteer import Gazetteer, fold
from watchfloor.knowledge.place_kinds import FEATURE_KINDS, POINT_KINDS

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

T = TypeVar("T")

# Words after a name that make it the name of a street or park, not of the
# town ("Newton Street, Millom", "Cypress Park"): folded, without dots.
STREET_WORDS = frozenset(
    {"street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "ln",
     "drive", "highway", "hwy", "parkway", "pkwy", "square", "terrace", "park", "plaza",
     "place", "way", "circle", "pike", "turnpike", "expressway"}
)  # fmt: skip
# Settlement nouns after which a capitalised name is the settlement's name.
SETTLEMENT_NOUNS = frozenset(
    {"village", "town", "city", "township", "hamlet", "borough", "suburb", "community",
     "municipality", "district", "province", "region", "county", "parish", "state"}
)  # fmt: skip
# Words after a town's name that make an organisation of the town ("Byesville
# Volunteer Fire Department", "Litchfield Superior Court"): municipal bodies,
# courts, schools and civic groups, which are named after their town. Not
# hospitals, companies or churches: those are named after people as often.
MUNICIPAL_WORDS = frozenset(
    {"fire", "police", "sheriff", "sheriff's", "volunteer", "city", "town", "township",
     "village", "borough", "board", "school", "schools", "high", "middle", "elementary",
     "public", "library", "chamber", "area", "regional", "community", "superior", "district",
     "municipal", "correctional", "historical", "housing", "planning", "zoning", "council",
     "commission", "rotary", "kiwanis", "citizens", "water", "utilities", "parks",
     "recreation", "senior", "youth", "transit", "airport", "post", "fair"}
)  # fmt: skip
# Words that open the names of schools and groups more often than a town does.
COMMON_HEADS = frozenset(
    {"central", "north", "south", "east", "west", "northern", "southern", "eastern",
     "western", "national", "american", "united", "first", "union"}
)  # fmt: skip
# Nouns whose modifier, when a gazetteer name, is a place: its people and
# property ("Hopkinton homes", "Torrington businesses", "the Kirkuk governor").
RESIDENT_NOUNS = frozenset(
    {"homes", "home", "house", "houses", "residents", "resident", "businesses", "business",
     "man", "woman", "men", "women", "teen", "teenager", "boy", "girl", "family", "families",
     "native", "natives", "couple", "students", "student", "voters", "taxpayers", "schools",
     "neighborhood", "neighbourhood", "area", "streets", "downtown", "suburb", "outskirts",
     "governor", "mayor", "residents'", "farmers", "workers", "officials", "police", "council"}
)  # fmt: skip
# Modified nouns that make the name associative, not a location ("the Kirkuk
# governor": the governor of Kirkuk, wherever he is).
OFFICIAL_NOUNS = frozenset({"governor", "mayor", "officials", "police", "council"})
# Entity labels a demonym may be read from inside (besides NORP/GPE, read by
# the demonym pass): organisations, facilities, events, laws, places.
DEMONYM_INSIDE = frozenset({"ORG", "FAC", "EVENT", "LAW", ""})
# Words after a demonym that make the pair a place's own name ("the French
# Quarter", "the Indian Ocean", "Indian Orchard"), not a mention of the country.
PLACE_HEADS = frozenset(
    {"quarter", "orchard", "ocean", "sea", "gulf", "village", "heights", "hills", "island",
     "islands", "river", "lake", "valley", "riviera", "alps", "coast", "plain", "plains"}
)  # fmt: skip
# Words a name may run on by to a longer gazetteer name: "Rafah crossing",
# "Zaatari refugee camp", "Baghdad International Airport" (feature names of the
# extended gazetteer are whole names).
LONGER_REACH = 3
# Longest feature name, in tokens, the feature scan tries ("Ain al-Asad air base").
FEATURE_NGRAM = 6
# Plural division words after a list of names: "Cooke, Grayson and Love counties".
PLURAL_DIVISIONS = frozenset({"counties", "parishes", "provinces", "governorates", "districts"})
# Longest name of such a list, in tokens ("St. Lawrence").
LISTED_NAME_TOKENS = 3
# Words that name a facility's kind in the text ("Beirut airport", "Camp David",
# "Vandenberg Air Force Base"): without one, a facility is no reading of a name
# that is only one of its aliases ("South Florida" of Palm Beach airport,
# "Puget Sound" of a naval air station).
FACILITY_WORDS = frozenset(
    {"airport", "airfield", "field", "base", "air", "station", "camp", "crossing", "dam",
     "terminal", "port", "checkpoint", "barracks", "fort", "depot", "strip", "airbase"}
)  # fmt: skip
# Generic words no feature name opens with in the text ("International Airport" of
# "Hartsfield-Jackson International Airport" is not San Antonio's).
GENERIC_OPENERS = frozenset(
    {"international", "national", "regional", "municipal", "county", "air", "naval", "army",
     "military", "metropolitan", "central", "new", "old", "the"}
)  # fmt: skip
# Words of regions' and waters' names ("South Florida", "Puget Sound").
GEO_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "central", "sound", "bay", "coast", "lake", "river", "valley", "island", "islands",
     "county", "city", "gulf", "sea", "hills", "mountains", "peninsula"}
)  # fmt: skip
# Party letters of the "R-Elbow Lake" tag.
PARTY_TAGS = frozenset({"R", "D", "I", "DFL"})


def support(parsed: SpacyDoc, start: int, end: int) -> str | None:
    """Why the words start..end (a gazetteer name) are a place, by a cue around them."""
    return (
        _settlement(parsed, start)
        or _residence(parsed, start)
        or _municipal(parsed, start, end)
        or _modifier(parsed, start, end)
    )


def _settlement(parsed: SpacyDoc, start: int) -> str | None:
    """ "the village of Avnevi", "the town Hopkinton"."""
    lower = column(parsed, "lower_")
    j = start - 1
    if j >= 0 and lower[j] == "of":
        j -= 1
    if j >= 0 and lower[j] in SETTLEMENT_NOUNS and parsed[j].text.islower():
        if j > 0 and parsed[j - 1].text[:1].isupper():
            return None  # "South Carolina state Reps.": the division word of the name before
        return f"after '{parsed[j:start].text}'"
    return None


def _residence(parsed: SpacyDoc, start: int) -> str | None:
    """ "James Tauber of Nelson", "LaSalle, of Bloomington", "Westrom, R-Elbow Lake"."""
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    if start >= 2 and lower[start - 1] == "of":
        before = parsed[start - 2]
        if before.text == "," and start >= 3 and parsed[start - 3].ent_type_ == "PERSON":
            return "a person's residence (', of')"
        if before.ent_type_ == "PERSON" and before.ent_iob_ in ("B", "I"):
            return "a person's residence ('of')"
    if start >= 2 and text[start - 1] == "-" and text[start - 2] in PARTY_TAGS:
        return f"a legislator's home ('{text[start - 2]}-')"
    return None


def _municipal(parsed: SpacyDoc, start: int, end: int) -> str | None:
    """A name opening an organisation named for its town ("Byesville Volunteer Fire")."""
    if end >= len(parsed) or parsed[end].lower_ not in MUNICIPAL_WORDS:
        return None
    if any(parsed[j].lower_ in MUNICIPAL_WORDS | COMMON_HEADS for j in range(start, end)):
        return None  # "Central High School": the name is itself a school's
    first, nxt = parsed[start], parsed[end]
    if first.ent_type_ in ("ORG", "FAC"):
        opens = first.ent_iob_ == "B" or (
            start > 0 and parsed[start - 1].lower_ == "the" and parsed[start - 1].ent_iob_ == "B"
        )
        named = opens and nxt.ent_iob_ == "I"
    else:  # untagged: "the Byesville Volunteer Fire Department", not "at Mile High."
        after = parsed[end + 1] if end + 1 < len(parsed) else None
        longer = after is not None and (after.text[:1].isupper() or after.lower_ == "of")
        named = first.ent_type_ == "" and nxt.ent_type_ == "" and nxt.text[:1].isupper()
        named = named and nxt.pos_ == "PROPN" and longer
    return f"opens an organisation named for its town ('{nxt.text}')" if named else None


def _modifier(parsed: SpacyDoc, start: int, end: int) -> str | None:
    """A name modifying a noun of its people or property ("four Hopkinton homes")."""
    lower = column(parsed, "lower_")
    if end >= len(lower) or lower[end] not in RESIDENT_NOUNS:
        return None  # the noun must be the token right after the name
    root = parsed[start:end].root
    head = root.head
    if (
        root.dep_ in ("compound", "nmod", "amod")
        and head.i == end
        and head.lower_ in RESIDENT_NOUNS
    ):
        return f"modifies '{head.text}'"
    return None


def associative(reason: str) -> bool:
    """A cue that makes the mention non-locational: a town's organisation or official."""
    return reason.startswith("opens an organisation") or any(
        reason == f"modifies '{n}'" for n in OFFICIAL_NOUNS
    )


def demonym_spans(parsed: SpacyDoc, demonyms: dict[str, str]) -> list[tuple[int, int]]:
    """Demonyms inside organisations' names and untagged ("the Georgian Foreign
    Ministry", "American Airlines", "the Sri Lankan civil war"): token spans."""
    text, label = column(parsed, "text"), column(parsed, "ent_type_")
    out = []
    size = len(text)
    resume = 0  # after a demonym, the walk goes on at its end
    for i in [i for i in upper_initials(parsed) if label[i] in DEMONYM_INSIDE]:
        if i < resume:
            continue
        hit = None
        pair = f"{text[i]} {text[i + 1]}" if i + 1 < size else ""
        if pair in demonyms and label[i + 1] in DEMONYM_INSIDE:
            hit = (i, i + 2)  # "Sri Lankan", "South Ossetian" before "Georgian"
        elif text[i] in demonyms:
            hit = (i, i + 1)
        if hit is not None and label[hit[0]] == "" and column(parsed, "pos_")[hit[0]] != "ADJ":
            hit = None  # untagged: only as an adjective ("the Sri Lankan civil war")
        if hit is not None and hit[1] < size and text[hit[1]].lower() in STREET_WORDS:
            hit = None  # "American Boulevard": a street
        if hit is None:
            continue
        out.append(hit)
        resume = hit[1]
    return out


def longer_name(parsed: SpacyDoc, gazetteer: Gazetteer, topo: Any) -> Any:
    """The toponym run on over up to LONGER_REACH words when that is a longer
    gazetteer name ("Rafah" -> "Rafah crossing"); the toponym itself otherwise."""
    end = topo.end
    alpha, folded = column(parsed, "is_alpha"), folded_tokens(parsed)
    for n in range(LONGER_REACH, 0, -1):
        stop = end + n
        if stop > len(parsed) or not all(alpha[end:stop]):
            continue
        key = ngram_key(folded, topo.start, stop)
        if key in gazetteer and gazetteer.lookup(key):
            return replace(topo, end=stop, key=key, features=None, scores={})
    return topo


def without_overlaps(found: list[T]) -> list[T]:
    """Toponyms in text order, each overlapping an earlier-found one left out."""
    kept: list[Any] = []
    claimed: set[int] = set()
    for t in found:
        span = set(range(t.start, t.end))  # type: ignore[attr-defined]
        if not span & claimed:
            kept.append(t)
            claimed |= span
    return sorted(kept, key=lambda t: t.start)


# Token text -> its fold, for every document (words recur across articles);
# emptied when it grows past:
_FOLDED_MAX = 1 << 16
_folded: dict[str, str] = {}


def _fold_all(texts: list[str]) -> list[str]:
    global _folded
    known = _folded
    if len(known) > _FOLDED_MAX:
        known = _folded = {}  # a new dict: another thread may be reading the old one
    for t in set(texts).difference(known):
        known[t] = fold(t)
    return [known[t] for t in texts]


def folded_tokens(parsed: SpacyDoc) -> list[str]:
    """``fold`` of every token's text, made once per document ("al-Asad" -> "al", "", "asad")."""
    return derived(parsed, "place_cues_folded", lambda p: _fold_all(column(p, "text")))


def ngram_key(folded: list[str], start: int, end: int) -> str:
    """The folded key of tokens start..end from ``folded_tokens`` (empty tokens skipped)."""
    return " ".join(x for x in folded[start:end] if x)


def feature_spans(
    parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]
) -> list[tuple[int, int, str]]:
    """Names of features (bases, crossings, camps, dams, rivers ...) of two or more
    words that no pass read, wherever they stand: "the Kerem Shalom crossing",
    "Zaatari refugee camp". A capitalised first word; longest name first.

    Only a token whose fold opens some feature's name (``Gazetteer.feature_prefixes``:
    the names i..i+n are the token's fold and more words) can open one."""
    text, stop = column(parsed, "text"), column(parsed, "is_stop")
    folded = folded_tokens(parsed)
    out = []
    size = len(text)
    prefixes = gazetteer.feature_prefixes
    opens = [
        i
        for i in upper_initials(parsed)
        if (folded[i] in prefixes or not folded[i])
        and not taken[i]
        and not stop[i]
        and folded[i] not in GENERIC_OPENERS
    ]
    resume = 0  # after a name, the walk goes on at its end
    for i in opens:
        if i < resume:
            continue
        hit = None
        free = i + 1  # names i..i+n with no claimed token: i + n <= free
        reach = min(i + FEATURE_NGRAM, size)
        while free < reach and not taken[free]:
            free += 1
        for n in range(free - i, 1, -1):
            if not folded[i + n - 1]:
                continue
            key = ngram_key(folded, i, i + n)
            if key in gazetteer and any(e.feature in FEATURE_KINDS for e in gazetteer.lookup(key)):
                hit = (i, i + n, key)
                break
        if hit is None:
            continue
        out.append(hit)
        resume = hit[1]
    return out


def names_other_place(parsed: SpacyDoc, gazetteer: Gazetteer, start: int, end: int) -> bool:
    """A demonym that opens a place's own name: "the French Quarter", "Indian Ocean"."""
    if end >= len(parsed) or not parsed[end].text[:1].isupper() or not parsed[end].is_alpha:
        return False
    return parsed[end].lower_ in PLACE_HEADS or fold(span_text(parsed, start, end + 1)) in gazetteer


def listed_before_plural(parsed: SpacyDoc, taken: list[bool]) -> list[tuple[int, int]]:
    """Token spans of the capitalised names listed right before a plural division
    word: "Cooke, Grayson and Love counties" -> Cooke, Grayson, Love."""
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    out = []
    for k in compress(range(len(lower)), map(PLURAL_DIVISIONS.__contains__, lower)):
        end = k
        while end > 0:
            start = end
            while start > 0 and end - start < LISTED_NAME_TOKENS and text[start - 1][:1].isupper():
                start -= 1
            if start == end or any(taken[start:end]):
                break
            out.append((start, end))
            if start == 0 or lower[start - 1] not in (",", "and", "or"):
                break
            end = start - 1
            if end > 0 and lower[end] == "and" and lower[end - 1] == ",":
                end -= 1  # the serial comma: "Cooke, Grayson, and Love"
    return sorted(out)


def bare_alias_of_facility(e: Any, key: str) -> bool:
    """A point facility (airport, base, crossing ...) known by this name only as an
    alias that is a generic name ("International Airport") or a region's or a water's
    name with no word of the facility's kind ("South Florida", "Puget Sound"): not a
    reading of the name. Bare names of bases ("Hmeimim", "Ain al-Asad") stay."""
    if e.feature not in POINT_KINDS or fold(e.name) == key:
        return False
    words = key.split()
    if words[0] in GENERIC_OPENERS:
        return True
    return not any(w in FACILITY_WORDS for w in words) and any(w in GEO_WORDS for w in words)
