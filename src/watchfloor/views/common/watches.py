"""What a watch asks, and why an event matches it.

A watch is a filter of the views' one filter model (``views.common.filters``)
plus its feeds and sinks: a conjunction of criteria groups, each a disjunction
of values. An event matches when, for every group the watch sets, one of its
values matches (``actors: [usa.mil, irq.gov]`` and ``types: [ASSAULT]`` is "an
assault by or on either"). ``Watch.filter()`` is that filter (the API's and
pages' ``watch=`` adds it to theirs, in SQL); ``Watch.match`` is the same test
in Python over one new event, returning the reasons, one per group, so that
every alert says why it fired. tests/test_ledger.py checks that both keep the
same events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.views.common.filters import EventFilter
from watchfloor.vocab import Document, Event, Modality, Reading

GROUPS = ("actors", "places", "types", "modalities", "keywords")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Watch:
    """A saved query. Empty groups are not constraints; a watch needs at least one."""

    name: str
    actors: tuple[str, ...] = ()  # KB actor ids, or ISO3 country codes of actors
    places: tuple[str, ...] = ()  # place ids, ISO3 country codes, or place names
    types: tuple[str, ...] = ()  # PLOVER types
    modalities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # words or phrases of the title or text
    feeds: tuple[str, ...] = ()  # RSS/Atom feeds (URLs or files) polled by `watch run`
    sinks: tuple[str, ...] = ("stdout",)  # "stdout", "webhook:<url>", "email:<address>"
    _patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ConfigError(
                f"watch name {self.name!r}: use letters, digits, '_', '.', '-' (64 at most)"
            )
        if not any(getattr(self, g) for g in GROUPS):
            raise ConfigError(
                f"watch {self.name!r} asks nothing: give an actor, place, type, modality or keyword"
            )
        for m in self.modalities:
            if m not in {x.value for x in Modality}:
                raise ConfigError(f"watch {self.name!r}: unknown modality {m!r}")
        for s in self.sinks:
            if s != "stdout" and not s.startswith(("webhook:", "email:")):
                raise ConfigError(f"watch {self.name!r}: unknown sink {s!r}")
        object.__setattr__(self, "_patterns", keyword_patterns(self.keywords))

    def filter(self) -> EventFilter:
        """What the watch asks, as the views' filter (its feeds and sinks aside)."""
        return EventFilter(
            actor=self.actors,
            place=self.places,
            type=self.types,
            modality=self.modalities,
            keyword=self.keywords,
        )

    def to_dict(self) -> dict[str, Any]:
        return {g: list(getattr(self, g)) for g in (*GROUPS, "feeds", "sinks") if getattr(self, g)}

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Watch:
        known = {*GROUPS, "feeds", "sinks"}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"watch {name!r}: unknown fields {sorted(unknown)}")
        v = {k: tuple(str(x) for x in data.get(k) or ()) for k in known}
        return cls(
            name=name,
            actors=v["actors"],
            places=v["places"],
            types=v["types"],
            modalities=v["modalities"],
            keywords=v["keywords"],
            feeds=v["feeds"],
            sinks=v["sinks"] or ("stdout",),
        )

    def match(self, doc: Document, reading: Reading, event: Event) -> list[str] | None:
        """The reasons ``event`` of ``doc`` matches, one per criteria group; None if it does not."""
        reasons: list[str] = []
        if self.types:
            if event.event not in self.types:
                return None
            reasons.append(f"type {event.event}")
        if self.modalities:
            if event.modality.value not in self.modalities:
                return None
            reasons.append(f"modality {event.modality.value}")
        if self.actors:
            why = _actor_reason(self.actors, event)
            if why is None:
                return None
            reasons.append(why)
        if self.places:
            why = _place_reason(self.places, reading, event)
            if why is None:
                return None
            reasons.append(why)
        if self._patterns:
            why = self._keyword_reason(doc)
            if why is None:
                return None
            reasons.append(why)
        return reasons

    def _keyword_reason(self, doc: Document) -> str | None:
        return keyword_reason(self.keywords, self._patterns, doc)


def keyword_patterns(keywords: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Each keyword as a whole-word, case-insensitive pattern (its words separated by any
    white space)."""
    return tuple(
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, k.split())) + r"(?!\w)", re.I)
        for k in keywords
    )


def keyword_reason(
    keywords: tuple[str, ...], patterns: tuple[re.Pattern[str], ...], doc: Document
) -> str | None:
    """The first keyword found in the document's title or text, as a reason."""
    for word, pat in zip(keywords, patterns, strict=True):
        if pat.search(doc.title or "") or pat.search(doc.text):
            return f"keyword {word!r}"
    return None


def _actor_reason(wanted: tuple[str, ...], event: Event) -> str | None:
    """A participant that is a wanted KB id, name (case-insensitive) or ISO3 country."""
    for role, refs in (("actor", event.actor), ("recipient", event.recipient)):
        for ref in refs:
            for w in wanted:
                if (
                    ref.actor_id == w
                    or ref.entity_text.lower() == w.lower()
                    or (len(w) == 3 and w.isalpha() and w.isupper() and ref.country == w)
                ):
                    return f"{role} {ref.actor_id or ref.entity_text} ({ref.entity_text})"
    return None


def _place_reason(wanted: tuple[str, ...], reading: Reading, event: Event) -> str | None:
    if event.event_loc is None:
        return None
    place = next((p for p in reading.places if p.id == event.event_loc.place_id), None)
    if place is None:
        return None
    for w in wanted:
        if w == place.id or w == place.country or w.lower() == place.name.lower():
            where = f"{place.name} ({place.country})" if place.country else place.name
            return f"place {where} from {event.event_loc.span.text!r}"
    return None
