"""Response models of the API: the output contract and the API's own envelopes.

The contract models mirror docs/output-contract.md field by field. They allow
extra fields, so an object written by a newer minor contract version passes
through whole instead of losing the fields added since.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Contract(BaseModel):
    model_config = ConfigDict(extra="allow")


class Span(_Contract):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{"start": 19, "end": 33, "text": "state of alert"}]},
    )

    start: int
    end: int
    text: str


class Dct(_Contract):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "date": "2019-03-10",
                    "earliest": "2019-03-10",
                    "latest": "2019-03-10",
                    "how": "given",
                    "reasons": ["--dct"],
                }
            ]
        },
    )

    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    how: str = Field(description="given, metadata, inferred or unknown")
    reasons: list[str]


class Removed(Span):
    reason: str


class Sentence(_Contract):
    index: int
    start: int
    end: int


class Role(_Contract):
    title: str
    country: str | None
    start: dt.date | None
    end: dt.date | None
    source: str | None


class ActorMention(Span):
    sentence: int
    index: int
    count: int | None = None
    rule: str | None = None
    role_conflict: str | None = None


class Actor(_Contract):
    id: str
    name: str
    type: str
    country: str | None
    code: str | None
    sector: str | None
    generic: bool
    aliases: list[str]
    member_of: list[str]
    roles: list[Role]
    wikidata: str | None
    source: str | None
    founded: dt.date | None
    dissolved: dt.date | None
    mentions: list[ActorMention]


class PlaceMention(Span):
    sentence: int
    metonymic: bool
    score: float
    index: int


class Place(_Contract):
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    population: int | None
    admin1: str | None
    mentions: list[PlaceMention]


class Time(Span):
    value: str | None
    type: str
    sentence: int
    rule: str | None
    anchor: str | None
    reason: str | None
    mod: str | None
    range: str | None


class Source(_Contract):
    text: str
    name: str
    kind: str
    actor: str | None
    role: str | None
    count: int | None
    start: int | None
    end: int | None


class Claim(Span):
    id: str
    sentence: int
    modality: str
    cue: Span | None
    modality_cue: Span | None
    sources: list[Source] = Field(description="innermost source first, the outlet last")


class Participant(_Contract):
    id: str | None
    entity_text: str
    code: str | None
    sector: str | None
    country: str | None
    start: int | None
    end: int | None


class EventLocation(Span):
    id: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    sentence: int
    metonymic: bool
    score: float


class EventSentence(_Contract):
    index: int
    start: int | None
    end: int | None


class Event(_Contract):
    id: str
    event: str
    mode: str | None
    modality: str
    cameo: str | None
    quad_class: int | None
    actor: list[Participant]
    recipient: list[Participant]
    event_loc: EventLocation | None
    date: str | None
    date_approx: bool
    claim: str | None
    trigger: Span | None
    sentence: EventSentence


class Reading(_Contract):
    """One document and its current reading: the output contract (docs/output-contract.md)."""

    contract: str
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None = None
    language: str | None
    origin: str | None
    content_hash: str
    dct: Dct
    extractor: str
    note: str | None = None
    text: str = Field(description="the clean text every span indexes (untrusted: never HTML)")
    removed: list[Removed]
    sentences: list[Sentence]
    actors: list[Actor]
    places: list[Place]
    times: list[Time]
    claims: list[Claim]
    events: list[Event]
    unresolved_mentions: dict[str, list[dict[str, Any]]] | None = None


# --------------------------------------------------------------------- envelopes


class Page(BaseModel):
    total: int = Field(
        description="how many items match the filters: exact up to 10,000 (or offset + "
        "limit, if more); beyond, the count stops there (total_is_lower_bound)"
    )
    total_is_lower_bound: bool = Field(
        default=False, description="true: the count stopped; at least total items match"
    )
    limit: int
    offset: int


class DocumentSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "c2e9fd12ff5d2169",
                    "title": 'US forces declare "state of alert" ...',
                    "url": None,
                    "outlet": None,
                    "author": None,
                    "language": "en",
                    "origin": "000_c846c11fc7740915.txt",
                    "dct": {
                        "date": "2019-03-10",
                        "earliest": "2019-03-10",
                        "latest": "2019-03-10",
                        "how": "given",
                        "reasons": ["--dct"],
                    },
                    "ingested_at": "2026-11-30T11:51:31Z",
                }
            ]
        }
    )

    id: str
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    language: str | None
    origin: str | None
    dct: Dct
    ingested_at: dt.datetime


class DocumentPage(Page):
    items: list[DocumentSummary]


class Publication(BaseModel):
    document_id: str
    outlet: str | None
    url: str | None
    title: str | None
    dct: Dct
    origin: str | None
    seen_at: dt.datetime


class Copy(BaseModel):
    document_id: str
    copy_of: str | None = Field(description="the first copy of the text; null for the first")
    similarity: float | None


class DocumentDetail(BaseModel):
    document: Reading
    publications: list[Publication] = Field(description="every outlet that ran this text")
    copies: list[Copy] = Field(description="stored near-duplicate copies of the text")


class EventPlace(BaseModel):
    name: str
    admin1: str | None
    country: str | None


class Published(BaseModel):
    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    how: str


class EventItem(BaseModel):
    uid: str = Field(description="<document id>-<event id>: the event_id of every export")
    document_id: str
    document_title: str | None
    label: str = Field(description="TYPE: actor → recipient, naming only who is known")
    event: Event
    claim: Claim | None = Field(description="the claim the event rests on, with its source chain")
    date_earliest: dt.date | None = Field(description="first day the event's date covers")
    date_latest: dt.date | None = Field(description="last day the event's date covers")
    sentence_text: str | None = Field(description="the sentence the event was read from")
    story_id: str | None = Field(description="the document's story (null: in no story yet)")
    outlet: str | None = Field(description="the document's outlet, else its first publication's")
    published: Published = Field(description="the document's publication date")
    ingested_at: dt.datetime = Field(description="when the document was stored (UTC)")
    place: EventPlace | None = Field(description="the event's place: name, admin1, country")
    independent_sources: int | None = Field(
        description="independent sources affirming its merged event (null: facts not written)"
    )
    contradicted: bool | None = Field(
        description="a contradiction touches its merged event (null: facts not written)"
    )


class EventPage(Page):
    items: list[EventItem]


class Corroboration(BaseModel):
    """Another independent source taking the claim's side on one of its events."""

    event_id: str = Field(description="the claim's event (in the claim's document)")
    merged_event: str = Field(description="the merged event both reports belong to")
    document_id: str = Field(description="the other report's document")
    document_title: str | None
    outlet: str | None
    origin: str = Field(description="what the other report rests on: a named source or its text")
    other_event: str
    other_claim: str | None = Field(description="null: the text's own narration")
    stance: str = Field(description="affirmed, or denied when the claim denies the event too")


class Disagreement(BaseModel):
    """Another independent source on another side of a contradiction."""

    event_id: str
    merged_event: str
    aspect: str = Field(description="denial, place, date or count")
    what: str | None = Field(description="for counts, the counted word")
    value: str = Field(description="the claim's side")
    other_value: str = Field(description="the other source's side")
    document_id: str
    document_title: str | None
    outlet: str | None
    origin: str
    other_event: str
    other_claim: str | None


class ClaimItem(BaseModel):
    document_id: str
    document_title: str | None
    claim: Claim
    events: list[str] = Field(description="ids of the document's events resting on this claim")
    event_labels: list[str] = Field(
        description="each of those events as TYPE: actor → recipient (the same order)"
    )
    story: str | None = Field(
        None, description="the document's story; null: not linked yet, compared within itself"
    )
    status: str = Field(
        description="no_event (cannot be compared), single_source, corroborated, contradicted, "
        "corroborated_and_contradicted, or reported_elsewhere (other sources neither agree "
        "nor contradict)"
    )
    other_sources: int = Field(description="other source groups reporting the claim's events")
    corroborated_by: list[Corroboration]
    contradicted_by: list[Disagreement]


class ClaimPage(Page):
    items: list[ClaimItem]


class ActorSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "usa.mil",
                    "name": "United States Armed Forces",
                    "type": "state_military",
                    "country": "USA",
                    "code": "USAMIL",
                    "sector": "MIL",
                    "generic": False,
                    "documents": 2,
                    "mentions": 27,
                    "events": 16,
                }
            ]
        }
    )

    id: str
    name: str
    type: str
    country: str | None
    code: str | None
    sector: str | None
    generic: bool
    documents: int = Field(description="documents whose current reading mentions the actor")
    mentions: int
    events: int = Field(description="events the actor takes part in (actor or recipient)")


class ActorPage(Page):
    items: list[ActorSummary]


class DocumentRef(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    dct: Dct
    mentions: int


class EventRef(BaseModel):
    document_id: str
    event_id: str
    event: str
    modality: str
    date: str | None
    role: str | None = Field(None, description="actor or recipient (actor pages only)")


class ActorDetail(BaseModel):
    actor: Actor = Field(description="the knowledge-base record, with the mentions of one reading")
    counts: ActorSummary
    documents: list[DocumentRef]
    events: list[EventRef]


class PlaceSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "geonames:94787",
                    "name": "Kirkuk",
                    "country": "IRQ",
                    "lat": 35.46806,
                    "lon": 44.39222,
                    "feature": "city",
                    "documents": 2,
                    "mentions": 2,
                    "locational_mentions": 2,
                    "events": 0,
                }
            ]
        }
    )

    id: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    documents: int
    mentions: int
    locational_mentions: int = Field(description="mentions that are not metonymic")
    events: int = Field(description="events located there")


class PlacePage(Page):
    items: list[PlaceSummary]


class PlaceDetail(BaseModel):
    place: PlaceSummary
    documents: list[DocumentRef]
    events: list[EventRef]


class SearchHit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    dct: Dct
    rank: float = Field(
        description="relevance, higher is better (SQLite: -bm25, PostgreSQL: ts_rank); "
        "comparable within one search only"
    )
    snippet: Span | None = Field(
        description="the text around the first word found (a span of the clean text); "
        "null when only the title matched"
    )


class SearchResult(BaseModel):
    query: list[str] = Field(
        description="the words searched for, all required (words with no letter or digit "
        "are left out)"
    )
    limit: int
    offset: int
    more: bool = Field(description="true when further hits exist past this page")
    items: list[SearchHit]


# ---------------------------------------------------------------------- stories


class ActorName(BaseModel):
    id: str
    name: str | None = Field(description="as a reading recorded it; null when none did")


class StorySummary(BaseModel):
    id: str
    title: str = Field(description="its first document's title (else that document's first line)")
    size: int = Field(description="how many documents it holds")
    earliest: dt.date | None = Field(description="first day of its span (docs/stories.md)")
    latest: dt.date | None = Field(description="last day of its span (docs/stories.md)")
    actors: list[ActorName] = Field(description="key actors: those most of its documents mention")
    places: list[str] = Field(description="place ids most of its documents mention")


class StoryPage(Page):
    items: list[StorySummary]


class StoryDocument(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: dt.date | None = Field(description="the document's publication day, when known")
    score: float | None = Field(
        description="its similarity to the story when it joined; null: it began the story"
    )


class ReportRef(BaseModel):
    """One report of a merged event: the document's event, the origin it rests on."""

    document_id: str
    event_id: str
    claim_id: str | None
    outlet: str | None
    copy_group: str = Field(description="the first stored copy of the document's text")
    trigger: str
    trigger_start: int = Field(description="offset of the trigger in the document's clean text")
    stance: str
    modality: str
    origin: str = Field(description="the innermost named source, else the text and outlet")
    origin_keys: list[str]
    chain: list[str] = Field(description="the claim's sources innermost first, then the outlet")
    source_group: int = Field(description="index into the event's sources")
    published: dt.date | None


class SourceGroup(BaseModel):
    """Reports that are not independent of each other: one source."""

    origins: list[str]
    outlets: list[str]
    documents: list[str]
    reports: list[int] = Field(description="indices into the event's reports")
    affirms: bool


class Side(BaseModel):
    value: str
    reports: list[int] = Field(description="indices into the event's reports")
    origins: list[str]


class Contradiction(BaseModel):
    kind: str = Field(description="denial, place, date or count")
    sides: list[Side]
    what: str | None = Field(default=None, description="for counts, the counted word")


class MergedEvent(BaseModel):
    """The reports of one real-world event across a story's documents."""

    id: str = Field(description="<document id>#<event id> of its first report")
    type: str
    reports: list[ReportRef]
    actor_ids: list[str]
    place_ids: list[str]
    earliest: dt.date | None
    latest: dt.date | None
    sources: list[SourceGroup]
    independent_sources: int = Field(description="source groups that affirm the event")
    contradictions: list[Contradiction]


class StoryDetail(BaseModel):
    story: StorySummary
    documents: list[StoryDocument] = Field(description="in arrival order")
    events: list[MergedEvent]


class Health(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "version": "0.1.0",
                    "contract": "1.2",
                    "api": "1.2",
                    "counts": {"documents": 3, "events": 27},
                    "counts_are_estimates": True,
                }
            ]
        }
    )

    status: str
    version: str
    contract: str = Field(description="the output contract's version (docs/output-contract.md)")
    api: str = Field(
        description="the API's own shapes' version (docs/api.md): 1.2 bounds totals "
        "(total_is_lower_bound) and estimates health counts; 1.1 adds the "
        "filters, event facts, map, timeline, exports and changes"
    )
    counts: dict[str, int] = Field(
        description="rows of each table, of every reading, estimated without reading "
        "the tables (PostgreSQL's statistics; SQLite's largest rowid)"
    )
    counts_are_estimates: bool = Field(
        default=True, description="always true since API 1.2: a health check is O(1)"
    )


class NotFound(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "no document 'nope' here", "id": "nope"}]}
    )

    detail: str
    id: str


class Problem(BaseModel):
    detail: str
