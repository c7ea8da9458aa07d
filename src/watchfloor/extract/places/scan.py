"""The scanning passes over tokens no entity claimed: salient gazetteer names among the
capitalised tokens (longest first), multi-word feature names, names read as places
elsewhere in the document, names listed before a plural division word."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from watchfloor.extract.nlp.tokens import column, derived, span_text, upper_initials
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places.extents import extend, text_key, text_keys, with_candidates
from watchfloor.extract.places.toponym import DIVISION_FEATURES, DIVISION_WORDS, Toponym, folded
from watchfloor.knowledge.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Entity labels the gazetteer scan may override when the whole entity is a
# salient place name (the small model often tags "Kirkuk" or "Anbar" so).
OVERRIDABLE_LABELS = frozenset({"PERSON", "ORG"})


# Longest name, in tokens, the gazetteer scan tries ("Bosnia and Herzegovina").
MAX_NGRAM = 4


# Shortest name the scan accepts: GeoNames lists abbreviations ("The" for
# Teresina) that are common words; country codes come from entities only.
SCAN_MIN_CHARS = 4


# Smallest city the scan accepts when spaCy did not tag it: smaller towns
# share their names with surnames and common words ("Hope", "Mobile").
SCAN_MIN_POP = 100_000


SALIENT_FEATURES = frozenset({"country", "admin1", "capital"})


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
        "west coast", "east coast", "coast",  # a country's coast, not Western Australia by an alias
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


def capitalised_tokens(parsed: SpacyDoc) -> list[bool]:
    """A capitalised token that is no demonym (NORP) or punctuation, for every token
    of the document, made once per document."""

    def make(p: Any) -> list[bool]:
        ent, punct = column(p, "ent_type_"), column(p, "is_punct")
        capitalised = [False] * len(ent)
        for i in upper_initials(p):
            if ent[i] != "NORP" and not punct[i]:
                capitalised[i] = True
        return capitalised

    return derived(parsed, "places_capitalised", make)


def edge_tokens(parsed: SpacyDoc) -> list[bool]:
    """A capitalised token (``capitalised_tokens``) that is no stop word: what may open
    or close a name of the passes that refuse stop words at its edges ("The", "He")."""

    def make(p: Any) -> list[bool]:
        edges, stop = list(capitalised_tokens(p)), column(p, "is_stop")
        for i in upper_initials(p):
            if stop[i]:
                edges[i] = False
        return edges

    return derived(parsed, "places_edges", make)


def salient(topo: Toponym) -> bool:
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


def longest_first(
    parsed: SpacyDoc,
    taken: list[bool],
    try_span: Callable[[int, int], Toponym | None],
    edges: list[bool] | None = None,
) -> list[Toponym]:
    """Walk the capitalised tokens no toponym claimed, trying spans longest first.

    ``try_span(i, end)`` is asked for every span of capitalised edge tokens
    starting at an unclaimed token ``i`` (at most MAX_NGRAM tokens, none
    claimed); the first toponym it returns is kept, its tokens claimed, and
    the walk goes on after it. ``edges``: the tokens a span may start and end
    with, if fewer than the capitalised ones (``edge_tokens``: a ``try_span``
    that refuses any other edge is not asked about them).
    """
    found = []
    capitalised = capitalised_tokens(parsed) if edges is None else edges
    size = len(capitalised)
    # the walk's starts: a match claims tokens before its end only, and the walk
    # resumes at its end, so the tokens unclaimed now are those it will find so
    resume = 0
    for i in [i for i, cap in enumerate(capitalised) if cap and not taken[i]]:
        if i < resume:
            continue
        match = None
        free = i + 1  # spans start..end with no claimed token: end <= free
        reach = min(i + MAX_NGRAM, size)
        while free < reach and not taken[free]:
            free += 1
        for n in range(free - i, 0, -1):
            end = i + n
            if not capitalised[end - 1]:
                continue
            match = try_span(i, end)
            if match is not None:
                break
        if match is None:
            continue
        found.append(match)
        for j in range(match.start, match.end):
            taken[j] = True
        resume = match.end
    return found


def scan(parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Salient gazetteer names among the capitalised tokens no entity claimed."""

    stop = column(parsed, "is_stop")
    keys = text_keys(parsed)

    def try_span(i: int, end: int) -> Toponym | None:
        if stop[i] or stop[end - 1]:
            return None
        key = keys.get((i, end)) or text_key(parsed, i, end)
        if len(key) < SCAN_MIN_CHARS:
            return None
        if key in GENERIC_NAMES or key not in gazetteer or not _scan_allowed(parsed, i, end):
            return None
        if gazetteer.demonyms.get(span_text(parsed, i, end), key) != key:
            return None  # "Somali pirates": the demonym pass reads Somalia, not Somali region
        match = extend(parsed, gazetteer, i, end, codes=False)
        if match is None or not salient(match) or not _own_name_if_tagged(parsed, match):
            return None
        match.via = "scan: salient gazetteer name"
        return match

    return longest_first(parsed, taken, try_span, edge_tokens(parsed))


def feature_names(parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Multi-word names of features the earlier passes left ("the Kerem Shalom crossing")."""
    found = []
    for start, end, key in place_cues.feature_spans(parsed, gazetteer, taken):
        topo = with_candidates(gazetteer, Toponym(start, end, key, via="scan: feature name"))
        if topo is not None:
            found.append(topo)
            for j in range(start, end):
                taken[j] = True
    return found


def same_names(
    parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool], found: list[Toponym]
) -> list[Toponym]:
    """One sense per discourse, for the words the passes left alone: a name read as a
    place elsewhere is read here too, even opening a headline or sentence
    ("Winchester ousted from state tournament. Winchester was denied ...")."""
    known = {t.key for t in found if t.features is None and t.direction is None}
    ents = column(parsed, "ent_type_")
    keys = text_keys(parsed)

    def try_span(i: int, end: int) -> Toponym | None:
        key = keys.get((i, end)) or text_key(parsed, i, end)
        if key not in known or any(ents[j] == "PERSON" for j in range(i, end)):
            return None
        topo = with_candidates(gazetteer, Toponym(i, end, key))
        if topo is not None:
            topo.via = "evidence: same name read elsewhere in the document"
        return topo

    return longest_first(parsed, taken, try_span) if known else []


def listed_divisions(parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Names listed before a plural division word: "Cooke, Grayson and Love counties"."""
    found = []
    for start, end in place_cues.listed_before_plural(parsed, taken):
        key = text_key(parsed, start, end)
        topo = with_candidates(gazetteer, Toponym(start, end, key, features=DIVISION_FEATURES))
        if topo is not None and topo.region is None:
            topo.via = "evidence: listed before a plural division word"
            found.append(topo)
            for j in range(start, end):
                taken[j] = True
    return found


def _own_name_if_tagged(parsed: SpacyDoc, topo: Toponym) -> bool:
    """A name spaCy tagged PERSON/ORG is read only as some place's own name, not as
    an alternate one ("Hamas" is an old alternate name of Homs)."""
    label = column(parsed, "ent_type_")[topo.start]
    if label == "":
        return True
    if label == "PERSON" and _speaker(parsed, topo):
        return False
    return topo.region is not None or any(folded(e.name) == topo.key for e in topo.candidates)


def _speaker(parsed: SpacyDoc, topo: Toponym) -> bool:
    """A person-tagged name that speaks or carries a title ("Flores said", "Mr.
    Nelson") is a person, not a place."""
    root = parsed[topo.start : topo.end].root
    before = parsed[topo.start - 1].text if topo.start > 0 else ""
    return (
        root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS
    ) or before in PERSON_TITLES


def _scan_allowed(parsed: SpacyDoc, start: int, end: int) -> bool:
    """A name inside another entity only when that entity is exactly the name."""
    ent_type = column(parsed, "ent_type_")
    labels = set(ent_type[start:end])
    if labels <= {""}:
        return True
    if not labels <= OVERRIDABLE_LABELS:
        return False
    iob = column(parsed, "ent_iob_")
    return (
        iob[start] == "B"
        and (end == len(iob) or iob[end] != "I")
        and (ent_type[end - 1] == ent_type[start])
    )
