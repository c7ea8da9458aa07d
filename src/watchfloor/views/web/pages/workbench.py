"""The workbench pages: events, map and timeline over one filter, its exports, and the
data their scripts fetch (docs/ui.md).

Every page reads its filters with ``filters.parse_form`` (an empty field is
"any"; a bad value is reported on the page and left out, never ignored) and
renders without JavaScript: the table sorted on the server, the map and the
timeline as SVG. The scripts (``/ui/static/map.js``, ``timeline.js``, served
from this package under the pages' CSP: ``script-src 'self'``) replace the
pictures with a Leaflet map (pan, zoom, clusters, a "filter to this view"
button) and a timeline with a brush; they fetch ``/ui/data/map`` and
``/ui/data/timeline`` with the page's own query string, and a brush or a map
view navigates to the page with its new ``since``/``until`` or ``bbox``, so
the table, map, timeline and exports always show one filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import (
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from watchfloor.errors import NotFoundError
from watchfloor.store import Store
from watchfloor.store import event_views as ev
from watchfloor.store import queries as sq
from watchfloor.store.filters import SORTS
from watchfloor.views.common import queries as vq
from watchfloor.views.common import svg
from watchfloor.views.common import workbench as wb
from watchfloor.views.common.filters import EVENT_TYPES, MODALITIES, EventFilter, parse_form
from watchfloor.views.web.pages.render import render

PAGE = 100  # rows per page of the events table
TIMELINE_ROWS = 200  # rows of the timeline page's table and lanes of its SVG (the window's first)
SVG_PLACES = 500  # places drawn on the server-rendered map
CONTROLS = {"offset": False, "sort": False}
COLUMNS = (  # the events table: (heading, the sort key its heading links to, or None)
    ("when", "date"), ("event", "type"), ("who → to whom", None), ("where", "place"),
    ("how sure", "modality"), ("sources", "sources"), ("according to", None),
    ("document", "document"), ("stored", "ingested"),
)  # fmt: skip
SCRIPTS = {  # the files the pages may load, and their media types
    "format.js": "text/javascript; charset=utf-8",
    "map.js": "text/javascript; charset=utf-8",
    "timeline.js": "text/javascript; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
    "vendor/leaflet.js": "text/javascript; charset=utf-8",
    "vendor/leaflet.markercluster.js": "text/javascript; charset=utf-8",
    "vendor/leaflet.css": "text/css; charset=utf-8",
    "vendor/MarkerCluster.css": "text/css; charset=utf-8",
}

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _read(request: Request) -> tuple[EventFilter, dict[str, list[str]], list[str]]:
    filt, others, problems = parse_form(request.query_params.multi_items(), CONTROLS)
    store = _store(request)
    if filt.watch is not None and vq.stored_watch(store, filt.watch) is None:
        problems.append(f"no stored watch named {filt.watch!r}: the filter is not applied")
        filt = filt.replaced(watch=None)
    return filt, others, problems


def _canonical(request: Request) -> RedirectResponse | None:
    """A form's empty fields ("any") dropped from the URL: a redirect to the same view
    with a clean query string (shareable, and the API takes it as it is)."""
    items = request.query_params.multi_items()
    kept = [(k, v) for k, v in items if v.strip() != ""]
    if len(kept) == len(items):
        return None
    query = urlencode(kept)
    return RedirectResponse(request.url.path + ("?" + query if query else ""), status_code=303)


def _sort(others: Mapping[str, list[str]], default: str, problems: list[str]) -> str:
    sort = (others.get("sort") or [default])[0]
    if sort.removeprefix("-") not in SORTS:
        problems.append(f"sort: one of {', '.join(SORTS)} (with '-' to reverse); not applied")
        return default
    return sort


def _offset(others: Mapping[str, list[str]], problems: list[str]) -> int:
    raw = (others.get("offset") or ["0"])[0]
    if not raw.isdigit() or int(raw) > 1_000_000_000:
        problems.append("offset: a whole number; not applied")
        return 0
    return int(raw)


CHOICES = 500  # actors and places the filter form offers (the most events first)


_CHOICES: dict[tuple[str, int, int], dict[str, Any]] = {}  # (store, generation) -> choices


def choices(store: Store) -> dict[str, Any]:
    """What the filter form offers (kept until the store gets a new reading), the stored
    watches read each time."""
    key = (str(getattr(store, "url", "")), id(store), ev.generation(store))
    if key not in _CHOICES:
        _CHOICES.clear()
        _CHOICES[key] = _choices(store)
    return {**_CHOICES[key], "watches": sq.watch_names(store)}


def _choices(store: Store) -> dict[str, Any]:
    """The actors and the distinct places (with their admin1) events are about, and the
    types present."""
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for p in ev.place_choices(store, CHOICES):
        key = (str(p["name"] or p["id"]), str(p["admin1"] or ""), str(p["country"] or ""))
        seen.setdefault(key, p)  # the one with the most events of identical names
    actors = ev.actor_choices(store, CHOICES)
    return {
        "actors": sorted(actors, key=lambda a: str(a["name"] or a["id"]).lower()),
        "places": [
            {"id": p["id"], "label": _place_label(name, admin1, country)}
            for (name, admin1, country), p in sorted(seen.items(), key=lambda kv: kv[0])
        ],
        "types": sq.event_types(store),
    }


def _place_label(name: str, admin1: str, country: str) -> str:
    where = ", ".join(x for x in (name, admin1 if admin1 != name else "") if x)
    return f"{where} ({country})" if country else where


def form_context(filt: EventFilter, store: Store) -> dict[str, Any]:
    """The filter form's values (repeatable fields as lists) and its choices."""
    values: dict[str, list[str]] = {}
    for k, v in filt.query():
        values.setdefault(k, []).append(v)
    return {"values": values, "choices": choices(store), "types": EVENT_TYPES,
            "modalities": MODALITIES}  # fmt: skip


def _links(filt: EventFilter, sort: str) -> dict[str, str]:
    query = filt.query()
    base = urlencode(query)
    exports = {fmt: "/export?" + urlencode([*query, ("format", fmt)]) for fmt in wb.EXPORTS}
    return {
        "query": base,
        "map": "/map" + ("?" + base if base else ""),
        "timeline": "/timeline" + ("?" + base if base else ""),
        "events": "/events" + ("?" + base if base else ""),
        **{f"export_{k}": v for k, v in exports.items()},
        "sort_base": urlencode(query),
        "sort": sort,
    }


# ---------------------------------------------------------------------- events


@router.get("/events", response_model=None)
def events(request: Request) -> Response:
    """The workbench: filters, the map and timeline (scripts), the sortable table,
    exports of this view."""
    if (clean := _canonical(request)) is not None:
        return clean
    store = _store(request)
    filt, others, problems = _read(request)
    sort = _sort(others, "-date", problems)
    offset = _offset(others, problems)
    total, rows = vq.event_page(store, filt, sort=sort, limit=PAGE, offset=offset)
    links = _links(filt, sort)
    return render(
        "events.html",
        page="events",
        rows=rows,
        total=total,
        offset=offset,
        size=PAGE,
        form=form_context(filt, store),
        filt=filt,
        links=links,
        columns=COLUMNS,
        query=[*filt.query(), ("sort", sort)],
        problems=problems,
        scripts=True,
    )


# ---------------------------------------------------------------------- map


@router.get("/map", response_model=None)
def world_map(request: Request) -> Response:
    """The places of the filtered events: Leaflet with the scripts, SVG without."""
    if (clean := _canonical(request)) is not None:
        return clean
    store = _store(request)
    filt, _, problems = _read(request)
    data = wb.map_data(store, filt)
    places = _places(data["points"])
    v = (
        svg.view_of((float(p["lon"]), float(p["lat"])) for p in places)
        if places
        else svg.view_of([])
    )
    marks = svg.markers(v, places[:SVG_PLACES])
    return render(
        "map.html",
        page="map",
        data=data,
        view=v,
        countries=svg.countries(v),
        graticule=svg.graticule(v),
        markers=marks,
        outside=[m for m in marks if not m.inside],
        form=form_context(filt, store),
        filt=filt,
        links=_links(filt, "-date"),
        problems=problems,
        scripts=True,
    )


def _places(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map points grouped by place, busiest first, as the SVG map's markers want them."""
    by: dict[str, dict[str, Any]] = {}
    for pt in points:
        key = pt["place_id"] or f"{pt['lat']},{pt['lon']}"
        p = by.setdefault(
            key,
            {"id": pt["place_id"], "name": pt["place"], "country": pt["country"],
             "admin1": pt["admin1"], "feature": pt["feature"], "lat": pt["lat"],
             "lon": pt["lon"], "events": 0, "documents": 0, "_docs": set()},
        )  # fmt: skip
        p["events"] += 1
        p["_docs"].add(pt["uid"].rsplit("-", 1)[0])
    out = sorted(by.values(), key=lambda p: (-p["events"], str(p["name"])))
    for p in out:
        p["documents"] = len(p.pop("_docs"))
    return out


# ---------------------------------------------------------------------- timeline


@router.get("/timeline", response_model=None)
def timeline(request: Request) -> Response:
    """The filtered events by date, in the focus window; far-off dates set aside."""
    if (clean := _canonical(request)) is not None:
        return clean
    store = _store(request)
    filt, _, problems = _read(request)
    data = wb.timeline_data(store, filt)
    window = data["window"]
    lanes: list[tuple[dt.date, dt.date, dict[str, Any]]] = []
    shown = filt
    if window is not None:
        first, last = (dt.date.fromisoformat(d) for d in window)
        shown = filt.replaced(since=first, until=last)
    total, rows = vq.event_page(store, shown, sort="date", limit=TIMELINE_ROWS)
    for row in rows:
        days = vq.days_of(row["event"].get("date"))
        if days is not None:
            lanes.append((days[0], days[1], row))
    return render(
        "timeline.html",
        page="timeline",
        data=data,
        tl=svg.timeline(lanes) if lanes else None,
        rows=rows,
        in_window=total,
        form=form_context(filt, store),
        filt=filt,
        links=_links(filt, "date"),
        problems=problems,
        scripts=True,
    )


# ---------------------------------------------------------------------- data and exports


def _strict(request: Request, controls: Mapping[str, bool]) -> EventFilter:
    """A data request's filter: every problem is a 422, as in the API."""
    from watchfloor.views.common.filters import FilterError, parse

    try:
        filt, _ = parse(request.query_params.multi_items(), controls, blank_is_absent=True)
    except FilterError as exc:
        raise _Problem(422, str(exc)) from None
    return filt


class _Problem(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail


def _json(call: Any) -> JSONResponse:
    try:
        return JSONResponse(call())
    except _Problem as exc:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)
    except NotFoundError as exc:
        return JSONResponse({"detail": f"no {exc.kind} {exc.id!r} here"}, status_code=404)


@router.get("/ui/data/map")
def map_json(request: Request) -> JSONResponse:
    """The map's points for the page's filter (what /api/map gives)."""
    return _json(lambda: wb.map_data(_store(request), _strict(request, CONTROLS)))


@router.get("/ui/data/timeline")
def timeline_json(request: Request) -> JSONResponse:
    """The timeline's bars for the page's filter (what /api/timeline gives)."""
    return _json(lambda: wb.timeline_data(_store(request), _strict(request, CONTROLS)))


@router.get("/export")
def export_view(request: Request) -> Response:
    """This view as a file: ``format`` csv, geojson, jsonl, plover or parquet."""
    try:
        filt = _strict(request, {**CONTROLS, "format": False})
        fmt = request.query_params.get("format", "csv")
        if fmt not in wb.EXPORTS:
            raise _Problem(422, f"format: one of {', '.join(wb.EXPORTS)}")
        vq.resolved(_store(request), filt)
    except _Problem as exc:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)
    except NotFoundError as exc:
        return JSONResponse({"detail": f"no {exc.kind} {exc.id!r} here"}, status_code=404)
    media, name = wb.EXPORTS[fmt]
    sort = request.query_params.get("sort", "date")
    if sort.removeprefix("-") not in SORTS:
        sort = "date"
    return StreamingResponse(
        wb.export_chunks(_store(request), filt, fmt, sort),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------------- static files


@lru_cache(maxsize=16)
def _static(name: str) -> bytes:
    return resources.files("watchfloor.views.web.pages").joinpath("static", name).read_bytes()


@router.get("/ui/static/{name:path}")
def static_file(name: str) -> Response:
    """The pages' scripts and the vendored libraries (nothing else is served)."""
    if name == "countries.json":
        return Response(_countries(), media_type="application/json")
    if name not in SCRIPTS:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(_static(name), media_type=SCRIPTS[name])


@lru_cache(maxsize=1)
def _countries() -> bytes:
    """The Natural Earth outlines (views/common/data/countries.json), for the Leaflet map."""
    return (
        resources.files("watchfloor.views.common").joinpath("data", "countries.json").read_bytes()
    )
