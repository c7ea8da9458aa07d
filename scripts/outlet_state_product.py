"""The outlet's state on the product path: LGL through `ingest` into a store, twice.

Run 1 ingests the split's articles into an empty store (each article alone: the
store has no history yet); run 2 re-reads them with a newer extractor string, so
each article is read with the state of its outlet's other stored articles (their
run-1 readings, the article's own left out). The places of the stored readings
are scored against the gold as ``watchfloor.evaluation.places`` scores its
readings (e2e: gold toponyms with coordinates found within 161 km). Unlike that
evaluation, this is the whole pipeline (linked actors' countries count too).
Articles whose clean text is not the gold's text (the cleaner cut something, so
offsets differ) are left out and counted.

    PYTHONPATH=src .venv/bin/python scripts/outlet_state_product.py --split dev [--workers N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any


def main() -> None:
    from watchfloor.evaluation import places as ev
    from watchfloor.evaluation.corpus import records
    from watchfloor.extract import pipeline
    from watchfloor.flow import Inputs, ingest, load_resources
    from watchfloor.store import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "held"), default="dev")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    docs = [d for d in records(ev.default_path()) if ev.split_of(str(d["id"])) == args.split]
    res = load_resources()
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "lgl.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for d in docs:
                url = d.get("meta", {}).get("url")
                line = {"id": str(d["id"]), "text": d["text"], **({"url": url} if url else {})}
                out.write(json.dumps(line) + "\n")
        figures: dict[str, Any] = {}
        with Store.open(str(Path(tmp) / "w.db"), hooks=()) as store:
            for run in ("alone", "with_outlet_state"):
                if run == "with_outlet_state":  # a newer extractor: every article is re-read
                    pipeline.EXTRACTOR = pipeline.EXTRACTOR + " (re-read)"
                ingest(store, Inputs((str(batch),)), res, workers=args.workers)
                tally, left_out = ev._Tally(), 0
                for d in docs:
                    found = store.get(str(d["id"]))
                    if found is None or found[0].text != d["text"]:
                        left_out += 1
                        continue
                    mentions = list(found[1].place_mentions)
                    ev._score_doc(tally, mentions, d["gold"]["toponyms"], res.gazetteer)
                summary = tally.summary()
                figures[run] = {
                    "documents_scored": len(docs) - left_out,
                    "left_out": left_out,
                    "e2e_recall161": summary["e2e_recall161"],
                    "span_overlap": summary["span_overlap"],
                }
            figures["outlets_with_a_state"] = len(store.outlet_states())
    print(json.dumps({"split": args.split, **figures}, indent=2))


if __name__ == "__main__":
    main()
