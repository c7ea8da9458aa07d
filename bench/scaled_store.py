"""A store of N documents for the API bench: real readings, replicated.

    python bench/scaled_store.py OUT.db [--documents 10000] [--source SRC.db]

The source is a store of real articles: tests/workbench_data.py's (the seeds,
the hostile article, 180 news texts of ../shared/eval, read by `watchfloor
ingest` with every hook) unless --source names one. Its documents and current
readings are then stored again under new ids (``<id>~<k>``, a content hash of
their own) until the store holds N documents, each ingest time a second apart
so "what changed" has an order. The copies are stored without the linking
hooks (a bulk load: reading 10,000 articles would take most of an hour here),
then their link facts are written by ``link.facts.facts_pending``, each copy
merged on its own; the source's own documents keep their stories. What the
API reads per request (indexed columns, a page of contracts) is what a store of
N real documents holds.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from watchfloor.link.facts import facts_pending  # noqa: E402
from watchfloor.store import Store  # noqa: E402


def source_store(tmp: Path) -> str:
    from workbench_data import build  # tests/workbench_data.py

    url = str(tmp / "source.db")
    build(url, tmp)
    return url


def scaled(out: str, documents: int, source: str | None = None) -> dict[str, float]:
    """Fill ``out`` to ``documents`` documents from ``source``; the seconds each part took."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        src = source or source_store(Path(tmp))
        t1 = time.perf_counter()
        with Store.open(src, hooks=()) as store:
            pairs = list(store.readings())
        with Store.open(out) as full:  # the source's documents, linked as ingest links them
            for doc, reading in pairs:
                full.add(doc, reading)
        t2 = time.perf_counter()
        with Store.open(out, hooks=()) as bulk:
            k = 0
            while bulk.counts()["documents"] < documents:
                k += 1
                for doc, reading in pairs[: documents - bulk.counts()["documents"]]:
                    new_id = f"{doc.id}~{k}"
                    digest = hashlib.sha256(f"{doc.content_hash}~{k}".encode()).hexdigest()
                    copy = dataclasses.replace(doc, id=new_id, content_hash=digest, source=None)
                    bulk.add(copy, dataclasses.replace(reading, document_id=new_id))
        t3 = time.perf_counter()
        with Store.open(out) as store:
            facts_pending(store)
        t4 = time.perf_counter()
    return {"source_s": t1 - t0, "source_add_s": t2 - t1, "copies_s": t3 - t2, "facts_s": t4 - t3}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument(
        "--source", help="a store of real articles (default: tests/workbench_data.py's)"
    )
    a = ap.parse_args()
    print(scaled(a.out, a.documents, a.source))


if __name__ == "__main__":
    main()
