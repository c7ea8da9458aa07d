"""The read-only JSON endpoints under /api (docs/api.md).

Every list is paged (``limit``/``offset``) and every parameter bounded, so no
request reads more than one page of contracts; unknown ids give 404 naming
the id, bad parameters 422. Article text and metadata are returned as JSON
strings, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator

from watchfloor import __version__, export
from watchfloor.api import models as m
from watchfloor.api import queries as q
from watchfloor.knowledge.plover import load_plover
from watchfloor.serialize import document_reading_to_dict
from watchfloor.store import Store
from watchfloor.vocab import CONTRACT_VERSION, Dct, Modality

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_TEXT = 200  # characters of a text parameter (ids, names, search query)
MAX_WORDS = 8  # words of a search query
EVENT_TYPES = tuple(sorted(load_plover().types))

# No NUL: PostgreSQL text cannot hold it, so no id or name in the store has one.
_TEXT = r"^[^\x00]*$"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD is a day here (pydantic alone would also take 0 as 1970-01-01)."""
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
Since = Annotated[
    Day | None, Query(description="first day (YYYY-MM-DD), inclusive", examples=["2019-03-06"])
]
Until = Annotated[
    Day | None, Query(description="last day (YYYY-MM-DD), inclusive", examples=["2019-03-08"])
]


def _text(description: str, example: str) -> Any:
    return Query(
        description=description,
        min_length=1,
        max_length=MAX_TEXT,
        pattern=_TEXT,
        examples=[example],
    )


def _id(description: str, example: str) -> Any:
    return Path(description=description, max_length=MAX_TEXT, pattern=_TEXT, examples=[example])


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": m.NotFound}}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"model": m.Problem}}


class NotFoundError(Exception):
    """An id not in the store: answered with 404 and a body naming it."""

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} {id!r}")
        self.kind = kind
        self.id = id


router = APIRouter(prefix="/api", responses=UNAVAILABLE)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _invalid(name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": message}])


def _empty(since: dt.date | None, until: dt.date | None) -> bool:
    """An empty range (until before since): nothing overlaps it."""
    return since is not None and until is not None and since > until


def _dct(dct: Dct) -> dict[str, Any]:
    return {
        "date": dct.date,
        "earliest": dct.earliest,
        "latest": dct.latest,
        "how": dct.how.value,
        "reasons": list(dct.reasons),
    }


# ---------------------------------------------------------------------- health


@router.get("/health", summary="Store reachable; counts of what it holds")
def health(request: Request) -> m.Health:
    return m.Health(
        status="ok", version=__version__, contract=CONTRACT_VERSION, counts=_store(request).counts()
    )


# ---------------------------------------------------------------------- documents


@router.get("/documents", summary="Stored documents, in storage order")
def documents(
    request: Request,
    since: Since = None,
    until: Until = None,
    outlet: Annotated[str | None, _text("the outlet, exactly as stored", "Reuters")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.DocumentPage:
    """Documents whose publication date overlaps [since, until] (a day, or an inferred
    range; an open-ended range stays open; a document with no date is left out when
    a bound is given), optionally from one outlet."""
    total, items = (
        (0, [])
        if _empty(since, until)
        else q.document_page(
            _store(request), since=since, until=until, outlet=outlet, limit=limit, offset=offset
        )
    )
    return m.DocumentPage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "items": items}
    )


@router.get(
    "/documents/{document_id:path}",
    summary="One document: its current reading, publications and copies",
    responses=NOT_FOUND,
)
def document(
    request: Request, document_id: Annotated[str, _id("document id", "c2e9fd12ff5d2169")]
) -> m.DocumentDetail:
    """The document and its current reading in the output contract
    (docs/output-contract.md), every publication of its text, and its
    near-duplicate copies."""
    store = _store(request)
    try:
        doc, reading = store.get(document_id)
        publications = store.publications(document_id)
        copies = store.copies(document_id)
    except KeyError:
        raise NotFoundError("document", document_id) from None
    return m.DocumentDetail.model_validate(
        {
            "document": document_reading_to_dict(doc, reading),
            "publications": [
                {
                    "document_id": p.document_id,
                    "outlet": p.outlet,
                    "url": p.url,
                    "title": p.title,
                    "dct": _dct(p.dct),
                    "origin": p.origin,
                    "seen_at": p.seen_at,
                }
                for p in publications
            ],
            "copies": [c._asdict() for c in copies],
        }
    )


# ---------------------------------------------------------------------- events and claims


@router.get("/events", summary="Events, each with its document and the claim it rests on")
def events(
    request: Request,
    type: Annotated[
        str | None,
        Query(
            description="PLOVER event type",
            max_length=MAX_TEXT,
            examples=["MOBILIZE"],
            json_schema_extra={"enum": list(EVENT_TYPES)},
        ),
    ] = None,
    modality: Annotated[Modality | None, Query(description="modality of the event")] = None,
    actor: Annotated[
        str | None, _text("a KB actor id taking part (actor or recipient)", "usa.mil")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.EventPage:
    """Events of current readings. ``since``/``until``: the event's days overlap the
    range; an event whose date is unknown is left out when either is given."""
    if type is not None and type not in EVENT_TYPES:
        raise _invalid("type", f"not a PLOVER event type: one of {', '.join(EVENT_TYPES)}")
    if _empty(since, until):
        return m.EventPage(total=0, limit=limit, offset=offset, items=[])
    total, items = q.event_page(
        _store(request),
        event=type,
        modality=modality.value if modality else None,
        actor=actor,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return m.EventPage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "items": items}
    )


@router.get("/claims", summary="Claims with their source chains and modality")
def claims(
    request: Request,
    modality: Annotated[Modality | None, Query(description="modality of the claim")] = None,
    source: Annotated[
        str | None, _text("a KB actor id anywhere in the source chain", "yahya_rasool")
    ] = None,
    document: Annotated[str | None, _text("a document id", "c2e9fd12ff5d2169")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.ClaimPage:
    total, items = q.claim_page(
        _store(request),
        modality=modality.value if modality else None,
        source=source,
        document=document,
        limit=limit,
        offset=offset,
    )
    return m.ClaimPage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "items": items}
    )


# ---------------------------------------------------------------------- actors and places


@router.get("/actors", summary="Actors mentioned in the store, with counts")
def actors(request: Request, limit: Limit = 50, offset: Offset = 0) -> m.ActorPage:
    """Most documents first; counts are over current readings."""
    total, items = q.actor_page(_store(request), limit=limit, offset=offset)
    return m.ActorPage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "items": items}
    )


@router.get(
    "/actors/{actor_id:path}",
    summary="One actor: record, counts, documents, events",
    responses=NOT_FOUND,
)
def actor(
    request: Request,
    actor_id: Annotated[str, _id("knowledge-base actor id", "usa.mil")],
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="documents and events listed")
    ] = 100,
) -> m.ActorDetail:
    found = q.actor_detail(_store(request), actor_id, limit)
    if found is None:
        raise NotFoundError("actor", actor_id)
    return m.ActorDetail.model_validate(found)


@router.get("/places", summary="Places mentioned in the store, with coordinates and counts")
def places(request: Request, limit: Limit = 50, offset: Offset = 0) -> m.PlacePage:
    """Most documents first; counts are over current readings."""
    total, items = q.place_page(_store(request), limit=limit, offset=offset)
    return m.PlacePage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "items": items}
    )


@router.get(
    "/places/{place_id:path}",
    summary="One place: coordinates, counts, documents, events",
    responses=NOT_FOUND,
)
def place(
    request: Request,
    place_id: Annotated[str, _id("gazetteer place id", "geonames:94787")],
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="documents and events listed")
    ] = 100,
) -> m.PlaceDetail:
    found = q.place_detail(_store(request), place_id, limit)
    if found is None:
        raise NotFoundError("place", place_id)
    return m.PlaceDetail.model_validate(found)


# Stories (issue 10): a GET /api/stories and /api/stories/{id} router belongs
# here, over Store.stories() / Store.story_of(), once that part of the store is
# settled; it is deliberately not built yet.


# ---------------------------------------------------------------------- search and export


@router.get("/search", summary="Documents whose title or text contains every word")
def search(
    request: Request,
    q_: Annotated[
        str,
        Query(
            alias="q",
            description=f"words, all required (case-insensitive; at most {MAX_WORDS})",
            min_length=1,
            max_length=MAX_TEXT,
            pattern=_TEXT,
            examples=["Kirkuk reinforcements"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="hits per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="hits to skip")] = 0,
) -> m.SearchResult:
    """A plain scan of the documents (SQL ``LIKE '%word%'``, no index): its cost grows
    with the store. ``limit`` bounds what is returned, not what is read."""
    words = q_.split()
    if not words:
        raise _invalid("q", "give at least one word")
    if len(words) > MAX_WORDS:
        raise _invalid("q", f"at most {MAX_WORDS} words")
    page = q.search(_store(request), words, limit=limit, offset=offset)
    return m.SearchResult.model_validate(
        {"query": words, "limit": limit, "offset": offset, "more": page.more, "items": page.items}
    )


@router.get(
    "/export",
    summary="The whole store as JSONL: the output contract or PLOVER records (streamed)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}}}}},
)
def export_store(
    request: Request,
    fmt: Annotated[
        Literal["jsonl", "plover"],
        Query(
            alias="format",
            description="jsonl: one contract per document; plover: one record per event",
        ),
    ] = "jsonl",
) -> StreamingResponse:
    store = _store(request)

    def lines() -> Iterator[str]:
        for doc, reading in store.readings():
            obj = document_reading_to_dict(doc, reading)
            rows = [obj] if fmt == "jsonl" else list(export.plover_records(obj))
            for row in rows:
                yield json.dumps(row, ensure_ascii=False) + "\n"

    name = "watchfloor.jsonl" if fmt == "jsonl" else "watchfloor-plover.jsonl"
    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
