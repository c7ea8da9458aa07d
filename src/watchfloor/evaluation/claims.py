"""Attribution quality on PolNeAR: exact and token-overlap P/R/F1 of cue, source, content.

Predicted and gold attributions are paired one-to-one by cue overlap (greedy,
in text order); each part of a pair is then scored. Exact: a part counts when
its span equals the gold span. Token overlap: each pair contributes the share
of its predicted tokens found in the gold part (precision) and of the gold
tokens found in the prediction (recall), over all predictions / all gold
items that have that part. The predicted source is the chain's source whose
span lies in the cue's sentence (the one the text names there).

    python -m watchfloor.evaluation.claims [PATH] [--split dev|train|all]
        [--limit N] [--sample N] [--errors]

Tuning uses PolNeAR ``train`` only (``--split train --sample 150``: a fixed
subset chosen by a hash of the document id, for fast iteration); ``dev`` is
held out and looked at only to report. ``--errors`` prints every mismatch
(gold vs ours) to stderr, for error analysis on train.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.extract import claims, sentences
from watchfloor.extract.claims.lexicon import load_lexicon
from watchfloor.vocab import Claim, Document, Span

DEFAULT_PATH = eval_path("attribution")
DEFAULT_FILE = DEFAULT_PATH / "polnear_train_dev.jsonl"
PARTS = ("cue", "source", "content")
WORD = re.compile(r"\w+")

Triple = dict[str, tuple[int, int] | None]


def _tokens(span: tuple[int, int] | None, text: str) -> set[int]:
    if span is None:
        return set()
    return {span[0] + m.start() for m in WORD.finditer(text[span[0] : span[1]])}


def _pair(span: Span | None) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None


def predicted(claim_list: tuple[Claim, ...], parsed: Any) -> list[Triple]:
    """Cue/source/content character spans of the attributed claims."""
    out: list[Triple] = []
    for claim in claim_list:
        if claim.cue is None:
            continue
        sent = parsed.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
        lo, hi = (sent.sent.start_char, sent.sent.end_char) if sent is not None else (0, 0)
        source = next((s.span for s in claim.sources if s.span and lo <= s.span.start < hi), None)
        out.append({"cue": _pair(claim.cue), "source": _pair(source), "content": _pair(claim.span)})
    return out


def gold_triples(record: dict[str, Any]) -> list[Triple]:
    out: list[Triple] = []
    for att in record["gold"]["attributions"]:
        if att.get("cue") is None:
            continue
        out.append({p: (att[p]["start"], att[p]["end"]) if att.get(p) else None for p in PARTS})
    return out


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def match(pred: list[Triple], gold: list[Triple]) -> list[tuple[Triple, Triple]]:
    """Greedy one-to-one pairing of predictions and gold items whose cues overlap."""
    used: set[int] = set()
    pairs = []
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and _overlaps(p["cue"], g["cue"]):
                used.add(j)
                pairs.append((p, g))
                break
    return pairs


def _new_counts() -> dict[str, dict[str, float]]:
    keys = ("pred", "gold", "exact", "tok_p", "tok_r")
    return {part: dict.fromkeys(keys, 0.0) for part in PARTS}


def score_document(text: str, pred: list[Triple], gold: list[Triple], counts: Any) -> None:
    for part in PARTS:
        counts[part]["pred"] += sum(1 for p in pred if p[part] is not None)
        counts[part]["gold"] += sum(1 for g in gold if g[part] is not None)
    for p, g in match(pred, gold):
        for part in PARTS:
            ps, gs = p[part], g[part]
            if ps is None or gs is None:
                continue
            counts[part]["exact"] += ps == gs
            pt, gt = _tokens(ps, text), _tokens(gs, text)
            if pt and gt:
                common = len(pt & gt)
                counts[part]["tok_p"] += common / len(pt)
                counts[part]["tok_r"] += common / len(gt)


def _prf(hit_p: float, hit_r: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = hit_p / n_pred if n_pred else 0.0
    r = hit_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _hash_rank(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def _records(
    path: Path, split: str | None, limit: int | None, sample: int | None = None
) -> list[dict[str, Any]]:
    """Documents of ``split`` (None: all): the first ``limit``, or the ``sample``
    whose id hashes lowest (a fixed subset, independent of file order)."""

    def in_split(record: dict[str, Any]) -> bool:
        return split is None or record["meta"].get("split") == split

    found = list(records(path, None if sample else limit, in_split))
    if sample:
        keep = {r["id"] for r in sorted(found, key=lambda r: _hash_rank(r["id"]))[:sample]}
        found = [r for r in found if r["id"] in keep]
    return found


def _show(text: str, span: tuple[int, int] | None) -> str:
    return "-" if span is None else repr(text[span[0] : span[1]])


def print_errors(doc_id: str, text: str, pred: list[Triple], gold: list[Triple]) -> None:
    """Every mismatch of one document: unmatched gold, unmatched ours, and pairs
    with any part differing (gold | ours), one line per part."""
    pairs = match(pred, gold)
    paired_p = {id(p) for p, _ in pairs}
    paired_g = {id(g) for _, g in pairs}
    out = sys.stderr
    for g in gold:
        if id(g) not in paired_g:
            parts = " ".join(f"{k}={_show(text, g[k])}" for k in PARTS)
            print(f"{doc_id}\tMISS\t{parts}", file=out)
    for p in pred:
        if id(p) not in paired_p:
            parts = " ".join(f"{k}={_show(text, p[k])}" for k in PARTS)
            print(f"{doc_id}\tEXTRA\t{parts}", file=out)
    for p, g in pairs:
        for part in PARTS:
            if p[part] != g[part]:
                gold_s, ours = _show(text, g[part]), _show(text, p[part])
                print(
                    f"{doc_id}\tDIFF-{part}\t{gold_s} | {ours}\tcue={_show(text, g['cue'])}",
                    file=out,
                )


def evaluate(
    path: str | Path = DEFAULT_FILE,
    limit: int | None = None,
    split: str | None = "dev",
    sample: int | None = None,
    errors: bool = False,
) -> dict[str, Any]:
    """Score claims.find on PolNeAR documents of ``split`` (first ``limit`` of
    them, or a fixed hash ``sample``); ``errors`` prints every mismatch."""
    from watchfloor.extract.nlp import load_nlp

    records = _records(Path(path), split, limit, sample)
    nlp = load_nlp()
    counts = _new_counts()
    kb = None  # no KB: sources are judged on spans only
    lex = load_lexicon()
    started = time.perf_counter()
    extract_seconds = 0.0
    texts = [r["text"] for r in records]
    for record, parsed in zip(records, nlp.pipe(texts, batch_size=16), strict=True):
        t0 = time.perf_counter()
        doc = Document(id=record["id"], text=record["text"], raw=record["text"], content_hash="")
        found = claims.find(parsed, sentences.find(parsed), doc, (), kb, lex)
        extract_seconds += time.perf_counter() - t0
        pred, gold = predicted(found, parsed), gold_triples(record)
        score_document(record["text"], pred, gold, counts)
        if errors:
            print_errors(record["id"], record["text"], pred, gold)
    result: dict[str, Any] = {"documents": len(records), "split": split, "sample": sample}
    for part in PARTS:
        c = counts[part]
        result[part] = {
            "exact": _prf(c["exact"], c["exact"], c["pred"], c["gold"]),
            "overlap": _prf(c["tok_p"], c["tok_r"], c["pred"], c["gold"]),
            "n_pred": int(c["pred"]),
            "n_gold": int(c["gold"]),
        }
    result["seconds_total"] = round(time.perf_counter() - started, 2)
    result["seconds_claims"] = round(extract_seconds, 2)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--split", default="dev", help="train, dev, or all")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=None, help="fixed hash subset of N docs")
    parser.add_argument("--errors", action="store_true", help="print mismatches to stderr")
    args = parser.parse_args(argv)
    split = None if args.split == "all" else args.split
    result = evaluate(args.path, args.limit, split, args.sample, args.errors)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
