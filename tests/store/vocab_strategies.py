"""Hypothesis strategies for consistent vocab records: a Document and a Reading of it.

Consistent means what the vocabulary promises: every span's text is the clean
text at its offsets, the raw text is the clean text with the removed regions
put back, and the Reading is of the Document. Within that, everything varies:
unicode, empty and repeated ids, mentions of actors or places the Reading does
not list, optional fields absent or present.

Shared by tests/test_serialize.py and the store tests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from watchfloor.vocab import (
    Actor,
    ActorMention,
    Claim,
    Dct,
    DctHow,
    Document,
    EntityRef,
    Event,
    Modality,
    Place,
    PlaceMention,
    Reading,
    Removed,
    Role,
    Sentence,
    Source,
    SourceKind,
    Span,
    TimeRef,
)

# Databases hold 32-bit integers in INTEGER columns.
INT32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)
SMALL = st.integers(min_value=0, max_value=500)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)


def texts(*, nul: bool = True, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any unicode except lone surrogates (not text); NUL optional (PostgreSQL refuses it)."""
    chars = st.characters(exclude_categories=("Cs",), exclude_characters=() if nul else ("\x00",))
    return st.text(chars, min_size=min_size, max_size=max_size)


IDS = st.sampled_from(["a1", "a2", "p1", "p2", "", "ü-ñ", "x" * 40])


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def span_in(draw: st.DrawFn, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span(start, end, text[start:end])


@st.composite
def _raw_and_clean(draw: st.DrawFn, nul: bool) -> tuple[str, str, tuple[Removed, ...]]:
    s = texts(nul=nul)
    pieces = draw(st.lists(st.tuples(s, texts(nul=nul, min_size=1, max_size=15)), max_size=4))
    tail = draw(s)
    raw_parts: list[str] = []
    clean_parts: list[str] = []
    removed: list[Removed] = []
    pos = 0
    for kept, cut in pieces:
        raw_parts.append(kept)
        clean_parts.append(kept)
        pos += len(kept)
        removed.append(
            Removed(pos, pos + len(cut), cut, draw(st.sampled_from(["site_chrome", "x"])))
        )
        raw_parts.append(cut)
        pos += len(cut)
    raw_parts.append(tail)
    clean_parts.append(tail)
    return "".join(raw_parts), "".join(clean_parts), tuple(removed)


@st.composite
def documents(draw: st.DrawFn, *, nul: bool = True, source: bool = False) -> Document:
    """A consistent Document; ``source``: with original bytes and media type (the store
    keeps them; the output contract does not carry them)."""
    s = texts(nul=nul)
    raw, text, removed = draw(_raw_and_clean(nul))
    day = _opt(st.dates())
    return Document(
        id=draw(texts(nul=nul, min_size=1, max_size=20)),
        text=text,
        raw=raw,
        content_hash=draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
        title=draw(_opt(s)),
        url=draw(_opt(s)),
        outlet=draw(_opt(s)),
        language=draw(_opt(st.sampled_from(["en", "ar", "fa"]))),
        dct=Dct(
            draw(day),
            draw(day),
            draw(day),
            draw(st.sampled_from(list(DctHow))),
            tuple(draw(st.lists(s, max_size=2))),
        ),
        removed=removed,
        origin=draw(_opt(s)),
        author=draw(_opt(s)),
        source=draw(_opt(st.binary(max_size=64))) if source else None,
        source_type=(
            draw(_opt(st.sampled_from(["text/html", "application/rss+xml", "ü/x"])))
            if source
            else None
        ),
    )


def _role(s: st.SearchStrategy[str]) -> st.SearchStrategy[Role]:
    return st.builds(Role, s, _opt(s), _opt(st.dates()), _opt(st.dates()), _opt(s))


def _actor(s: st.SearchStrategy[str]) -> st.SearchStrategy[Actor]:
    return st.builds(
        Actor,
        id=IDS,
        name=s,
        type=s,
        country=_opt(s),
        code=_opt(s),
        sector=_opt(s),
        aliases=st.lists(s, max_size=2).map(tuple),
        member_of=st.lists(s, max_size=2).map(tuple),
        roles=st.lists(_role(s), max_size=2).map(tuple),
        wikidata=_opt(s),
        generic=st.booleans(),
        source=_opt(s),
    )


def _place(s: st.SearchStrategy[str]) -> st.SearchStrategy[Place]:
    return st.builds(
        Place,
        id=IDS,
        name=s,
        country=_opt(s),
        lat=FLOATS,
        lon=FLOATS,
        feature=s,
        population=_opt(INT32),
        admin1=_opt(s),
    )


@st.composite
def _place_mention(draw: st.DrawFn, text: str) -> PlaceMention:
    return PlaceMention(
        draw(IDS), draw(span_in(text)), draw(SMALL), draw(st.booleans()), draw(FLOATS)
    )


@st.composite
def _time(draw: st.DrawFn, text: str, s: st.SearchStrategy[str]) -> TimeRef:
    return TimeRef(
        span=draw(span_in(text)),
        sentence=draw(SMALL),
        type=draw(st.sampled_from(["DATE", "TIME", "DURATION", "SET"])),
        value=draw(_opt(s)),
        anchor=draw(_opt(s)),
        rule=draw(_opt(s)),
        reason=draw(_opt(s)),
        mod=draw(_opt(s)),
    )


@st.composite
def _source(draw: st.DrawFn, text: str, s: st.SearchStrategy[str]) -> Source:
    # A source found in the text is named by its words; the outlet by its name.
    span = draw(_opt(span_in(text)))
    return Source(
        text=span.text if span is not None else draw(s),
        kind=draw(st.sampled_from(list(SourceKind))),
        span=span,
        actor=draw(_opt(IDS)),
        role=draw(_opt(s)),
        count=draw(_opt(INT32)),
    )


@st.composite
def _claim(draw: st.DrawFn, text: str, s: st.SearchStrategy[str]) -> Claim:
    return Claim(
        id=draw(s),
        span=draw(span_in(text)),
        sentence=draw(SMALL),
        modality=draw(st.sampled_from(list(Modality))),
        cue=draw(_opt(span_in(text))),
        sources=tuple(draw(st.lists(_source(text, s), max_size=3))),
        modality_cue=draw(_opt(span_in(text))),
    )


@st.composite
def _entity(draw: st.DrawFn, text: str, s: st.SearchStrategy[str]) -> EntityRef:
    return EntityRef(
        actor_id=draw(_opt(IDS)),
        entity_text=draw(s),
        span=draw(_opt(span_in(text))),
        code=draw(_opt(s)),
        sector=draw(_opt(s)),
        country=draw(_opt(s)),
    )


@st.composite
def _event(draw: st.DrawFn, text: str, s: st.SearchStrategy[str]) -> Event:
    dates = st.sampled_from(["2019-03-06", "2019-03-04/2019-03-08", "2019-W10", "2019-03", "P3D"])
    return Event(
        id=draw(s),
        event=draw(st.sampled_from(["MOBILIZE", "DEMAND", "ASSAULT"]) | s),
        trigger=draw(span_in(text)),
        sentence=draw(SMALL),
        modality=draw(st.sampled_from(list(Modality))),
        mode=draw(_opt(s)),
        actor=tuple(draw(st.lists(_entity(text, s), max_size=2))),
        recipient=tuple(draw(st.lists(_entity(text, s), max_size=2))),
        event_loc=draw(_opt(_place_mention(text))),
        date=draw(_opt(dates | s)),
        date_approx=draw(st.booleans()),
        claim=draw(_opt(s)),
        cameo=draw(_opt(s)),
        quad_class=draw(_opt(INT32)),
    )


@st.composite
def readings_of(draw: st.DrawFn, document: Document, *, nul: bool = True) -> Reading:
    text = document.text
    s = texts(nul=nul, max_size=12)
    return Reading(
        document_id=document.id,
        extractor=draw(texts(nul=nul, min_size=1, max_size=30)),
        note=draw(_opt(s)),
        sentences=tuple(draw(st.lists(st.builds(Sentence, SMALL, SMALL, SMALL), max_size=3))),
        actors=tuple(draw(st.lists(_actor(s), max_size=3))),
        actor_mentions=tuple(
            draw(
                st.lists(
                    st.builds(ActorMention, IDS, span_in(text), SMALL),
                    max_size=4,
                )
            )
        ),
        places=tuple(draw(st.lists(_place(s), max_size=3))),
        place_mentions=tuple(draw(st.lists(_place_mention(text), max_size=4))),
        times=tuple(draw(st.lists(_time(text, s), max_size=3))),
        claims=tuple(draw(st.lists(_claim(text, s), max_size=3))),
        events=tuple(draw(st.lists(_event(text, s), max_size=3))),
    )


@st.composite
def document_readings(
    draw: st.DrawFn, *, nul: bool = True, source: bool = False
) -> tuple[Document, Reading]:
    document = draw(documents(nul=nul, source=source))
    return document, draw(readings_of(document, nul=nul))
