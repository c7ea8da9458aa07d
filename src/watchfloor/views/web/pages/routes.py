"""The HTML pages of ``watchfloor serve`` (docs/ui.md): server-rendered, no JavaScript.

Every page is a Jinja template with autoescape on: article text, titles,
outlets and names are escaped wherever they appear; a URL from an article is
put in an ``href`` only when it is http(s). Every statement links to its
evidence: the document page, at the anchor of the event or claim, where the
span is highlighted.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from watchfloor import __version__
from watchfloor.store import Store
from watchfloor.store import queries as sq
from watchfloor.store import search as fts
from watchfloor.views.common import queries as vq
from watchfloor.views.common import svg
from watchfloor.views.common.text import (
    anchor,
    excerpt,
    http_url,
    marked_text,
    names,
    path_id,
    spans_of,
)
from watchfloor.views.common.watches import Watch
from watchfloor.views.web.params import EVENT_TYPES, MAX_TEXT, MAX_WORDS, TEXT_PATTERN
from watchfloor.vocab import Modality

PAGE = 100  # rows per page of the events and claims tables
LATEST = 12  # events and documents on the overview
SEARCH_PAGE = 20  # hits per page of the search page
TIMELINE_MAX = 5000  # events read for the timeline page: the latest dated ones

router = APIRouter(include_in_schema=False)

# Filters: the same bounds as the API's; an empty form field means "any".
Text = Annotated[str | None, Query(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("watchfloor.views.web.pages", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pid"] = path_id
    env.filters["http_url"] = http_url
    env.filters["names"] = names
    env.globals["anchor"] = anchor
    env.globals["version"] = __version__
    env.globals["credit"] = svg.ATTRIBUTION
    return env


def _render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = _env().get_template(name).render(**ctx)
    return HTMLResponse(html, status_code=status)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _not_found(kind: str, ident: str) -> HTMLResponse:
    return _render("not_found.html", status=404, kind=kind, ident=ident, page="")


@lru_cache(maxsize=1)
def _css() -> bytes:
    """ui.css, then the map and timeline styles shared with the HTML report (svg.stylesheet)."""
    static = resources.files("watchfloor.views.web.pages").joinpath("static")
    return static.joinpath("ui.css").read_bytes() + svg.stylesheet().encode("utf-8")


@router.get("/ui/static/ui.css")
def stylesheet() -> Response:
    return Response(_css(), media_type="text/css; charset=utf-8")


# ---------------------------------------------------------------------- overview


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    store = _store(request)
    counts = store.counts()
    total_docs, _ = sq.document_page(store, since=None, until=None, outlet=None, limit=1, offset=0)
    _, docs = sq.document_page(
        store,
        since=None,
        until=None,
        outlet=None,
        limit=LATEST,
        offset=max(total_docs - LATEST, 0),
    )
    _, latest = vq.event_page(store, newest_first=True, limit=LATEST)
    return _render(
        "overview.html",
        page="overview",
        counts=counts,
        documents=list(reversed(docs)),
        events=latest,
        stories=_has_stories(store),
    )


def _has_stories(store: Store) -> bool:
    return hasattr(store, "stories")


# ---------------------------------------------------------------------- map


@router.get("/map", response_class=HTMLResponse)
def world_map(
    request: Request,
    view: Annotated[str, Query(pattern="^(events|all)$")] = "events",
    watch: Text = None,
) -> HTMLResponse:
    """Every place mentioned as a location; zoomed on the events' places (view=events,
    falling back to all places when no event has a place) or on all of them.
    ``watch``: only the places of the events that stored watch matches, with their counts."""
    store = _store(request)
    problems: list[str] = []
    wanted = _watch(store, watch, problems)
    _, places = sq.place_page(store, limit=500, offset=0)
    if wanted is not None:
        places = vq.watched_places(store, places, wanted)
    located = [
        p
        for p in places
        if p["lat"] is not None and p["lon"] is not None and int(p["locational_mentions"]) > 0
    ]
    focus = [p for p in located if int(p["events"]) > 0] if view == "events" else located
    v = svg.view_of((float(p["lon"]), float(p["lat"])) for p in (focus or located))
    marks = svg.markers(v, located)
    return _render(
        "map.html",
        page="map",
        view=v,
        mode=view,
        countries=svg.countries(v),
        graticule=svg.graticule(v),
        markers=marks,
        outside=[m for m in marks if not m.inside],
        unlocated=[p for p in places if p["lat"] is None or p["lon"] is None],
        watch=wanted.name if wanted else "",
        watches=sq.watch_names(store),
        problems=problems,
    )


def _watch(store: Store, name: str | None, problems: list[str]) -> Watch | None:
    """The stored watch a page is filtered by; an unknown name is reported on the page."""
    if not name:
        return None
    found = vq.stored_watch(store, name)
    if found is None:
        problems.append(f"no stored watch named {name!r}: the filter is not applied")
    return found


# ---------------------------------------------------------------------- timeline


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, watch: Text = None) -> HTMLResponse:
    """Events by date; an event with no known date is listed apart, never placed.
    ``watch``: only the events that stored watch matches."""
    store = _store(request)
    problems: list[str] = []
    wanted = _watch(store, watch, problems)
    total, rows = vq.event_page(store, newest_first=True, limit=TIMELINE_MAX, watch=wanted)
    dated, undated = [], []
    for row in rows:
        days = vq.days_of(row["event"].get("date"))
        if days is None:
            undated.append(row)
        else:
            dated.append((days[0], days[1], row))
    return _render(
        "timeline.html",
        page="timeline",
        tl=svg.timeline(dated),
        dated=sorted(dated, key=lambda d: (d[0], d[1])),
        undated=undated,
        total=total,
        shown=len(rows),
        watch=wanted.name if wanted else "",
        watches=sq.watch_names(store),
        problems=problems,
    )


# ---------------------------------------------------------------------- events


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    actor: Text = None,
    place: Text = None,
    type: Text = None,
    modality: Text = None,
    since: Text = None,
    until: Text = None,
    watch: Text = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """The events table with its GET filter form (empty fields: no filter)."""
    store = _store(request)
    problems: list[str] = []
    wanted = _watch(store, watch, problems)
    first, last = _day(since), _day(until)
    if since and first is None:
        problems.append(f"'from' is not a day (YYYY-MM-DD): {since}")
    if until and last is None:
        problems.append(f"'to' is not a day (YYYY-MM-DD): {until}")
    if type and type not in EVENT_TYPES:
        problems.append(f"not a PLOVER event type: {type}")
        type = None
    modalities = [m.value for m in Modality]
    if modality and modality not in modalities:
        problems.append(f"not a modality: {modality}")
        modality = None
    total, rows = vq.event_page(
        store,
        event=type or None,
        modality=modality or None,
        actor=actor or None,
        place=place or None,
        since=first,
        until=last,
        limit=PAGE,
        offset=offset,
        watch=wanted,
    )
    form = {
        "actor": actor or "",
        "place": place or "",
        "type": type or "",
        "modality": modality or "",
        "since": since or "",
        "until": until or "",
        "watch": wanted.name if wanted else "",
    }
    return _render(
        "events.html",
        page="events",
        rows=rows,
        total=total,
        offset=offset,
        size=PAGE,
        form=form,
        query={k: v for k, v in form.items() if v},
        choices=vq.choices(store),
        modalities=modalities,
        problems=problems,
    )


# ---------------------------------------------------------------------- claims


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    modality: Annotated[Modality | None, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """The claim ledger: each claim, its source chain, modality, document and events."""
    total, rows = vq.claim_page(
        _store(request),
        modality=modality.value if modality else None,
        source=None,
        document=None,
        limit=PAGE,
        offset=offset,
    )
    return _render(
        "claims.html",
        page="claims",
        rows=rows,
        total=total,
        offset=offset,
        size=PAGE,
        modality=modality.value if modality else "",
        modalities=[m.value for m in Modality],
    )


# ---------------------------------------------------------------------- documents


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document(request: Request, document_id: str) -> HTMLResponse:
    """The article, its events and claims highlighted on their spans, with anchors."""
    store = _store(request)
    pair = store.get(document_id)
    if pair is None:
        return _not_found("document", document_id)
    doc, reading = pair
    from watchfloor.serialize import document_reading_to_dict

    contract = document_reading_to_dict(doc, reading)
    text = contract.get("text") or ""
    story = store.story_of(document_id) if hasattr(store, "story_of") else None
    return _render(
        "document.html",
        page="",
        doc=contract,
        body=marked_text(text, spans_of(contract)),
        publications=store.publications(document_id),
        story=story,
    )


# ---------------------------------------------------------------------- actors, places


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str) -> HTMLResponse:
    found = sq.actor_detail(_store(request), actor_id, 500)
    if found is None:
        return _not_found("actor", actor_id)
    return _render("actor.html", page="", a=found, titles=_titles(found), events=_ordered(found))


@router.get("/places/{place_id:path}", response_class=HTMLResponse)
def place(request: Request, place_id: str) -> HTMLResponse:
    found = sq.place_detail(_store(request), place_id, 500)
    if found is None:
        return _not_found("place", place_id)
    p = found["place"]
    mini = None
    if p["lat"] is not None and p["lon"] is not None:
        v = svg.view_of([(float(p["lon"]), float(p["lat"]))], width=480)
        mini = {"view": v, "countries": svg.countries(v), "markers": svg.markers(v, [p])}
    return _render(
        "place.html", page="", p=found, mini=mini, titles=_titles(found), events=_ordered(found)
    )


def _titles(detail: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["title"] or d["id"] for d in detail["documents"]}


def _ordered(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """The detail's events by date (unknown last), then document and event number."""

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        days = vq.days_of(e.get("date"))
        number = e["event_id"].lstrip("e")
        return (
            days is None,
            days or (dt.date.min, dt.date.min),
            e["document_id"],
            int(number) if number.isdigit() else 0,
            e["event_id"],
        )

    return sorted(detail["events"], key=key)


# ---------------------------------------------------------------------- stories


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request) -> HTMLResponse:
    """Stories (Store.stories): each with its documents, linking to their evidence."""
    store = _store(request)
    if not _has_stories(store):
        return _render("stories.html", page="stories", stories=None)
    return _render("stories.html", page="stories", stories=store.stories(limit=200))


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    """One story: its documents in arrival order, each event with the sentence it was
    read from and its trigger highlighted, linking to the full article."""
    store = _store(request)
    if not _has_stories(store):
        return _not_found("story", story_id)
    entry = store.story(story_id)
    if entry is None:
        return _not_found("story", story_id)
    from watchfloor.link.picture import story_events
    from watchfloor.serialize import document_reading_to_dict

    docs: list[dict[str, Any]] = []
    read: dict[str, tuple[Any, Any]] = {}
    for member in entry.documents:
        pair = store.get(member.document_id)
        if pair is None:  # removed since it was linked
            continue
        doc, reading = pair
        read[doc.id] = (doc, reading)
        contract = document_reading_to_dict(doc, reading)
        docs.append({"member": member, "contract": contract, "events": _evidence(contract)})
    titles = {d["contract"]["id"]: d["contract"].get("title") for d in docs}
    merged = sorted(
        story_events(store, list(read), read=read),
        key=lambda m: (-m.independent_sources, -len(m.contradictions), -len(m.reports)),
    )
    return _render(
        "story.html", page="stories", entry=entry, docs=docs, merged=merged, titles=titles
    )


# ---------------------------------------------------------------------- search


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Text = None, offset: Offset = 0) -> HTMLResponse:
    """Full-text search (Store.search): every word required, most relevant first; each
    hit links to its document, with its snippet and the words found marked."""
    words = (q or "").split()
    problems = []
    if len(words) > MAX_WORDS:
        problems.append(f"at most {MAX_WORDS} words: searched for the first {MAX_WORDS}")
        words = words[:MAX_WORDS]
    searched = fts.searchable(words)
    if words and not searched:
        problems.append("no word with a letter or digit: nothing to search for")
    hits = _store(request).search(searched, limit=SEARCH_PAGE + 1, offset=offset)
    rows = [
        {"hit": h, "snippet": _marked(h.snippet.text, searched) if h.snippet else None}
        for h in hits[:SEARCH_PAGE]
    ]
    return _render(
        "search.html",
        page="search",
        q=q or "",
        words=searched,
        rows=rows,
        more=len(hits) > SEARCH_PAGE,
        offset=offset,
        size=SEARCH_PAGE,
        problems=problems,
    )


def _marked(text: str, words: list[str]) -> Markup:
    """``text`` escaped, each occurrence of a searched word in ``<mark>``."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if found else escape(piece)
        for piece, found in fts.marks(text, words)
    )


def _evidence(contract: dict[str, Any]) -> list[dict[str, Any]]:
    """Each event of a contract with its sentence, the trigger marked in it."""
    text = contract.get("text") or ""
    out = []
    for ev in contract.get("events") or ():
        sent = ev.get("sentence") or {}
        start, end = sent.get("start"), sent.get("end")
        trig = [
            s for s in spans_of({**contract, "claims": []}) if s.anchor == anchor("event", ev["id"])
        ]
        claim = next(
            (c for c in contract.get("claims") or () if c.get("id") == ev.get("claim")), None
        )
        quote = (
            excerpt(text, start, end, trig)
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            else None
        )
        out.append({"event": ev, "claim": claim, "quote": quote})
    return out
