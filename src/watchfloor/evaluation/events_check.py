"""Event coding on an independent, hand-coded set of news sentences (issue 18, acceptance 2).

The set (``tests/data/events_check.jsonl``): 268 sentences of LGL, ECB+ (topics
1-35), PolNeAR (train/dev), TimeBank and AQUAINT, chosen by the seeded
procedure of ``events_check_sample`` and coded by hand with the PLOVER codebook
(docs/events-check-guide.md). No rule or model was tuned on it: do not read its
misses while changing the coder, or it stops being a held-out measure.

Each line names a sentence by corpus, document id and character offsets into
the record's ``text``, with a 12-hex sha256 of the sentence (a changed corpus is
detected, no corpus text is stored), and gives its gold: the main PLOVER type
(null: no codable event), ``alt_types`` (types also acceptable where the
sentence is genuinely ambiguous), the mode, a secondary type when the sentence
reports a second event, actor and recipient spans (offsets + hashes) and the
modality.

Method: each document is read whole by the pipeline (``read_parsed``: the coder
sees the document, like a user's ``watchfloor read``). The events of a gold
sentence are those whose trigger starts inside it (clean-text offsets mapped
back to the record's text). The **top** event of a sentence is the one whose
trigger is closest to the root of the parse, the earliest on a tie
(``evaluation.events.primary``, the rule of the PLOVER-gold evaluation).

Scores (``evaluate``): a top event is right when its type is the main type or
one of ``alt_types`` (it is then scored as that type). Type accuracy over event
sentences (no event = wrong); per-class P/R/F1 over all sentences (an event on a
no-event sentence is a false positive of its type); macro F1 over the main gold
types; the same restricted to the nine classes of the issue's ACLED-style check
on the sentences whose gold is one of them; the share of event sentences with no
event coded; the false-event rate on no-event sentences; any-event type recall
(main and secondary gold types found among all events of the sentence); actor /
recipient overlap P/R/F1 of the top event (one-to-one character overlap with
a gold span, ``metrics.match_by_overlap``);
modality accuracy of the top event, next to always answering "asserted"; mode
accuracy where the type is right and the gold names a mode.

    python -m watchfloor.evaluation.events_check [--by-corpus] [--per-class]
    python -m watchfloor.evaluation.events_check --verify
    python -m watchfloor.evaluation.events_check --sample base|pilot:FIGHT|topup:CLASS
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from watchfloor.evaluation.actor_mentions import surface_hash
from watchfloor.evaluation.corpus import eval_path, parsed, records
from watchfloor.evaluation.events import _depths, primary
from watchfloor.evaluation.events_check_sample import CORPORA, NINE
from watchfloor.evaluation.metrics import match_by_overlap, prf
from watchfloor.vocab import Event, Span

GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "events_check.jsonl"
ROLES = ("actor", "recipient")
# The modality a coder says when it says nothing: the baseline for modality accuracy.
DEFAULT_MODALITY = "asserted"


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def held_documents(path: Path = GOLD) -> frozenset[tuple[str, str]]:
    """(corpus file name, document id) of every document behind the check set: training
    and tuning must never read them (scripts/train_events.py leaves them out)."""
    return frozenset((CORPORA[g["corpus"]][1], g["doc"]) for g in load_gold(path))


def _texts(gold: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The corpus record of every gold document, by (corpus, doc id)."""
    wanted: dict[str, set[str]] = {}
    for g in gold:
        wanted.setdefault(g["corpus"], set()).add(g["doc"])
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for corpus, ids in wanted.items():
        for rec in records(eval_path(*CORPORA[corpus])):
            if str(rec["id"]) in ids:
                out[(corpus, str(rec["id"]))] = rec
    return out


def verify(gold: list[dict[str, Any]], recs: dict[tuple[str, str], Any] | None = None) -> list[str]:
    """Every sentence and span whose text no longer hashes as stored (empty: all match)."""
    recs = recs if recs is not None else _texts(gold)
    problems = []
    for g in gold:
        where = f"{g['corpus']}:{g['doc']}:{g['start']}"
        rec = recs.get((g["corpus"], g["doc"]))
        if rec is None:
            problems.append(f"{where}: document missing")
            continue
        text = rec["text"]
        spans = [g, *(s for role in ROLES for s in g[role])]
        for s in spans:
            if surface_hash(text[s["start"] : s["end"]]) != s["hash"]:
                problems.append(f"{where}: span {s['start']}-{s['end']} changed")
    return problems


def _document(corpus: str, rec: dict[str, Any]) -> Any:
    """The record as ``watchfloor read`` takes a JSONL line; a ``dct`` that is not a day is
    dropped (the document is read undated), as the actor-mention sample does."""
    from watchfloor.errors import InputError
    from watchfloor.ingest.files import document_from_record

    where = f"{corpus}:{rec['id']}"
    try:
        return document_from_record(rec, where)
    except InputError:
        return document_from_record({k: v for k, v in rec.items() if k != "dct"}, where)


def read_all(
    recs: dict[tuple[str, str], dict[str, Any]], res: Any
) -> dict[tuple[str, str], tuple[Any, tuple[Event, ...], Any]]:
    """(document, events, parse) of every document, read whole by the pipeline."""
    from watchfloor.extract.pipeline import not_read, read_parsed

    keys = sorted(recs)
    docs = [_document(k[0], recs[k]) for k in keys]
    out: dict[tuple[str, str], tuple[Any, tuple[Event, ...], Any]] = {}
    for key, doc, parse in zip(keys, docs, parsed([d.text for d in docs], res.nlp), strict=True):
        if not_read(doc) is not None:  # as ``read`` does: a language we do not read
            out[key] = (doc, (), parse)
            continue
        doc, reading = read_parsed(doc, parse, res)
        out[key] = (doc, reading.events, parse)
    return out


def _raw(offset: int, doc: Any) -> int:
    from watchfloor.ingest.boilerplate import raw_offset

    return raw_offset(offset, doc.removed)


def sentence_events(g: dict[str, Any], doc: Any, events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The events whose trigger starts inside the gold sentence (offsets of the record text)."""
    return tuple(e for e in events if g["start"] <= _raw(e.trigger.start, doc) < g["end"])


def judge(g: dict[str, Any], doc: Any, evs: tuple[Event, ...], parse: Any) -> dict[str, Any]:
    """The scoring facts of one gold sentence."""
    top = primary(evs, _depths(parse) if len(evs) > 1 else {})
    pred = top.event if top else None
    accept = {g["event"], *g["alt_types"]} - {None}
    scored_as = pred if pred in accept else g["event"]
    return {"gold": scored_as, "main": g["event"], "pred": pred, "top": top, "events": evs}


class _Scores:
    """Accumulates the judgements of one slice of the set (all, or one corpus)."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str | None, str | None]] = []
        self.main_types: set[str] = set()
        self.n = self.events = self.none = self.empty = self.false_events = 0
        self.any_found = self.any_gold = 0
        self.modality = Counter[str]()
        self.mode = Counter[str]()
        self.roles = {role: Counter[str]() for role in ROLES}

    def add(self, g: dict[str, Any], j: dict[str, Any], text: str, doc: Any) -> None:
        self.n += 1
        self.pairs.append((j["gold"], j["pred"]))
        if g["event"] is None:
            self.none += 1
            self.false_events += bool(j["events"])
            return
        self.events += 1
        self.main_types.add(g["event"])
        self.empty += not j["events"]
        coded = {e.event for e in j["events"]}
        accept = {g["event"], *g["alt_types"]}
        self.any_gold += 1 + (g["secondary"] is not None)
        self.any_found += bool(coded & accept) + (g["secondary"] in coded)
        self._participants(g, j["top"], text, doc)
        self._how(g, j)

    def _participants(self, g: dict[str, Any], top: Event | None, text: str, doc: Any) -> None:
        """Overlap matches of the top event's participants (spans mapped to the record's
        text) to the gold spans, one to one; a participant without a span matches nothing."""
        for role in ROLES:
            refs = getattr(top, role) if top else ()
            pred = [
                _At(Span(_raw(r.span.start, doc), _raw(r.span.end, doc), ""))
                for r in refs
                if r.span
            ]
            tally = self.roles[role]
            tally["tp"] += len(match_by_overlap(pred, g[role]))
            tally["system"] += len(refs)
            tally["gold"] += len(g[role])

    def _how(self, g: dict[str, Any], j: dict[str, Any]) -> None:
        top = j["top"]
        if top is not None and g["modality"]:
            self.modality["n"] += 1
            self.modality["right"] += str(top.modality) == g["modality"]
            self.modality["baseline"] += g["modality"] == DEFAULT_MODALITY
        if top is not None and g["mode"] and j["pred"] == g["event"]:
            self.mode["n"] += 1
            self.mode["right"] += top.mode == g["mode"]

    def figures(self) -> dict[str, Any]:
        nine_pairs = [(g, p) for g, p in self.pairs if g in NINE]
        return {
            "sentences": self.n,
            "event_sentences": self.events,
            "no_event_sentences": self.none,
            "type_accuracy": _share(sum(g == p for g, p in self.pairs if g), self.events),
            "type_macro_f1": round(_macro(self.pairs, sorted(self.main_types)), 4),
            "nine_sentences": len(nine_pairs),
            "nine_accuracy": _share(sum(g == p for g, p in nine_pairs), len(nine_pairs)),
            "nine_macro_f1": round(
                _macro(nine_pairs, [t for t in NINE if t in self.main_types]), 4
            ),
            "no_event_share": _share(self.empty, self.events),
            "false_event_rate": _share(self.false_events, self.none),
            "any_event_type_recall": _share(self.any_found, self.any_gold),
            "actor_overlap": prf(*(self.roles["actor"][k] for k in ("tp", "system", "gold"))),
            "recipient_overlap": prf(
                *(self.roles["recipient"][k] for k in ("tp", "system", "gold"))
            ),
            "modality_accuracy": _share(self.modality["right"], self.modality["n"]),
            "modality_always_asserted": _share(self.modality["baseline"], self.modality["n"]),
            "modality_scored": self.modality["n"],
            "mode_accuracy": _share(self.mode["right"], self.mode["n"]),
            "mode_scored": self.mode["n"],
        }


class _At:
    """A predicted participant as ``match_by_overlap`` takes it: something with a span."""

    def __init__(self, span: Span) -> None:
        self.span = span


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _counts(pairs: Sequence[tuple[str | None, str | None]], t: str) -> tuple[int, int, int]:
    """(true positives, system count, gold count) of type ``t``."""
    tp = sum(1 for g, p in pairs if g == t and p == t)
    return tp, sum(1 for _, p in pairs if p == t), sum(1 for g, _ in pairs if g == t)


def _macro(pairs: Sequence[tuple[str | None, str | None]], types: list[str]) -> float:
    scores = [prf(*_counts(pairs, t))["f1"] for t in types]
    return sum(scores) / len(scores) if scores else 0.0


def per_class(pairs: list[tuple[str | None, str | None]]) -> dict[str, dict[str, Any]]:
    """P/R/F1 and gold count of every type gold or predicted."""
    types = sorted({t for pair in pairs for t in pair if t})
    out = {}
    for t in types:
        tp, n_sys, n_gold = _counts(pairs, t)
        out[t] = {"n": n_gold, **prf(tp, n_sys, n_gold)}
    return out


def confusion(pairs: list[tuple[str | None, str | None]]) -> dict[str, dict[str, int]]:
    """Gold type ("-" none) -> predicted type ("-" none) -> count, errors only."""
    table: dict[str, Counter[str]] = {}
    for g, p in pairs:
        if g != p:
            table.setdefault(g or "-", Counter())[p or "-"] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


def evaluate(
    res: Any = None,
    path: Path = GOLD,
    by_corpus: bool = False,
    detail: bool = False,
) -> dict[str, Any]:
    """Score the pipeline's events on the hand-coded set."""
    from watchfloor.extract.pipeline import Resources

    res = res if res is not None else Resources.load()
    gold = load_gold(path)
    recs = _texts(gold)
    problems = verify(gold, recs)
    if problems:
        raise ValueError(f"{len(problems)} gold spans no longer match the corpora: {problems[:3]}")
    readings = read_all(recs, res)
    overall, corpora = _Scores(), dict[str, _Scores]()
    for g in gold:
        doc, evs, parse = readings[(g["corpus"], g["doc"])]
        j = judge(g, doc, sentence_events(g, doc, evs), parse)
        text = recs[(g["corpus"], g["doc"])]["text"]
        overall.add(g, j, text, doc)
        corpora.setdefault(g["corpus"], _Scores()).add(g, j, text, doc)
    out = overall.figures()
    if by_corpus:
        out["by_corpus"] = {c: s.figures() for c, s in sorted(corpora.items())}
    if detail:
        out["per_class"] = per_class(overall.pairs)
        out["confusion"] = confusion(overall.pairs)
    return out


def counts(gold: list[dict[str, Any]]) -> dict[str, Any]:
    """How many sentences of each gold type, in all and by corpus."""
    by: dict[str, Counter[str]] = {}
    for g in gold:
        by.setdefault(g["corpus"], Counter())[g["event"] or "-"] += 1
    total: Counter[str] = sum(by.values(), Counter())
    return {"all": dict(total.most_common()), **{c: dict(n.most_common()) for c, n in by.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.events_check")
    ap.add_argument("--by-corpus", action="store_true", help="the figures of each corpus too")
    ap.add_argument("--per-class", action="store_true", help="per-class P/R/F1 and confusions")
    ap.add_argument("--verify", action="store_true", help="check the stored hashes only")
    ap.add_argument("--counts", action="store_true", help="gold sentences per type and corpus")
    ap.add_argument("--sample", metavar="STREAM", help="print a stream of the selection (JSONL)")
    args = ap.parse_args(argv)
    if args.sample:
        from watchfloor.evaluation.events_check_sample import stream
        from watchfloor.extract.nlp import load_nlp

        for row in stream(load_nlp(), args.sample):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if args.verify:
        problems = verify(load_gold())
        print("\n".join(problems) or f"all {len(load_gold())} sentences match")
        return 1 if problems else 0
    if args.counts:
        print(json.dumps(counts(load_gold()), indent=2))
        return 0
    print(json.dumps(evaluate(by_corpus=args.by_corpus, detail=args.per_class), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
