"""The one filter model of the views: which events a request asks for, defined once.

``FILTERS`` is the table of every filter (its name in a query string, whether
it may repeat, what it means); docs/api.md carries the same table, and a test
checks that the two agree. ``parse`` reads a query string's items into an
``EventFilter``: an unknown parameter, a repeated single-value parameter or a
bad value is a ``FilterError`` naming each problem, never ignored. The API
turns it into a 422; the pages report it above their results.

The API, every page (overview, map, timeline, events, exports) and watches
read events through ``EventFilter``: its ``sql`` gives the keywords of the
store's one filtered query (``store.filters.event_select``). The link facts
the model filters on (independent sources, contradicted) are materialised by
the ``facts`` store hook (``link.facts``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from watchfloor.knowledge.plover import load_plover
from watchfloor.vocab import Modality

MAX_TEXT = 200  # characters of a text value (ids, names)
MAX_VALUES = 50  # values of one repeatable filter
MAX_SOURCES = 1000  # the largest min_sources asked for (no story has more sources)
EVENT_TYPES = tuple(sorted(load_plover().types))
MODALITIES = tuple(m.value for m in Modality)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO3 = re.compile(r"[A-Z]{3}")
# Degrees as the schema states them, ranges included: a longitude -180..180, a latitude
# -90..90 (decimals optional).
_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|\d{1,2})(?:\.\d+)?)"
_LAT = r"-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)"
BBOX_PATTERN = rf"^{_LON},{_LAT},{_LON},{_LAT}$"
TEXT_PATTERN = r"^[^\x00]+$"  # no NUL: PostgreSQL text cannot hold it
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")


@dataclass(frozen=True, slots=True)
class Param:
    """One filter of the query string."""

    name: str
    kind: str  # day, time, choice, text, iso3, bbox, count, bool
    many: bool  # may repeat: any of the values
    help: str
    example: str
    choices: tuple[str, ...] = ()


FILTERS: tuple[Param, ...] = (
    Param("since", "day", False, "the event's days overlap this first day or later; an event with no known date is left out", "2019-03-06"),
    Param("until", "day", False, "the event's days overlap this last day or earlier; an event with no known date is left out", "2019-03-08"),
    Param("ingested_since", "time", False, "stored at or after this time (a day, or an ISO time with its offset)", "2026-12-07T00:00:00Z"),
    Param("ingested_until", "time", False, "stored before this time (a day means before its end)", "2026-12-07"),
    Param("type", "choice", True, "PLOVER event type", "ASSAULT", EVENT_TYPES),
    Param("modality", "choice", True, "the event's modality", "asserted", MODALITIES),
    Param("actor", "text", True, "a participant (actor or recipient): a KB actor id, a name as written (any case, KB or not), or the ISO3 country of a participant", "usa.mil"),
    Param("place", "text", True, "the event's place: its id, its name (any case), or its country (ISO3)", "geonames:94787"),
    Param("country", "iso3", True, "the country of the event's place (ISO 3166-1 alpha-3)", "IRQ"),
    Param("admin1", "text", True, "the first-level division of the event's place, as the gazetteer names it", "Kirkuk"),
    Param("bbox", "bbox", False, "the event's place within west,south,east,north (degrees; west > east crosses the antimeridian; south > north is empty)", "38.0,29.0,49.0,38.0"),
    Param("outlet", "text", True, "the document's outlet (its own, else its text's first publication's), exactly", "latimes.com"),
    Param("story", "text", True, "a story id", "story-6727d699caefec32"),
    Param("document", "text", True, "a document id", "c2e9fd12ff5d2169"),
    Param("min_sources", "count", False, "at least this many independent sources affirm the event (merged across its story)", "2"),
    Param("contradicted", "bool", False, "true: a contradiction (denial, place, date, count) touches the event's merged event; false: none does", "true"),
    Param("keyword", "text", True, "a word or phrase of the document's title or text (any; tested in Python after the SQL filters)", "checkpoint"),
    Param("watch", "text", False, "the name of a stored watch: its criteria are added to these", "kirkuk"),
)  # fmt: skip
BY_NAME = {p.name: p for p in FILTERS}


class FilterError(ValueError):
    """Bad query parameters: ``problems`` holds (parameter, message) pairs."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {msg}" for name, msg in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events: every field set must hold (a repeatable field: any of its values)."""

    since: dt.date | None = None
    until: dt.date | None = None
    ingested_since: dt.datetime | None = None
    ingested_until: dt.datetime | None = None
    type: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    outlet: tuple[str, ...] = ()
    story: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    min_sources: int | None = None
    contradicted: bool | None = None
    keyword: tuple[str, ...] = ()
    watch: str | None = None
    _given: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def empty_range(self) -> bool:
        """until before since: nothing overlaps it."""
        return self.since is not None and self.until is not None and self.since > self.until

    def sql(self) -> dict[str, Any]:
        """The keywords of ``store.filters.event_select`` (keyword and watch excepted)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("keyword", "watch", "_given")
        }

    def query(self) -> list[tuple[str, str]]:
        """The filter's query-string items, as given (for links to the same view)."""
        return list(self._given)

    def replaced(self, **changes: Any) -> EventFilter:
        """The filter with these fields changed (their query items dropped: a view drawn
        with another window, or without an unknown watch)."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_given"}
        given = tuple((k, v) for k, v in self._given if k not in changes)
        return EventFilter(**{**values, **changes}, _given=given)

    def merged(self, other: EventFilter) -> EventFilter:
        """Both filters' conditions (a watch added to a request's filters)."""
        values: dict[str, Any] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if f.name == "_given":
                values[f.name] = a
            elif isinstance(a, tuple) and f.name != "bbox":
                values[f.name] = _both(a, b)
            else:
                values[f.name] = a if a is not None else b
        return EventFilter(**values)


def _both(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Two any-of lists that must both hold: the values in both (or one, if the other is
    empty). Disjoint lists leave a value no event has, so nothing matches."""
    if not a or not b:
        return a or b
    common = tuple(x for x in a if x in b)
    return common or ("\x00none",)


def _day(value: str) -> dt.date:
    if not _DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def _time(value: str, end: bool) -> dt.datetime:
    """A day (its start, or with ``end`` its end) or an ISO time with an offset, in UTC."""
    if _DAY.fullmatch(value):
        day = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), dt.UTC)
        return day + dt.timedelta(days=1) if end else day
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            "a time is YYYY-MM-DD or an ISO time such as 2026-12-07T08:00:00Z"
        ) from None
    if stamp.tzinfo is None:
        raise ValueError("give the time's offset (Z for UTC)")
    return stamp.astimezone(dt.UTC)


def _bbox(value: str) -> tuple[float, float, float, float]:
    """west,south,east,north; south above north is an empty box (like since after until)."""
    if not re.fullmatch(BBOX_PATTERN[1:-1], value):
        raise ValueError("west,south,east,north: longitudes -180..180, latitudes -90..90")
    w, s, e, n = (float(x) for x in value.split(","))
    return w, s, e, n


def _value(p: Param, raw: str) -> Any:
    """One value of a parameter, checked; ValueError with the message."""
    if not raw or "\x00" in raw or len(raw) > MAX_TEXT:
        raise ValueError(f"give 1 to {MAX_TEXT} characters, no NUL")
    if p.kind == "day":
        return _day(raw)
    if p.kind == "time":
        return _time(raw, end=p.name.endswith("_until"))
    if p.kind == "choice":
        if raw not in p.choices:
            raise ValueError(f"one of {', '.join(p.choices)}")
        return raw
    if p.kind == "iso3":
        if not _ISO3.fullmatch(raw):
            raise ValueError("an ISO 3166-1 alpha-3 code, upper case (IRQ)")
        return raw
    if p.kind == "bbox":
        return _bbox(raw)
    if p.kind == "count":
        if not raw.isdigit() or int(raw) > MAX_SOURCES:
            raise ValueError(f"a whole number from 0 to {MAX_SOURCES}")
        return int(raw)
    if p.kind == "bool":
        if raw.lower() not in (*TRUE, *FALSE):
            raise ValueError("true or false")
        return raw.lower() in TRUE
    return raw


def parse(
    items: Iterable[tuple[str, str]],
    controls: Mapping[str, bool] | None = None,
    *,
    blank_is_absent: bool = False,
) -> tuple[EventFilter, dict[str, list[str]]]:
    """The filter of a query string's items, and the values of its other known
    parameters (``controls``: name -> may repeat, e.g. ``{"limit": False}``).

    Raises FilterError listing every unknown parameter, repeated single-value
    parameter and bad value. ``blank_is_absent``: an empty value means "any" (an
    HTML form's empty field), not an error.
    """
    controls = controls or {}
    given: dict[str, list[str]] = {}
    kept: list[tuple[str, str]] = []
    problems: list[tuple[str, str]] = []
    for name, raw in items:
        if blank_is_absent and raw.strip() == "":
            continue
        if name not in BY_NAME and name not in controls:
            problems.append((name, "unknown parameter"))
            continue
        given.setdefault(name, []).append(raw)
        if name in BY_NAME:
            kept.append((name, raw))
    values: dict[str, Any] = {}
    for name, raws in given.items():
        many = BY_NAME[name].many if name in BY_NAME else controls[name]
        if len(raws) > 1 and not many:
            problems.append((name, "given more than once; it takes one value"))
            continue
        if name not in BY_NAME:
            continue
        if len(raws) > MAX_VALUES:
            problems.append((name, f"at most {MAX_VALUES} values"))
            continue
        try:
            parsed = [_value(BY_NAME[name], raw) for raw in raws]
        except ValueError as exc:
            problems.append((name, str(exc)))
            continue
        values[name] = tuple(dict.fromkeys(parsed)) if BY_NAME[name].many else parsed[0]
    if problems:
        raise FilterError(problems)
    others = {k: v for k, v in given.items() if k not in BY_NAME}
    return EventFilter(**values, _given=tuple(kept)), others


def parse_form(
    items: Iterable[tuple[str, str]], controls: Mapping[str, bool]
) -> tuple[EventFilter, dict[str, list[str]], list[str]]:
    """``parse`` for a page: empty fields are "any", and each problem is reported and its
    parameter left out (the page shows the rest), never silently ignored."""
    items = list(items)
    problems: list[str] = []
    while True:
        try:
            filt, others = parse(items, controls, blank_is_absent=True)
            return filt, others, problems
        except FilterError as exc:
            bad = {name for name, _ in exc.problems}
            problems += [f"{name}: {msg} (not applied)" for name, msg in exc.problems]
            items = [(k, v) for k, v in items if k not in bad]
