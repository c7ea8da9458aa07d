"""Demonyms ("Iraqi", "Russians", "South Ossetian") read as non-locational mentions of
their place, except where they name a language or another place ("the French Quarter")."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from watchfloor.extract.nlp import entities
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places.extents import trim, with_candidates
from watchfloor.extract.places.toponym import Toponym
from watchfloor.knowledge.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# What a demonym may refer to ("Georgian": the country or the US state).
DEMONYM_FEATURES = frozenset({"country", "admin1"})


# Words whose object, when a demonym, is a language ("speaks French", "in Russian").
LANGUAGE_HEADS = frozenset({"speak", "learn", "teach", "translate", "write", "study", "in"})


# Entity labels a demonym is read from ("Sri Lankan" is sometimes tagged GPE).
DEMONYM_LABELS = frozenset({"NORP", "GPE"})


def demonyms(parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Demonyms ("Iraqi", "Russians", "South Ossetian") as non-locational mentions.

    Read only where spaCy tags them NORP (or GPE): "speaks French" is a
    language (LANGUAGE), not a reference to France, and "the American Red
    Cross" an organisation's name. Each resolves like its place's name, restricted to
    countries, first-level divisions and named regions.
    """
    out = []
    spans = [(e.start, e.end) for e in entities(parsed) if e.label_ in DEMONYM_LABELS]
    spans = [p for start, end in spans for p in _parts(parsed, gazetteer.demonyms, start, end)]
    spans += place_cues.demonym_spans(parsed, gazetteer.demonyms)  # "the Georgian MoD"
    for start, end in spans:
        start, end = trim(parsed, start, end)
        if start >= end or any(taken[start:end]):
            continue
        key = gazetteer.demonyms.get(parsed[start:end].text)
        if key is None or _language(parsed[start:end].root):
            continue
        if place_cues.names_other_place(parsed, gazetteer, start, end):
            continue  # "the French Quarter", "the Indian Ocean": not France, not India
        if _team(parsed, taken, start, end):
            continue  # "the Houston Texans": a team, not the people of Texas
        topo = with_candidates(gazetteer, Toponym(start, end, key, features=DEMONYM_FEATURES))
        if topo is not None:
            topo.embedded = True
            topo.via = "demonym"
            out.append(topo)
            for j in range(start, end):
                taken[j] = True
    return out


def _parts(
    parsed: SpacyDoc, demonyms: dict[str, str], start: int, end: int
) -> list[tuple[int, int]]:
    """A hyphenated compound of demonyms ("a Russian-American crew") as its parts,
    each a demonym; any other span as itself (LGL dev e2e 0.8557 -> 0.8583)."""
    cuts = [i for i in range(start, end) if parsed[i].text == "-"]
    if not cuts or parsed[start:end].text in demonyms:
        return [(start, end)]
    bounds = [start - 1, *cuts, end]
    return [(a + 1, b) for a, b in pairwise(bounds) if b > a + 1]


def _team(parsed: SpacyDoc, taken: list[bool], start: int, end: int) -> bool:
    """A plural demonym right after a place's name: a team's name ("Houston Texans")."""
    return (
        start > 0
        and taken[start - 1]
        and parsed[start - 1].text[:1].isupper()
        and parsed[end - 1].text.endswith("s")
    )


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
