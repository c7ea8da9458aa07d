"""Event coding measured on the PLOVER gold-standard records (``event_coding/plover_gsr.jsonl``).

Each record is one sentence with one gold event (type, mode, source and target
actors). We run the events stage on the sentence (with the actors stage when
it is installed; without it, participants come from spaCy's entities) and
score the *primary* event: the one whose trigger is highest in the parse
(closest to the root), the earliest on a tie.

Metrics: event-type accuracy (over all sentences; a sentence with no event
counts as wrong) and macro F1 over the gold types; coverage (share of
sentences with any event); over-coding (events emitted per gold event);
source/target actor text F1 (a predicted participant matches a gold one when
one text contains the other, case-insensitively) and country-code F1 (the
first three letters of the gold code against the participant's country).

    python -m watchfloor.evaluation.events [PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.vocab import Document, EntityRef, Event

DEFAULT_PATH = eval_path("event_coding", "plover_gsr.jsonl")


def _actor_stage() -> tuple[Any, Any]:
    """(actors.find, kb) when the actors stage is installed, else (None, None)."""
    try:
        from watchfloor.extract import actors
        from watchfloor.knowledge.actors import load_kb
    except ImportError:
        return None, None
    return actors.find, load_kb(())


def code_text(
    text: str, nlp: Any, actor_find: Any = None, kb: Any = None
) -> tuple[tuple[Event, ...], Any]:
    """Run the events stage (and actors when given) on one text with no DCT; also the parse."""
    from watchfloor.extract import events, sentences

    doc = Document(id="eval", text=text, raw=text, content_hash="eval")
    parsed = nlp(text)
    sents = sentences.find(parsed)
    mentions = actor_find(parsed, sents, kb, doc.dct) if actor_find is not None else ()
    found = events.find(
        parsed,
        sents,
        doc,
        actor_mentions=mentions,
        kb=kb,
        place_mentions=(),
        gazetteer=None,
        times=(),
        claims=(),
    )
    return found, parsed


def primary(events: tuple[Event, ...], parsed_depth: dict[int, int]) -> Event | None:
    """The event whose trigger is closest to the root of the parse."""
    if not events:
        return None
    return min(events, key=lambda e: (parsed_depth.get(e.trigger.start, 99), e.trigger.start))


def _depths(parsed: Any) -> dict[int, int]:
    out: dict[int, int] = {}
    for tok in parsed:
        depth, node = 0, tok
        while node.head.i != node.i and depth < 50:
            node, depth = node.head, depth + 1
        out[tok.idx] = depth
    return out


def _text_match(pred: str, gold: str) -> bool:
    p, g = pred.lower().strip(), gold.lower().strip()
    return bool(p and g) and (p in g or g in p)


class _PRF:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, pred: list[str], gold: list[str], match: Any) -> None:
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and match(p, g)), None)
            if hit is None:
                self.fn += 1
            else:
                used.add(hit)
                self.tp += 1
        self.fp += len(pred) - len(used)

    def f1(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _countries(refs: tuple[EntityRef, ...]) -> list[str]:
    return [r.country for r in refs if r.country]


def evaluate(path: str | Path = DEFAULT_PATH, limit: int | None = None) -> dict[str, Any]:
    """Score the events stage on the PLOVER gold records at ``path``."""
    from watchfloor.extract.nlp import load_nlp

    nlp = load_nlp()
    actor_find, kb = _actor_stage()
    n = emitted = covered = correct = 0
    pairs: list[tuple[str, str | None]] = []
    texts = {role: _PRF() for role in ("source", "target")}
    codes = {role: _PRF() for role in ("source", "target")}
    for rec in records(Path(path), limit):
        gold = rec["gold"]
        evs, parsed = code_text(rec["text"], nlp, actor_find, kb)
        best = primary(evs, _depths(parsed) if len(evs) > 1 else {})
        n += 1
        emitted += len(evs)
        covered += bool(evs)
        predicted = best.event if best else None
        correct += predicted == gold["event"]
        pairs.append((gold["event"], predicted))
        for role, refs in (
            ("source", best.actor if best else ()),
            ("target", best.recipient if best else ()),
        ):
            gold_refs = gold.get(role) or []
            texts[role].add(
                [r.entity_text for r in refs], [g["actorText"] for g in gold_refs], _text_match
            )
            codes[role].add(
                _countries(refs), [g["code"][:3] for g in gold_refs if g.get("code")], str.__eq__
            )
    return {
        "sentences": n,
        "actors_stage": actor_find is not None,
        "type_accuracy": round(correct / n, 4) if n else 0.0,
        "type_macro_f1": round(_macro_f1(pairs), 4),
        "coverage": round(covered / n, 4) if n else 0.0,
        "overcoding": round(emitted / n, 4) if n else 0.0,
        "source_text": texts["source"].f1(),
        "target_text": texts["target"].f1(),
        "source_country": codes["source"].f1(),
        "target_country": codes["target"].f1(),
    }


def _macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    gold_types = sorted({g for g, _ in pairs})
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in pairs:
        if p == g:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    scores = []
    for t in gold_types:
        denom = 2 * tp[t] + fp[t] + fn[t]
        scores.append(2 * tp[t] / denom if denom else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score event coding on PLOVER gold records.")
    ap.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if not Path(args.path).is_file():
        print(f"{args.path}: no such file", file=sys.stderr)
        return 2
    print(json.dumps(evaluate(args.path, args.limit), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
