"""Actor linking measured on the PLOVER gold-standard records (plover_gsr.jsonl).

Each record is one sentence with its gold ``source[]``/``target[]`` actors as
``{actorText, code, sector}``. For every gold actor we locate ``actorText``
in the sentence (all its pieces when it is elided with ".."), run the actors
stage, and count:

* found: some mention overlaps the gold text (recall of actor texts);
* country part of the code: the first three letters of the linked actor's
  code ("IRQ" of "IRQGOV", "IGO" of "IGOUNO"; "---" = unknown country) against
  the gold code's first three, CAMEO's legacy country codes mapped to ISO
  (JAP -> JPN, ITL -> ITA). Precision over found gold actors whose linked
  actor has a country, recall over gold actors that have a code.

    python -m watchfloor.evaluation.actors [PATH] [--limit N]

With no PATH it reads ``../shared/eval/event_coding/plover_gsr.jsonl``
relative to the repository (or ``$WATCHFLOOR_SHARED``). spaCy parses are cached
under ``/tmp/wf_cache`` (never in the repository).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path
from watchfloor.evaluation.corpus import records as read_records
from watchfloor.vocab import ActorMention, Dct

# CAMEO country codes that differ from ISO 3166 alpha-3 in the gold records.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA"}
UNKNOWN_COUNTRY = "---"
CACHE_DIR = Path("/tmp/wf_cache")


def default_path() -> Path:
    return eval_path("event_coding", "plover_gsr.jsonl")


def locate(text: str, actor_text: str) -> list[tuple[int, int]]:
    """Character spans of a gold actor text in its sentence (pieces around ".."), or []."""
    pieces = [p.strip() for p in re.split(r"\s*\.\.+\s*", actor_text) if p.strip()]
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for piece in pieces:
        piece = " ".join(piece.split())
        at = text.find(piece)
        if at < 0:
            at = lowered.find(piece.lower())
        if at >= 0:
            spans.append((at, at + len(piece)))
    return spans


def gold_country(code: str | None) -> str | None:
    if not code:
        return None
    head = code[:3].upper()
    return CAMEO_TO_ISO.get(head, head)


def _parses(texts: list[str], nlp: Any, key: str) -> list[Any]:
    from spacy.tokens import DocBin

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache = CACHE_DIR / f"actors_{key}.spacy"
    if cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts))
    DocBin(docs=docs).to_disk(cache)
    return docs


def _best(mentions: tuple[ActorMention, ...], spans: list[tuple[int, int]]) -> ActorMention | None:
    best, best_overlap = None, 0
    for m in mentions:
        for s, e in spans:
            overlap = min(m.span.end, e) - max(m.span.start, s)
            if overlap > best_overlap:
                best, best_overlap = m, overlap
    return best


def evaluate(path: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Figures of the actors stage on the PLOVER gold records at ``path``."""
    from watchfloor.extract import actors, sentences
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.knowledge.actors import load_kb

    p = Path(path) if path else default_path()
    records = list(read_records(p, limit))
    nlp, kb = load_nlp(), load_kb()
    texts = [r["text"] for r in records]
    docs = _parses(texts, nlp, f"{p.stem}_{len(texts)}")
    n_gold = located = found = with_code = predicted = correct = 0
    elapsed = 0.0
    misses: list[str] = []
    for rec, doc in zip(records, docs, strict=True):
        t0 = time.perf_counter()
        mentions = actors.find(doc, sentences.find(doc), kb, Dct())
        elapsed += time.perf_counter() - t0
        for g in rec["gold"]["source"] + rec["gold"]["target"]:
            n_gold += 1
            gcc = gold_country(g.get("code"))
            with_code += gcc is not None
            spans = locate(rec["text"], g["actorText"])
            located += bool(spans)
            m = _best(mentions, spans)
            if m is None:
                misses.append(f"{rec['id']}: {g['actorText']!r} ({g.get('code')})")
                continue
            found += 1
            code = kb.get(m.actor_id).code or UNKNOWN_COUNTRY
            pcc = code[:3]
            if pcc != UNKNOWN_COUNTRY:
                predicted += 1
                correct += gcc is not None and pcc == gcc
    p_c = correct / predicted if predicted else 0.0
    r_c = correct / with_code if with_code else 0.0
    return {
        "records": len(records),
        "gold_actors": n_gold,
        "located": located,
        "found": found,
        "found_recall": found / n_gold if n_gold else 0.0,
        "country_precision": p_c,
        "country_recall": r_c,
        "country_f1": 2 * p_c * r_c / (p_c + r_c) if p_c + r_c else 0.0,
        "gold_with_code": with_code,
        "stage_seconds": elapsed,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.actors")
    parser.add_argument("path", nargs="?", help="plover_gsr.jsonl (default: ../shared/eval)")
    parser.add_argument("--limit", type=int, default=None, help="first N records only")
    parser.add_argument("--misses", action="store_true", help="list the gold actors not found")
    args = parser.parse_args(argv)
    try:
        res = evaluate(args.path, args.limit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for key, value in res.items():
        if key == "misses":
            continue
        print(f"{key:18} {value:.4f}" if isinstance(value, float) else f"{key:18} {value}")
    if args.misses:
        print("\n".join(res["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
