"""The places (geoparsing) stage's CPU time on parsed bench articles, and the parse's.

Builds the bench corpus (bench/run.py: build_corpus), parses it once, then, for
each of ``--repeats`` passes, clears every document's token columns, runs the
sentences and actors stages (untimed: places reads their output and the columns
they leave) and times ``places.find`` alone over all articles in CPU time
(``time.process_time``: less moved by other jobs than wall time on a shared
machine). Prints each pass, the fastest, and the bare parse's CPU time (one
pass) with the stage's share of it.

    PYTHONPATH=src .venv/bin/python bench/places_cost.py --docs 200 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    import run  # bench/run.py
    from watchfloor.extract import actors, places, sentences
    from watchfloor.extract.pipeline import PIPE_BATCH, Resources
    from watchfloor.ingest.files import document_from_record

    corpus = run.build_corpus(args.docs)
    res = Resources.load()
    docs = [document_from_record(r, r["id"]) for r in corpus]
    texts = [d.text for d in docs]
    list(res.nlp.pipe(texts[:20], batch_size=PIPE_BATCH))  # warm-up
    t0 = time.process_time()
    parsed = list(res.nlp.pipe(texts, batch_size=PIPE_BATCH))
    parse_cpu = time.process_time() - t0
    passes = []
    for n in range(args.repeats):
        inputs = []
        for doc, p in zip(docs, parsed, strict=True):
            p.user_data.clear()  # the columns, made again as in a fresh read
            sents = sentences.find(p)
            inputs.append((sents, actors.find(p, sents, res.kb, doc.dct, res.cues.sports)))
        t0 = time.process_time()
        for p, (sents, am) in zip(parsed, inputs, strict=True):
            places.find(p, sents, res.gazetteer, am, res.kb)
        passes.append(time.process_time() - t0)
        print(f"pass {n + 1}: places {passes[-1]:.3f} s CPU")
    best = min(passes)
    print(
        f"{len(docs)} articles: places {best:.3f} s CPU (fastest of {len(passes)}), "
        f"{best * 1000 / len(docs):.2f} ms/article; bare parse {parse_cpu:.2f} s CPU; "
        f"places {best / parse_cpu:.1%} of the parse; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
