"""The events stage's cost against the bare parse, with and without the event classifier.

Builds the bench corpus (bench/run.py: build_corpus), times the bare spaCy
parse (nlp.pipe), runs every stage before events once, then times
``events.find`` alone over the parsed articles: rules only, and with the
shipped classifier (``Resources.event_model``) or the one of ``--model DIR``
(scripts/train_events.py), its thresholds overridden by ``--thresholds``
(ADD/RETYPE/FALLBACK/ALONE). Medians of ``--repeats`` alternating passes.

    .venv/bin/python bench/events_cost.py --docs 200
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _inputs(docs: list[Any], parsed: list[Any], res: Any) -> list[dict[str, Any]]:
    from watchfloor.extract import actors, claims, places, sentences, times

    out = []
    for doc, p in zip(docs, parsed, strict=True):
        sents = sentences.find(p)
        am = actors.find(p, sents, res.kb, doc.dct, res.cues.sports)
        out.append(
            {
                "parsed": p,
                "sents": sents,
                "document": doc,
                "actor_mentions": am,
                "kb": res.kb,
                "place_mentions": places.find(p, sents, res.gazetteer, am, res.kb),
                "gazetteer": res.gazetteer,
                "times": times.find(p, sents, doc.dct),
                "claims": claims.find(p, sents, doc, am, res.kb, res.cues.claims),
                "cues": res.cues,
            }
        )
    return out


def _events_seconds(inputs: list[dict[str, Any]], classifier: Any) -> tuple[float, int]:
    from watchfloor.extract import events

    n = 0
    t0 = time.perf_counter()
    for kw in inputs:
        kw = dict(kw)
        if classifier is not None:
            kw["classifier"] = classifier
        n += len(events.find(kw.pop("parsed"), kw.pop("sents"), kw.pop("document"), **kw))
    return time.perf_counter() - t0, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--model", type=Path, help="an event classifier directory")
    ap.add_argument("--thresholds", help="ADD/RETYPE/FALLBACK to use instead of the model's")
    args = ap.parse_args()
    import run  # bench/run.py
    from watchfloor.extract.pipeline import PIPE_BATCH, Resources
    from watchfloor.ingest.files import document_from_record

    res = Resources.load()
    corpus = run.build_corpus(args.docs)
    docs = [document_from_record(r, r["id"]) for r in corpus]
    texts = [d.text for d in docs]
    model = res.event_model
    if args.model is not None:
        from watchfloor.extract.events.classifier import load_classifier

        model = load_classifier(args.model)
    if args.thresholds and model is not None:
        a, r, f, n = (float(x) for x in args.thresholds.split("/"))
        model = replace(
            model, add_threshold=a, retype_threshold=r, fallback_threshold=f, alone_threshold=n
        )
    parse_s: list[float] = []
    rules_s: list[float] = []
    model_s: list[float] = []
    counts: dict[str, int] = {}
    inputs: list[dict[str, Any]] = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        parsed = list(res.nlp.pipe(texts, batch_size=PIPE_BATCH))
        parse_s.append(time.perf_counter() - t0)
        if not inputs:
            inputs = _inputs(docs, parsed, res)
        s, counts["rules"] = _events_seconds(inputs, None)
        rules_s.append(s)
        if model is not None:
            s, counts["model"] = _events_seconds(inputs, model)
            model_s.append(s)
    p = statistics.median(parse_s)
    out: dict[str, Any] = {
        "docs": len(docs),
        "parse_seconds": round(p, 3),
        "events_rules_seconds": round(statistics.median(rules_s), 3),
        "events_rules_share_of_parse": round(statistics.median(rules_s) / p, 4),
        "events": counts,
    }
    if model_s:
        out["events_model_seconds"] = round(statistics.median(model_s), 3)
        out["events_model_share_of_parse"] = round(statistics.median(model_s) / p, 4)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
