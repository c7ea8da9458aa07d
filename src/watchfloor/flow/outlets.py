"""The outlets' history from the flow's side: a reading's article states, worked out
with the gazetteer it was read with, for ``Store.add`` and ``Store.count_outlets``
(``store.outlets``: the store never loads the gazetteer)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from watchfloor.extract.places.context import states_of
from watchfloor.store.outlets import StatesOf, needs_gazetteer
from watchfloor.vocab import Reading

if TYPE_CHECKING:
    from watchfloor.knowledge.gazetteer import Gazetteer


def reading_states(reading: Reading, gazetteer: Gazetteer | None = None) -> frozenset[int] | None:
    """The article states (``places.context.article_states``) of a reading to store;
    None for one that was not read (``note``). ``gazetteer``: None loads it (once per
    process), only when a locational GeoNames mention needs it."""
    if reading.note is not None:
        return None
    pairs = [(m.place_id, m.metonymic) for m in reading.place_mentions]
    if not needs_gazetteer(pairs):
        return frozenset()
    return states_of(pairs, gazetteer if gazetteer is not None else _load())


def states_with(gazetteer: Gazetteer) -> StatesOf:
    """``Store.count_outlets``'s ``states_of``, with this gazetteer."""

    def of(pairs: Iterable[tuple[str, bool]]) -> frozenset[int]:
        return states_of(pairs, gazetteer)

    return of


def _load() -> Gazetteer:
    from watchfloor.knowledge.gazetteer import load_gazetteer

    return load_gazetteer()
