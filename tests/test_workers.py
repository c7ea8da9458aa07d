"""--workers: documents read by forked processes give what one process gives, in order.

A document whose extractor raises fails alone; a worker process that dies
(``os._exit``, SIGKILL) fails only the document it was reading, is replaced,
and the rest of the batch is read; the inputs are read a bounded window ahead.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.errors import ExtractionError
from watchfloor.extract import pipeline
from watchfloor.flow import parallel
from watchfloor.ingest.files import document_from_record
from watchfloor.serialize import document_reading_to_dict
from watchfloor.vocab import Document

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
SEEDS = sorted(str(p) for p in SAMPLES.glob("*.txt"))
# News texts of the eval corpora read in the equality test: enough for several
# tasks per worker (parallel.CHUNK documents each) and an uneven last one.
EVAL_TEXTS = 21
SHORT = "Troops\n\nUS troops moved to Kirkuk on Friday, officials said."


def canonical(pairs: Any) -> list[str]:
    return [
        json.dumps(document_reading_to_dict(d, r), ensure_ascii=False, sort_keys=True)
        if not isinstance(r, Exception)
        else f"error: {r}"
        for d, r in pairs
    ]


def news_documents(shared: Path, n: int) -> list[Document]:
    out = []
    with (shared / "eval" / "geoparsing" / "lgl.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if 400 <= len(rec.get("text") or "") <= 4000:
                out.append(document_from_record({"id": rec["id"], "text": rec["text"]}, "lgl"))
            if len(out) == n:
                break
    return out


@pytest.mark.shared
def test_workers_give_the_output_of_one_process_in_input_order(
    shared: Path, resources: Any
) -> None:
    from watchfloor.ingest.files import read_text_file

    docs = [read_text_file(Path(p)) for p in SEEDS] + news_documents(shared, EVAL_TEXTS)
    one = canonical(pipeline.read_many(docs, resources))
    assert canonical(parallel.read_many(docs, resources, workers=1)) == one
    assert canonical(parallel.read_many(docs, resources, workers=2)) == one
    assert len(one) == len(docs) and not any(line.startswith("error") for line in one)


def test_cli_read_with_two_workers_prints_what_one_prints(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [{"id": f"b{n}", "text": f"{SHORT} Report {n}."} for n in range(parallel.CHUNK + 3)]
    batch.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    runner = CliRunner()
    outs = [
        runner.invoke(main, ["read", *SEEDS, str(batch), "--workers", w], catch_exceptions=False)
        for w in ("1", "2")
    ]
    assert [r.exit_code for r in outs] == [0, 0]
    assert outs[0].stdout == outs[1].stdout
    assert len(outs[0].stdout.splitlines()) == len(SEEDS) + len(lines)


def _failing(kind_of: dict[str, str]) -> Any:
    """A read_parsed that fails as ``kind_of[document id]`` says (forked into the workers)."""
    real = pipeline.read_parsed

    def read_parsed(doc: Document, parsed: Any, res: Any, **kw: Any) -> Any:
        kind = kind_of.get(doc.id)
        if kind == "raise":
            raise ValueError("an extractor bug")
        if kind == "exit":
            os._exit(3)
        if kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(doc, parsed, res, **kw)

    return read_parsed


def test_a_failing_or_dying_document_fails_alone(
    resources: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [
        document_from_record({"id": f"d{n}", "text": f"{SHORT} Report {n}."}, f"batch:{n}")
        for n in range(3 * parallel.CHUNK)
    ]
    docs = [dataclasses.replace(d, id=f"d{n}") for n, d in enumerate(docs)]
    expected = canonical(pipeline.read_many(docs, resources))
    kinds = {"d2": "raise", "d5": "exit", "d12": "kill", "d13": "kill"}
    monkeypatch.setattr(pipeline, "read_parsed", _failing(kinds))
    got = list(parallel.read_many(docs, resources, workers=2))
    assert [d.id for d, _ in got] == [d.id for d in docs]
    errors = {d.id: str(r) for d, r in got if isinstance(r, ExtractionError)}
    assert errors == {
        "d2": "batch:2: ValueError: an extractor bug",
        "d5": "batch:5: the worker process reading it died (exit code 3)",
        "d12": "batch:12: the worker process reading it died (killed by signal SIGKILL)",
        "d13": "batch:13: the worker process reading it died (killed by signal SIGKILL)",
    }
    ok = [n for n, (d, _) in enumerate(got) if d.id not in errors]
    assert [canonical(got)[n] for n in ok] == [expected[n] for n in ok]


def test_inputs_are_read_a_bounded_window_ahead(resources: Any) -> None:
    pulled = 0

    def documents() -> Iterator[Document]:
        nonlocal pulled
        for n in range(2000):
            pulled += 1
            # French: stored, not read, so the test costs only the window's traffic.
            yield dataclasses.replace(
                document_from_record({"text": f"Bonjour {n}."}, str(n)), language="fr"
            )

    results = parallel.read_many(documents(), resources, workers=2)
    next(results)
    assert pulled <= parallel.WINDOW_PER_WORKER * 2 * parallel.CHUNK
    assert sum(1 for _ in results) == 1999


def test_ingest_with_workers_stores_what_one_process_stores(tmp_path: Path, resources: Any) -> None:
    from watchfloor.flow import Inputs, Tally, ingest
    from watchfloor.store import Store

    batch, later = tmp_path / "batch.jsonl", tmp_path / "later.jsonl"
    url = "https://www.kirkuknow.example/news/"  # one outlet: the second run has its state
    lines = [
        {"id": f"b{n}", "text": f"{SHORT} Day {n % 5}.", "url": f"{url}b{n}"} for n in range(12)
    ]
    batch.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    lines = [{"id": f"c{n}", "text": f"{SHORT} Week {n}.", "url": f"{url}c{n}"} for n in range(12)]
    later.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    stored = []
    for workers in (1, 2):
        with Store.open(str(tmp_path / f"w{workers}.db")) as store:
            tally = ingest(store, Inputs((*SEEDS, str(batch))), resources, workers=workers)
            states = store.outlet_states()
            again = ingest(store, Inputs((str(later),)), resources, workers=workers)
            readings = sorted(canonical(store.readings()))
            stored.append((tally, again, states, readings, store.counts()))
    assert stored[0] == stored[1]
    assert stored[0][0] == Tally(read=14, new=7, duplicate=7, failed=0)
    assert stored[0][2] == {"kirkuknow.example": 98410}  # Kirkuk governorate


def test_default_workers_are_the_cpus_this_process_may_use() -> None:
    assert parallel.available_cpus() == len(os.sched_getaffinity(0))
    help_text = CliRunner().invoke(main, ["read", "--help"]).output
    assert "--workers N" in help_text
