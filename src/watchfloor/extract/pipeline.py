"""The extraction pipeline: ``read(Document, Resources) -> Reading``.

No I/O, no database, no globals: models and knowledge are loaded once by
``Resources.load()`` and passed in. Each stage is a flat module with a
versioned ``NAME`` and a ``find(...)`` function; the order below is the order
of dependence (events use everything before them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from watchfloor import __version__
from watchfloor.errors import ExtractionError
from watchfloor.extract import actors, claims, events, places, sentences, times
from watchfloor.extract.cues import Cues
from watchfloor.extract.places import context as place_context
from watchfloor.extract.sports import sports_sentences
from watchfloor.extract.times import dct
from watchfloor.vocab import DctHow, Document, Reading

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.extract.events.classifier import EventClassifier
    from watchfloor.knowledge.actors import ActorKB
    from watchfloor.knowledge.gazetteer import Gazetteer

STAGES = (actors.NAME, places.NAME, times.NAME, dct.NAME, claims.NAME, events.NAME)
EXTRACTOR = f"watchfloor {__version__}: " + " ".join(STAGES)


@dataclass(frozen=True, repr=False)
class Resources:
    """What extraction needs, loaded once and shared by every document."""

    def __repr__(self) -> str:
        return f"Resources(nlp={self.nlp.meta.get('name')!r}, kb={len(self.kb)} actors)"

    nlp: Language
    kb: ActorKB
    gazetteer: Gazetteer
    cues: Cues = field(default_factory=Cues.load)  # the cue lexicons of claims and events
    # The learned event classifier (extract.events.classifier); None: the rules alone.
    event_model: EventClassifier | None = None

    @classmethod
    def load(cls, kb_paths: tuple[str, ...] = ()) -> Resources:
        from watchfloor.extract.events.classifier import load_shipped
        from watchfloor.extract.nlp import load_nlp
        from watchfloor.knowledge.actors import load_kb
        from watchfloor.knowledge.gazetteer import load_gazetteer

        return cls(
            nlp=load_nlp(),
            kb=load_kb(kb_paths),
            gazetteer=load_gazetteer(),
            cues=Cues.load(),
            event_model=load_shipped(),
        )


def read(
    document: Document, res: Resources, *, outlet_state: int | None = None
) -> tuple[Document, Reading]:
    """Read one document: every fact with its span, sentence and sources.

    Returns the document too: reading it may infer the publication date of an
    undated article (a range, ``how: inferred``), which the document then carries.
    ``outlet_state``: the state the outlet's other articles are about, from their
    readings (``places.context.outlet_state``), if the caller keeps them.
    """
    skipped = not_read(document)
    if skipped is not None:
        return document, skipped
    return read_parsed(document, res.nlp(document.text), res, outlet_state=outlet_state)


def read_parsed(
    document: Document, parsed: SpacyDoc, res: Resources, *, outlet_state: int | None = None
) -> tuple[Document, Reading]:
    """Like ``read`` for a document already parsed by ``res.nlp`` (batches use nlp.pipe)."""
    sents = sentences.find(parsed)
    actor_mentions = actors.find(parsed, sents, res.kb, document.dct, res.cues.sports)
    outlet, home = (
        place_context.outlet_country(document.url),
        place_context.outlet_home(document.url),
    )
    sports = sports_sentences(parsed, res.cues.sports)
    place_mentions = places.find(
        parsed, sents, res.gazetteer, actor_mentions, res.kb, outlet, home, sports, outlet_state
    )
    actor_mentions = actors.with_places(actor_mentions, place_mentions, res.gazetteer, res.kb)
    time_refs = times.find(parsed, sents, document.dct)
    if document.dct.how is DctHow.UNKNOWN:
        inferred = dct.infer(parsed, sents, document, actor_mentions, res.kb, time_refs)
        if inferred is not document.dct:
            document = replace(document, dct=inferred)
            # What only lacked a publication day, fixed alike by every day of a short range.
            time_refs = times.resolve_in_range(parsed, sents, time_refs, inferred)
    elif document.dct.date is None and document.dct.earliest is not None:
        # A given month or year ("2006-05" in a backfilled batch): the same rule, so
        # a month fixes what all its days agree on and a year is too long to fix any.
        time_refs = times.resolve_in_range(parsed, sents, time_refs, document.dct)
    claim_list = claims.find(parsed, sents, document, actor_mentions, res.kb, res.cues.claims)
    event_list = events.find(
        parsed,
        sents,
        document,
        actor_mentions=actor_mentions,
        kb=res.kb,
        place_mentions=place_mentions,
        gazetteer=res.gazetteer,
        times=time_refs,
        claims=claim_list,
        cues=res.cues,
        classifier=res.event_model,
    )
    actor_ids = dict.fromkeys(m.actor_id for m in actor_mentions)
    place_ids = dict.fromkeys(m.place_id for m in place_mentions)
    return document, Reading(
        document_id=document.id,
        extractor=EXTRACTOR,
        sentences=sents,
        actors=tuple(res.kb[a] for a in actor_ids),
        actor_mentions=actor_mentions,
        places=tuple(res.gazetteer.get(p) for p in place_ids),
        place_mentions=place_mentions,
        times=time_refs,
        claims=claim_list,
        events=event_list,
    )


# Documents parsed per nlp.pipe call: large enough to amortise spaCy's batch
# overhead, small enough that a crash loses little and memory stays flat.
PIPE_BATCH = 32


# The outlet's state of each of a batch's documents (``read``'s keyword), in order:
# asked once per batch, so the caller can look them up in one query.
OutletStates = Callable[[Sequence[Document]], "list[int | None]"]


def read_many(
    documents: Iterable[Document],
    res: Resources,
    batch_size: int = PIPE_BATCH,
    outlet_states: OutletStates | None = None,
) -> Iterator[tuple[Document, Reading | ExtractionError]]:
    """Read documents in order; a failure on one document is returned, not raised.

    spaCy parses in batches (``nlp.pipe``); each document is then read on its
    own, so an extractor failing on one document reports an ExtractionError
    for that document and the batch goes on. ``outlet_states``: the outlet's
    state of each document read (``read``'s keyword), asked once per batch, in
    input order.
    """
    buffer: list[Document] = []
    for doc in documents:
        buffer.append(doc)
        if len(buffer) >= batch_size:
            yield from _read_batch(buffer, res, outlet_states)
            buffer = []
    if buffer:
        yield from _read_batch(buffer, res, outlet_states)


def _read_batch(
    docs: list[Document], res: Resources, outlet_states: OutletStates | None = None
) -> Iterator[tuple[Document, Reading | ExtractionError]]:
    skips = [not_read(d) for d in docs]
    read = [d for d, skip in zip(docs, skips, strict=True) if skip is None]
    parsed_docs = iter(res.nlp.pipe([d.text for d in read]))
    states = iter(outlet_states(read) if outlet_states is not None and read else ())
    for doc, skipped in zip(docs, skips, strict=True):
        if skipped is not None:
            yield doc, skipped
            continue
        parsed = next(parsed_docs)
        state = next(states) if outlet_states is not None else None
        try:
            yield read_parsed(doc, parsed, res, outlet_state=state)
        except Exception as exc:  # an extractor bug must not end the batch
            error = ExtractionError(f"{type(exc).__name__}: {exc}", where=doc.origin or doc.id)
            error.__cause__ = exc
            yield doc, error


# The extractors, lexicons and model are English: other languages are stored, not read.
READ_LANGUAGES = frozenset({"en"})


def not_read(doc: Document) -> Reading | None:
    """An empty reading saying why, for a document in a language we do not read.

    A document whose language could not be told (very short texts) is read.
    """
    if doc.language is None or doc.language in READ_LANGUAGES:
        return None
    note = f"language {doc.language!r} is not read (the extractors read English only)"
    return Reading(document_id=doc.id, extractor=EXTRACTOR, note=note)
