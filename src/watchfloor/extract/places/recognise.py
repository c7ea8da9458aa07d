"""Recognition: the spans of a parse that name places, with their gazetteer candidates.

spaCy's place entities, names it missed (a scan over capitalised n-grams, lists,
datelines, demonyms, feature names), each trimmed, extended and screened
(``names``: people, organisations, ordinary words; ``cues``: support in the article).
``recognise`` runs the passes in order: the entities here, then ``scan`` (salient
names, feature names, names read elsewhere, listed divisions), ``evidence`` (names
the document supports) and ``demonyms``; ``extents`` makes each span a toponym.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import column, ends
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places import names as place_names
from watchfloor.extract.places.demonyms import demonyms
from watchfloor.extract.places.evidence import secondary
from watchfloor.extract.places.extents import ENTITY_LABELS, extend, text_key, trim
from watchfloor.extract.places.resolve import best_entry
from watchfloor.extract.places.scan import (
    GENERIC_NAMES,
    feature_names,
    listed_divisions,
    same_names,
    scan,
)
from watchfloor.extract.places.toponym import Toponym
from watchfloor.knowledge.gazetteer import Gazetteer
from watchfloor.vocab import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

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
    parsed: SpacyDoc,
    gazetteer: Gazetteer,
    actor_mentions: list[ActorMention],
    kb: ActorKB | None = None,
) -> list[Toponym]:
    """Toponyms of a parsed document, in text order, without overlaps; those that
    screening (place_names.screen) showed not to be places carry ``refused``."""
    taken = [False] * len(parsed)
    found: list[Toponym] = []
    for ent in entities(parsed):
        if ent.label_ not in ENTITY_LABELS:
            continue
        for part_start, part_end in _comma_parts(parsed, ent.start, ent.end, gazetteer):
            start, end = trim(parsed, part_start, part_end)
            if text_key(parsed, start, end) in GENERIC_NAMES:
                continue  # "West", "North" tagged as places: directions, not villages
            if start < end:
                topo = extend(parsed, gazetteer, start, end)
                if topo is not None:
                    found.append(topo)
                    for i in range(topo.start, topo.end):
                        taken[i] = True
    found.extend(scan(parsed, gazetteer, taken))
    found.extend(feature_names(parsed, gazetteer, taken))
    found.extend(secondary(parsed, gazetteer, taken, found))
    found.extend(same_names(parsed, gazetteer, taken, found))
    found.extend(listed_divisions(parsed, gazetteer, taken))
    found.extend(demonyms(parsed, gazetteer, taken))
    actor_spans = [(m.span.start, m.span.end) for m in actor_mentions]
    for t in found:
        if _attributive(parsed, t, actor_spans):
            t.embedded = True
    found = place_cues.without_overlaps(found)  # a longer name may reach a later pass's
    folks = place_names.people(parsed, gazetteer, actor_mentions, kb)
    names = [t for t in found if t.via != "demonym"]
    place_names.screen(parsed, names, folks, lambda t: best_entry(t, {}))
    return found


def _comma_parts(
    parsed: SpacyDoc, start: int, end: int, gazetteer: Gazetteer
) -> list[tuple[int, int]]:
    """An entity "Rockford, Ill." or "Paris, Texas" as its comma-separated parts,
    unless the whole is itself a gazetteer name ("Washington, D.C.")."""
    text = column(parsed, "text")
    commas = [i for i in range(start, end) if text[i] == ","]
    if not commas or text_key(parsed, start, end) in gazetteer:
        return [(start, end)]
    bounds = [start, *commas, end]
    return [(a + (a != start), b) for a, b in itertools.pairwise(bounds)]


def _attributive(parsed: SpacyDoc, topo: Toponym, actor_spans: list[tuple[int, int]]) -> bool:
    """True for a toponym that is part of an actor's name ("US forces")."""
    start, end = column(parsed, "idx")[topo.start], ends(parsed)[topo.end - 1]
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
