"""A bulk job's output folder: one Parquet dataset per table, and what says a partition is done.

    DIR/documents/part-000000-<id>.parquet   one row per document (watchfloor.tables)
    DIR/events/ claims/ places/ actors/ times/  one row per fact, with its document_id
    DIR/failures/                            one row per input that failed: input, reason
    DIR/_bulk/job.json                       the job's key and plan
    DIR/_bulk/readings/                      each document's contract object and raw text
                                             (what ``--db`` loads into the store)
    DIR/_bulk/done/part-....json             a partition's marker, written last

Every file is written under a hidden temporary name and moved into place
(``os.replace``, atomic on one file system), so a reader never sees half a
file, and pandas, Polars, DuckDB and pyarrow skip the temporaries (names
starting with a dot). A partition counts as done only once its marker
exists, and the marker is written after every table of it: a job killed at
any moment leaves each partition done or not done, and a rerun writes the
missing ones under the same names. Rewriting a partition replaces its files,
never adds to them: no row is ever written twice.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.flow.bulk.plan import Partition, Plan
from watchfloor.tables import TABLES

FAILURES = "failures"
READINGS = "readings"
INTERNAL = "_bulk"


def failure_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("input", pa.string()),  # the file, or file:line / file:row, as `read` names it
            ("reason", pa.string()),
            ("error", pa.string()),  # InputError, ExtractionError, WorkerError
            ("data", pa.binary()),  # the input's bytes (a bounded prefix for a refused file)
        ]
    )


def readings_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [("document_id", pa.string()), ("contract", pa.string()), ("raw", pa.string())]
    )


class Layout:
    """Where each file of a job lives under ``root``, and the atomic writes into it."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def table_dir(self, table: str) -> Path:
        if table == READINGS:
            return self.root / INTERNAL / READINGS
        return self.root / table

    def table_file(self, table: str, partition: Partition) -> Path:
        return self.table_dir(table) / f"{partition.name}.parquet"

    def done_dir(self) -> Path:
        return self.root / INTERNAL / "done"

    def marker(self, partition: Partition) -> Path:
        return self.done_dir() / f"{partition.name}.json"

    def job_file(self) -> Path:
        return self.root / INTERNAL / "job.json"

    def prepare(self, plan: Plan, meta: Mapping[str, Any]) -> None:
        """Make the folders and claim them for this job; ConfigError when they hold another."""
        job = self.job_file()
        if job.exists():
            try:
                stored = json.loads(job.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise ConfigError(f"unreadable job file ({exc})", where=str(job)) from None
            if stored.get("key") != plan.key:
                raise ConfigError(
                    "this folder holds the output of another bulk job (other inputs, options or "
                    "extractor version): give another --out, or remove it to start again",
                    where=str(self.root),
                )
        for table in (*TABLES, FAILURES, READINGS):
            self.table_dir(table).mkdir(parents=True, exist_ok=True)
        self.done_dir().mkdir(parents=True, exist_ok=True)
        self.clean_temporaries()
        if not job.exists():
            body = {"key": plan.key, **meta, "partitions": [p.name for p in plan.partitions]}
            write_atomic(job, json.dumps(body, indent=1).encode("utf-8"))

    def clean_temporaries(self) -> None:
        """Remove what killed runs left half-written (never a finished file)."""
        folders = [self.table_dir(t) for t in (*TABLES, FAILURES, READINGS)]
        for folder in (*folders, self.done_dir(), self.root / INTERNAL):
            for stale in folder.glob(".*.tmp-*"):
                stale.unlink(missing_ok=True)

    def is_done(self, partition: Partition) -> bool:
        return self.marker(partition).exists()

    def done_counts(self, partition: Partition) -> dict[str, int] | None:
        """What a done partition's marker says it holds; None when it is not done."""
        try:
            return dict(json.loads(self.marker(partition).read_text("utf-8"))["rows"])
        except (OSError, ValueError, KeyError):
            return None

    def write_table(self, table: str, partition: Partition, arrow: Any) -> None:
        import pyarrow.parquet as pq

        final = self.table_file(table, partition)
        tmp = final.with_name(f".{final.name}.tmp-{uuid.uuid4().hex}")
        pq.write_table(arrow, tmp)
        _sync(tmp)
        os.replace(tmp, final)

    def mark_done(
        self, partition: Partition, rows: Mapping[str, int], worker: Mapping[str, Any]
    ) -> None:
        """The partition's marker: its rows per table, and which worker wrote it (pid, peak
        resident memory so far), for the record and the bench."""
        body = {"partition": partition.name, "rows": dict(rows), "worker": dict(worker)}
        write_atomic(self.marker(partition), json.dumps(body).encode("utf-8"))

    def readings(self, partition: Partition) -> Iterator[tuple[str, str]]:
        """(contract JSON, raw text) of each document of a done partition, in order."""
        import pyarrow.parquet as pq

        table = pq.read_table(self.table_file(READINGS, partition))
        yield from zip(
            table.column("contract").to_pylist(), table.column("raw").to_pylist(), strict=True
        )

    def failures(self, partition: Partition) -> list[dict[str, Any]]:
        import pyarrow.parquet as pq

        path = self.table_file(FAILURES, partition)
        return pq.read_table(path).to_pylist() if path.exists() else []


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    tmp.write_bytes(data)
    _sync(tmp)
    os.replace(tmp, path)
