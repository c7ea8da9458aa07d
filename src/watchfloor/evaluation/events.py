"""Event coding measured on the PLOVER gold-standard records (``event_coding/plover_gsr.jsonl``).

Each record is one sentence with one gold event (type, mode, source and target
actors). We run the events stage on the sentence (with the actors stage when
it is installed; without it, participants come from spaCy's entities) and
score the *primary* event: the one whose trigger is highest in the parse
(closest to the root), the earliest on a tie.

Metrics: event-type accuracy (over all sentences; a sentence with no event
counts as wrong) and macro F1 over the gold types; coverage (share of
sentences with any event); over-coding (events emitted per gold event);
spurious events (per sentence, the events emitted where the gold has none:
every event but one of the gold's type); source/target actor text F1 (a
predicted participant matches a gold one when one text contains the other,
case-insensitively) and country-code F1 (the first three letters of the gold
code against the participant's country). ``--confusion`` adds per-type
P/R/F1 and the confusion of gold type against predicted type.

Records are split by a hash of their id, as ``evaluation/places.py`` does:
``sha1(id) mod 10 >= 7`` is held out (30%), the rest is dev. Rules and cues
are tuned on dev only; held-out is the estimate to quote. (The cue curation
before the split existed read every record: see docs/quality.md.)

    python -m watchfloor.evaluation.events [PATH] [--limit N]
        [--split dev|heldout|all] [--confusion] [--model DIR|none]

The events stage runs with the shipped event classifier, as the pipeline
does (``--model none``: the rules alone).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.evaluation.places import split_of
from watchfloor.vocab import Document, EntityRef, Event

DEFAULT_PATH = eval_path("event_coding", "plover_gsr.jsonl")
SPLITS = ("dev", "heldout", "all")
# Parse batch size for nlp.pipe.
BATCH = 32


def in_split(record_id: str, split: str) -> bool:
    """Whether a record belongs to ``split`` ("dev", "heldout" or "all")."""
    if split == "all":
        return True
    part = "heldout" if split_of(record_id) == "held" else "dev"
    return part == split


def _actor_stage() -> tuple[Any, Any]:
    """(actors.find, kb) when the actors stage is installed, else (None, None)."""
    try:
        from watchfloor.extract import actors
        from watchfloor.knowledge.actors import load_kb
    except ImportError:
        return None, None
    return actors.find, load_kb(())


def _gazetteer() -> Any:
    from watchfloor.knowledge.gazetteer import load_gazetteer

    return load_gazetteer()


def _place_name(event: Event | None, gazetteer: Any) -> list[str]:
    """The words and gazetteer name of an event's place (empty when it has none)."""
    if event is None or event.event_loc is None:
        return []
    names = [event.event_loc.span.text]
    with contextlib.suppress(KeyError, AttributeError):
        names.append(gazetteer.get(event.event_loc.place_id).name)
    return names


def _place_match(pred: str, gold: str) -> bool:
    return any(_text_match(name, gold) for name in pred.split("|"))


def code_text(
    text: str, nlp: Any, actor_find: Any = None, kb: Any = None
) -> tuple[tuple[Event, ...], Any]:
    """Run the events stage (and actors when given) on one text with no DCT; also the parse."""
    parsed = nlp(text)
    return code_parsed(text, parsed, actor_find, kb), parsed


def code_parsed(
    text: str, parsed: Any, actor_find: Any = None, kb: Any = None, classifier: Any = None
) -> tuple[Event, ...]:
    """The events stage (and actors when given) on one parsed text with no DCT."""
    from watchfloor.extract import events, places, sentences

    doc = Document(id="eval", text=text, raw=text, content_hash="eval")
    sents = sentences.find(parsed)
    mentions = actor_find(parsed, sents, kb, doc.dct) if actor_find is not None else ()
    gazetteer = _gazetteer() if actor_find is not None else None
    place_mentions = (
        places.find(parsed, sents, gazetteer, mentions, kb) if gazetteer is not None else ()
    )
    found = events.find(
        parsed,
        sents,
        doc,
        actor_mentions=mentions,
        kb=kb,
        place_mentions=place_mentions,
        gazetteer=gazetteer,
        times=(),
        claims=(),
        cues=_cues(),
        classifier=classifier,
    )
    return found


@functools.lru_cache(maxsize=1)
def _cues() -> Any:
    """The packaged cue lexicons, read once per evaluation run."""
    from watchfloor.extract.cues import Cues

    return Cues.load()


def primary(events: tuple[Event, ...], parsed_depth: dict[int, int]) -> Event | None:
    """The event whose trigger is closest to the root of the parse: for a
    multi-word trigger ("hunger strike"), its highest word counts."""
    if not events:
        return None

    def depth(e: Event) -> int:
        inside = [d for i, d in parsed_depth.items() if e.trigger.start <= i < e.trigger.end]
        return min(inside, default=parsed_depth.get(e.trigger.start, 99))

    return min(events, key=lambda e: (depth(e), e.trigger.start))


def _depths(parsed: Any) -> dict[int, int]:
    """Depth in the parse of each token, by its character offset."""
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


def evaluate(
    path: str | Path = DEFAULT_PATH,
    limit: int | None = None,
    split: str = "all",
    confusion: bool = False,
    model: str | Path | None = None,
) -> dict[str, Any]:
    """Score the events stage on the PLOVER gold records at ``path`` (one split of them).

    ``model``: a directory holding an event classifier written by
    ``scripts/train_events.py``, used by the events stage; default (None): the
    shipped one, as the pipeline runs (``Resources.event_model``); "none": the
    rules alone."""
    from watchfloor.extract.nlp import load_nlp

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    nlp = load_nlp()
    recs = [r for r in records(Path(path), limit) if in_split(str(r["id"]), split)]
    parsed = list(nlp.pipe((r["text"] for r in recs), batch_size=BATCH))
    from watchfloor.extract.events.classifier import load_classifier, load_shipped

    classifier = None
    if model is None:
        classifier = load_shipped()
    elif str(model) != "none":
        classifier = load_classifier(model)
    out = score(recs, parsed, classifier, confusion)
    out.pop("pairs")
    return {"split": split, "model": classifier is not None, **out}


def score(
    recs: list[dict[str, Any]], parsed_docs: list[Any], classifier: Any, confusion: bool = False
) -> dict[str, Any]:
    """The metrics of the module docstring over records and their parses."""
    actor_find, kb = _actor_stage()
    n = emitted = covered = correct = spurious = 0
    pairs: list[tuple[str, str | None]] = []
    texts = {role: _PRF() for role in ("source", "target")}
    where = _PRF()
    gazetteer = _gazetteer() if actor_find is not None else None
    codes = {role: _PRF() for role in ("source", "target")}
    for rec, parsed in zip(recs, parsed_docs, strict=True):
        gold = rec["gold"]
        evs = code_parsed(rec["text"], parsed, actor_find, kb, classifier)
        best = primary(evs, _depths(parsed) if len(evs) > 1 else {})
        n += 1
        emitted += len(evs)
        covered += bool(evs)
        spurious += len(evs) - any(e.event == gold["event"] for e in evs)
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
        gold_loc = (gold.get("event_loc") or {}).get("name")
        names = _place_name(best, gazetteer)
        # one prediction (the place) per event; it hits when its words or its name match
        where.add(["|".join(names)] if names else [], [gold_loc] if gold_loc else [], _place_match)
    out: dict[str, Any] = {
        "sentences": n,
        "actors_stage": actor_find is not None,
        "type_accuracy": round(correct / n, 4) if n else 0.0,
        "type_macro_f1": round(_macro_f1(pairs), 4),
        "coverage": round(covered / n, 4) if n else 0.0,
        "overcoding": round(emitted / n, 4) if n else 0.0,
        "spurious_per_sentence": round(spurious / n, 4) if n else 0.0,
        "source_text": texts["source"].f1(),
        "target_text": texts["target"].f1(),
        "source_country": codes["source"].f1(),
        "target_country": codes["target"].f1(),
        "event_place": where.f1(),
    }
    if confusion:
        out["per_type"] = _per_type(pairs)
        out["confusion"] = _confusion(pairs)
    out["pairs"] = pairs
    return out


def _per_type(pairs: list[tuple[str, str | None]]) -> dict[str, dict[str, float]]:
    """P/R/F1 and support of each gold type."""
    out: dict[str, dict[str, float]] = {}
    for t in sorted({g for g, _ in pairs}):
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = {"n": tp + fn, "p": round(prec, 3), "r": round(rec, 3), "f1": round(f1, 3)}
    return out


def _confusion(pairs: list[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """Gold type -> predicted type ("-" for no event) -> count, errors only."""
    table: dict[str, Counter[str]] = {}
    for g, p in pairs:
        if p != g:
            table.setdefault(g, Counter())[p or "-"] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


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
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--confusion", action="store_true", help="per-type scores and confusions")
    ap.add_argument(
        "--model",
        help="directory of an event classifier (scripts/train_events.py); default: the"
        " shipped one; none: the rules alone",
    )
    args = ap.parse_args(argv)
    if not Path(args.path).is_file():
        print(f"{args.path}: no such file", file=sys.stderr)
        return 2
    out = evaluate(args.path, args.limit, args.split, args.confusion, model=args.model)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
