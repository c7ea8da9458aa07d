"""Throughput of `watchfloor bulk` on a LocalCluster of 2 workers against 1, over the same texts.

``bench_bulk(texts)`` (what ``make bench`` calls from bench/run.py) writes the
texts as one JSONL batch and runs the same bulk job twice, on a LocalCluster
of one worker process and of two, each into a fresh output folder. The figure
is documents per second from the first task submitted to the last result
(cluster start and the resources loaded on each worker are reported apart),
and the speed-up of two workers over one (goal >= 1.6 on two cores). Peak
resident memory of each worker process, and the CPU seconds each task used
(so CPU per document, and the cores the run got: on a machine other jobs
load, the speed-up is bounded by the cores it got), are recorded by the tasks
in their partition markers.

Alone: ``python bench/bulk.py --docs 200`` (texts as bench/run.py builds them).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

# Partitions per worker: enough that two workers end together (the last
# partition is small against the job), few enough that scheduling is noise.
PARTITIONS_PER_WORKER = 8


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def run_once(batch: Path, out: Path, workers: int, partition_size: int) -> dict[str, Any]:
    from watchfloor.flow import Inputs
    from watchfloor.flow.bulk import Cluster, run_bulk

    load_before = _load()
    t0 = time.perf_counter()
    tally = run_bulk(
        Inputs((str(batch),)),
        out,
        cluster=Cluster(workers=workers),
        partition_size=partition_size,
    )
    wall = time.perf_counter() - t0
    if tally.failed:
        raise SystemExit(f"bench: {tally.failed} documents failed in the bulk run")
    return {
        "workers": workers,
        "documents": tally.read,
        "partitions": tally.partitions,
        "setup_s": round(tally.setup_seconds, 2),
        "run_s": round(tally.run_seconds, 2),
        "wall_s": round(wall, 2),
        "docs_per_s": round(tally.read / tally.run_seconds, 2),
        "load_before": load_before,
        "load_after": _load(),
    }


def bench_bulk(texts: list[str], workers: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """docs/s of bulk on LocalClusters of 1 and 2 workers over ``texts``, and the speed-up."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "texts.jsonl"
        with batch.open("w", encoding="utf-8") as f:
            for n, text in enumerate(texts):
                f.write(json.dumps({"id": f"t{n}", "text": text}) + "\n")
        size = max(1, len(texts) // (PARTITIONS_PER_WORKER * max(workers)))
        for n in workers:
            run = run_once(batch, Path(tmp) / f"out-{n}", n, size)
            run["worker_peak_rss_mb"], cpu = worker_figures(Path(tmp) / f"out-{n}")
            run["task_cpu_s"] = round(cpu, 2)
            run["cpu_s_per_doc"] = round(cpu / run["documents"], 3)
            run["cores_used"] = round(cpu / run["run_s"], 2)
            runs.append(run)
            peaks = ", ".join(f"{mb:.0f}" for mb in run["worker_peak_rss_mb"])
            print(
                f"bulk, LocalCluster of {n} worker(s): {run['docs_per_s']:>6} docs/s "
                f"({run['documents']} docs, {run['partitions']} partitions, "
                f"run {run['run_s']} s, cluster start and resources {run['setup_s']} s; "
                f"peak MB per worker {peaks}; {run['cpu_s_per_doc']} CPU s/doc, "
                f"{run['cores_used']} cores used; "
                f"load average {run['load_before']} -> {run['load_after']})"
            )
    by = {r["workers"]: r for r in runs}
    out: dict[str, Any] = {"runs": runs, "cpus": os.cpu_count()}
    if 1 in by and 2 in by:
        out["speedup_2_over_1"] = round(by[2]["docs_per_s"] / by[1]["docs_per_s"], 2)
        print(f"bulk speed-up, 2 workers over 1: {out['speedup_2_over_1']}x   (goal >= 1.6)")
    return out


def worker_figures(out: Path) -> tuple[list[float], float]:
    """Peak RSS (MB) of each worker process and the CPU seconds of all tasks, as the tasks
    recorded them in their markers."""
    peaks: dict[str, float] = {}
    cpu = 0.0
    for marker in sorted((out / "_bulk" / "done").glob("*.json")):
        worker = json.loads(marker.read_text())["worker"]
        key = f"{worker['host']}:{worker['pid']}"
        peaks[key] = max(peaks.get(key, 0.0), worker["peak_rss_mb"])
        cpu += worker["task_cpu_s"]
    return sorted(peaks.values()), cpu


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import build_corpus  # bench/run.py

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    texts = [r["text"] for r in build_corpus(args.docs)]
    figures = bench_bulk(texts)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
