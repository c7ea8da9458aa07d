"""watchfloor bulk on real dask.distributed clusters: the same tables as `read`, exactly once.

One set of inputs (the packaged sample articles, a JSONL and a CSV batch and
a Parquet batch cut from their paragraphs, and bad inputs: a binary file, an
over-size file, a malformed and an incomplete batch line) is read by:

* a LocalCluster of two worker processes (the clean run), compared with
  ``flow.read_inputs`` over the same inputs, table by table, failures too;
* a job in its own process group, killed with SIGKILL once its first
  partition is written, then run again with the same command;
* a scheduler and two workers started as processes (``dask scheduler``,
  ``dask worker``): as they are; with a worker killed mid-job (its task is run
  again); and with the scheduler giving up a task at its first worker death
  (its inputs are in ``failures/`` until a rerun reads them).

Every run must give the clean run's rows: same rows, in input order, none twice.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.flow import Callbacks, Inputs, read_inputs
from watchfloor.flow.bulk.output import FAILURES
from watchfloor.tables import TABLES, rows, to_arrow

pytest.importorskip("distributed")  # the bulk extra: requirements.lock installs it in CI

pq = pytest.importorskip("pyarrow.parquet")

SRC = Path(__file__).resolve().parents[1] / "src"
ENV = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
WAIT_S = 240  # the longest a job may take here (two loaded cores, resources loaded per worker)


def _paragraphs() -> list[str]:
    out = []
    pkg = importlib_resources.files("watchfloor") / "samples"
    for item in sorted(pkg.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            text = item.read_text(encoding="utf-8")
            out += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 200]
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The inputs of every job here, and a JSONL twin of the Parquet batch."""
    import pyarrow as pa

    root = tmp_path_factory.mktemp("bulk-inputs")
    articles = root / "articles"
    articles.mkdir()
    pkg = importlib_resources.files("watchfloor") / "samples"
    for item in sorted(pkg.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            (articles / item.name).write_bytes(item.read_bytes())
    (articles / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (articles / "huge.txt").write_bytes(b"word " * 400_001)  # over the 2,000,000-byte limit
    paras = _paragraphs()
    assert len(paras) >= 9
    jsonl = root / "batch.jsonl"
    lines = [
        json.dumps({"id": f"j{n}", "text": p, "dct": "2019-03-10"}) for n, p in enumerate(paras[:5])
    ]
    lines[2:2] = ['{"id": "broken", "text": ', json.dumps({"id": "notext", "title": "t"})]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv_path = root / "batch.csv"
    rows_csv = [
        f'c{n},"{p.replace(chr(34), chr(34) * 2)}",Outlet {n}' for n, p in enumerate(paras[5:7])
    ]
    csv_path.write_text("id,text,outlet\n" + "\n".join(rows_csv) + "\n", encoding="utf-8")
    records = [{"id": f"p{n}", "text": p, "dct": "2019-03-11"} for n, p in enumerate(paras[7:9])]
    parquet = root / "batch.parquet"
    pq.write_table(pa.Table.from_pylist(records), parquet)
    twin = root / "twin.jsonl"
    twin.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    paths = [str(articles), str(jsonl), str(csv_path), str(parquet)]
    return {"root": root, "paths": paths, "parquet": str(parquet), "twin": str(twin)}


def bulk_tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Each table of a bulk output, its partitions in order."""
    got = {}
    for table in (*TABLES, FAILURES):
        files = sorted((out / table).glob("*.parquet"))
        got[table] = [row for f in files for row in pq.read_table(f).to_pylist()]
    return got


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def clean(inputs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A clean bulk run on a LocalCluster of two worker processes."""
    out = tmp_path_factory.mktemp("bulk-clean") / "out"
    args = [*inputs["paths"], "--out", str(out), "--workers", "2", "--partition-size", "2"]
    result = cli("bulk", *args)
    return {"out": out, "args": args, "exit": result.exit_code, "stderr": result.stderr}


def test_bulk_on_a_local_cluster_equals_read(
    inputs: dict[str, Any], clean: dict[str, Any], resources: Any
) -> None:
    failed: list[str] = []
    paths = [*inputs["paths"][:3], inputs["twin"]]
    pairs = list(
        read_inputs(
            Inputs(tuple(paths)), resources, Callbacks(failed=lambda e: failed.append(str(e)))
        )
    )
    want = {name: table.to_pylist() for name, table in to_arrow(rows(pairs)).items()}
    for doc in want["documents"]:  # the Parquet batch holds the twin's records, row for line
        doc["origin"] = doc["origin"].replace(inputs["twin"], inputs["parquet"])
    got = bulk_tables(clean["out"])
    assert len(want["documents"]) == 11
    for table in TABLES:
        assert got[table] == want[table], table
    assert [f"{f['input']}: {f['reason']}" for f in got[FAILURES]] == failed


def test_bad_inputs_fail_alone_in_the_failures_table(
    inputs: dict[str, Any], clean: dict[str, Any]
) -> None:
    assert clean["exit"] == 1
    failures = bulk_tables(clean["out"])[FAILURES]
    articles, jsonl = inputs["paths"][0], inputs["paths"][1]
    by_input = {f["input"]: f for f in failures}
    assert sorted(by_input) == sorted(
        [f"{articles}/binary.txt", f"{articles}/huge.txt", f"{jsonl}:3", f"{jsonl}:4"]
    )
    assert "binary data" in by_input[f"{articles}/binary.txt"]["reason"]
    assert "over the 2,000,000-byte limit" in by_input[f"{articles}/huge.txt"]["reason"]
    assert "malformed JSON" in by_input[f"{jsonl}:3"]["reason"]
    assert by_input[f"{jsonl}:4"]["reason"] == "missing field 'text'"
    assert by_input[f"{jsonl}:3"]["data"].startswith(b'{"id": "broken"')
    for line in by_input:  # one error line each on stderr, and the count
        assert f"watchfloor: error: {line}: " in clean["stderr"]
    assert "4 inputs failed" in clean["stderr"]
    # nothing lost: every input is a document or a failure
    documents = bulk_tables(clean["out"])["documents"]
    assert (len(documents), len(failures)) == (2 + 5 + 2 + 2, 4)


def assert_same_as_clean(out: Path, clean: dict[str, Any]) -> None:
    got, want = bulk_tables(out), bulk_tables(clean["out"])
    for table in (*TABLES, FAILURES):
        assert got[table] == want[table], table
    ids = [d["id"] for d in got["documents"]]
    assert len(ids) == len(set(ids))
    assert not list(out.rglob(".*.tmp-*"))  # nothing half-written left behind


def _bulk_command(inputs: dict[str, Any], out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "watchfloor.cli",
        "bulk",
        *inputs["paths"],
        "--out",
        str(out),
        *extra,
    ]


def _wait_for(predicate: Any, what: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + WAIT_S
    while not predicate():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the job ended (exit {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _markers(out: Path) -> list[Path]:
    return (
        list((out / "_bulk" / "done").glob("*.json")) if (out / "_bulk" / "done").exists() else []
    )


def test_a_job_killed_with_its_process_group_reruns_to_the_clean_result(
    inputs: dict[str, Any], clean: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = _bulk_command(inputs, out, "--workers", "2", "--partition-size", "1")
    proc = subprocess.Popen(command, env=ENV, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _markers(out), "the first partition", proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    planned = len(json.loads((out / "_bulk" / "job.json").read_text())["partitions"])
    done_at_kill = len(_markers(out))
    assert 1 <= done_at_kill < planned  # killed part-way
    rerun = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=WAIT_S)
    assert rerun.returncode == 1, rerun.stderr  # the bad inputs still fail
    assert "done by an earlier run: reading the rest" in rerun.stderr
    assert_same_as_clean(out, clean)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def tcp_cluster() -> Iterator[dict[str, Any]]:
    """A scheduler and two workers, each a process of its own (`dask scheduler`, `dask worker`)."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    dask = [sys.executable, "-m", "dask"]

    def start(command: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
        )

    procs = [start([*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"])]
    try:
        worker = [*dask, "worker", address, "--nthreads", "1", "--no-dashboard"]
        procs += [start(worker), start(worker)]  # each a nanny with its worker process
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield {"address": address, "nannies": procs[1:]}
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_bulk_on_a_scheduler_and_two_worker_processes(
    inputs: dict[str, Any], clean: dict[str, Any], tcp_cluster: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli(
        "bulk",
        *inputs["paths"],
        "--out",
        str(out),
        "--scheduler",
        tcp_cluster["address"],
        "--partition-size",
        "3",
    )
    assert result.exit_code == 1, result.stderr
    assert_same_as_clean(out, clean)


def _kill_a_worker_mid_job(
    inputs: dict[str, Any], cluster: dict[str, Any], out: Path, nanny_index: int
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run a job on the TCP cluster, kill one worker process once a partition is done;
    the job's result, and how many partitions were done when the worker died."""
    import psutil
    from distributed import Client

    with Client(cluster["address"], timeout="60s") as client:  # the last kill's replacement
        client.wait_for_workers(2, timeout=120)
    command = _bulk_command(inputs, out, "--scheduler", cluster["address"], "--partition-size", "1")
    proc = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
    nanny = psutil.Process(cluster["nannies"][nanny_index].pid)
    victims = [c for c in nanny.children() if "spawn_main" in " ".join(c.cmdline())]
    assert len(victims) == 1  # the worker process under its nanny
    _wait_for(lambda: _markers(out), "the first partition", proc)
    victims[0].kill()  # mid-task: both workers are busy while partitions remain
    done_at_kill = len(_markers(out))
    _, stderr = proc.communicate(timeout=WAIT_S)
    planned = len(json.loads((out / "_bulk" / "job.json").read_text())["partitions"])
    assert done_at_kill < planned
    return subprocess.CompletedProcess(command, proc.returncode, "", stderr), done_at_kill


def test_a_worker_killed_mid_job_is_replaced_and_its_task_rerun(
    inputs: dict[str, Any], clean: dict[str, Any], tcp_cluster: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result, _ = _kill_a_worker_mid_job(inputs, tcp_cluster, out, 0)
    assert result.returncode == 1, result.stderr  # the bad inputs, nothing else
    assert "WorkerError" not in result.stderr
    assert_same_as_clean(out, clean)


def test_a_task_that_kills_its_workers_leaves_its_inputs_in_failures_until_a_rerun(
    inputs: dict[str, Any], clean: dict[str, Any], tcp_cluster: dict[str, Any], tmp_path: Path
) -> None:
    from distributed import Client

    def allow(failures: int) -> None:
        def set_on(dask_scheduler: Any) -> None:
            dask_scheduler.allowed_failures = failures

        with Client(tcp_cluster["address"], timeout="60s") as client:
            client.run_on_scheduler(set_on)

    out = tmp_path / "out"
    allow(0)  # the first worker death gives the task up (dask's default: the third)
    try:
        result, _ = _kill_a_worker_mid_job(inputs, tcp_cluster, out, 1)
    finally:
        allow(3)
    assert result.returncode == 1
    given_up = [f for f in bulk_tables(out)[FAILURES] if f["error"] == "WorkerError"]
    assert given_up, result.stderr
    assert all("run the same command again" in f["reason"] for f in given_up)
    assert "partitions unfinished" in result.stderr
    rerun = cli(
        "bulk",
        *inputs["paths"],
        "--out",
        str(out),
        "--scheduler",
        tcp_cluster["address"],
        "--partition-size",
        "1",
    )
    assert rerun.exit_code == 1
    planned = len(json.loads((out / "_bulk" / "job.json").read_text())["partitions"])
    assert f"{planned - len(given_up)} of {planned} partitions done by an earlier" in rerun.stderr
    assert_same_as_clean(out, clean)


def _store_dump(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        q = lambda sql: sorted(db.execute(sql).fetchall())  # noqa: E731
        stories: dict[str, list[str]] = {}
        for doc, story in db.execute("select document_id, story_id from story_documents"):
            stories.setdefault(story, []).append(doc)
        return {
            "documents": q("select id, content_hash from documents"),
            "publications": q("select document_id, outlet, url from publications"),
            "stories": sorted(sorted(m) for m in stories.values()),
            "event_facts": q(
                "select document_id, idx, independent_sources, contradicted from event_facts"
            ),
            "claim_facts": q("select document_id, idx, status from claim_facts"),
            "copies": q("select * from copies"),
            "quarantine": q("select origin, error from quarantine"),
        }


def test_db_loads_what_ingest_stores_and_links_it_idempotently(
    inputs: dict[str, Any], clean: dict[str, Any], resources: Any, tmp_path: Path
) -> None:
    from watchfloor.flow import ingest
    from watchfloor.store import Store

    with Store.open(str(tmp_path / "ingest.db")) as store:  # the twin: the Parquet batch's records
        ingest(store, Inputs((*inputs["paths"][:3], inputs["twin"])), resources)
    db = tmp_path / "bulk.db"
    for _ in range(2):  # the second run finds every partition done and every document stored
        result = cli("bulk", *clean["args"], "--db", str(db))
        assert result.exit_code == 1, result.stderr
        assert "nothing left to read" in result.stderr
    got, want = _store_dump(db), _store_dump(tmp_path / "ingest.db")
    assert got["event_facts"] and got["stories"] and got["quarantine"]
    for key, found in got.items():
        assert found == want[key], key


# ---------------------------------------------------------------- the plan, without a cluster


def _results(items: Iterator[Any]) -> list[tuple[str, str]]:
    return [(r.origin, r.text) if not isinstance(r, Exception) else (str(r), "") for r in items]


@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_batch_ranges_read_as_the_whole_file_does(tmp_path: Path, size: int) -> None:
    from watchfloor.ingest.files import read_csv, read_jsonl
    from watchfloor.ingest.ranges import read_csv_range, read_jsonl_range, split_csv, split_jsonl

    paras = _paragraphs()[:4]
    jsonl = tmp_path / "b.jsonl"
    body = [json.dumps({"text": p}) for p in paras]
    jsonl.write_text("\n\n".join([*body[:2], "{bad", *body[2:]]) + "\n", encoding="utf-8")
    csv_path = tmp_path / "b.csv"
    quoted = [
        f'"{p[:120].replace(chr(34), chr(34) * 2)}\nsecond line, with a comma",x' for p in paras
    ]  # records span lines
    csv_path.write_text("\ufefftext,outlet\n" + "\n".join(quoted) + "\n\n", encoding="utf-8")
    broken = tmp_path / "broken.csv"  # not UTF-8 past its header: read whole, as `read` does
    broken.write_bytes(b"text\n" + "\n".join(quoted[:3]).encode() + b"\n\xff\xfe bad\n")
    assert split_csv(broken, size) is None
    for path, split, read_range, read_whole, expected in (
        (jsonl, split_jsonl, read_jsonl_range, read_jsonl, 5),
        (csv_path, split_csv, read_csv_range, read_csv, 4),
    ):
        parts = split(path, size)
        assert parts is not None and all(p.count <= size for p in parts)
        whole = _results(read_whole(path))
        assert sum(p.count for p in parts) == len(whole) == expected
        assert [r for p in parts for r in _results(read_range(path, p))] == whole
    assert "can't decode byte 0xff" in _results(read_csv(broken))[-1][0]


def test_a_folder_holding_another_job_is_refused(inputs: dict[str, Any], tmp_path: Path) -> None:
    from watchfloor.errors import ConfigError
    from watchfloor.flow.bulk.output import Layout
    from watchfloor.flow.bulk.plan import make_plan

    one = make_plan(Inputs(tuple(inputs["paths"][1:3])), (), 2)
    assert make_plan(Inputs(tuple(inputs["paths"][1:3])), (), 2) == one  # a rerun plans the same
    other = make_plan(Inputs(tuple(inputs["paths"][1:3]), columns="text=text"), (), 2)
    Layout(tmp_path).prepare(one, {})
    Layout(tmp_path).prepare(one, {})
    with pytest.raises(ConfigError, match="another bulk job"):
        Layout(tmp_path).prepare(other, {})


def test_a_small_job_is_cut_finer_so_that_every_worker_gets_work(tmp_path: Path) -> None:
    from watchfloor.flow.bulk.plan import MIN_PARTITION_DOCS, PARTITION_DOCS, make_plan

    batch = tmp_path / "small.jsonl"
    batch.write_text("".join(f'{{"id": "d{n}", "text": "Text {n}."}}\n' for n in range(150)))
    auto = make_plan(Inputs((str(batch),)), ())
    assert auto.size == MIN_PARTITION_DOCS and len(auto.partitions) == 30
    assert [p.docs for p in auto.partitions] == [5] * 30
    assert make_plan(Inputs((str(batch),)), ()) == auto  # from the inputs alone: a rerun agrees
    given = make_plan(Inputs((str(batch),)), (), PARTITION_DOCS)
    assert given.size == PARTITION_DOCS and [p.docs for p in given.partitions] == [150]


def test_the_pandas_and_pyarrow_queries_of_docs_scale_run(clean: dict[str, Any]) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scale.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in doc.split("```python\n")[1:]]
    runnable = [b for b in blocks if "import pandas" in b or "import pyarrow" in b]
    assert len(runnable) == 2
    namespace: dict[str, Any] = {"OUT": str(clean["out"])}
    for code in runnable:
        exec(compile(code, "docs/scale.md", "exec"), namespace)
    assert len(namespace["documents"]) == 11
    assert namespace["event_modes"].to_numpy().sum() == len(namespace["events"]) > 0
    assert len(namespace["mapped"]) == namespace["events"]["lat"].notna().sum()
    assert namespace["why_failed"].sum() == 4
    assert set(namespace["protests"].column("event").to_pylist()) <= {"PROTEST"}
