"""Mention-level precision of the actors stage, judged by hand on real news.

Method (docs/quality.md, "Actor mentions: precision"):

1. Sample: from each of four news corpora of ``../shared/eval`` (PolNeAR,
   ECB+, TimeBank, LGL), documents of MIN_CHARS..MAX_CHARS characters are
   shuffled with a fixed seed and taken in that order until the actors stage
   has produced at least PER_CORPUS mentions on them; *every* mention of a
   taken document is judged (so a mention the stage starts producing later is
   recognisably new).
2. Judge: each mention is judged by a person reading it in context: correct
   (the span names an actor and the linked KB actor is the right one, or the
   right typed unknown) or wrong, with a reason (``REASONS``).
3. Store: ``tests/data/actor_mention_judgements.jsonl`` holds corpus, doc id,
   start, end, a hash of the surface text, actor id, verdict and reason --
   never corpus text.
4. Re-score: ``rescore`` re-runs the stage on the judged documents; a judged
   mention counts when the stage still produces the same span with the same
   actor. Precision = correct / judged mentions still produced; mentions now
   produced that were never judged are counted separately (judge them).

    python -m watchfloor.evaluation.actor_mentions            # re-score
    python -m watchfloor.evaluation.actor_mentions --sample   # list the sample to judge
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records

CORPORA = {
    "polnear": ("attribution", "polnear_train_dev.jsonl"),
    "ecbplus": ("event_coref", "ecbplus_topics_1_35.jsonl"),
    "timebank": ("temporal", "timebank.jsonl"),
    "lgl": ("geoparsing", "lgl.jsonl"),
}
SEED = 20261130
PER_CORPUS = 55
MIN_CHARS, MAX_CHARS = 400, 4000
JUDGEMENTS = (
    Path(__file__).resolve().parents[3] / "tests" / "data" / "actor_mention_judgements.jsonl"
)
REASONS = {
    "ok": "correct",
    "boilerplate_name": "a name from page furniture or a byline, not the story",
    "place_as_actor": "a place (location) taken for an actor",
    "wrong_entity": "an actor, but another one than the KB actor linked",
    "wrong_country": "right kind of actor, wrong country",
    "wrong_class": "right country, wrong institution (military for government ...)",
    "not_an_actor": "the words do not name an actor (common word, adjective, a thing)",
}


def surface_hash(surface: str) -> str:
    """A short hash of a mention's text: checks the span without storing corpus text."""
    return hashlib.sha256(surface.encode("utf-8")).hexdigest()[:12]


def _documents(corpus: str, seed: int = SEED) -> Iterator[Any]:
    """The corpus's documents of MIN_CHARS..MAX_CHARS in the seeded order.

    A ``dct`` that is not a day ("2006") is dropped: the document is read undated.
    """
    from watchfloor.errors import InputError
    from watchfloor.ingest.files import document_from_record

    path = eval_path(*CORPORA[corpus])
    recs = [r for r in records(path) if MIN_CHARS <= len(r.get("text") or "") <= MAX_CHARS]
    random.Random(f"{seed}:{corpus}").shuffle(recs)
    for r in recs:
        where = f"{corpus}:{r['id']}"
        try:
            yield document_from_record(r, where)
        except InputError:
            yield document_from_record({k: v for k, v in r.items() if k != "dct"}, where)


def _mentions(doc: Any, res: Any) -> list[Any]:
    from watchfloor.extract import actors, sentences

    parsed = res.nlp(doc.text)
    return list(actors.find(parsed, sentences.find(parsed), res.kb, doc.dct, res.cues.sports))


def sample(
    res: Any, seed: int = SEED, per_corpus: int = PER_CORPUS, skip: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Every mention of the sampled documents, unjudged (verdict None), with their text.

    ``skip``: document ids not to take (a second, held-out sample leaves out
    the documents of the first).
    """
    out: list[dict[str, Any]] = []
    for corpus in CORPORA:
        n = 0
        for doc in _documents(corpus, seed):
            if n >= per_corpus:
                break
            if doc.id in skip:
                continue
            for m in _mentions(doc, res):
                out.append(_row(corpus, doc, m) | {"surface": m.span.text})
                n += 1
    return out


def _row(corpus: str, doc: Any, m: Any) -> dict[str, Any]:
    return {
        "corpus": corpus,
        "doc": doc.id,
        "start": m.span.start,
        "end": m.span.end,
        "hash": surface_hash(m.span.text),
        "actor": m.actor_id,
        "verdict": None,
        "reason": None,
    }


def load_judgements(path: Path = JUDGEMENTS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def match_judged(
    judgements: list[dict[str, Any]],
    mentions_of: Callable[[Any], list[tuple[int, int, str, str]]],
    ident: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The judgements whose mention is still produced, and the produced mentions not judged.

    ``mentions_of(doc)`` gives (start, end, surface, id) of every mention the
    stage now produces in a document; ``ident`` is the judgement field holding
    that id ("actor", "place"). A judgement matches on corpus, document, span,
    id and the hash of the surface text.
    """
    wanted: dict[str, set[str]] = {}
    for j in judgements:
        wanted.setdefault(j["corpus"], set()).add(j["doc"])
    judged = {(j["corpus"], j["doc"], j["start"], j["end"], j[ident]): j for j in judgements}
    produced: set[tuple[Any, ...]] = set()
    unjudged: list[dict[str, Any]] = []
    for corpus, ids in wanted.items():
        todo = set(ids)
        for doc in _documents(corpus):
            if not todo:
                break
            if doc.id not in todo:
                continue
            todo.discard(doc.id)
            for start, end, surface, value in mentions_of(doc):
                key = (corpus, doc.id, start, end, value)
                hit = judged.get(key)
                if hit is not None and hit["hash"] == surface_hash(surface):
                    produced.add(key)
                else:
                    row = {"corpus": corpus, "doc": doc.id, "start": start, "end": end}
                    row |= {"hash": surface_hash(surface), ident: value, "verdict": None}
                    unjudged.append(row | {"reason": None, "surface": surface})
    return [judged[k] for k in produced], unjudged


def rescore(judgements: list[dict[str, Any]], res: Any) -> dict[str, Any]:
    """Precision over the judged mentions the stage still produces, and what changed."""

    def mentions_of(doc: Any) -> list[tuple[int, int, str, str]]:
        return [(m.span.start, m.span.end, m.span.text, m.actor_id) for m in _mentions(doc, res)]

    kept, unjudged = match_judged(judgements, mentions_of, "actor")
    correct = sum(j["verdict"] == "correct" for j in kept)
    by_round: dict[str, list[int]] = {}
    for j in kept:
        tally = by_round.setdefault(str(j.get("round", 1)), [0, 0])
        tally[0] += 1
        tally[1] += j["verdict"] == "correct"
    reasons: dict[str, int] = {}
    for j in kept:
        if j["verdict"] != "correct":
            reasons[j["reason"]] = reasons.get(j["reason"], 0) + 1
    return {
        "judged": len(judgements),
        "judged_still_produced": len(kept),
        "correct": correct,
        "precision": correct / len(kept) if kept else 0.0,
        "wrong_by_reason": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "precision_by_round": {
            r: f"{c}/{n} = {c / n:.3f}" for r, (n, c) in sorted(by_round.items()) if n
        },
        "judged_no_longer_produced": len(judgements) - len(kept),
        "new_unjudged": len(unjudged),
        "unjudged": unjudged,
    }


def main(argv: list[str] | None = None) -> int:
    from watchfloor.extract.pipeline import Resources

    ap = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.actor_mentions")
    ap.add_argument("--sample", action="store_true", help="print the sample to judge (JSONL)")
    ap.add_argument("--seed", type=int, default=SEED, help="sample seed (a second sample: another)")
    ap.add_argument("--per-corpus", type=int, default=PER_CORPUS, help="mentions per corpus")
    ap.add_argument("--unjudged", action="store_true", help="list mentions not yet judged")
    args = ap.parse_args(argv)
    res = Resources.load()
    if args.sample:
        skip = frozenset(j["doc"] for j in load_judgements()) if args.seed != SEED else frozenset()
        for row in sample(res, args.seed, args.per_corpus, skip):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    out = rescore(load_judgements(), res)
    for key, value in out.items():
        if key != "unjudged":
            print(f"{key:26} {value:.4f}" if isinstance(value, float) else f"{key:26} {value}")
    if args.unjudged:
        for row in out["unjudged"]:
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
