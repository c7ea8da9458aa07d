"""Reading texts from Python: what ``watchfloor.read`` and ``watchfloor.read_many`` do.

A text (``str``), a batch record (a mapping with ``text`` and optional ``id``,
``title``, ``url``, ``outlet``, ``dct``, as a JSONL batch line) or a
``Document`` is read into a (Document, Reading) pair by the same pipeline as
``watchfloor read``. Resources (the spaCy model, the actor KB, the gazetteer)
are loaded once per process unless given (``Resources.load()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from watchfloor.errors import InputError, WatchfloorError
from watchfloor.vocab import Document, Reading

if TYPE_CHECKING:
    from watchfloor.extract.pipeline import Resources


Text = str | Mapping[str, Any] | Document
OnError = Callable[[WatchfloorError], None]


@lru_cache(maxsize=1)
def default_resources() -> Any:
    """The resources of this process, loaded on first use (the configured actor KB files)."""
    from watchfloor.flow.inputs import load_resources

    return load_resources()


def to_document(item: Text, where: str, dct: dt.date | str | None = None, **meta: Any) -> Document:
    """A Document of a text, record or Document; InputError naming ``where`` when it is none."""
    from watchfloor.ingest.files import document_from_record

    if isinstance(item, Document):
        return item
    day = dt.date.fromisoformat(dct) if isinstance(dct, str) else dct
    if isinstance(item, str):
        record = {"text": item, **{k: v for k, v in meta.items() if v is not None}}
        return document_from_record(record, where, dct=day)
    if isinstance(item, Mapping):
        return document_from_record(dict(item), where, dct=day)
    raise InputError(
        f"expected a text, a record or a Document, got {type(item).__name__}", where=where
    )


def read(
    text: Text,
    *,
    dct: dt.date | str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    id: str | None = None,
    resources: Resources | None = None,
) -> tuple[Document, Reading]:
    """Read one text into (Document, Reading): every fact with its span, sentence and source.

    ``dct``: the publication date (``"2019-03-10"`` or a date), else inferred
    from the text where it can be (the Document then carries a range) and
    unknown where not. Raises InputError for input that is no text and
    ExtractionError when an extractor fails on it.
    """
    from watchfloor.extract.pipeline import read as read_document

    doc = to_document(text, id or "text", dct, title=title, url=url, outlet=outlet, id=id)
    document, reading = read_document(doc, resources or default_resources())
    return document, reading


def read_many(
    texts: Iterable[Text],
    *,
    dct: dt.date | str | None = None,
    resources: Resources | None = None,
    on_error: OnError | None = None,
    workers: int = 1,
) -> Iterator[tuple[Document, Reading]]:
    """Read texts, records or Documents in order, parsing in batches (faster than ``read``).

    A text that fails is handed to ``on_error`` (its error names it: ``text 3``
    or the record's id) and the rest go on; without ``on_error`` it is raised.
    ``workers``: processes that parse and extract, forked from this one with its
    resources (``flow.parallel``); the results and their order do not change.
    """
    from watchfloor.flow.parallel import read_many as read_documents

    def fail(error: WatchfloorError) -> None:
        if on_error is None:
            raise error
        on_error(error)

    def documents() -> Iterator[Document]:
        for n, item in enumerate(texts):
            try:
                yield to_document(item, _where(item, n), dct)
            except InputError as error:
                fail(error)

    res = resources or default_resources()
    for document, reading in read_documents(documents(), res, workers):
        if isinstance(reading, WatchfloorError):
            fail(reading)
        else:
            yield document, reading


def _where(item: Text, n: int) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return str(item["id"])
    return f"text {n}"
