"""What runs on a bulk job's workers: the resources loaded once each, and a partition read.

``ResourcesPlugin`` is a ``distributed`` worker plugin: registered once by the
job, it is set up on every worker of the cluster, and on every worker that
joins or replaces one later, loading the spaCy model, actor KB and gazetteer
once per worker process (``Resources``), never per task; a local cluster's
workers are forked from the job's process after it loaded them (``job.connect``),
and find them loaded, sharing their pages. A second job on the
same cluster with the same KB files reuses what the process loaded.

``run_partition`` is the task: it reads a partition's units into documents
(the readers of ``ingest``, as ``read`` uses them), reads those in batches
(``extract.pipeline.read_many``), and writes the partition's rows of every
table, its failures and its readings, then its marker, through
``output.Layout``. It is a pure function of the partition and the options:
when the engine runs it again (its worker died), it writes the same files.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from watchfloor.errors import ExtractionError, InputError, WatchfloorError
from watchfloor.flow.bulk.output import FAILURES, READINGS, Layout, failure_schema
from watchfloor.flow.bulk.output import readings_schema as _readings_schema
from watchfloor.flow.bulk.plan import Partition, Unit
from watchfloor.vocab import Document, Reading

PLUGIN = "watchfloor-resources"


@dataclass(frozen=True)
class ReadOptions:
    """How the inputs are read (the options of ``read`` that change a document)."""

    dct: dt.date | None = None
    encoding: str = "utf-8"
    columns: str | None = None


@dataclass(frozen=True)
class Done:
    """What a task reports back: its partition, documents read, and each failure's line."""

    seq: int
    documents: int
    failures: tuple[str, ...]


@lru_cache(maxsize=2)
def load_resources(kb_paths: tuple[str, ...]) -> Any:
    """The resources of these KB files, loaded once per process (a worker forked from a
    process that loaded them has them already)."""
    from watchfloor.extract.pipeline import Resources

    return Resources.load(kb_paths)


class ResourcesPlugin(WorkerPlugin):
    """Loads ``Resources`` once in each worker process."""

    name = PLUGIN

    def __init__(self, kb_paths: tuple[str, ...]) -> None:
        self.kb_paths = kb_paths
        self.resources: Any = None

    async def setup(self, worker: Any) -> None:
        # Off the worker's event loop: a load of seconds must not stall its heartbeats.
        self.resources = await asyncio.to_thread(load_resources, self.kb_paths)

    def teardown(self, worker: Any) -> None:
        self.resources = None


def _worker_resources() -> Any:
    plugin = get_worker().plugins.get(PLUGIN)
    if not isinstance(plugin, ResourcesPlugin):  # pragma: no cover - the job registers it first
        raise RuntimeError("the watchfloor resources plugin is not set up on this worker")
    if plugin.resources is None:  # pragma: no cover - set up before the worker runs tasks
        plugin.resources = load_resources(plugin.kb_paths)
    return plugin.resources


def unit_results(unit: Unit, options: ReadOptions) -> Iterator[Document | InputError]:
    """The documents (or errors) of one unit, named as ``read`` names them."""
    from watchfloor.ingest.files import parse_columns, read_paths
    from watchfloor.ingest.parquet import read_parquet_range
    from watchfloor.ingest.ranges import Range, read_csv_range, read_jsonl_range

    path = Path(unit.path)
    part = unit.part
    if unit.kind == "parquet":
        rows = part or Range(0, 0, 1, 0)  # unreadable: reading it names the error
        yield from read_parquet_range(path, rows, dct=options.dct, columns=options.columns)
    elif unit.kind == "jsonl" and part is not None:
        yield from read_jsonl_range(path, part, dct=options.dct)
    elif unit.kind == "csv" and part is not None:
        yield from read_csv_range(path, part, dct=options.dct, columns=options.columns)
    else:
        columns = parse_columns(options.columns)
        yield from read_paths(
            [unit.path], dct=options.dct, encoding=options.encoding, columns=columns
        )


def _failure(error: WatchfloorError, data: bytes | None) -> dict[str, Any]:
    return {
        "input": error.where or "?",
        "reason": error.reason,
        "error": type(error).__name__,
        "data": data,
    }


def read_partition(
    partition: Partition, options: ReadOptions, res: Any
) -> tuple[list[tuple[Document, Reading]], list[dict[str, Any]]]:
    """The (Document, Reading) pairs of a partition in input order, and its failures."""
    from watchfloor.extract.pipeline import read_many

    failures: list[dict[str, Any]] = []

    def documents() -> Iterator[Document]:
        for unit in partition.units:
            for result in unit_results(unit, options):
                if isinstance(result, InputError):
                    failures.append(_failure(result, result.data))
                else:
                    yield result

    pairs = []
    for doc, reading in read_many(documents(), res):
        if isinstance(reading, ExtractionError):
            raw = doc.raw.encode("utf-8", "surrogatepass")
            failures.append(_failure(reading.at(doc.origin or doc.id), raw))
        else:
            pairs.append((doc, reading))
    return pairs, failures


def write_partition(
    layout: Layout,
    partition: Partition,
    pairs: list[tuple[Document, Reading]],
    failures: list[dict[str, Any]],
    cpu_start: float = 0.0,
) -> dict[str, int]:
    """Every table of a partition, then its marker; the rows written per table.

    ``cpu_start``: the process's CPU time when the task began (the marker records the
    task's CPU seconds)."""
    import pyarrow as pa

    from watchfloor.serialize import document_reading_to_dict
    from watchfloor.tables import TABLES, rows_of_contract, to_arrow

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    readings = []
    for doc, reading in pairs:
        obj = document_reading_to_dict(doc, reading)
        for name, found in rows_of_contract(obj).items():
            rows[name].extend(found)
        contract = json.dumps(obj, ensure_ascii=False)
        readings.append({"document_id": doc.id, "contract": contract, "raw": doc.raw})
    for name, table in to_arrow(rows).items():
        layout.write_table(name, partition, table)
    layout.write_table(FAILURES, partition, pa.Table.from_pylist(failures, failure_schema()))
    layout.write_table(READINGS, partition, pa.Table.from_pylist(readings, _readings_schema()))
    counts = {name: len(found) for name, found in rows.items()}
    counts[FAILURES] = len(failures)
    layout.mark_done(partition, counts, _worker_record(cpu_start))
    return counts


def _worker_record(cpu_start: float) -> dict[str, Any]:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "peak_rss_mb": round(peak, 1),
        "task_cpu_s": round(time.process_time() - cpu_start, 3),
    }


def failure_lines(failures: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(f"{f['input']}: {f['reason']}" for f in failures)


def run_partition(partition: Partition, out: str, options: ReadOptions) -> Done:
    """The task: read a partition and write its output (nothing, when it is already done)."""
    layout = Layout(out)
    counts = layout.done_counts(partition)
    if counts is not None:  # a rerun of a finished task: what it wrote stands
        return Done(partition.seq, counts["documents"], failure_lines(layout.failures(partition)))
    cpu_start = time.process_time()
    pairs, failures = read_partition(partition, options, _worker_resources())
    write_partition(layout, partition, pairs, failures, cpu_start)
    return Done(partition.seq, len(pairs), failure_lines(failures))
