"""The vocabulary of watchfloor: one module of frozen dataclasses.

Every stage of the flow (ingest -> extract -> store -> link -> views) passes
these records and nothing else. Validation happens at the edges (files, KB
YAML, API bodies); inside, a record is trusted to be well formed.

Offsets: every ``start``/``end`` pair is a Python ``str`` index into the
*clean* text of its ``Document`` (end exclusive), except ``Removed``, whose
offsets index the raw decoded input. ``text`` always equals
``document.text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

CONTRACT_VERSION = "1.2"


class Modality(StrEnum):
    """How a claim or event is put forward by the text."""

    ASSERTED = "asserted"  # the outlet states it as fact
    REPORTED = "reported"  # attributed to a source
    DENIED = "denied"  # negated by its source
    SPECULATED = "speculated"  # hedged: unverified, believed, possible, may
    DEMANDED = "demanded"  # someone calls for it to happen
    PLANNED = "planned"  # announced or expected to happen in the future
    CONDITIONAL = "conditional"  # would happen if ...


class DctHow(StrEnum):
    """How a document's publication date (DCT) was obtained."""

    GIVEN = "given"  # the user said so (--dct, a batch field)
    METADATA = "metadata"  # the page's own metadata
    INFERRED = "inferred"  # reasoned from the text (a range)
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """Who a claim is attributed to."""

    PERSON = "person"  # a named person, with role when given
    ANONYMOUS = "anonymous"  # an unnamed official, insider, source
    MEDIA = "media"  # a media outlet or its report
    STATEMENT = "statement"  # an official statement or document
    GROUP = "group"  # an organisation, government, group
    UNSPECIFIED = "unspecified"  # "it is believed", "reports have emerged"
    OUTLET = "outlet"  # the article's own outlet (always outermost)


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document's clean text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Removed:
    """A region cut from the raw input as boilerplate; offsets into the raw text."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Dct:
    """Publication date: a day when known, else a range or nothing, and how we know."""

    date: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    how: DctHow = DctHow.UNKNOWN
    reasons: tuple[str, ...] = ()  # why this date or range (for "inferred", each constraint)

    @classmethod
    def given(cls, day: dt.date, reason: str = "given by the user") -> Dct:
        return cls(date=day, earliest=day, latest=day, how=DctHow.GIVEN, reasons=(reason,))


@dataclass(frozen=True, slots=True)
class Document:
    """One article: clean text plus everything known about where it came from.

    ``raw`` is the decoded input before boilerplate removal; ``removed`` lists
    the regions of ``raw`` that are not in ``text``, in order. ``content_hash``
    is the sha256 of the raw bytes and is what makes storage idempotent.
    """

    id: str
    text: str
    raw: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    dct: Dct = field(default_factory=Dct)
    removed: tuple[Removed, ...] = ()
    origin: str | None = None  # file path (and line) or URL it was read from
    author: str | None = None
    # The original bytes when ``raw`` was derived from them (an HTML page, a feed
    # entry): kept by the store, content-addressed, so a newer extractor can re-read.
    source: bytes | None = field(default=None, repr=False)
    source_type: str | None = None  # media type of ``source``: "text/html", ...

    @property
    def label(self) -> str:
        """What to call the document on a page: ``document_label`` of its title and text."""
        return document_label(self.title, self.text, self.id)


# Characters of a text's opening shown as the label of a document with no title.
LABEL_CHARS = 90


def document_label(
    title: str | None, text: str | None, doc_id: str, limit: int = LABEL_CHARS
) -> str:
    """A document's title; else the opening words of its first line, cut at a word before
    ``limit`` characters with an ellipsis; else its id. A label only: the title stays
    unknown."""
    if title and title.strip():
        return title.strip()
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    if not first:
        return doc_id
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or first[:limit]) + "\u2026"


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Role:
    """A position an actor held, with tenure dates (inclusive; None = open)."""

    title: str
    country: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A knowledge-base entity: a state body, group, person, outlet ...

    ``generic`` marks typed unknowns ("armed factions", "a senior government
    source"): a class of actor, not one identified entity.
    """

    id: str
    name: str
    type: str
    country: str | None = None  # ISO 3166-1 alpha-3, or an IGO code
    code: str | None = None  # PLOVER/CAMEO-style actor code, e.g. "USAMIL"
    sector: str | None = None  # GOV, MIL, REB, OPP, CVL, MED, ...
    aliases: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    wikidata: str | None = None
    generic: bool = False
    source: str | None = None
    founded: dt.date | None = None  # when the organisation came into being (if known)
    dissolved: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A span of the text linked to a KB actor.

    ``count``: how many individuals a typed unknown denotes ("three officials"
    -> 3), else None. ``rule``: how the mention was resolved when not by its
    own words ("acronym", "surname", "title", "anaphor", "owner",
    "metonymy", "context_country"), else None. ``role_conflict``: an office title written
    next to the person that the KB says they did not hold on the publication
    date ("head_of_government"), else None.
    """

    actor_id: str
    span: Span
    sentence: int
    count: int | None = None
    rule: str | None = None
    role_conflict: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. ``feature``: country, admin1, admin2, city, region ..."""

    id: str
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float
    lon: float
    feature: str
    population: int | None = None
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in the text resolved to a place.

    ``metonymic`` marks non-locational uses: the name stands for a government
    or its people ("Baghdad would not allow", the demonym "Iraqi") or is part
    of an organisation's or actor's name ("the Ohio Department of Health",
    "US forces"): not an event location.
    """

    place_id: str
    span: Span
    sentence: int
    metonymic: bool = False
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression normalised TIMEX3-style.

    ``value``: ISO date, "YYYY-MM-DD/YYYY-MM-DD" range, or another TIMEX3
    value ("2019-W10", "P3D", "PRESENT_REF"); None when it cannot be resolved,
    with ``reason`` saying why ("needs_dct", "ambiguous", "ambiguous_in_dct_range":
    the days of an inferred publication range disagree, ...). ``anchor`` says what
    the value was computed from ("dct", "absolute", "time:<i>", "dct_range": the
    same value on every day of the inferred publication range).
    ``rule`` names the rule that produced it.
    """

    span: Span
    sentence: int
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    anchor: str | None = None
    rule: str | None = None
    reason: str | None = None
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, START, APPROX ...
    # The days the expression covers, "YYYY-MM-DD/YYYY-MM-DD", when its value is
    # not itself a day or a range: "recent weeks" (PAST_REF), "since Wednesday".
    range: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One link of a claim's source chain."""

    text: str
    kind: SourceKind
    span: Span | None = None  # None for the article's outlet when not in the text
    actor: str | None = None  # KB actor id when resolved
    role: str | None = None
    count: int | None = None  # "three prominent individuals" -> 3


@dataclass(frozen=True, slots=True)
class Claim:
    """Something the text puts forward, with who it rests on and how sure.

    ``sources`` run innermost first, the article's own outlet last.
    """

    id: str
    span: Span  # the content
    sentence: int
    modality: Modality
    cue: Span | None = None
    sources: tuple[Source, ...] = ()
    modality_cue: Span | None = None  # the hedge or negation that set the modality


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An event participant: a KB actor (or typed unknown) as it appears in the text."""

    actor_id: str | None
    entity_text: str
    span: Span | None = None
    code: str | None = None
    sector: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-coded event: who did what to whom, where, when, and how sure."""

    id: str
    event: str  # PLOVER type: MOBILIZE, DEMAND, ...
    trigger: Span
    sentence: int
    modality: Modality
    mode: str | None = None
    actor: tuple[EntityRef, ...] = ()
    recipient: tuple[EntityRef, ...] = ()
    event_loc: PlaceMention | None = None
    date: str | None = None  # ISO date or range; None when unknown
    date_approx: bool = False  # True when the date falls back to the DCT
    claim: str | None = None  # id of the claim it rests on
    cameo: str | None = None  # CAMEO root code
    quad_class: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything extracted from one Document by one version of the extractors."""

    document_id: str
    extractor: str  # e.g. "watchfloor 0.1.0: actors.v1 places.v1 ..."
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()  # the KB entries mentioned
    actor_mentions: tuple[ActorMention, ...] = ()
    places: tuple[Place, ...] = ()
    place_mentions: tuple[PlaceMention, ...] = ()
    times: tuple[TimeRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    note: str | None = None  # why a document was not read (e.g. "language 'fr' is not read")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What we know of a subscribed feed, so a re-poll fetches only what is new."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    polled_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Documents judged to report on the same real-world development."""

    id: str
    title: str
    document_ids: tuple[str, ...]
    earliest: dt.date | None = None
    latest: dt.date | None = None
    actor_ids: tuple[str, ...] = ()
