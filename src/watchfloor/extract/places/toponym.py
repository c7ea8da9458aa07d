"""A toponym found in a parse, and what recognition and resolution both need of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from watchfloor.extract import sentences
from watchfloor.extract.nlp.metonymy import is_metonymic, is_team
from watchfloor.extract.places import names as place_names
from watchfloor.knowledge.gazetteer import Entry, Region, fold

# Folded strings kept (names and n-grams recur across articles).
FOLD_CACHE = 1 << 16


# Words after a name that make it a division and are part of the toponym.
DIVISION_WORDS = frozenset(
    {
        "province",
        "governorate",
        "county",
        "state",
        "district",
        "region",
        "oblast",
        "prefecture",
        "department",
        "parish",
        "emirate",
        "canton",
    }
)


DIVISION_FEATURES = frozenset({"admin1", "admin2"})


@dataclass
class Toponym:
    """A recognised toponym before resolution."""

    start: int  # token indices, end exclusive
    end: int
    key: str
    features: frozenset[str] | None = None  # allowed features; None = any
    direction: str | None = None
    candidates: list[Entry] = field(default_factory=list)
    region: Region | None = None
    # part of a longer name ("the Kentucky State Police", "US forces"): an
    # associative, non-locational use, reported with metonymic=True
    embedded: bool = False
    via: str = "entity"  # how it was recognised (shown by `watchfloor places`)
    refused: str | None = None  # why screening refused it (place_names.screen), if it did
    sub_city: str | None = None  # a street or park: placed at the article's city (why)
    local: str | None = None  # a natural feature: read only near the article's places (why)
    home: bool = False  # named in the outlet's domain: its home town (place_context.outlet_home)
    # _base_score of each candidate, by (gid, key, features): asked for many times
    scores: dict[tuple[int, str, frozenset[str] | None], float] = field(
        default_factory=dict, repr=False, compare=False
    )
    # resolve.best_entry without a bonus, with the candidate list it was chosen from
    # (asked for many times; a new list, as screening makes, is chosen from again);
    # not copied by dataclasses.replace; emptied with ``scores`` (context.mark_home)
    best: tuple[list[Entry], Entry | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )


@lru_cache(maxsize=FOLD_CACHE)
def folded(text: str) -> str:
    return fold(text)


def entry_contains(outer: Entry, inner: Entry) -> bool:
    return place_names.contains(outer, inner)


def non_locational(parsed: Any, topo: Toponym, sports: frozenset[int] = frozenset()) -> bool:
    """The toponym's use is no location: inside a longer name, a government's act
    ("Baghdad said"), or, in a sentence of ``sports`` (``extract.sports``; numbers in
    ``parsed.sents`` order), a team ("Pakistan beat India")."""
    span = parsed[topo.start : topo.end]
    if topo.embedded or is_metonymic(span):
        return True
    if not sports:
        return False
    return sentences.of_token(parsed, topo.start) in sports and is_team(span)
