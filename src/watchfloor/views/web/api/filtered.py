"""The API's endpoints over the one filter model: events, map, timeline, export, changes.

Each takes every filter of ``views.common.filters.FILTERS`` (listed in the
OpenAPI schema, read by ``filters.parse``), so ``/api/events``, ``/api/map``,
``/api/timeline`` and ``/api/export`` of the same query string hold the same
events. An unknown parameter, a repeated single-value one and a bad value are
a 422 naming it; an unknown watch is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from watchfloor.store import Store
from watchfloor.store import event_views as ev
from watchfloor.store.filters import SORTS
from watchfloor.views.common import queries as vq
from watchfloor.views.common import workbench as wb
from watchfloor.views.common.filters import EventFilter
from watchfloor.views.web.api import models as m
from watchfloor.views.web.api import models_workbench as mw
from watchfloor.views.web.params import MAX_LIMIT, MAX_OFFSET, filter_dependency, strict_query

SORT_KEYS = tuple(k for s in SORTS for k in (s, "-" + s))
Sort = Literal[SORT_KEYS]  # type: ignore[valid-type]
PAGE_CONTROLS = {"limit": False, "offset": False, "sort": False}
NOT_FOUND: dict[int | str, dict[str, object]] = {404: {"model": m.NotFound}}

router = APIRouter(
    prefix="/api",
    responses={503: {"model": m.Problem}, **NOT_FOUND},
    dependencies=[Depends(strict_query)],
)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


Filter = Annotated[EventFilter, Depends(filter_dependency(PAGE_CONTROLS))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
SortParam = Annotated[
    Sort,
    Query(
        description="order: date (by the event's days, unknown last), ingested, type, "
        "modality, sources, place, country, outlet, document; a leading '-' reverses"
    ),
]


@router.get("/events", summary="Events the filters keep, each with its document, claim and facts")
def events(
    request: Request,
    filt: Filter,
    sort: SortParam = "-date",
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.EventPage:
    """Events of current readings that every filter given keeps (docs/api.md, "Filters"),
    in the order ``sort``. ``watch``: that stored watch's criteria are added (its
    keywords, like ``keyword``, are tested in Python on every event the SQL keeps)."""
    total, items = vq.event_page(_store(request), filt, sort=sort, limit=limit, offset=offset)
    return m.EventPage.model_validate(
        {
            "total": total.count,
            "total_is_lower_bound": total.lower_bound,
            "limit": limit,
            "offset": offset,
            "items": items,
        }
    )


@router.get("/map", summary="The placed events the filters keep, as points")
def map_points(
    request: Request, filt: Annotated[EventFilter, Depends(filter_dependency({}))]
) -> mw.MapData:
    """One point per event with a place (at most 5,000, newest stored first), with the
    counts a map must state: events kept, events with a place (each counted up to
    10,000, then flagged a lower bound), points listed."""
    return mw.MapData.model_validate(wb.map_data(_store(request), filt))


@router.get("/timeline", summary="The dated events the filters keep, per day, week or month")
def timeline(
    request: Request, filt: Annotated[EventFilter, Depends(filter_dependency({}))]
) -> mw.TimelineData:
    """Bars of the focus window: the filter's since/until when given, else the days the
    events are in, with far-off background dates set aside (docs/api.md)."""
    return mw.TimelineData.model_validate(wb.timeline_data(_store(request), filt))


@router.get(
    "/export",
    summary="The events the filters keep, streamed: CSV, GeoJSON, JSONL, PLOVER or Parquet",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                media: {"schema": {"type": "string"}}
                for media in sorted({v[0] for v in wb.EXPORTS.values()})
            }
        }
    },
)
def export(
    request: Request,
    filt: Annotated[EventFilter, Depends(filter_dependency({"format": False, "sort": False}))],
    fmt: Annotated[
        Literal["csv", "geojson", "jsonl", "plover", "parquet"],
        Query(
            alias="format",
            description="csv: ACLED-like, one row per event; geojson: the placed events; "
            "jsonl: each document holding one, whole; plover: one record per event; parquet",
        ),
    ] = "jsonl",
    sort: SortParam = "date",
) -> StreamingResponse:
    store = _store(request)
    vq.resolved(store, filt)  # an unknown watch is a 404 before the stream starts
    media, name = wb.EXPORTS[fmt]
    return StreamingResponse(
        wb.export_chunks(store, filt, fmt, sort),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/changes", summary="What changed: documents newest stored first")
def changes(
    request: Request,
    since: Annotated[
        dt.datetime | None,
        Query(description="stored at or after this time (ISO, with its offset)"),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> mw.ChangesPage:
    """The newest-first feed by ingest time, each document with its number of events."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    total, items = ev.recent_documents(_store(request), since=since, limit=limit, offset=offset)
    return mw.ChangesPage.model_validate(
        {
            "since": since,
            "total": total.count,
            "total_is_lower_bound": total.lower_bound,
            "limit": limit,
            "offset": offset,
            "items": items,
        }
    )
