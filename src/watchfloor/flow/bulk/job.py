"""Running a bulk job on ``dask.distributed``: plan, skip what is done, read the rest, load.

``run_bulk`` plans the partitions (``plan``), claims the output folder
(``output.Layout``), and submits one task per partition not yet done to a
cluster: a ``LocalCluster`` of N worker processes (one thread each) when no
scheduler is given, else the running cluster at ``--scheduler``. The engine
runs each task once, and again on another worker when the one running it
dies; a task that keeps killing workers (``distributed.scheduler.allowed-failures``)
has its inputs recorded in ``DIR/failures/`` with the reason, unmarked, so
the next run tries it again. With a store URL, done partitions are loaded in
plan order as they arrive, then linked (``load``).

It prints nothing: the caller hears through ``BulkCallbacks``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.flow.bulk.output import FAILURES, Layout, failure_schema
from watchfloor.flow.bulk.plan import Partition, Plan, make_plan
from watchfloor.flow.inputs import Inputs, Tally
from watchfloor.flow.parallel import can_fork

# distributed sets MALLOC_TRIM_THRESHOLD_ in its workers' environment to return freed
# memory sooner; any fixed trim threshold also turns off glibc's adaptive mmap threshold,
# and spaCy's many mid-sized allocations then halve a worker's throughput (measured:
# 9.1 against 4.6 docs/s for `read` of the bench texts, docs/performance.md). Unset for
# the local cluster; docs/scale.md says how to unset it for `dask worker`.
LOCAL_WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None
}
# Where the OS can fork, the local workers are forked from this process after it has
# loaded the resources (``fork_config``), as ``read --workers`` does: the workers share
# the model's, KB's and gazetteer's pages copy-on-write instead of each holding its own
# copy. Measured (docs/performance.md): two spawned workers each spend 45% more CPU per
# document than one (two private copies of ~700 MB fight for the caches and the memory
# bus), forked ones 13%; the speed-up of 2 workers over 1 went from 1.23 to 1.65.
FORK_CONFIG: dict[str, Any] = {"distributed.worker.multiprocessing-method": "fork"}


@dataclass
class BulkTally:
    """Where a job stands: partitions and documents, done before this run and by it."""

    partitions: int = 0
    documents: int = 0  # expected, from the plan (a whole file counts one)
    done_before: int = 0  # partitions a previous run finished
    partitions_done: int = 0  # all done partitions, before and now
    documents_done: int = 0  # documents expected of the done partitions
    read: int = 0  # documents read into the tables, all partitions done
    failed: int = 0  # failures in the tables, all partitions done
    unfinished: int = 0  # partitions whose task failed (their inputs are in failures)
    dashboard: str | None = None
    stored: Tally | None = None  # what loading into the store did (with a store URL)
    linked: dict[str, Any] = field(default_factory=dict)
    setup_seconds: float = 0.0  # cluster start and resources loaded on every worker
    run_seconds: float = 0.0  # from the first task submitted to the last result

    def line(self) -> str:
        before = f" ({self.done_before} done before)" if self.done_before else ""
        unfinished = f", {self.unfinished} partitions unfinished" if self.unfinished else ""
        return (
            f"{self.partitions_done}/{self.partitions} partitions{before}, "
            f"{self.read} documents read, {self.failed} failed{unfinished}"
        )


def _ignore(*_: Any) -> None:
    return None


@dataclass(frozen=True)
class BulkCallbacks:
    """``started``: planned and connected (the tally has the totals and the dashboard);
    ``failed``: one input's error line; ``step``: after each partition."""

    started: Callable[[BulkTally], None] = _ignore
    failed: Callable[[str], None] = _ignore
    step: Callable[[BulkTally], None] = _ignore


@dataclass(frozen=True)
class Cluster:
    """Where the tasks run: the scheduler of a running cluster, or N local workers."""

    scheduler: str | None = None
    workers: int = 1


@contextlib.contextmanager
def connect(cluster: Cluster, kb_paths: tuple[str, ...] = ()) -> Iterator[Any]:
    """A ``distributed.Client`` of the cluster (a LocalCluster started and stopped here).

    A local cluster's workers are forked from this process with the resources of
    ``kb_paths`` already loaded here, where the OS can fork (see ``FORK_CONFIG``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "watchfloor bulk runs on dask.distributed, which is not installed: "
            "pip install 'watchfloor[bulk]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if cluster.scheduler:
            try:
                client = stack.enter_context(Client(cluster.scheduler, timeout="30s"))
            except OSError as exc:
                raise ConfigError(
                    f"cannot reach the scheduler ({exc})", where=cluster.scheduler
                ) from None
        else:
            if cluster.workers < 1:
                raise ConfigError(f"--workers must be at least 1, not {cluster.workers}")
            import dask

            stack.enter_context(dask.config.set(LOCAL_WORKER_CONFIG))
            if can_fork():
                stack.enter_context(_loaded_for_fork(kb_paths))
                stack.enter_context(dask.config.set(FORK_CONFIG))
            local = stack.enter_context(
                LocalCluster(
                    n_workers=cluster.workers,
                    threads_per_worker=1,
                    processes=True,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(local))
        yield client


@contextlib.contextmanager
def _loaded_for_fork(kb_paths: tuple[str, ...]) -> Iterator[None]:
    """The workers' resources loaded in this process, and its objects frozen out of the
    collector while workers are forked from it (a child's collection would otherwise
    touch, and so copy, every shared page)."""
    import gc

    from watchfloor.flow.bulk.worker import load_resources

    load_resources(kb_paths)
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def dashboard_of(client: Any) -> str | None:
    """The dashboard's address, when the scheduler serves one (it needs bokeh)."""
    services = client.scheduler_info().get("services", {})
    return str(client.dashboard_link) if "dashboard" in services else None


def _record_unfinished(layout: Layout, partition: Partition, error: BaseException) -> list[str]:
    """A partition whose task failed: each of its units in failures, no marker (rerun tries)."""
    import pyarrow as pa

    reason = f"the worker failed on this partition and it was not read ({type(error).__name__}: {error}); run the same command again"
    rows = [
        {"input": u.label(), "reason": reason, "error": "WorkerError", "data": None}
        for u in partition.units
    ]
    layout.write_table(FAILURES, partition, pa.Table.from_pylist(rows, failure_schema()))
    return [f"{r['input']}: {reason}" for r in rows]


class _Loader:
    """Loads done partitions into the store in plan order, as they arrive."""

    def __init__(self, store: Any, layout: Layout, plan: Plan, tally: Tally) -> None:
        self.store, self.layout, self.tally = store, layout, tally
        self.parts = plan.partitions
        self.ready: set[int] = set()
        self.cursor = 0

    def arrived(self, seq: int) -> None:
        from watchfloor.flow.bulk.load import load_partition

        self.ready.add(seq)
        while self.cursor < len(self.parts) and self.parts[self.cursor].seq in self.ready:
            part = self.parts[self.cursor]
            if self.layout.is_done(part):
                load_partition(self.store, self.layout, part, self.tally)
            self.cursor += 1


def run_bulk(
    inputs: Inputs,
    out: str | Path,
    *,
    kb_paths: tuple[str, ...] = (),
    cluster: Cluster | None = None,
    partition_size: int | None = None,
    db: str | None = None,
    callbacks: BulkCallbacks | None = None,
) -> BulkTally:
    """Read the inputs into Parquet tables under ``out`` on a cluster (and into the store
    ``db``); each partition once, those done by an earlier run of the same job skipped.

    ``kb_paths``: the actor KB files, as ``knowledge.actors.configured_kb_paths`` gives them.
    """
    from watchfloor.flow.bulk.worker import PLUGIN, ReadOptions, ResourcesPlugin, run_partition

    callbacks = callbacks or BulkCallbacks()
    cluster = cluster or Cluster()
    t0 = time.perf_counter()
    plan = make_plan(inputs, kb_paths, partition_size)
    layout = Layout(Path(out).absolute())
    layout.prepare(plan, {"inputs": list(inputs.paths), "partition_size": plan.size})
    tally = BulkTally(partitions=len(plan.partitions), documents=plan.docs)
    todo = []
    done_seqs = []
    for part in plan.partitions:
        counts = layout.done_counts(part)
        if counts is None:
            todo.append(part)
            continue
        done_seqs.append(part.seq)
        tally.done_before += 1
        tally.partitions_done += 1
        tally.documents_done += part.docs
        tally.read += counts["documents"]
        tally.failed += counts[FAILURES]
    options = ReadOptions(inputs.dct, inputs.encoding, inputs.columns)
    with contextlib.ExitStack() as stack:
        # The cluster first: its local workers are forked from this process, and must
        # not inherit the store's open connections.
        client = stack.enter_context(connect(cluster, kb_paths)) if todo else None
        loader = None
        if db is not None:
            from watchfloor.flow.bulk.load import open_store

            tally.stored = Tally()
            store = stack.enter_context(open_store(db))
            loader = _Loader(store, layout, plan, tally.stored)
            for seq in done_seqs:
                loader.arrived(seq)
        if client is not None:
            tally.dashboard = dashboard_of(client)
            callbacks.started(tally)
            client.register_plugin(ResourcesPlugin(kb_paths), name=PLUGIN)
            tally.setup_seconds = time.perf_counter() - t0
            _run(client, todo, layout, options, plan, tally, callbacks, loader, run_partition)
            layout.clean_temporaries()  # what a worker killed mid-write left (its task was rerun)
        else:
            callbacks.started(tally)
        if loader is not None:
            from watchfloor.flow.bulk.load import link

            tally.linked = link(store)
    return tally


def _run(
    client: Any,
    todo: list[Partition],
    layout: Layout,
    options: Any,
    plan: Plan,
    tally: BulkTally,
    callbacks: BulkCallbacks,
    loader: _Loader | None,
    task: Callable[..., Any],
) -> None:
    from distributed import as_completed

    t0 = time.perf_counter()
    by_key = {f"watchfloor-bulk-{plan.key[:12]}-{p.name}": p for p in todo}
    futures = client.map(
        task, todo, out=str(layout.root), options=options, key=list(by_key), retries=0
    )
    for future in as_completed(futures):
        part = by_key[future.key]
        if future.status == "error":
            error = future.exception()
            tally.unfinished += 1
            for line in _record_unfinished(layout, part, error):
                callbacks.failed(line)
            tally.failed += len(part.units)
        else:
            done = future.result()
            tally.partitions_done += 1
            tally.documents_done += part.docs
            tally.read += done.documents
            tally.failed += len(done.failures)
            for line in done.failures:
                callbacks.failed(line)
        future.release()
        if loader is not None:
            loader.arrived(part.seq)
        callbacks.step(tally)
    tally.run_seconds = time.perf_counter() - t0
