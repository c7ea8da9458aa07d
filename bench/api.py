"""API and page latency under a bounded local load: p50/p99 per path.

    python bench/api.py [--clients 20] [--seconds 30] [--db PATH] [--documents 10000]

Starts ``watchfloor serve`` (uvicorn, one worker) on 127.0.0.1 on a free port
over a store of ``--documents`` documents (bench/scaled_store.py: the real
readings of tests/workbench_data.py's 180 articles, replicated; the demo store
when ../shared is absent) unless --db is given, then runs ``--clients`` threads
for ``--seconds``, each
requesting the API endpoints and the HTML pages round-robin, and reports per
path the number of requests, p50 and p99 latency in ms, and the errors. One
story and one document (the most recently active story, the first document)
are picked from the store once it is up; their paths are reported as
``{id}``. Every request goes to the loopback address; the load stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ENDPOINTS = (
    "/api/health",
    "/api/documents?limit=20",
    "/api/events?limit=50",
    "/api/events?type=MOBILIZE",
    "/api/claims?limit=50",
    "/api/actors",
    "/api/places",
    "/api/search?q=forces",
    "/api/stories",
    "/api/stories/{story}",
    "/api/export?format=plover&type=FIGHT&country=USA",
    # the workbench: one filter over the list, the map, the timeline and the exports
    "/api/events?type=FIGHT&type=ASSAULT&country=USA&sort=-date",
    "/api/events?min_sources=2&sort=-sources",
    "/api/map?type=FIGHT&type=ASSAULT",
    "/api/map",
    "/api/timeline?country=USA",
    "/api/timeline",
    "/api/export?format=csv&type=FIGHT&country=USA",
    "/api/export?format=geojson&country=USA&type=FIGHT",
    "/api/claims?status=corroborated&limit=50",
    "/api/changes?limit=50",
)
# The HTML pages (watchfloor.views.web.pages), requested like the endpoints.
PAGES = (
    "/",
    "/map",
    "/timeline",
    "/events",
    "/events?type=FIGHT&type=ASSAULT&sort=date",
    "/claims",
    "/stories",
    "/stories/{story}",
    "/documents/{document}",
    "/search?q=forces",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demo_store(tmp: Path) -> str:
    watchfloor = Path(sys.executable).with_name("watchfloor")
    subprocess.run([str(watchfloor), "demo"], cwd=tmp, check=True, capture_output=True)
    return str(tmp / "watchfloor-demo" / "watchfloor.db")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _urls(base: str, paths: tuple[str, ...]) -> dict[str, str]:
    """Each path (as reported) -> the URL requested: ``{story}`` and ``{document}`` are
    the most recently active story and the first document; paths needing one the
    store lacks are left out."""
    ids: dict[str, str] = {}
    stories = httpx.get(base + "/api/stories?limit=1", timeout=30).json()["items"]
    documents = httpx.get(base + "/api/documents?limit=1", timeout=30).json()["items"]
    if stories:
        ids["story"] = quote(stories[0]["id"], safe="")
    if documents:
        ids["document"] = quote(documents[0]["id"], safe="")
    out = {}
    for path in paths:
        try:
            out[path.replace("{story}", "{id}").replace("{document}", "{id}")] = path.format(**ids)
        except KeyError:
            continue
    return out


def _store(tmp: Path, documents: int) -> str:
    """A store of ``documents`` documents (bench/scaled_store.py), from real articles
    when ../shared is there, else from the demo store."""
    from scaled_store import scaled  # bench/scaled_store.py

    shared = Path(__file__).resolve().parents[2] / "shared" / "eval"
    source = None if shared.is_dir() else _demo_store(tmp)
    out = str(tmp / "scaled.db")
    scaled(out, documents, source)
    return out


def run(clients: int, seconds: float, db: str | None, documents: int = 10_000) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="wf-bench-api-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    db = db or _store(tmp, documents)
    port = _free_port()
    watchfloor = Path(sys.executable).with_name("watchfloor")
    server = subprocess.Popen(
        [str(watchfloor), "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("watchfloor serve did not start")
            time.sleep(0.2)
        counts = httpx.get(base + "/api/health", timeout=30).json()["counts"]
        urls = _urls(base, ENDPOINTS + PAGES)
        paths = list(urls)
        times: dict[str, list[float]] = {e: [] for e in paths}
        errors: dict[str, int] = dict.fromkeys(paths, 0)
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=10) as http:
                i = k
                while time.monotonic() < stop:
                    path = paths[i % len(paths)]
                    i += 1
                    t0 = time.perf_counter()
                    try:
                        ok = http.get(urls[path]).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    ms = (time.perf_counter() - t0) * 1000
                    with lock:
                        times[path].append(ms)
                        errors[path] += not ok

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = sum(len(v) for v in times.values())
    return {
        "clients": clients,
        "seconds": seconds,
        "store": {k: counts[k] for k in ("documents", "events", "claims")},
        "requests": total,
        "requests_per_s": round(total / seconds, 1),
        "endpoints": {
            e: {
                "n": len(v),
                "p50_ms": round(statistics.median(v), 1) if v else None,
                "p99_ms": round(_pct(v, 0.99), 1) if v else None,
                "errors": errors[e],
            }
            for e, v in times.items()
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--db", help="an existing store (default: a fresh scaled store)")
    ap.add_argument("--documents", type=int, default=10_000, help="documents of the scaled store")
    args = ap.parse_args()
    result = run(args.clients, args.seconds, args.db, args.documents)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
