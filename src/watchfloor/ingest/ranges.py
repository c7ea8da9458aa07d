"""Parts of a batch file: a JSONL or CSV batch cut into byte ranges of whole records.

``watchfloor bulk`` hands each part of a large batch to a different worker.
``split_jsonl`` and ``split_csv`` scan a file once (no JSON is parsed, no
document built) and cut it every ``size`` records at a record boundary;
``read_jsonl_range`` and ``read_csv_range`` read one part back, numbering its
records as the whole-file readers of ``ingest.files`` do (``path:line`` for
JSONL, the spreadsheet row for CSV), so a document, its origin and its error
are the same whether the file is read whole or in parts.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfloor.errors import InputError
from watchfloor.ingest.files import (
    MAX_TEXT_CHARS,
    Result,
    csv_rows,
    jsonl_record,
    parse_columns,
)


@dataclass(frozen=True)
class Range:
    """Records ``first``.. of a batch, in bytes ``start``..``stop``: ``count`` of them."""

    start: int
    stop: int
    first: int  # the number of its first line (JSONL) or row (CSV, the header being row 1)
    count: int


def split_jsonl(path: Path, size: int) -> list[Range]:
    """The file cut every ``size`` non-blank lines; raises InputError when it cannot be read."""
    out: list[Range] = []
    try:
        with path.open("rb") as handle:
            start = pos = 0
            first, count = 1, 0
            for number, line in enumerate(handle, start=1):
                if count == 0:
                    start, first = pos, number
                pos += len(line)
                if line.strip():
                    count += 1
                if count == size:
                    out.append(Range(start, pos, first, count))
                    count = 0
            if count:
                out.append(Range(start, pos, first, count))
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    return out


def read_jsonl_range(path: Path, part: Range, *, dct: dt.date | None = None) -> Iterator[Result]:
    """The records of one part of a JSONL batch, numbered as ``read_jsonl`` numbers them."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(exc.strerror or str(exc), where=str(path))
        return
    with handle:
        handle.seek(part.start)
        pos = part.start
        for number, line in enumerate(handle, start=part.first):
            if pos >= part.stop:
                return
            pos += len(line)
            if line.strip():
                yield jsonl_record(line, f"{path}:{number}", dct)


class _Lines:
    """Decoded lines of a binary file from ``start``, counting the bytes handed out."""

    def __init__(self, handle: object, start: int, stop: int | None) -> None:
        self.handle = handle
        self.pos = start
        self.stop = stop
        self.first = start == 0

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:  # type: ignore[attr-defined]
            if self.stop is not None and self.pos >= self.stop:
                return
            self.pos += len(line)
            yield line.decode("utf-8-sig" if self.first else "utf-8")
            self.first = False


def _dialect(path: Path) -> str:
    return "excel-tab" if path.suffix.lower() == ".tsv" else "excel"


def split_csv(path: Path, size: int, columns: str | None = None) -> list[Range] | None:
    """The rows of a CSV/TSV batch cut every ``size`` records; None when the file is better
    read whole (its header is unreadable or lacks the text column, or it is not UTF-8:
    ``read_csv`` names the error once, where it meets it).

    A malformed row ends the scan: the last part runs to the end of the file, so reading
    it meets the same error ``read_csv`` meets. Raises InputError when the file cannot be read.
    """
    csv.field_size_limit(MAX_TEXT_CHARS * 4)
    mapping = parse_columns(columns)
    out: list[Range] = []
    try:
        with path.open("rb") as handle:
            lines = _Lines(handle, 0, None)
            reader = csv.reader(iter(lines), dialect=_dialect(path))
            try:
                header = next(reader)
            except (StopIteration, csv.Error, UnicodeDecodeError):
                return None
            if mapping["text"] not in header:
                return None
            row, start, count = 1, lines.pos, 0
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError:  # read whole: `read_csv` refuses it as it does
                    return None
                except csv.Error:
                    size_of = path.stat().st_size
                    out.append(Range(start, size_of, row + 1 - count, count + 1))
                    return out
                if not fields:  # a blank row: csv.DictReader skips it, uncounted
                    continue
                row += 1
                count += 1
                if count == size:
                    out.append(Range(start, lines.pos, row - count + 1, count))
                    start, count = lines.pos, 0
            if count:
                out.append(Range(start, lines.pos, row - count + 1, count))
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    return out


def read_csv_range(
    path: Path, part: Range, *, dct: dt.date | None = None, columns: str | None = None
) -> Iterator[Result]:
    """The records of one part of a CSV/TSV batch, numbered as ``read_csv`` numbers them."""
    csv.field_size_limit(MAX_TEXT_CHARS * 4)
    mapping = parse_columns(columns)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(exc.strerror or str(exc), where=str(path))
        return
    with handle:
        try:
            header = next(csv.reader(iter(_Lines(handle, 0, None)), dialect=_dialect(path)))
        except (StopIteration, csv.Error, UnicodeDecodeError) as exc:
            yield InputError(f"unreadable CSV header ({exc})", where=str(path))
            return
        handle.seek(part.start)
        reader = csv.DictReader(
            iter(_Lines(handle, part.start, part.stop)), fieldnames=header, dialect=_dialect(path)
        )
        yield from csv_rows(path, reader, mapping, dct, row_number=part.first - 1)
