"""A bulk job's plan: its inputs cut into partitions, each with an id that a rerun finds again.

Inputs are the kinds ``read`` takes (text and HTML files, JSONL and CSV/TSV
batches, directories of them) plus Parquet batches. Each becomes ``Unit``s: a
whole file, or a range of a batch's records (``ingest.ranges``,
``ingest.parquet``); consecutive units are packed into ``Partition``s of at
most ``size`` documents. Inputs are named by their absolute paths, since the
workers that read them may run elsewhere.

A partition's id is the hash of what it reads (each file's path and size, the
byte or row range), and its sequence number is its place in the plan: the
same command over the same files plans the same partitions, so a rerun finds
which are done. The job's key hashes every partition id with the options that
change what is read (the extractor version, ``--dct``, ``--encoding``,
``--columns``, the actor KB files' content).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfloor.errors import ConfigError, InputError
from watchfloor.flow.inputs import Inputs
from watchfloor.ingest.files import CSV_SUFFIXES, INPUT_SUFFIXES, JSONL_SUFFIXES, walk
from watchfloor.ingest.parquet import PARQUET_SUFFIXES, split_parquet
from watchfloor.ingest.ranges import Range, split_csv, split_jsonl

# Documents per partition: a task of about a minute on one core (at ~3 docs/s),
# long enough that scheduling costs nothing, short enough that a killed job
# loses little and the progress bar moves.
PARTITION_DOCS = 200
# Without a given size, a small job is cut finer, so that a cluster's workers all get
# work: into about MIN_PARTITIONS partitions of at least MIN_PARTITION_DOCS documents
# (150 documents: 30 partitions of 5, not one of 150 for one of eight workers). The
# size follows from the inputs alone, so the same command plans the same partitions
# on any cluster.
MIN_PARTITIONS = 32
MIN_PARTITION_DOCS = 5


@dataclass(frozen=True)
class Unit:
    """What one partition reads of one input: the whole file, or a range of its records."""

    kind: str  # "file" (read whole, as `read` does), "jsonl", "csv", "parquet"
    path: str  # absolute
    size: int  # the file's size in bytes when planned (-1: it does not exist)
    part: Range | None
    count: int  # documents it is expected to yield (a whole file: 1)

    def key(self) -> list[object]:
        part = [self.part.start, self.part.stop, self.part.first] if self.part else None
        return [self.kind, self.path, self.size, part]

    def label(self) -> str:
        """How failures name the unit as a whole (a worker that died on it)."""
        if self.part is None:
            return self.path
        last = self.part.first + self.part.count - 1
        return f"{self.path}:{self.part.first}-{last}"


@dataclass(frozen=True)
class Partition:
    seq: int
    id: str
    units: tuple[Unit, ...]

    @property
    def name(self) -> str:
        """The stem of its files in every table of the output."""
        return f"part-{self.seq:06d}-{self.id}"

    @property
    def docs(self) -> int:
        return sum(u.count for u in self.units)


@dataclass(frozen=True)
class Plan:
    partitions: tuple[Partition, ...]
    key: str  # the job's key: its partitions and the options that change what is read
    size: int = PARTITION_DOCS  # documents per partition, at most

    @property
    def docs(self) -> int:
        return sum(p.docs for p in self.partitions)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _file_units(path: Path, size: int, columns: str | None) -> Iterator[Unit]:
    """A file's units: a batch's ranges of at most ``size`` records, else the whole file."""
    suffix = path.suffix.lower()
    splitters = {**dict.fromkeys(JSONL_SUFFIXES, "jsonl"), **dict.fromkeys(CSV_SUFFIXES, "csv")}
    kind = "parquet" if suffix in PARQUET_SUFFIXES else splitters.get(suffix, "file")
    parts: list[Range] | None = None
    try:
        if kind == "jsonl":
            parts = split_jsonl(path, size)
        elif kind == "csv":
            parts = split_csv(path, size, columns)
        elif kind == "parquet":
            parts = split_parquet(path, size)
    except InputError:  # unreadable: one whole-file unit, whose reader names the error
        parts = None
    length = _size(path)
    if parts is None:
        yield Unit(kind, str(path), length, None, 1)
        return
    for part in parts:
        yield Unit(kind, str(path), length, part, part.count)


def units(inputs: Inputs, size: int) -> Iterator[Unit]:
    """Every unit of the inputs, in the order ``read`` reads them."""
    from watchfloor.ingest.feeds import is_url

    for name in inputs.paths:
        if is_url(name):
            raise ConfigError(
                f"bulk reads files and directories, not URLs: {name} (`watchfloor ingest` fetches)"
            )
        path = Path(name).absolute()
        if path.is_dir():
            found = list(walk(path, INPUT_SUFFIXES + PARQUET_SUFFIXES))
            if not found:  # `read` names the empty directory: so does a whole-file unit
                yield Unit("file", str(path), -1, None, 1)
            for f in found:
                yield from _file_units(f, size, inputs.columns)
        else:
            yield from _file_units(path, size, inputs.columns)


def _digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode("utf-8")).hexdigest()


def partitions(found: Iterator[Unit], size: int) -> Iterator[Partition]:
    """Consecutive units packed into partitions of at most ``size`` documents."""
    batch: list[Unit] = []
    seq = 0

    def close() -> Partition:
        return Partition(seq, _digest([u.key() for u in batch])[:16], tuple(batch))

    for unit in found:
        if batch and sum(u.count for u in batch) + unit.count > size:
            yield close()
            seq += 1
            batch = []
        batch.append(unit)
    if batch:
        yield close()


def kb_fingerprint(kb_paths: tuple[str, ...]) -> list[list[str]]:
    """Each actor KB file with the hash of its content: a changed KB is another job."""
    out = []
    for name in kb_paths:
        try:
            out.append([name, hashlib.sha256(Path(name).read_bytes()).hexdigest()])
        except OSError as exc:
            raise ConfigError(
                f"cannot read the actor KB file: {exc.strerror}", where=name
            ) from None
    return out


def make_plan(inputs: Inputs, kb_paths: tuple[str, ...], size: int | None = None) -> Plan:
    """The partitions of the inputs and the job's key. ``size``: documents per partition;
    None picks it from the inputs (``PARTITION_DOCS``, smaller for a small job)."""
    from watchfloor.extract.pipeline import EXTRACTOR

    if size is not None and size < 1:
        raise ConfigError(f"a partition holds at least one document, not {size}")
    chosen = size or PARTITION_DOCS
    parts = tuple(partitions(units(inputs, chosen), chosen))
    docs = sum(p.docs for p in parts)
    if size is None and docs < PARTITION_DOCS * MIN_PARTITIONS:
        finer = max(MIN_PARTITION_DOCS, -(-docs // MIN_PARTITIONS))
        if finer < chosen:
            chosen = finer
            parts = tuple(partitions(units(inputs, chosen), chosen))
    key = _digest(
        {
            "extractor": EXTRACTOR,
            "dct": inputs.dct.isoformat() if inputs.dct else None,
            "encoding": inputs.encoding,
            "columns": inputs.columns,
            "kb": kb_fingerprint(kb_paths),
            "partitions": [p.id for p in parts],
        }
    )
    return Plan(parts, key, chosen)
