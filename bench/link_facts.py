"""What the link facts cost per ingested document (the ``facts`` store hook).

    python bench/link_facts.py [--source SRC.db] [--repeat 2]

The documents and readings of a store of real articles (default:
tests/workbench_data.py's: the seeds, the hostile article and 180 news texts of
../shared/eval, read once) are added again, in their order, to a fresh store
with every installed hook, each hook's ``after_add`` timed (wall clock, in the
add's transaction). The facts hook re-merges the whole story a document joins,
so its cost grows with that story: the figures are per document, with the size
of the story it joined.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from watchfloor.store import Store  # noqa: E402
from watchfloor.store.hooks import AddContext, installed_hooks  # noqa: E402


class Timed:
    """An installed hook, its ``after_add`` timed."""

    def __init__(self, hook: Any) -> None:
        self.hook, self.name, self.order = hook, hook.name, hook.order
        self.ms: list[float] = []
        self.found: list[Mapping[str, Any]] = []

    def prepare(self, document: Any, reading: Any) -> Any:
        return self.hook.prepare(document, reading)

    def after_add(self, ctx: AddContext, document: Any, reading: Any, prepared: Any) -> Any:
        t0 = time.perf_counter()
        out = self.hook.after_add(ctx, document, reading, prepared)
        self.ms.append((time.perf_counter() - t0) * 1000)
        self.found.append(out)
        return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(source: str) -> dict[str, Any]:
    with Store.open(source, hooks=()) as src:
        pairs = list(src.readings())
    hooks = [Timed(h) for h in installed_hooks()]
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"{tmp}/w.db", hooks=hooks) as store:
        t0 = time.perf_counter()
        adds = []
        for doc, reading in pairs:
            a = time.perf_counter()
            store.add(doc, reading)
            adds.append((time.perf_counter() - a) * 1000)
        total = time.perf_counter() - t0
    facts = next(h for h in hooks if h.name == "facts")
    sizes = [int(f.get("documents", 0)) for f in facts.found]
    return {
        "documents": len(pairs),
        "add_ms": {"median": round(statistics.median(adds), 1), "p90": round(_pct(adds, 0.9), 1)},
        "hooks": {
            h.name: {
                "median_ms": round(statistics.median(h.ms), 2),
                "p90_ms": round(_pct(h.ms, 0.9), 2),
                "mean_ms": round(statistics.fmean(h.ms), 2),
            }
            for h in hooks
        },
        "story_size": {"median": statistics.median(sizes), "max": max(sizes)},
        "total_s": round(total, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--source", help="a store of real articles (default: tests/workbench_data.py's)"
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = a.source
        if source is None:
            from workbench_data import build

            source = f"{tmp}/source.db"
            build(source, Path(tmp))
        print(json.dumps(run(source), indent=2))


if __name__ == "__main__":
    main()
