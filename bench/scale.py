"""The scale bench: a PostgreSQL store of 10k, 100k and 1M documents, and what each costs.

    python bench/scale.py [--sizes 10000,100000,1000000] [--db URL] [--source SRC.db]
                          [--fill-only | --measure-only] [--json OUT] [--stop-at HH:MM]
    python bench/scale.py --db URL --grow-to N [--json OUT] [--stop-at HH:MM] [--part I/N]
    python bench/scale.py --db URL --defer-indexes | --build-indexes
    python bench/scale.py --db URL --probes-only [--json OUT]

Not in CI: filling takes hours. The store is a database of its own (default
``postgresql://postgres@127.0.0.1:5432/watchfloor_scale``, created with
``createdb``; never the tests' ``test``), kept out of the repository. For each
size, in turn:

1. **fill** the store up to that many documents: the documents of
   ``bench/scale_corpus.py`` (real readings of tests/workbench_data.py's
   articles, replicated into stories with their own words, dates over twelve
   years and sixty outlets), each stored by ``Store.add`` with every installed
   hook (copies, stories, link facts), exactly as ``watchfloor ingest`` stores
   a document it has read: one transaction per document. Resumable: a run
   continues from the documents already stored (the n-th document is always
   the same). ``--range A:B`` fills documents A..B-1 only, so that two fillers
   can share the work (each skips what is stored; a deadlock between their
   transactions is retried). ``--stop-at`` ends the fill at that UTC time (then the size
   reached is measured and reported as such).
2. **measure** (``measure``):
   * linking: ``PROBES`` more documents (half new reports of stored stories,
     half new stories) each added with every hook in a transaction that is
     rolled back, so each sees the same store; CPU ms of each hook's work
     (this process) and wall ms of the whole add (the database's work
     included);
   * ``report`` of a watch (``views.report.situation(store, watch)``): wall
     seconds, with the number of key events and documents it holds;
   * the API (the FastAPI app in-process, one client): p50 and p90 ms of the
     events list, filtered lists, search, map, timeline, changes, claims;
   * exports: ``/api/export`` of a filter in each format, seconds, rows and
     the peak memory the export added.

**Growing** (``--grow-to N``): filling by ``Store.add`` runs at about 15 documents a
second, so 100k and 1M documents are built from a base filled the real way (a 10k
store, copied with ``createdb -T`` first) by ``watchfloor.store.replicate``: the base
is copied ``N / base - 1`` times inside PostgreSQL (``INSERT ... SELECT`` of every table,
one transaction per copy, resumable), each copy with ids, stories, outlets (the sixty
rotated), dates (0 to 8 years earlier) and words of its own: every word found in fewer
than ``SHARED_DF`` base documents (the stories' own vocabulary) goes through a per-copy
alphabet, in the text, every span, ``term_df``, ``story_keys``, the centroids and the
search column; the words of the language (in ``SHARED_DF`` documents or more, and
linking's stop words) stay, so their document frequencies and search hits grow with the
store as in a real fill. Then the store is measured as above. Why it stays honest: every
table, index and counter holds what a store of that size filled by ``Store.add`` would
(row counts, ids, arrival numbers, ``term_df`` frequencies, one story per copy's story,
near-duplicate band keys per copy), and the probes are added by the real ``Store.add``
with every hook against it. Its limits: the copies are the base's documents again, so
the distribution of story sizes, events per document, places and actors (the same
121 actors and 357 places) is the base's, repeated; a copy's text is not read again
(its reading is the base's, moved), so nothing measures reading; the base's
near-duplicate signatures are kept (band keys are XORed per copy, so a copy is a
candidate only of its own copy's documents, not of the base's); the grown store's
physical layout (one bulk insert per copy, then ANALYZE) is tidier than years of
single-document transactions.

The figures are in docs/performance.md ("A store of a million documents").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from scale_corpus import STORY_SIZE, Replicas  # noqa: E402
from scale_measure import EXPORT_FILTER  # noqa: E402
from watchfloor.errors import StoreError  # noqa: E402
from watchfloor.link.stories import STOPWORDS  # noqa: E402
from watchfloor.store import Store  # noqa: E402

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/watchfloor_scale"
SOURCE = "/tmp/scale/src.db"  # tests/workbench_data.py's store, built when absent
PROBE_BASE = 50_000_000  # probe documents are numbered from here (never stored)
PROBES = 100
# Words in this many base documents are the language's, shared by every copy (--grow-to):
# two stories' worth, above the reports of any one story (scale_corpus.STORY_SIZE).
SHARED_DF = 2 * STORY_SIZE


def log(*parts: object) -> None:
    print(dt.datetime.now(dt.UTC).strftime("%H:%M:%S"), *parts, flush=True)


def source_pairs(source: str) -> list[Any]:
    if not Path(source).exists():
        from workbench_data import build  # tests/workbench_data.py

        Path(source).parent.mkdir(parents=True, exist_ok=True)
        build(source, Path(source).parent)
    with Store.open(source, hooks=()) as store:
        return list(store.readings())


def stored(store: Store) -> int:
    from watchfloor.store.queries import count, current_readings

    return count(store, current_readings())


def fill(store: Store, replicas: Replicas, size: int, stop_at: dt.datetime | None) -> int:
    """Add documents ``stored..size-1`` of the series; returns how many the store holds."""
    have = stored(store)
    log(f"fill: {have} stored, to {size}")
    fill_range(store, replicas, have, size, stop_at)
    return stored(store)


def fill_range(
    store: Store, replicas: Replicas, start: int, stop: int, stop_at: dt.datetime | None
) -> None:
    """Add documents ``start..stop-1`` of the series, skipping those stored (so two
    processes can fill two ranges at once, and a range can be resumed)."""
    t0, c0, done = time.perf_counter(), time.process_time(), 0
    for n in range(start, stop):
        doc, reading = replicas.pair(n)
        if store.contains(doc.content_hash):
            continue
        for attempt in range(5):
            try:
                store.add(doc, reading)
                break
            except StoreError as exc:  # another filler's transaction: a deadlock, retried
                if attempt == 4 or "deadlock" not in str(exc):
                    raise
        done += 1
        if done % 1000 == 0:
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            log(f"fill: n={n + 1} ({done / wall:.1f} docs/s, {1000 * cpu / done:.1f} CPU ms/doc)")
            if stop_at is not None and dt.datetime.now(dt.UTC) >= stop_at:
                log("fill: stopped at --stop-at")
                return


def grow(db: str, size: int, stop_at: dt.datetime | None, part: tuple[int, int] = (0, 1)) -> None:
    """Replicate the base (the documents stored when the store was first grown) until
    the store holds about ``size`` documents: ``size / base - 1`` copies, each one
    transaction; resumable (copies made are skipped). ``part=(i, n)``: this process's
    share, one of ``n`` growing the store at once."""
    from watchfloor.store.replicate import base_size, replicate

    with Store.open(db) as store:
        base = base_size(store)
        copies = max(round(size / base) - 1, 0)
        log(f"grow: base {base:,} documents, {copies} copies to {base * (copies + 1):,}")
        t0 = time.perf_counter()
        made = replicate(
            store,
            copies,
            shared_df=SHARED_DF,
            shared_words=STOPWORDS,
            log=log,
            stop_at=stop_at,
            part=part,
        )
        log(
            f"grow: {len(made)} copies made in {time.perf_counter() - t0:.0f} s "
            f"(median {sorted(s for _, s in made)[len(made) // 2] if made else 0:.1f} s each); "
            f"{stored(store):,} documents"
        )


def table(figures: dict[str, Any]) -> str:
    """One size's figures as the Markdown tables of docs/performance.md."""
    c, link = figures["counts"], figures["linking"]
    out = [
        f"**{c['documents']:,} documents** ({c['events']:,} events, {c['claims']:,} claims, "
        f"{c['copies']:,} near-duplicate copies)",
        "",
        "| linking, per document (median of "
        f"{link['probes']} probes) | CPU ms (this process) | wall ms |",
        "|---|---|---|",
    ]
    for hook in ("copies", "stories", "facts"):
        out.append(
            f"| `{hook}` hook | {link[hook + '_cpu_ms']} | {link[hook + '_after_wall_ms']} |"
        )
    out.append(
        f"| whole `Store.add` | {link['add_cpu_ms']} | {link['add_wall_ms']} "
        f"(p90 {link['add_wall_p90_ms']}) |"
    )
    out += [
        "",
        "| `report --watch` | seconds | CPU s | key events | documents |",
        "|---|---|---|---|---|",
    ]
    for name, r in figures["report"].items():
        out.append(f"| {name} | {r['s']} | {r['cpu_s']} | {r['key_events']} | {r['documents']} |")
    out += ["", "| endpoint (one client) | p50 ms | p90 ms | total |", "|---|---|---|---|"]
    for path, r in figures["api"].items():
        total = "" if r["total"] is None else f"{r['total']:,}"
        out.append(f"| `{path}` | {r['p50_ms']} | {r['p90_ms']} | {total} |")
    out += [
        "",
        f"| `/api/export?format=F&{EXPORT_FILTER}` | seconds | bytes | lines | peak MB (RSS rise) |",
        "|---|---|---|---|---|",
    ]
    for fmt, r in figures["export"].items():
        out.append(
            f"| {fmt} | {r['s']} | {r['bytes']:,} | {r['lines']:,} | {r.get('peak_rss_mb', r.get('peak_mb'))} |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--db", default=DEFAULT_DB)
    ap.add_argument("--source", default=SOURCE, help="a store of real articles")
    ap.add_argument("--fill-only", action="store_true")
    ap.add_argument("--measure-only", action="store_true")
    ap.add_argument("--json", help="append each size's figures to this JSONL file")
    ap.add_argument("--table", help="print the figures of this JSONL file as Markdown, and end")
    ap.add_argument("--range", help="A:B: fill documents A..B-1 only (one of several fillers)")
    ap.add_argument("--stop-at", help="UTC HH:MM: end the fill then, measure what is stored")
    ap.add_argument(
        "--probes-only",
        action="store_true",
        help="measure linking alone (the probes) on the store as it is",
    )
    ap.add_argument(
        "--grow-to",
        type=int,
        help="N: replicate the store's base in SQL until it holds about N documents "
        "(store.replicate), then measure it",
    )
    ap.add_argument(
        "--defer-indexes",
        action="store_true",
        help="drop the views' secondary indexes before a growth (store.deferred_indexes), and end",
    )
    ap.add_argument(
        "--build-indexes",
        action="store_true",
        help="build the deferred indexes again after a growth, and end",
    )
    ap.add_argument(
        "--part",
        help="I/N with --grow-to: make only this process's share of the copies (one of N "
        "processes growing the store at once; the store is measured by none of them)",
    )
    a = ap.parse_args()
    if a.table:
        with open(a.table, encoding="utf-8") as f:
            print("\n\n".join(table(json.loads(line)) for line in f if line.strip()))
        return
    stop_at = None
    if a.stop_at:
        h, m = map(int, a.stop_at.split(":"))
        now = dt.datetime.now(dt.UTC)
        stop_at = now.replace(hour=h, minute=m, second=0, microsecond=0)
        if stop_at <= now - dt.timedelta(hours=12):  # 00:20 said at 23:50: tomorrow's
            stop_at += dt.timedelta(days=1)
    if a.defer_indexes or a.build_indexes:
        from watchfloor.store import deferred_indexes
        from watchfloor.store.engine import create_engine

        engine = create_engine(a.db)  # not Store.open: a newer schema's migration would run
        try:
            if a.defer_indexes:
                log(f"indexes deferred: {', '.join(deferred_indexes.defer(engine)) or 'none'}")
            else:
                t0 = time.perf_counter()
                built = deferred_indexes.restore(engine, log=log)
                log(f"indexes: {len(built)} built in {time.perf_counter() - t0:.0f} s")
        finally:
            engine.dispose()
        return
    if a.grow_to:
        if a.part:
            i, n = map(int, a.part.split("/"))
            grow(a.db, a.grow_to, stop_at, (i, n))
            return
        grow(a.db, a.grow_to, stop_at)
        a.measure_only = True
    replicas = Replicas(source_pairs(a.source))
    log(f"source: {len(replicas.pairs)} real readings")
    if a.range:
        start, stop = map(int, a.range.split(":"))
        with Store.open(a.db) as store:
            fill_range(store, replicas, start, stop, stop_at)
        return
    if a.probes_only:
        from scale_measure import linking

        with Store.open(a.db) as store:
            figures = {
                "size": stored(store),
                "linking": linking(store, replicas, PROBE_BASE, PROBES),
            }
        log(json.dumps(figures))
        if a.json:
            with open(a.json, "a", encoding="utf-8") as out:
                out.write(json.dumps(figures) + "\n")
        return
    for size in (int(s) for s in a.sizes.split(",")):
        with Store.open(a.db) as store:
            reached = stored(store) if a.measure_only else fill(store, replicas, size, stop_at)
        if a.fill_only:
            if reached < size:
                break
            continue
        from scale_measure import measure

        figures = measure(a.db, replicas, PROBE_BASE, PROBES)
        figures["size"] = reached
        log(json.dumps(figures))
        if a.json:
            with open(a.json, "a", encoding="utf-8") as out:
                out.write(json.dumps(figures) + "\n")
        if reached < size or a.measure_only:
            break


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
