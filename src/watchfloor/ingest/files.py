"""Read plain-text files and JSONL batches into Documents.

Each input yields either a ``Document`` or an ``InputError`` naming the input
(file, or file and line) and the reason. A bad input never stops the batch:
callers decide what to do with the errors (print them, quarantine them).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watchfloor import timex
from watchfloor.errors import InputError
from watchfloor.ingest.article_url import lead
from watchfloor.ingest.boilerplate import clean
from watchfloor.ingest.language import detect_language
from watchfloor.ingest.limits import (
    MAX_CONTROL_SHARE,
    MAX_DOCUMENT_BYTES,
    MAX_TEXT_CHARS,
    QUARANTINE_PREFIX_BYTES,
    content_hash,
)
from watchfloor.ingest.metadata import from_text
from watchfloor.vocab import Dct, DctHow, Document

# A JSONL batch is read line by line; one line is one document (plus fields).
MAX_JSONL_LINE_BYTES = MAX_DOCUMENT_BYTES * 2

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
BATCH_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + BATCH_SUFFIXES
# The fields a batch record may carry; a CSV column mapping names their columns.
RECORD_FIELDS = ("text", "id", "title", "url", "outlet", "dct")

Result = Document | InputError


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-\d{2}")


def parse_dct(value: str, where: str, reason: str = "the batch's 'dct' field") -> Dct:
    """A batch's stated publication date: a day (``2006-05-14``), or the range of a
    month (``2006-05``) or a year (``2006``) that backfilled archives often give.

    A range is given, not inferred: its days are ``earliest``..``latest`` and
    ``date`` stays None, so an expression that needs the publication day is
    resolved only where every day of the range agrees (``times.resolve_in_range``:
    a month's range, not a year's), never against a day picked inside it.
    """
    kind = "a year" if _YEAR.fullmatch(value) else "a month" if _MONTH.fullmatch(value) else None
    span = timex.days(value) if kind else None  # the one reckoning of a value's days
    if span is not None:
        return Dct(
            earliest=span[0], latest=span[1], how=DctHow.GIVEN, reasons=(f"{reason}: {kind}",)
        )
    try:
        return Dct.given(dt.date.fromisoformat(value), reason)
    except (TypeError, ValueError):
        raise InputError(
            f"dct {value!r} is not a date (YYYY-MM-DD, a month YYYY-MM or a year YYYY)",
            where=where,
        ) from None


# A byte-order mark names the encoding, whatever --encoding says (Windows tools
# write UTF-16 with one, and UTF-8 with one too). UTF-16 without a BOM stays
# refused as binary (its NUL bytes): nothing tells it from binary data.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a leading byte-order mark names (the codec drops the mark); None."""
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def decode(data: bytes, where: str, encoding: str = "utf-8") -> str:
    """Decode bytes as text, refusing empty, binary and mis-encoded input."""
    if not data.strip():
        raise InputError("empty input", where=where)
    marked = bom_encoding(data)
    if marked is not None:
        encoding = marked
    elif b"\x00" in data[:65536]:
        raise InputError("binary data (NUL bytes), not text", where=where)
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding if you know the file's encoding",
            where=where,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", where=where) from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls / max(len(sample), 1) > MAX_CONTROL_SHARE:
        raise InputError("binary data (control characters), not text", where=where)
    return text


def make_document(
    raw: str,
    *,
    origin: str,
    data: bytes,
    doc_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    dct: Dct | None = None,
) -> Document:
    """Build a Document from decoded raw text: boilerplate cut, title found."""
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError(
            f"text is {len(raw):,} characters, over the {MAX_TEXT_CHARS:,} limit", where=origin
        )
    text, removed = clean(raw)
    if not text.strip():
        raise InputError("no article text left after removing boilerplate", where=origin)
    author, stated = from_text(text, removed)
    if dct is None or dct.how is DctHow.UNKNOWN:
        dct = stated  # a date the text's own "Published ..." line states; a given one wins
    digest = content_hash(data)
    title, url, outlet = lead(text, title, url, outlet)  # a leading URL line is no title
    return Document(
        id=doc_id or digest[:16],
        text=text,
        raw=raw,
        content_hash=digest,
        title=title,
        url=url,
        outlet=outlet,
        language=detect_language(text)[0],
        dct=dct or Dct(),
        removed=removed,
        origin=origin,
        author=author,
    )


def read_capped(path: Path, limit: int, for_what: str, where: str | None = None) -> bytes:
    """The bytes of ``path``, refused before reading when over ``limit`` (one line, naming it)."""
    where = where or str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"file is {size:,} bytes, over the {limit:,}-byte limit for {for_what}",
                where=where,
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=where) from None


def read_text_file(path: Path, *, dct: dt.date | None = None, encoding: str = "utf-8") -> Document:
    """A plain-text article: the first content line is its title."""
    where = str(path)
    data = read_capped(path, MAX_DOCUMENT_BYTES, "one article")
    try:
        raw = decode(data, where, encoding)
        return make_document(
            raw, origin=where, data=data, dct=Dct.given(dct, "--dct") if dct else None
        )
    except InputError as exc:
        exc.data = data[:QUARANTINE_PREFIX_BYTES]
        raise


def read_html_file(path: Path, *, dct: dt.date | None = None) -> Document:
    """A saved web page: main text and stated metadata (see ingest.html)."""
    from watchfloor.ingest.html import MAX_HTML_BYTES, document_from_html

    where = str(path)
    data = read_capped(path, MAX_HTML_BYTES, "one page")
    return document_from_html(data, origin=where, dct=Dct.given(dct, "--dct") if dct else None)


def _field(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string, not {type(value).__name__}", where=where)
    return value


def document_from_record(obj: Any, where: str, *, dct: dt.date | None = None) -> Document:
    """One JSONL record: ``text`` required; ``id``, ``title``, ``url``, ``outlet``, ``dct``."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}", where=where)
    text = _field(obj, "text", where)
    if text is None:
        raise InputError("missing field 'text'", where=where)
    day = _field(obj, "dct", where)
    if day:
        doc_dct: Dct | None = parse_dct(day, where)
    else:
        doc_dct = Dct.given(dct, "--dct") if dct else None
    data = text.encode("utf-8")
    decode(data, where)  # the same emptiness and binary checks as files
    raw_id = obj.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise InputError("field 'id' must be a string or an integer", where=where)
    return make_document(
        text,
        origin=where,
        data=data,
        doc_id=str(raw_id) if raw_id is not None else None,
        title=_field(obj, "title", where),
        url=_field(obj, "url", where),
        outlet=_field(obj, "outlet", where),
        dct=doc_dct,
    )


def _utf16_object(head: bytes) -> bool:
    """Whether a UTF-16 mark is followed by the ``{`` a JSONL batch opens with."""
    return head[2:4] in (b"{\x00", b"\x00{")


def read_jsonl(path: Path, *, dct: dt.date | None = None) -> Iterator[Result]:
    """Each line of a JSONL batch, in order: a Document or the error for that line.

    A file with a UTF-16 byte-order mark is read as UTF-16 (each line passed on
    as UTF-8); a UTF-8 mark is dropped."""
    try:
        handle = path.open("rb")
        head = handle.read(4)
        marked = bom_encoding(head)
        if marked == "utf-16" and not _utf16_object(head):
            marked = None  # a junk first line that happens to start like a mark
        handle.seek(len(codecs.BOM_UTF8) if marked == "utf-8-sig" else 0)
    except OSError as exc:
        yield InputError(exc.strerror or str(exc), where=str(path))
        return
    with handle:
        lines: Iterator[bytes] = handle
        if marked == "utf-16":
            text = codecs.getreader("utf-16")(handle, "replace")
            lines = (line.encode("utf-8") for line in text)
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield jsonl_record(line, f"{path}:{number}", dct)


def jsonl_record(line: bytes, where: str, dct: dt.date | None = None) -> Result:
    """One non-blank line of a JSONL batch: its Document, or the error naming ``where``."""
    if len(line) > MAX_JSONL_LINE_BYTES:
        return InputError(
            f"line is {len(line):,} bytes, over the limit",
            where=where,
            data=line[:QUARANTINE_PREFIX_BYTES],
        )
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputError(
            f"not valid UTF-8 at byte {exc.start}", where=where, data=line[:QUARANTINE_PREFIX_BYTES]
        )
    except json.JSONDecodeError as exc:
        return InputError(
            f"malformed JSON ({exc.msg} at column {exc.colno})",
            where=where,
            data=line[:QUARANTINE_PREFIX_BYTES],
        )
    try:
        return document_from_record(obj, where, dct=dct)
    except InputError as exc:
        exc.data = line[:QUARANTINE_PREFIX_BYTES]
        return exc


def parse_columns(spec: str | None) -> dict[str, str]:
    """A CSV column mapping "text=body,title=headline" -> {"text": "body", ...}."""
    mapping = {f: f for f in RECORD_FIELDS}
    if not spec:
        return mapping
    for part in spec.split(","):
        field_name, sep, column = part.partition("=")
        field_name, column = field_name.strip(), column.strip()
        if not sep or field_name not in RECORD_FIELDS or not column:
            raise InputError(
                f"bad column mapping {part.strip()!r}: use FIELD=COLUMN with FIELD one of "
                + ", ".join(RECORD_FIELDS),
                where="--columns",
            )
        mapping[field_name] = column
    return mapping


def read_csv(
    path: Path, *, dct: dt.date | None = None, columns: dict[str, str] | None = None
) -> Iterator[Result]:
    """Each row of a CSV (or TSV) batch: a Document or the error for that row.

    The first row names the columns; ``columns`` maps record fields to them
    (by default a column named like the field). Rows are numbered as in a
    spreadsheet, the header being row 1.
    """
    mapping = columns or parse_columns(None)
    csv.field_size_limit(MAX_TEXT_CHARS * 4)  # an article is longer than csv's 128 KB default
    try:
        with path.open("rb") as head:
            encoding = "utf-16" if bom_encoding(head.read(4)) == "utf-16" else "utf-8-sig"
        handle = path.open(encoding=encoding, newline="")
    except OSError as exc:
        yield InputError(exc.strerror or str(exc), where=str(path))
        return
    with handle:
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        reader = csv.DictReader(handle, dialect=dialect)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            yield InputError(f"unreadable CSV header ({exc})", where=str(path))
            return
        if mapping["text"] not in header:
            yield InputError(
                f"no column {mapping['text']!r} for the text (columns: {', '.join(header)}); "
                "map it with --columns text=COLUMN",
                where=str(path),
            )
            return
        yield from csv_rows(path, reader, mapping, dct)


def csv_rows(
    path: Path,
    reader: csv.DictReader[str],
    mapping: dict[str, str],
    dct: dt.date | None,
    row_number: int = 1,
) -> Iterator[Result]:
    """The records of ``reader`` (rows after ``row_number``, as a spreadsheet numbers them)."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield InputError(
                f"malformed CSV, the rest is not read ({exc})", where=f"{path}:{row_number + 1}"
            )
            return
        row_number += 1
        where = f"{path}:{row_number}"
        record = {f: row.get(c) or None for f, c in mapping.items()}
        try:
            yield document_from_record(record, where, dct=dct)
        except InputError as exc:
            exc.data = json.dumps(row, ensure_ascii=False).encode("utf-8")[:QUARANTINE_PREFIX_BYTES]
            yield exc


def read_paths(
    paths: list[str] | tuple[str, ...],
    *,
    dct: dt.date | None = None,
    encoding: str = "utf-8",
    columns: dict[str, str] | None = None,
) -> Iterator[Result]:
    """Every document of every path, in order; a directory is walked, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _read_dir(path, dct=dct, encoding=encoding, columns=columns)
        else:
            yield from _read_one(path, dct=dct, encoding=encoding, columns=columns)


def count_inputs(paths: list[str] | tuple[str, ...]) -> int:
    """How many documents ``read_paths`` will yield (for a progress bar): one per
    text file, one per non-blank batch line. Reads batch files, not their JSON."""
    total = 0
    for name in paths:
        path = Path(name)
        files = [path] if not path.is_dir() else list(walk(path))
        for f in files:
            total += _count_file(f)
    return total


def _count_file(f: Path) -> int:
    suffix = f.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with f.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix in CSV_SUFFIXES:
            with f.open(encoding="utf-8-sig", newline="", errors="replace") as text:
                dialect = "excel-tab" if suffix == ".tsv" else "excel"
                return max(sum(1 for _ in csv.reader(text, dialect=dialect)) - 1, 1)
    except (OSError, csv.Error):
        pass
    return 1


def walk(root: Path, suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> Iterator[Path]:
    """The files under ``root`` with one of ``suffixes``, sorted, hidden folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            if fn.lower().endswith(suffixes):
                yield Path(dirpath) / fn


def _read_dir(
    root: Path, *, dct: dt.date | None, encoding: str, columns: dict[str, str] | None
) -> Iterator[Result]:
    found = False
    for path in walk(root):
        found = True
        yield from _read_one(path, dct=dct, encoding=encoding, columns=columns)
    if not found:
        yield InputError("no .txt, .html, .jsonl or .csv files in this directory", where=str(root))


def _read_one(
    path: Path, *, dct: dt.date | None, encoding: str, columns: dict[str, str] | None
) -> Iterator[Result]:
    if not path.exists():
        yield InputError("no such file", where=str(path))
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path, dct=dct)
    elif path.suffix.lower() in CSV_SUFFIXES:
        yield from read_csv(path, dct=dct, columns=columns)
    elif path.suffix.lower() in HTML_SUFFIXES:
        try:
            yield read_html_file(path, dct=dct)
        except InputError as exc:
            yield exc
    else:
        try:
            yield read_text_file(path, dct=dct, encoding=encoding)
        except InputError as exc:
            yield exc
