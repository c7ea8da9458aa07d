"""Where documents come from: files, batches, directories, URLs; how a run reports back.

``Inputs`` names the inputs and how to read them, ``documents`` turns them into
``Document``s in order (a URL fetched through one guarded ``Fetcher`` per run),
``Tally`` counts what happened, and ``Callbacks`` is how a run tells its caller
about each failure, notice and step, without printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from watchfloor.errors import InputError, WatchfloorError
from watchfloor.vocab import Document


@dataclass
class Tally:
    """What a run did: inputs read, documents new and duplicate, failures, copies."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    copies: int = 0  # new documents that are near-duplicates of a stored text
    total: int = 0  # inputs expected, when counted (0: unknown); for progress bars

    def count(self, status: str) -> None:
        if status == "copy":
            self.new += 1
            self.copies += 1
        elif status in ("new", "duplicate", "failed"):
            setattr(self, status, getattr(self, status) + 1)

    def line(self) -> str:
        copies = f" ({self.copies} near-duplicates of stored texts)" if self.copies else ""
        return (
            f"{self.read} read, {self.new} new{copies}, {self.duplicate} duplicate, "
            f"{self.failed} failed"
        )


def _ignore(*_: Any) -> None:
    return None


@dataclass(frozen=True)
class Callbacks:
    """How a run reports as it goes; each defaults to doing nothing.

    ``failed``: one input failed (the error names it: ``str(error)`` is its line);
    ``notice``: something worth saying that is not a failure ("language 'fr' is
    not read"); ``step``: after each input, with the running tally.
    """

    failed: Callable[[WatchfloorError], None] = _ignore
    notice: Callable[[str], None] = _ignore
    step: Callable[[Tally], None] = _ignore


@dataclass(frozen=True)
class Inputs:
    """Where documents come from and how to read them."""

    paths: tuple[str, ...]
    dct: dt.date | None = None
    encoding: str = "utf-8"
    columns: str | None = None
    feeds: tuple[str, ...] = ()
    allow_private: bool = False


class Web:
    """One guarded fetcher for a whole run, made only if a URL or feed needs it."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._fetcher: Any = None

    def fetcher(self) -> Any:
        if self._fetcher is None:
            from watchfloor.ingest.fetch import Fetcher

            self._fetcher = Fetcher(allow_private=self.allow_private)
        return self._fetcher

    def __enter__(self) -> Web:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def load_resources(kb: tuple[str, ...] = ()) -> Any:
    """The extraction resources, with the actor KB files of the configuration,
    ``$WATCHFLOOR_KB`` and then ``kb`` (``knowledge.actors.configured_kb_paths``)."""
    from watchfloor.extract.pipeline import Resources
    from watchfloor.knowledge.actors import configured_kb_paths

    return Resources.load(configured_kb_paths(kb))


def documents(
    inputs: Inputs,
    tally: Tally,
    web: Web,
    on_failure: Callable[[InputError], None],
) -> Iterator[Document]:
    """Documents of the inputs' paths and URLs, in order; each input that fails to load is
    counted and handed to ``on_failure`` (which names it), and the rest go on."""
    from watchfloor.ingest.feeds import is_url, url_document
    from watchfloor.ingest.files import parse_columns, read_paths

    columns = parse_columns(inputs.columns)
    for name in inputs.paths:
        if is_url(name):
            tally.read += 1
            try:
                yield url_document(name, web.fetcher())
            except InputError as err:
                tally.failed += 1
                on_failure(err)
            continue
        for result in read_paths([name], dct=inputs.dct, encoding=inputs.encoding, columns=columns):
            tally.read += 1
            if isinstance(result, InputError):
                tally.failed += 1
                on_failure(result)
            else:
                yield result
