"""Response models of the workbench's endpoints: map points, timeline bars, what changed."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class MapPoint(BaseModel):
    uid: str = Field(description="<document id>-<event id>")
    type: str
    modality: str
    quad_class: int | None
    date: str | None
    place_id: str | None
    place: str | None
    feature: str | None = Field(description="the place's kind: city, admin1, country ...")
    admin1: str | None
    country: str | None
    lat: float
    lon: float


class MapData(BaseModel):
    events: int = Field(
        description="events the filter keeps (counted up to 10,000: see events_is_lower_bound)"
    )
    events_is_lower_bound: bool = Field(
        default=False, description="true: the count stopped; at least this many events"
    )
    located: int = Field(description="of them, events with a place (counted up to 10,000)")
    located_is_lower_bound: bool = Field(
        default=False, description="true: the count stopped; at least this many placed"
    )
    shown: int = Field(description="points listed (at most 5000, newest stored first)")
    points: list[MapPoint]


class Bar(BaseModel):
    start: dt.date
    end: dt.date
    count: int
    types: dict[str, int]


class AsideEvent(BaseModel):
    uid: str
    type: str
    earliest: dt.date
    latest: dt.date


class Aside(BaseModel):
    before: int = Field(description="dated events wholly before the window")
    after: int = Field(description="dated events wholly after the window")
    events: list[AsideEvent] = Field(description="the first 50 of them")


class TimelineData(BaseModel):
    events: int = Field(description="events the filter keeps")
    dated: int = Field(description="of them, events whose date is a span of days")
    window: list[dt.date] | None = Field(description="[first, last] day drawn")
    bucket: str = Field(description="what one bar covers: day, week or month")
    bars: list[Bar]
    aside: Aside


class Change(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: dt.date | None
    ingested_at: dt.datetime
    events: int


class ChangesPage(BaseModel):
    since: dt.datetime | None
    total: int = Field(description="documents stored since (counted up to 10,000)")
    total_is_lower_bound: bool = Field(
        default=False, description="true: the count stopped; at least total documents"
    )
    limit: int
    offset: int
    items: list[Change]
