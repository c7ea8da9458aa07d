"""Where the stages spend their time: cProfile over read_parsed on parsed bench articles.

Parses the first N bench articles once (bench/run.py: build_corpus, nlp.pipe),
then profiles ``extract.pipeline.read_parsed`` alone over them and prints, for
each stage module, its cumulative seconds and its most expensive functions.

    .venv/bin/python bench/profile_stages.py --docs 150 --top 8
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Each stage: the files it lives in (a path fragment under src/watchfloor/extract/)
# and the function that runs it there.
STAGES = {
    "actors": ("/extract/actors/", "find"),
    "places": ("/extract/places/", "find"),
    "times": ("/extract/times/", "find"),
    "dct": ("/extract/times/dct.py", "infer"),
    "claims": ("/extract/claims/", "find"),
    "events": ("/extract/events/", "find"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--top", type=int, default=8, help="functions shown per stage module")
    ap.add_argument("--dump", type=Path, help="also write the raw profile here (pstats)")
    args = ap.parse_args()
    import run  # bench/run.py
    from watchfloor.extract.pipeline import PIPE_BATCH, Resources, read_parsed
    from watchfloor.ingest.files import document_from_record

    corpus = run.build_corpus(args.docs)
    res = Resources.load()
    docs = [document_from_record(r, r["id"]) for r in corpus]
    parsed = list(res.nlp.pipe([d.text for d in docs], batch_size=PIPE_BATCH))
    prof = cProfile.Profile()
    prof.enable()
    for d, p in zip(docs, parsed, strict=True):
        read_parsed(d, p, res)
    prof.disable()
    if args.dump:
        prof.dump_stats(str(args.dump))
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    print(f"{len(docs)} articles, {total:.2f} s of own time under read_parsed (profiled)")
    for stage, (where, entry) in STAGES.items():
        rows = [
            (key, val)
            for key, val in stats.stats.items()  # type: ignore[attr-defined]
            if where in key[0]
        ]
        find = [v for k, v in rows if k[2] == entry]
        cum = max((v[3] for v in find), default=0.0)
        print(f"\n== {stage}: {entry} {cum:.2f} s cumulative")
        rows.sort(key=lambda kv: -kv[1][3])
        for (_, line, name), (_cc, nc, tt, ct, _callers) in rows[: args.top]:
            print(f"  {ct:7.3f} cum {tt:7.3f} own {nc:>8} calls  {name}:{line}")


if __name__ == "__main__":
    main()
