"""Parquet batches: a table with a text column read as documents, one row each.

A Parquet file is a batch like a CSV: the column ``text`` (or the one a
column mapping names, ``text=body``) holds each article, and ``id``,
``title``, ``url``, ``outlet``, ``dct`` the record's other fields when the
table has them. Row ``n`` (counting from 1) is named ``path:n``. Only
``watchfloor bulk`` reads Parquet; it cuts a file into row ranges
(``split_parquet``) that workers read on their own (``read_parquet_range``),
a few row groups at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.ingest.files import Result, document_from_record, parse_columns
from watchfloor.ingest.limits import QUARANTINE_PREFIX_BYTES
from watchfloor.ingest.ranges import Range

PARQUET_SUFFIXES = (".parquet", ".parq")


def _open(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    except Exception as exc:  # pyarrow raises ArrowInvalid and others for a file that is no Parquet
        raise InputError(f"not a readable Parquet file ({exc})", where=str(path)) from None


def split_parquet(path: Path, size: int) -> list[Range]:
    """The file's rows cut every ``size`` rows (``start``/``stop`` are row indices here);
    raises InputError when the file is no readable Parquet."""
    rows = _open(path).metadata.num_rows
    return [Range(s, min(s + size, rows), s + 1, min(size, rows - s)) for s in range(0, rows, size)]


def _value(value: Any) -> Any:
    """A cell as a record field: dates and timestamps as ISO dates, the rest as they are."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_parquet_range(
    path: Path, part: Range, *, dct: dt.date | None = None, columns: str | None = None
) -> Iterator[Result]:
    """The documents of rows ``part.start``..``part.stop`` of a Parquet batch, in order."""
    try:
        handle = _open(path)
        mapping = parse_columns(columns)
        names = set(handle.schema_arrow.names)
        if mapping["text"] not in names:
            raise InputError(
                f"no column {mapping['text']!r} for the text (columns: {', '.join(sorted(names))}); "
                "map it with --columns text=COLUMN",
                where=str(path),
            )
        wanted = {f: c for f, c in mapping.items() if c in names}
        groups, offset = _row_groups(handle, part.start, part.stop)
        table = handle.read_row_groups(groups, columns=sorted(set(wanted.values())))
    except InputError as exc:
        yield exc
        return
    except Exception as exc:  # a corrupt row group
        yield InputError(f"unreadable Parquet data ({exc})", where=str(path))
        return
    table = table.slice(part.start - offset, part.stop - part.start)
    for n, row in enumerate(table.to_pylist(), start=part.first):
        where = f"{path}:{n}"
        record = {f: _value(row.get(c)) for f, c in wanted.items()}
        try:
            yield document_from_record(record, where, dct=dct)
        except InputError as exc:
            text = json.dumps(record, ensure_ascii=False, default=str)
            exc.data = text.encode("utf-8")[:QUARANTINE_PREFIX_BYTES]
            yield exc


def _row_groups(handle: Any, start: int, stop: int) -> tuple[list[int], int]:
    """The row groups holding rows ``start``..``stop`` and the index of the first one's first row."""
    groups, first, at = [], None, 0
    for i in range(handle.metadata.num_row_groups):
        n = handle.metadata.row_group(i).num_rows
        if at + n > start and at < stop:
            groups.append(i)
            first = at if first is None else first
        at += n
    return groups, first or 0
