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
from markupsafe import Markup, escape

from watchfloor.store import Store, event_views
from watchfloor.store import queries as sq
from watchfloor.store import search as fts
from watchfloor.views.common import queries as vq
from watchfloor.views.common import svg
from watchfloor.views.common.filters import EventFilter
from watchfloor.views.common.text import (
    anchor,
    excerpt,
    marked_text,
    spans_of,
)
from watchfloor.views.web.pages.render import render
from watchfloor.views.web.params import MAX_TEXT, MAX_WORDS, TEXT_PATTERN
from watchfloor.vocab import Modality

PAGE = 100  # rows per page of the claims table
LATEST = 12  # events and documents on the overview
SEEN_COOKIE = "watchfloor_seen"  # when this browser last saw the overview ("since your last visit")
SEEN_MAX_AGE = 90 * 24 * 3600  # a season: an older visit is not "your last visit" any more
REFRESH_MIN, REFRESH_MAX = 15, 3600  # seconds between reloads of ?refresh= (none by default)
SEARCH_PAGE = 20  # hits per page of the search page
TIMELINE_MAX = 5000  # events read for the timeline page: the latest dated ones

router = APIRouter(include_in_schema=False)

# Filters: the same bounds as the API's; an empty form field means "any".
Text = Annotated[str | None, Query(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def _render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return render(name, status, **ctx)


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
def overview(
    request: Request,
    refresh: Annotated[int | None, Query(ge=REFRESH_MIN, le=REFRESH_MAX)] = None,
) -> HTMLResponse:
    """What changed first (documents newest stored first: since the last visit, today),
    then the latest stored events, the counts. ``refresh``: reload every N seconds."""
    store = _store(request)
    now = dt.datetime.now(dt.UTC)
    today = dt.datetime.combine(now.date(), dt.time(), dt.UTC)
    last = _last_visit(request.cookies.get(SEEN_COOKIE))
    total_today, _ = event_views.recent_documents(store, since=today, limit=1)
    since_last = event_views.recent_documents(store, since=last, limit=1)[0] if last else None
    _, changes = event_views.recent_documents(store, limit=LATEST)
    latest_filter = EventFilter()
    _, latest = vq.event_page(store, latest_filter, sort="-ingested", limit=LATEST)
    response = _render(
        "overview.html",
        page="overview",
        counts=sq.estimated_counts(store),
        changes=changes,
        today=today,
        total_today=total_today,
        last=last,
        since_last=since_last,
        events=latest,
        stories=_has_stories(store),
        refresh=refresh,
    )
    response.set_cookie(
        SEEN_COOKIE, now.strftime("%Y-%m-%dT%H:%M:%SZ"), max_age=SEEN_MAX_AGE,
        httponly=True, samesite="strict", path="/",
    )  # fmt: skip
    return response


def _last_visit(value: str | None) -> dt.datetime | None:
    """The time the overview was last shown to this browser (its cookie), if readable."""
    if not value:
        return None
    try:
        stamp = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC)


def _has_stories(store: Store) -> bool:
    return hasattr(store, "stories")


# ---------------------------------------------------------------------- claims


CLAIM_STATUSES = (  # the ledger's statuses, as the claims page's filter names them
    ("corroborated", "corroborated"),
    ("contradicted", "contradicted"),
    ("corroborated_and_contradicted", "corroborated and contradicted"),
    ("single_source", "single source"),
    ("reported_elsewhere", "reported elsewhere"),
    ("no_event", "not comparable (no coded event)"),
)


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    modality: Text = None,
    status: Text = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """The claim ledger: each claim, its source chain, modality, document, its events by
    label, and what other sources say; filtered by modality and ledger status."""
    problems = []
    if modality and modality not in {m.value for m in Modality}:
        problems.append(f"modality: not a modality: {modality} (not applied)")
        modality = None
    if status and status not in dict(CLAIM_STATUSES):
        problems.append(f"status: not a ledger status: {status} (not applied)")
        status = None
    total, rows = vq.claim_page(
        _store(request),
        modality=modality or None,
        source=None,
        document=None,
        status=(status,) if status else (),
        limit=PAGE,
        offset=offset,
    )
    query = {k: v for k, v in (("modality", modality), ("status", status)) if v}
    return _render(
        "claims.html",
        page="claims",
        rows=rows,
        total=total,
        offset=offset,
        size=PAGE,
        modality=modality or "",
        chosen=status or "",
        statuses=CLAIM_STATUSES,
        modalities=[m.value for m in Modality],
        problems=problems,
        query=query,
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
    story = store.story_of(document_id)
    return _render(
        "document.html",
        page="",
        doc=contract,
        label=doc.label,
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
    return {d["id"]: d.get("label") or d["title"] or d["id"] for d in detail["documents"]}


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
    titles = {d["contract"]["id"]: d["member"].label or d["contract"].get("title") for d in docs}
    merged = sorted(
        story_events(store, list(read), read=read),
        key=lambda m: (-m.independent_sources, -len(m.contradictions), -len(m.reports)),
    )
    labels = {
        f"{d['contract']['id']}#{x['event']['id']}": vq.event_label(x["event"])
        for d in docs
        for x in d["events"]
    }
    return _render(
        "story.html",
        page="stories",
        entry=entry,
        docs=docs,
        merged=merged,
        titles=titles,
        labels=labels,
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
