"""The read-only JSON endpoints under /api (docs/api.md).

Every list is paged (``limit``/``offset``) and every parameter bounded, so no
request reads more than one page of contracts; unknown ids give 404 naming
the id, bad parameters 422. Article text and metadata are returned as JSON
strings, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from watchfloor import __version__
from watchfloor.errors import NotFoundError
from watchfloor.serialize import document_reading_to_dict
from watchfloor.store import Store
from watchfloor.store import queries as sq
from watchfloor.store.search import searchable
from watchfloor.views.common import queries as vq
from watchfloor.views.web.api import models as m
from watchfloor.views.web.params import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_TEXT,
    MAX_WORDS,
    strict_query,
)
from watchfloor.views.web.params import (
    TEXT_PATTERN as _TEXT,
)
from watchfloor.vocab import CONTRACT_VERSION, Dct, Modality

ClaimStatus = Literal[
    "no_event",
    "single_source",
    "corroborated",
    "contradicted",
    "corroborated_and_contradicted",
    "reported_elsewhere",
]
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


# The API's own shapes (envelopes, event items, map, timeline): 1.0 before the filter
# model; 1.1 adds fields and endpoints, never removes one (a 1.0 client reads 1.1);
# 1.2 bounds a list's total (``total_is_lower_bound``) and estimates health's counts.
API_VERSION = "1.2"
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": m.NotFound}}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"model": m.Problem}}


router = APIRouter(prefix="/api", responses=UNAVAILABLE, dependencies=[Depends(strict_query)])


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


@router.get("/health", summary="Store reachable; estimated counts of what it holds")
def health(request: Request) -> m.Health:
    """O(1) whatever the store holds: the counts are estimates (``counts_are_estimates``),
    rows of each table, never a count of the tables (docs/api.md)."""
    return m.Health(
        status="ok",
        version=__version__,
        contract=CONTRACT_VERSION,
        api=API_VERSION,
        counts=sq.estimated_counts(_store(request)),
        counts_are_estimates=True,
    )


def _page(total: sq.Total, limit: int, offset: int, items: Any) -> dict[str, Any]:
    """A page's envelope: its total (bounded: ``store.queries.bounded_count``)."""
    return {
        "total": total.count,
        "total_is_lower_bound": total.lower_bound,
        "limit": limit,
        "offset": offset,
        "items": items,
    }


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
        (sq.Total(0), [])
        if _empty(since, until)
        else sq.document_page(
            _store(request), since=since, until=until, outlet=outlet, limit=limit, offset=offset
        )
    )
    return m.DocumentPage.model_validate(_page(total, limit, offset, items))


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
    pair = store.get(document_id)
    if pair is None:
        raise NotFoundError("document", document_id)
    doc, reading = pair
    try:
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


@router.get(
    "/claims",
    summary="Claims with their source chains, modality, and who corroborates or contradicts them",
)
def claims(
    request: Request,
    modality: Annotated[Modality | None, Query(description="modality of the claim")] = None,
    source: Annotated[
        str | None, _text("a KB actor id anywhere in the source chain", "yahya_rasool")
    ] = None,
    document: Annotated[str | None, _text("a document id", "c2e9fd12ff5d2169")] = None,
    status: Annotated[
        list[ClaimStatus] | None,
        Query(description="ledger status, any of these (repeatable)", examples=[["corroborated"]]),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.ClaimPage:
    """Each claim with the ledger's corroboration (watchfloor.link.ledger): through the
    merged events of its story, the other independent sources that take its side and
    those that contradict it: the link facts written when the claim's story last
    changed. ``status``: corroborated, contradicted, corroborated_and_contradicted,
    single_source, reported_elsewhere, no_event (not comparable)."""
    total, items = vq.claim_page(
        _store(request),
        modality=modality.value if modality else None,
        source=source,
        document=document,
        status=tuple(status or ()),
        limit=limit,
        offset=offset,
    )
    return m.ClaimPage.model_validate(_page(total, limit, offset, items))


# ---------------------------------------------------------------------- actors and places


@router.get("/actors", summary="Actors mentioned in the store, with counts")
def actors(request: Request, limit: Limit = 50, offset: Offset = 0) -> m.ActorPage:
    """Most documents first; counts are over current readings."""
    total, items = sq.actor_page(_store(request), limit=limit, offset=offset)
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
    found = sq.actor_detail(_store(request), actor_id, limit)
    if found is None:
        raise NotFoundError("actor", actor_id)
    return m.ActorDetail.model_validate(found)


@router.get("/places", summary="Places mentioned in the store, with coordinates and counts")
def places(request: Request, limit: Limit = 50, offset: Offset = 0) -> m.PlacePage:
    """Most documents first; counts are over current readings."""
    total, items = sq.place_page(_store(request), limit=limit, offset=offset)
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
    found = sq.place_detail(_store(request), place_id, limit)
    if found is None:
        raise NotFoundError("place", place_id)
    return m.PlaceDetail.model_validate(found)


# ---------------------------------------------------------------------- stories


@router.get("/stories", summary="Stories, the most recently active first")
def stories(request: Request, limit: Limit = 50, offset: Offset = 0) -> m.StoryPage:
    """Stories (documents on one development, linked as they are stored), ordered by
    their latest document's arrival; each with its size, dates and key actors."""
    total, items = sq.story_page(_store(request), limit=limit, offset=offset)
    return m.StoryPage.model_validate(_page(total, limit, offset, items))


@router.get(
    "/stories/{story_id:path}",
    summary="One story: its documents and merged events with sources and contradictions",
    responses=NOT_FOUND,
)
def story(
    request: Request, story_id: Annotated[str, _id("story id", "story-5e1c0b6f4f7d2a90")]
) -> m.StoryDetail:
    """The story, its documents in arrival order, and its events merged across them:
    each with its reports, the independent source groups that affirm it, and the
    contradictions between reports (denial, place, date, count), every side kept."""
    found = vq.story_detail(_store(request), story_id)
    if found is None:
        raise NotFoundError("story", story_id)
    return m.StoryDetail.model_validate(found)


# ---------------------------------------------------------------------- search and export


@router.get("/search", summary="Full-text search: documents whose title or text holds every word")
def search(
    request: Request,
    q_: Annotated[
        str,
        Query(
            alias="q",
            description=f"words, all required (whole words, case-insensitive; at most "
            f"{MAX_WORDS}); query syntax is searched as text",
            min_length=1,
            max_length=MAX_TEXT,
            pattern=_TEXT,
            examples=["Kirkuk reinforcements"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="hits per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="hits to skip")] = 0,
) -> m.SearchResult:
    """A full-text index (SQLite FTS5, PostgreSQL tsvector; docs/api.md): every word
    must occur whole, as the phrase of its letters and digits ("U.S." finds "U.S");
    hits are ranked by relevance, then storage order. A word with no letter or digit
    is left out; when none is left, nothing is found."""
    words = q_.split()
    if not words:
        raise _invalid("q", "give at least one word")
    if len(words) > MAX_WORDS:
        raise _invalid("q", f"at most {MAX_WORDS} words")
    words = searchable(words)
    page = sq.search(_store(request), words, limit=limit, offset=offset)
    return m.SearchResult.model_validate(
        {"query": words, "limit": limit, "offset": offset, "more": page.more, "items": page.items}
    )
