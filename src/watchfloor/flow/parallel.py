"""Reading on every core: worker processes parse and extract, the caller gets input order.

``read_many(documents, res, workers)`` yields what ``extract.pipeline.read_many``
yields, (Document, Reading or ExtractionError) in input order, with the
documents read by ``workers`` forked processes. ``workers=1`` is that function
itself, in this process.

How (docs/cli.md, "Workers"):

* The resources are loaded once, in this process, and the workers are forked
  from it: the model, the actor KB and the gazetteer are shared copy-on-write,
  not loaded again (objects are frozen out of the garbage collector's reach
  before the fork so it does not copy their pages by touching them).
* Documents go to the workers in tasks of ``CHUNK`` documents, one task per
  idle worker; at most ``WINDOW_PER_WORKER`` tasks per worker are read ahead
  of the caller, so memory stays flat however long the input. The caller
  (the parent) stays the only writer of anything.
* The documents' outlet's states (``outlet_states``, a function of a task's
  documents: ``flow.run.outlet_snapshot``) are asked in this process, once per
  task in input order, and sent with the task, so the workers read what one
  process reads.
* A failure is one document's: an extractor's exception comes back as that
  document's ExtractionError, as in one process. A worker that dies (killed,
  out of memory, a crash in native code) is replaced; each document of its
  task is then read again alone, and one that kills its worker again fails
  with an ExtractionError saying so. The rest of the batch goes on.

Needs the ``fork`` start method (Linux, and other Unixes); where there is none,
and for fewer documents than one task, the documents are read in this process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from watchfloor.errors import ExtractionError
from watchfloor.vocab import Document, Reading

if TYPE_CHECKING:
    from multiprocessing.context import ForkProcess

    from watchfloor.extract.pipeline import OutletStates, Resources

Result = tuple[Document, Reading | ExtractionError]

# Documents per task: large enough that the pipe and pickling cost nothing
# next to the parse (~70 ms a document), small enough that the last tasks of a
# batch keep every worker busy and that a dead worker costs few re-reads.
CHUNK = 8
# Tasks per worker read ahead of the caller (queued, running, or done and
# waiting for an earlier one): enough that no worker waits for its next task.
WINDOW_PER_WORKER = 3
# Seconds a worker has to stop after the pool is closed before it is killed.
STOP_GRACE = 5.0


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask), the default ``--workers``."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # no affinity on this platform
        return max(os.cpu_count() or 1, 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def read_many(
    documents: Iterable[Document],
    res: Resources,
    workers: int = 1,
    outlet_states: OutletStates | None = None,
) -> Iterator[Result]:
    """(Document, Reading or ExtractionError) of each document, in input order, read by
    ``workers`` processes; a failure is returned, not raised (see the module docstring).
    ``outlet_states``: the documents' outlet's states (``pipeline.read``'s keyword),
    asked in this process, once per task in input order, and sent with the task."""
    from watchfloor.extract.pipeline import read_many as read_here

    if workers <= 1 or not can_fork():
        yield from read_here(documents, res, outlet_states=outlet_states)
        return
    stream = iter(documents)
    first = list(islice(stream, CHUNK))
    if len(first) < CHUNK:  # one task's worth: not worth a process
        yield from read_here(first, res, outlet_states=outlet_states)
        return
    pool = _Pool(res, workers, outlet_states)
    try:
        yield from pool.run(itertools.chain(first, stream))
    finally:
        pool.close()


@dataclass
class _Task:
    seq: int
    docs: list[Document]
    part: int = 0  # which part of its output slot (a re-read task is one of several)
    alone: bool = False  # a re-read of one document whose worker died
    states: list[int | None] | None = None  # each document's outlet's state, if asked


@dataclass
class _Worker:
    process: ForkProcess
    conn: Connection
    task: _Task | None = None


@dataclass
class _Slot:
    """One task's place in the output order: its results once every part is back."""

    parts: int
    results: dict[int, list[Result]] = field(default_factory=dict)


class _Pool:
    """Forked workers, each with a pipe; tasks handed to whichever is idle."""

    def __init__(
        self, res: Resources, workers: int, outlet_states: OutletStates | None = None
    ) -> None:
        self.res = res
        self.outlet_states = outlet_states
        self.size = workers
        self.ctx = multiprocessing.get_context("fork")
        self.workers = self._start(workers)

    def _start(self, n: int) -> list[_Worker]:
        """``n`` fresh workers, forked from this process with its resources."""
        started = []
        gc.collect()
        gc.freeze()  # the children's collectors leave the shared objects (and pages) alone
        try:
            for _ in range(n):
                parent_end, child_end = self.ctx.Pipe()
                process = self.ctx.Process(
                    target=_serve, args=(child_end, self.res), name="watchfloor-reader", daemon=True
                )
                process.start()
                child_end.close()
                started.append(_Worker(process, parent_end))
        finally:
            gc.unfreeze()
        return started

    def run(self, documents: Iterator[Document]) -> Iterator[Result]:
        """Results in input order; reads ahead by at most WINDOW_PER_WORKER tasks a worker."""
        window = WINDOW_PER_WORKER * self.size
        queue: deque[_Task] = deque()
        slots: dict[int, _Slot] = {}  # task seq -> its results so far, until yielded
        next_seq = 0  # the next task whose results the caller gets
        made = 0  # tasks made so far
        exhausted = False
        while True:
            while not exhausted and len(slots) < window:
                chunk = list(islice(documents, CHUNK))
                if not chunk:
                    exhausted = True
                    break
                states = None if self.outlet_states is None else self.outlet_states(chunk)
                queue.append(_Task(made, chunk, states=states))
                slots[made] = _Slot(parts=1)
                made += 1
            for worker in self.workers:
                if worker.task is None and queue:
                    self._send(worker, queue.popleft())
            while next_seq in slots and len(slots[next_seq].results) == slots[next_seq].parts:
                slot = slots.pop(next_seq)
                for part in sorted(slot.results):
                    yield from slot.results[part]
                next_seq += 1
            if exhausted and not slots:
                return
            if any(w.task is not None for w in self.workers):
                self._collect(queue, slots)
            # else every task made is yielded: make more

    def _collect(self, queue: deque[_Task], slots: dict[int, _Slot]) -> None:
        """Wait for a worker to finish its task or die; file its results or re-queue."""
        busy = [w for w in self.workers if w.task is not None]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            task = worker.task
            assert task is not None
            if worker.conn in ready:
                try:
                    seq, pairs = worker.conn.recv()
                except (EOFError, OSError):
                    pass  # it died before answering in full
                else:
                    assert seq == task.seq
                    back = [
                        d if b is None else b for d, (b, _) in zip(task.docs, pairs, strict=True)
                    ]
                    self._file(slots, task, [(d, r) for d, (_, r) in zip(back, pairs, strict=True)])
                    worker.task = None
                    if worker.process.sentinel in ready:  # answered, then died
                        self._replace(worker)
                    continue
            elif worker.process.sentinel not in ready:
                continue
            exitcode = self._replace(worker)
            if task.alone:
                doc = task.docs[0]
                self._file(slots, task, [(doc, _died(doc, exitcode))])
            else:  # which document killed it is not known: read each alone
                slots[task.seq].parts = len(task.docs)
                singles = [
                    _Task(
                        task.seq,
                        [doc],
                        part=n,
                        alone=True,
                        states=None if task.states is None else [task.states[n]],
                    )
                    for n, doc in enumerate(task.docs)
                ]
                queue.extendleft(reversed(singles))  # first, so the output waits least

    def _send(self, worker: _Worker, task: _Task) -> None:
        """Hand ``task`` to an idle worker (to a fresh one if it died since its last task)."""
        try:
            worker.conn.send((task.seq, task.docs, task.states))
        except OSError:
            self._replace(worker)
            worker.conn.send((task.seq, task.docs, task.states))
        worker.task = task

    @staticmethod
    def _file(slots: dict[int, _Slot], task: _Task, results: list[Result]) -> None:
        slots[task.seq].results[task.part] = results

    def _replace(self, worker: _Worker) -> int | None:
        """Put a fresh process in a dead worker's place; the dead one's exit code."""
        worker.process.join()
        worker.conn.close()
        exitcode = worker.process.exitcode
        fresh = self._start(1)[0]
        worker.process, worker.conn, worker.task = fresh.process, fresh.conn, None
        return exitcode

    def close(self) -> None:
        """Stop every worker (at once if busy: what it reads is no longer wanted)."""
        for worker in self.workers:
            if worker.task is not None:
                worker.process.terminate()
            else:
                try:
                    worker.conn.send(None)
                except OSError:
                    worker.process.terminate()
        for worker in self.workers:
            worker.process.join(STOP_GRACE)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _died(doc: Document, exitcode: int | None) -> ExtractionError:
    if exitcode is not None and exitcode < 0:
        how = f"killed by signal {signal.Signals(-exitcode).name}"
    else:
        how = f"exit code {exitcode}"
    return ExtractionError(
        f"the worker process reading it died ({how})", where=doc.origin or doc.id
    )


def _serve(conn: Connection, res: Resources) -> None:
    """A worker: read each task it is sent until it is sent None or its pipe closes."""
    from watchfloor.extract.pipeline import read_many as read_here

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task: Any = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        seq, docs, states = task
        pairs = [
            (None if back is doc else back, reading)
            for doc, (back, reading) in zip(
                docs, _read_task(docs, states, res, read_here), strict=True
            )
        ]
        conn.send((seq, pairs))


def _read_task(
    docs: list[Document], states: list[int | None] | None, res: Resources, read_here: Any
) -> list[Result]:
    """The task's results; if the batch parse itself raises, each document alone."""
    by_doc = {id(d): s for d, s in zip(docs, states, strict=True)} if states is not None else {}

    def states_of(batch: Sequence[Document]) -> list[int | None]:
        return [by_doc.get(id(doc)) for doc in batch]

    try:
        return list(read_here(docs, res, batch_size=len(docs), outlet_states=states_of))
    except Exception:
        out: list[Result] = []
        for doc in docs:
            try:
                out.extend(read_here([doc], res, batch_size=1, outlet_states=states_of))
            except Exception as exc:  # the parse of this one document failed
                error = ExtractionError(f"{type(exc).__name__}: {exc}", where=doc.origin or doc.id)
                out.append((doc, error))
        return out
