"""Publication-date inference measured on newswire whose date is known (TimeBank / AQUAINT).

Each document is read without its date; ``dct.infer`` gives a range. Figures:

* ``inferred``: documents given a range (how == inferred);
* ``correct``: of those, the share whose range contains the true date (the
  figure that must stay near 100: a wrong range is worse than none);
* ``bounded``: ranges with both ends; ``within_31_days``: bounded ranges at
  most 31 days wide; ``median_width_days`` over bounded ranges.

``today`` is fixed (2026-01-01) so the figures do not drift with the clock.

    python -m watchfloor.evaluation.dct [PATH ...] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import records
from watchfloor.evaluation.times import default_paths
from watchfloor.vocab import Dct, Document

TODAY = dt.date(2026, 1, 1)
# A range at most this wide dates an article to its month: the useful case.
NARROW_DAYS = 31


def evaluate(path: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Figures over one corpus (or both temporal corpora when ``path`` is None)."""
    from watchfloor.extract import actors, sentences, times
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.extract.times import dct
    from watchfloor.knowledge.actors import load_kb

    nlp, kb = load_nlp(), load_kb()
    paths = [Path(path)] if path is not None else default_paths()
    n = inferred = correct = bounded = narrow = 0
    widths: list[int] = []
    wrong: list[str] = []
    for p in paths:
        for record in records(p, limit):
            if not record.get("dct"):
                continue
            truth = dt.date.fromisoformat(record["dct"])
            doc = Document(record["id"], record["text"], record["text"], "")
            parsed = nlp(doc.text)
            sents = sentences.find(parsed)
            mentions = actors.find(parsed, sents, kb, Dct())
            refs = times.find(parsed, sents, Dct())
            got = dct.infer(parsed, sents, doc, mentions, kb, refs, today=TODAY)
            n += 1
            if got.how != "inferred":
                continue
            inferred += 1
            lo, hi = got.earliest or dt.date.min, got.latest or dt.date.max
            if lo <= truth <= hi:
                correct += 1
            else:
                wrong.append(f"{record['id']} {truth} not in {got.earliest}..{got.latest}")
            if got.earliest and got.latest:
                bounded += 1
                width = (got.latest - got.earliest).days + 1
                widths.append(width)
                narrow += width <= NARROW_DAYS
    return {
        "documents": n,
        "inferred": inferred,
        "correct": round(100 * correct / inferred, 2) if inferred else 0.0,
        "bounded": bounded,
        "within_31_days": narrow,
        "median_width_days": statistics.median(widths) if widths else None,
        "wrong": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.dct")
    parser.add_argument("paths", nargs="*", help="JSONL corpora (default: TimeBank, AQUAINT)")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    args = parser.parse_args(argv)
    for p in args.paths or default_paths():
        print(p.name if isinstance(p, Path) else p, json.dumps(evaluate(p, args.limit), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
