"""Typed unknowns after resolution: how many individuals one denotes (rule 12), the
country a following "in Iraq" gives it, and the organisation named right before it
that owns it ("U.N. officials")."""

from __future__ import annotations

import itertools
from bisect import bisect_right

from watchfloor.extract.actors.capitals import CAPITAL_MAX_WORDS
from watchfloor.extract.actors.document import Doc, Out
from watchfloor.extract.actors.filters import is_country_form
from watchfloor.extract.nlp.numbers import CARDINALS

NUMBER_WORDS = {**CARDINALS, "hundred": 100, "dozen": 12}
SINGULAR_DETS = frozenset({"a", "an", "one", "another"})


def counts(doc: Doc, outs: list[Out]) -> None:
    """How many individuals a typed unknown denotes: "three prominent individuals" -> 3."""
    for o in outs:
        if not doc.kb[o.aid].generic:
            continue
        root = doc.tokens(o.start, o.end).root
        for child in root.children:
            if child.dep_ == "nummod":
                o.count = _number(child.lower_)
                break
            if child.dep_ == "det" and child.lower_ in SINGULAR_DETS:
                o.count = 1
                break


def _number(word: str) -> int | None:
    digits = word.replace(",", "")
    if digits.isdigit():
        return int(digits)
    return NUMBER_WORDS.get(word)


# "local media in Iraq", "officials in Baghdad", "sources within Iraq": the unknown's country.
LOCATING_PREPS = frozenset({"in", "within", "inside", "from"})
# Classes whose members are not of the country they are in ("foreign troops in Iraq").
NOT_LOCATED = frozenset({"foreign_forces"})


def located_unknowns(doc: Doc, outs: list[Out]) -> None:
    """A typed unknown followed by "in/within/from" + a country or capital takes that country.

    "Local media in Iraq" -> ``irq.med``; it overrides the context country
    (rule 6), which is a guess from the rest of the document.
    """
    ws = doc.ws
    for o in outs:
        actor = doc.kb[o.aid]
        if not actor.generic or (actor.country is not None and o.rule != "context_country"):
            continue
        key = o.aid.partition(".")[2]
        if key in NOT_LOCATED:
            continue
        k = bisect_right(doc.wstarts, o.end - 1)
        if k >= len(ws) or ws[k].key not in LOCATING_PREPS:
            continue
        if doc.text[o.end : ws[k].start].strip():
            continue  # "officials, in Iraq" is no qualifier
        k += 1
        if k < len(ws) and ws[k].key == "the":
            k += 1
        iso = _country_at(doc, k)
        aid = doc.kb.class_actor(iso, key) if iso else None
        if aid:
            o.aid, o.rule = aid, None


def _country_at(doc: Doc, k: int) -> str | None:
    """The country named (by a country name or its capital) from word ``k``, else None."""
    if k >= len(doc.ws):
        return None
    for _end, iso in doc.kb.country_forms(doc.ws, k):
        if doc.ws[k].shape != 0:
            return iso
    table = doc.kb.capitals
    key: tuple[str, ...] = ()
    for j in range(k, min(len(doc.ws), k + CAPITAL_MAX_WORDS)):
        key = (*key, doc.ws[j].key)
        if key in table and doc.ws[k].shape != 0:
            return table[key]
    return None


# Typed unknowns that an organisation's name before them owns ("U.N. officials").
OWNED_CLASSES = frozenset({"official", "insider", "individual"})


def owned_unknowns(doc: Doc, outs: list[Out]) -> None:
    """ "U.N. officials", "Hamas sources", "Pentagon officials": the organisation named.

    A typed unknown of OWNED_CLASSES right after (only spaces between) a
    mention of a named organisation (not a person, not a typed unknown, not a
    bare country: "Iraqi officials" is rule 6's) is that organisation's.
    """
    for prev, o in itertools.pairwise(outs):
        if doc.text[prev.end : o.start].strip() or o.aid.partition(".")[2] not in OWNED_CLASSES:
            continue
        if not doc.kb[o.aid].generic:
            continue
        owner = doc.kb[prev.aid]
        if owner.generic or owner.type == "person" or is_country_form(doc, prev):
            continue
        o.aid, o.rule = prev.aid, "owner"
