"""What bench/scale.py measures on a filled store: linking, a watch's report, the API, exports.

``measure(db, replicas, base, probes)`` returns one dict of figures (see
bench/scale.py). Each figure is taken on the store as it is: probes are rolled
back, watches are saved once (``scale-*``) and left for the next size.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psutil

from scale_corpus import STORY_SIZE, Replicas, _h
from watchfloor.flow.outlets import reading_states
from watchfloor.link.stories import story_id_for
from watchfloor.store import Store
from watchfloor.store import watches as stored_watches

# Endpoints timed, one client in-process; the shapes of bench/api.py's.
ENDPOINTS = (
    "/api/events?limit=50",
    "/api/events?type=FIGHT&type=ASSAULT&country=USA&sort=-date",
    "/api/events?min_sources=2&sort=-sources",
    "/api/events?outlet=Outlet%2007%20News&limit=50",
    "/api/events?limit=50&offset=2000",
    "/api/claims?limit=50",
    "/api/claims?status=corroborated&limit=50",
    "/api/documents?limit=20",
    "/api/search?q=forces",
    "/api/search?q=police%20officers",
    "/api/map?type=FIGHT&type=ASSAULT",
    "/api/map",
    "/api/timeline?country=USA",
    "/api/timeline",
    "/api/changes?limit=50",
    "/api/stories?limit=20",
    "/api/actors?limit=50",
    "/api/places?limit=50",
    "/api/timeline?type=FIGHT",
)
EXPORTS = ("jsonl", "csv", "geojson", "plover")
EXPORT_FILTER = "type=FIGHT&type=ASSAULT&country=USA"
REPEATS = 7  # requests per endpoint after one warm-up
# The watches reported: a type and a country, and an actor's country and a modality.
WATCHES = {
    "scale-usa-assault": {"types": ["ASSAULT", "FIGHT"], "places": ["USA"]},
    "scale-denied": {"modalities": ["denied"]},
}


class Timed:
    """A store hook whose prepare and after_add are timed (CPU of this process, wall)."""

    def __init__(self, hook: Any) -> None:
        self.hook, self.name, self.order = hook, hook.name, hook.order
        self.prepare_cpu: list[float] = []
        self.after_cpu: list[float] = []
        self.after_wall: list[float] = []

    def prepare(self, document: Any, reading: Any) -> Any:
        c0 = time.process_time()
        out = self.hook.prepare(document, reading)
        self.prepare_cpu.append(time.process_time() - c0)
        return out

    def after_add(self, ctx: Any, document: Any, reading: Any, prepared: Any) -> Any:
        c0, t0 = time.process_time(), time.perf_counter()
        out = self.hook.after_add(ctx, document, reading, prepared)
        self.after_cpu.append(time.process_time() - c0)
        self.after_wall.append(time.perf_counter() - t0)
        return out


def _ms(values: list[float]) -> float:
    return round(1000 * statistics.median(values), 2) if values else float("nan")


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[int(0.9 * (len(ordered) - 1))], 2) if ordered else float("nan")


def linking(store: Store, replicas: Replicas, base: int, probes: int) -> dict[str, Any]:
    """``probes`` documents added with every hook, each rolled back: per hook, median CPU
    ms of its prepare and its after_add; the whole add's median wall ms."""
    from watchfloor.store.replicate import base_size

    # a stored story of the series: of the base's, in a store grown in SQL (the copies'
    # stories are the base's in other words, so report g of the series, g past the
    # base, would be a story the store does not hold: a new story, not a new report)
    groups = max(1, base_size(store) // STORY_SIZE)
    timed = tuple(Timed(h) for h in store.hooks)
    store.hooks = timed
    walls, cpus, joined = [], [], 0
    for i in range(probes):
        if i % 2 == 0:  # a new report of a stored story
            g, m = _h("probe", i) % groups, STORY_SIZE + i
        else:  # a new story
            g, m = base + i, 0
        doc, reading = replicas.report(g, m, base + i)
        c0, t0 = time.process_time(), time.perf_counter()
        prepared = [h.prepare(doc, reading) for h in timed]
        with store._write() as conn:
            tx = conn.begin()
            result = store._add(conn, doc, reading, prepared, reading_states(reading))
            tx.rollback()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        sid = result.links.get("stories", {}).get("story_id")
        joined += sid is not None and sid != story_id_for(doc.id)
    out: dict[str, Any] = {
        "probes": probes,
        "add_wall_ms": _ms(walls),
        "add_wall_p90_ms": _p90(walls),
        "add_cpu_ms": _ms(cpus),
        "joined_a_story": joined,
    }
    for h in timed:
        out[f"{h.name}_cpu_ms"] = _ms(
            [a + b for a, b in zip(h.prepare_cpu, h.after_cpu, strict=True)]
        )
        out[f"{h.name}_after_wall_ms"] = _ms(h.after_wall)
    return out


def reports(store: Store) -> dict[str, Any]:
    """Each scale watch's report: seconds, key events, documents."""
    from watchfloor.views.report import situation

    have = {w.name for w in stored_watches.load(store)}
    out = {}
    for name, query in WATCHES.items():
        if name not in have:
            stored_watches.add(store, name, query)
        t0, c0 = time.perf_counter(), time.process_time()
        rep = situation(store, name)
        out[name] = {
            "s": round(time.perf_counter() - t0, 3),
            "cpu_s": round(time.process_time() - c0, 3),
            "key_events": len(rep.key_events),
            "documents": len(rep.documents),
        }
    return out


def api(db: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """p50 and p90 ms of each endpoint; seconds, bytes and peak memory of each export."""
    from fastapi.testclient import TestClient

    from watchfloor.views.web.app import create_app

    endpoints: dict[str, Any] = {}
    exports: dict[str, Any] = {}
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        for path in ENDPOINTS:
            times = []
            for k in range(REPEATS + 1):
                t0 = time.perf_counter()
                response = client.get(path)
                if k:
                    times.append(time.perf_counter() - t0)
            body = response.json()
            endpoints[path] = {
                "status": response.status_code,
                "p50_ms": _ms(times),
                "p90_ms": _p90(times),
                "total": body.get("total") if isinstance(body, dict) else None,
            }
        for fmt in EXPORTS:
            url = f"/api/export?format={fmt}&{EXPORT_FILTER}"
            size = lines = 0
            with rss_growth() as grown:
                t0 = time.perf_counter()
                with client.stream("GET", url) as response:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        lines += chunk.count(b"\n")
                seconds = time.perf_counter() - t0
            exports[fmt] = {
                "status": response.status_code,
                "s": round(seconds, 3),
                "bytes": size,
                "lines": lines,
                "peak_rss_mb": round(grown[0] / 2**20, 1),
            }
    return endpoints, exports


@contextmanager
def rss_growth(every: float = 0.02) -> Iterator[list[int]]:
    """How far this process's resident memory rose above its level at the start, at its
    highest, sampled every ``every`` seconds in a thread (in the one list item, on exit).
    The export and its client share the process: what the export held at its peak is at
    most this (the same pass as the timing; tracemalloc would slow it several times)."""
    proc = psutil.Process()
    start = proc.memory_info().rss
    peak = [start]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(every):
            peak[0] = max(peak[0], proc.memory_info().rss)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out = [0]
    try:
        yield out
    finally:
        done.set()
        thread.join()
        out[0] = max(peak[0], proc.memory_info().rss) - start


def measure(db: str, replicas: Replicas, base: int, probes: int) -> dict[str, Any]:
    with Store.open(db) as store:
        counts = store.counts()
        link = linking(store, replicas, base, probes)
    with Store.open(db, hooks=()) as store:
        rep = reports(store)
    endpoints, exports = api(db)
    return {
        "counts": {k: counts[k] for k in ("documents", "events", "claims", "copies")},
        "linking": link,
        "report": rep,
        "api": endpoints,
        "export": exports,
    }
