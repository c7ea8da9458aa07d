"""TempEval-3 evaluation of the times stage on TimeBank / AQUAINT (TBAQ-cleaned).

Metrics (UzZaman et al. 2013, TempEval-3 task A):

* strict span P/R/F1: a system expression matches a gold one with the same
  character extent;
* relaxed span P/R/F1: a system expression matches a gold one it overlaps
  (one-to-one, largest overlap first);
* value F1: matches (relaxed) whose value equals the gold value, counted as
  precision over all system expressions and recall over all gold ones;
  value accuracy: the same count over the relaxed matches;
* type accuracy: matches (relaxed) with the gold TIMEX3 type, over the matches.

This is the official TempEval-3 definition of attribute F1: the value F1
computed here, 2 * value_correct / (system + gold), equals relaxed-match F1
multiplied by value accuracy over the relaxed matches (F1_rel x acc =
2 * matched / (system + gold) x value_correct / matched).

    python -m watchfloor.evaluation.times [PATH ...] [--limit N] [--split {all,dev,heldout}]
    python -m watchfloor.evaluation.times --dct-range DAYS

``--dct-range DAYS`` measures resolution under an inferred publication range
(``times.resolve_in_range``) instead: each document is read without its
DCT, then given a range of DAYS days holding its true DCT (the true day in
the middle). Of the expressions left open for lack of a DCT, it counts those
the range resolves, how many of them have the gold value, those it leaves
ambiguous, and ``differs``: resolved values unlike what the true DCT gives
(always 0 when the range holds the true day: a value every day agrees on is
the true day's).

With no PATH it reads ``../shared/eval/temporal/{timebank,aquaint}.jsonl``
relative to the repository (or ``$WATCHFLOOR_SHARED/eval/temporal``).

``--split`` selects a fixed half of every corpus by document id: ``dev`` is
the documents whose ``sha1(id)`` (hex digest read as an integer) is even,
``heldout`` those whose is odd. Rules were tuned by error analysis on ``dev``
only; ``heldout`` figures are reported as the unbiased estimate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.evaluation.metrics import match_by_overlap, prf
from watchfloor.vocab import Dct, TimeRef

CORPORA = ("timebank.jsonl", "aquaint.jsonl")
SPLITS = ("all", "dev", "heldout")


def split_of(doc_id: str) -> str:
    """ "dev" when sha1(id) is even, else "heldout": a fixed half of every corpus."""
    return "dev" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def default_paths() -> list[Path]:
    return [eval_path("temporal", name) for name in CORPORA]


def score(pairs: list[tuple[list[TimeRef], list[dict[str, Any]]]]) -> dict[str, Any]:
    """TempEval-3 figures over (system, gold) expression lists, one pair a document."""
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
    for system, gold in pairs:
        n_sys += len(system)
        n_gold += len(gold)
        gold_spans = {(g["start"], g["end"]) for g in gold}
        strict += sum((s.span.start, s.span.end) in gold_spans for s in system)
        matches = match_by_overlap(system, gold)
        relaxed += len(matches)
        value_ok += sum(s.value is not None and s.value == g["value"] for s, g in matches)
        type_ok += sum(s.type == g["type"] for s, g in matches)
    return {
        "documents": len(pairs),
        "gold": n_gold,
        "system": n_sys,
        "strict": prf(strict, n_sys, n_gold, percent=True),
        "relaxed": prf(relaxed, n_sys, n_gold, percent=True),
        "value": prf(value_ok, n_sys, n_gold, percent=True),
        "value_accuracy": round(100 * value_ok / relaxed, 2) if relaxed else 0.0,
        "type_accuracy": round(100 * type_ok / relaxed, 2) if relaxed else 0.0,
    }


def run(
    path: str | Path, limit: int | None = None, split: str = "all"
) -> list[tuple[list[TimeRef], list[dict[str, Any]]]]:
    """Parse and read every document of ``path`` (of ``split``); (system, gold) per document."""
    from watchfloor.extract import sentences, times
    from watchfloor.extract.nlp import load_nlp

    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    nlp = load_nlp()
    docs = [
        d for d in records(Path(path), limit) if split == "all" or split_of(str(d["id"])) == split
    ]
    out = []
    for doc, parsed in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=16), strict=True):
        dct = Dct.given(dt.date.fromisoformat(doc["dct"])) if doc.get("dct") else Dct()
        found = times.find(parsed, sentences.find(parsed), dct)
        out.append((list(found), list(doc["gold"]["timex"])))
    return out


def evaluate(path: str | Path, limit: int | None = None, split: str = "all") -> dict[str, Any]:
    """TempEval-3 span, value and type figures of the times stage on one corpus file."""
    result = score(run(path, limit, split))
    result["corpus"] = Path(path).name
    result["split"] = split
    return result


def range_resolution(paths: list[Path], days: int) -> dict[str, Any]:
    """Resolution under a ``days``-day range around each document's true DCT (module docstring)."""
    from watchfloor.extract import sentences, times
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.vocab import DctHow

    nlp = load_nlp()
    docs = [d for path in paths for d in records(path, None) if d.get("dct")]
    counts = dict.fromkeys(("open", "resolved", "gold_value", "ambiguous", "differs"), 0)
    for doc, parsed in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=16), strict=True):
        sents = sentences.find(parsed)
        truth = dt.date.fromisoformat(doc["dct"])
        first = truth - dt.timedelta(days=days // 2)
        rng = Dct(None, first, first + dt.timedelta(days=days - 1), DctHow.INFERRED)
        bare = times.find(parsed, sents, Dct())
        got = times.resolve_in_range(parsed, sents, bare, rng)
        true = {
            (r.span.start, r.span.end): r.value for r in times.find(parsed, sents, Dct.given(truth))
        }
        gold = {id(s): g for s, g in match_by_overlap(list(got), doc["gold"]["timex"])}
        for before, after in zip(bare, got, strict=True):
            if before.value is not None or before.reason not in ("needs_dct", "anaphoric"):
                continue
            counts["open"] += 1
            if after.value is None:
                counts["ambiguous"] += after.reason == times.AMBIGUOUS_IN_RANGE
                continue
            counts["resolved"] += 1
            g = gold.get(id(after))
            counts["gold_value"] += bool(g and g["value"] == after.value)
            counts["differs"] += true.get((after.span.start, after.span.end)) != after.value
    resolved = counts["resolved"]
    return {
        "days": days,
        **counts,
        "gold_value_share": round(100 * counts["gold_value"] / resolved, 2) if resolved else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.times")
    parser.add_argument("paths", nargs="*", help="JSONL corpora (default: TimeBank, AQUAINT)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each")
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="dev (sha1(id) even) or heldout (odd) half of each corpus; default all",
    )
    parser.add_argument(
        "--dct-range",
        type=int,
        metavar="DAYS",
        help="measure resolution under a DAYS-day publication range instead (see above)",
    )
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.paths] or default_paths()
    if args.dct_range is not None:
        print(json.dumps(range_resolution(paths, args.dct_range)))
        return 0
    all_pairs = []
    for path in paths:
        try:
            pairs = run(path, args.limit, args.split)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        all_pairs += pairs
        print(json.dumps({"corpus": path.name, "split": args.split, **score(pairs)}))
    if len(paths) > 1:
        print(json.dumps({"corpus": "all", "split": args.split, **score(all_pairs)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
