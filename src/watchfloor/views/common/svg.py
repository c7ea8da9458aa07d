"""The SVG map and timeline of the web UI, as plain data the templates draw.

Nothing here emits markup: the functions compute coordinates, path strings
(numbers and the letters M, L, Z only) and labels, and the Jinja templates
(autoescaped) write the SVG elements. The basemap is the Natural Earth file
built by scripts/build_basemap.py and shipped in watchfloor/views/common/data.

Map: equirectangular (x = longitude, y = -latitude, one scale for both),
zoomed to a bounding box. Timeline: one lane per event on a day axis; an
event whose date is a span of days (a week, a month, "between X and Y") is a
bar over that span; undated events are not drawn.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MAP_WIDTH = 960
MIN_HEIGHT, MAX_HEIGHT = 380, 620
MIN_SPAN_LON, MIN_SPAN_LAT = 12.0, 8.0  # degrees: never zoom closer than this
PAD = 0.18  # of the span, on each side of the places' bounding box
LABEL_CHAR = 6.6  # px per character of a 12px label (an estimate for collisions)

ATTRIBUTION = "Made with Natural Earth"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The styles of the map and timeline, shared by the web pages and the HTML report."""
    return resources.files("watchfloor.views.common").joinpath("static/svg.css").read_text("utf-8")


@lru_cache(maxsize=1)
def basemap() -> dict[str, Any]:
    """The packaged Natural Earth countries (see scripts/build_basemap.py)."""
    raw = (
        resources.files("watchfloor.views.common")
        .joinpath("data/countries.json")
        .read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(raw)
    return data


@dataclass(frozen=True)
class View:
    """A lon/lat box drawn at ``width`` x ``height`` pixels."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - self.west) * self.scale, 1),
            round((self.north - lat) * self.scale, 1),
        )


def view_of(points: Iterable[tuple[float, float]], width: int = MAP_WIDTH) -> View:
    """A view of the (lon, lat) points' bounding box, padded, with a sane aspect ratio."""
    pts = list(points)
    if not pts:
        return View(-180.0, -60.0, 180.0, 85.0, width, round(width * 145 / 360))
    west, east = min(p[0] for p in pts), max(p[0] for p in pts)
    south, north = min(p[1] for p in pts), max(p[1] for p in pts)
    span_lon = max(east - west, MIN_SPAN_LON) * (1 + 2 * PAD)
    span_lat = max(north - south, MIN_SPAN_LAT) * (1 + 2 * PAD)
    # One scale for both axes; widen the short side to keep the height in bounds.
    height = width * span_lat / span_lon
    if height < MIN_HEIGHT:
        span_lat = span_lon * MIN_HEIGHT / width
    elif height > MAX_HEIGHT:
        span_lon = span_lat * width / MAX_HEIGHT
    span_lon, span_lat = min(span_lon, 360.0), min(span_lat, 170.0)
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    mid_lat = min(max(mid_lat, -85 + span_lat / 2), 85 - span_lat / 2)
    return View(
        mid_lon - span_lon / 2,
        mid_lat - span_lat / 2,
        mid_lon + span_lon / 2,
        mid_lat + span_lat / 2,
        width,
        round(width * span_lat / span_lon),
    )


@dataclass(frozen=True)
class Country:
    name: str
    path: str  # SVG path data: M/L/Z and numbers only
    label: tuple[float, float] | None = None  # where its name goes; None: too small or outside


def countries(view: View) -> list[Country]:
    """The basemap's countries meeting the view, as path data in its pixels."""
    return list(_countries(view))


@lru_cache(maxsize=64)
def _countries(view: View) -> tuple[Country, ...]:
    out = []
    for c in basemap()["countries"]:
        w, s, e, n = c["bbox"]
        if e < view.west or w > view.east or n < view.south or s > view.north:
            continue
        parts = []
        for ring in c["rings"]:
            pts = [view.xy(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in pts) + "Z")
        out.append(Country(str(c["name"]), "".join(parts), _label_point(view, c["rings"])))
    return tuple(out)


def _label_point(view: View, rings: list[list[list[float]]]) -> tuple[float, float] | None:
    """The middle of the largest ring's box, when that box is wide enough for a name
    and the point is well inside the view."""
    biggest = max(rings, key=lambda r: _extent(r))
    lons = [p[0] for p in biggest]
    lats = [p[1] for p in biggest]
    if (max(lons) - min(lons)) * view.scale < 120:
        return None
    x, y = view.xy((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    if not (40 <= x <= view.width - 40 and 20 <= y <= view.height - 20):
        return None
    return x, y


def _extent(ring: list[list[float]]) -> float:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (max(lons) - min(lons)) * (max(lats) - min(lats))


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


def graticule(view: View) -> list[Line]:
    """Meridians and parallels every 5, 10 or 30 degrees, labelled."""
    span = view.east - view.west
    step = 5 if span <= 40 else 10 if span <= 120 else 30
    lines = []
    lon = math.ceil(view.west / step) * step
    while lon <= view.east:
        x, _ = view.xy(lon, 0)
        lines.append(Line(x, 0, x, view.height, f"{abs(lon)}°{'E' if lon >= 0 else 'W'}"))
        lon += step
    lat = math.ceil(view.south / step) * step
    while lat <= view.north:
        _, y = view.xy(0, lat)
        lines.append(Line(0, y, view.width, y, f"{abs(lat)}°{'N' if lat >= 0 else 'S'}"))
        lat += step
    return lines


@dataclass(frozen=True)
class Marker:
    place: dict[str, Any]  # the place summary (id, name, lat, lon, events, ...)
    x: float
    y: float
    r: float
    label: str
    lx: float  # label anchor
    ly: float
    anchor: str  # "start" or "end"
    inside: bool
    labelled: bool = True  # False: no free room for the label (the marker's title names it)


def markers(view: View, places: Sequence[dict[str, Any]]) -> list[Marker]:
    """A marker per place, sized by its events; labels placed greedily without overlap,
    the places with most events first; a label with no free room is left out."""
    taken: list[tuple[float, float, float, float]] = []
    out = []
    # Places with most events first: their labels get the best positions.
    for p in sorted(places, key=lambda p: (-int(p["events"]), -int(p["documents"]), p["name"])):
        x, y = view.xy(float(p["lon"]), float(p["lat"]))
        inside = 0 <= x <= view.width and 0 <= y <= view.height
        r = 4.0 + 2.5 * math.sqrt(int(p["events"]))
        label = f"{p['name']} ({p['events']:,})"
        w, h = LABEL_CHAR * len(label), 14.0
        chosen = None
        for dx, dy, anchor in (
            (r + 3, 4, "start"),
            (-r - 3, 4, "end"),
            (r + 3, -r - 2, "start"),
            (r + 3, r + 12, "start"),
            (-r - 3, -r - 2, "end"),
            (-r - 3, r + 12, "end"),
        ):
            left = x + dx if anchor == "start" else x + dx - w
            box = (left, y + dy - h + 3, left + w, y + dy + 3)
            fits = box[0] >= 0 and box[2] <= view.width and box[1] >= 0 and box[3] <= view.height
            if fits and not any(_overlap(box, t) for t in taken):
                chosen = (x + dx, y + dy, anchor, box)
                break
        taken.append((x - r, y - r, x + r, y + r))
        if chosen is None:  # crowded: no label over the others (the marker's title names it)
            out.append(Marker(p, x, y, round(r, 1), label, x, y, "start", inside, False))
            continue
        taken.append(chosen[3])
        out.append(Marker(p, x, y, round(r, 1), label, chosen[0], chosen[1], chosen[2], inside))
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ---------------------------------------------------------------------- timeline

TL_WIDTH = 960
TL_LEFT, TL_RIGHT = 24, 24
TL_TOP = 34  # room for the day labels
TL_LANE = 22
MAX_LANES = 200  # events drawn; beyond, the latest are drawn and the table lists all


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Lane:
    item: dict[str, Any]  # the event row (document, event, claim)
    y: float
    x1: float
    x2: float  # == x1 for one day
    approx: bool
    label: str
    lx: float
    anchor: str
    over: bool = False  # the label sits above a bar too wide to leave room beside it


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    ticks: list[Tick]
    lanes: list[Lane]
    first: dt.date
    last: dt.date
    left_out: int  # dated events not drawn (more than MAX_LANES)


def timeline(dated: Sequence[tuple[dt.date, dt.date, dict[str, Any]]]) -> Timeline | None:
    """Lay out events (first day, last day, row) on a day axis, earliest first."""
    if not dated:
        return None
    rows = sorted(dated, key=lambda d: (d[0], d[1], d[2]["document_id"], d[2]["event"]["id"]))
    left_out = max(len(rows) - MAX_LANES, 0)
    dated = rows = rows[left_out:]
    first = min(d[0] for d in dated)
    last = max(d[1] for d in dated)
    days = (last - first).days + 1
    inner = TL_WIDTH - TL_LEFT - TL_RIGHT
    day_w = inner / days

    def x(day: dt.date, end: bool = False) -> float:
        return round(TL_LEFT + ((day - first).days + (1.0 if end else 0.0)) * day_w, 1)

    step = max(1, math.ceil(days / 12))
    ticks = [
        Tick(x(first + dt.timedelta(days=i)), (first + dt.timedelta(days=i)).strftime("%d %b %Y"))
        for i in range(0, days, step)
    ]
    lanes = []
    for i, (start, end, row) in enumerate(rows):
        y = TL_TOP + i * TL_LANE + TL_LANE / 2
        single = start == end
        x1 = x(start) + (day_w / 2 if single else 2)
        x2 = x1 if single else max(x(end, end=True) - 2, x1 + 1)  # a span stays a bar
        ev = row["event"]
        who = ", ".join(a.get("entity_text") or a.get("id") or "" for a in ev.get("actor") or ())
        label = row.get("label") or (f"{ev['event']}" + (f" · {who}" if who.strip(", ") else ""))
        # The label right of the mark if it fits, else left of it, else over the bar.
        width = 7.4 * len(label)  # px of a 12px label, generously
        over = False
        if x2 + 9 + width <= TL_WIDTH:
            lx, side = x2 + 9, "start"
        elif x1 - 9 - width >= 0:
            lx, side = x1 - 9, "end"
        else:
            lx, side, over = x1 + 2, "start", True
        approx = bool(ev.get("date_approx"))
        lanes.append(Lane(row, y, x1, x2, approx, label, lx, side, over))
    height = TL_TOP + len(rows) * TL_LANE + 12
    return Timeline(TL_WIDTH, height, ticks, lanes, first, last, left_out)
