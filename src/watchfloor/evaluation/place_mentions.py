"""Precision of the places stage on news that is not about conflict, judged by hand.

Issue 19, acceptance 4: of the toponyms the stage predicts on sports,
entertainment, court and business news, how many are real places? Method
(docs/quality.md, "Place mentions: precision on non-conflict news"):

1. Sample: from ECB+ (topics 1-35) and PolNeAR (train/dev), documents of
   ``actor_mentions.MIN_CHARS..MAX_CHARS`` characters are shuffled with a
   fixed seed (the same seeded order as ``actor_mentions``) and taken in that
   order until the pipeline (actors, then places, as ``watchfloor read`` runs
   them) has produced at least PER_CORPUS place mentions on them; *every*
   place mention of a taken document is judged. A later sample with another
   seed leaves out the documents of the earlier ones.
2. Judge: each mention is read in context and given a verdict (``VERDICTS``)
   and a reason (``REASONS``): a real place resolved to the right place, a
   real place resolved to a wrong one, or not a place at all. Non-locational
   mentions count like the others: "Iraqi" resolved to Iraq is a real place;
   "Jackman" in "Hugh Jackman" is not, flagged or not.
3. Store: ``tests/data/place_mention_judgements.jsonl`` holds corpus, doc id,
   start, end, a 12-hex sha256 of the surface, the predicted place id,
   verdict, reason and round: never corpus text.
4. Re-score: the pipeline is re-run on the judged documents; a judgement
   counts when the stage still produces the same span with the same place id
   and surface hash (``actor_mentions.match_judged``). Real-place share =
   (place + wrong_place) / judged mentions still produced; strict precision =
   place / still produced.

    python -m watchfloor.evaluation.place_mentions             # re-score
    python -m watchfloor.evaluation.place_mentions --unjudged  # and list the new mentions
    python -m watchfloor.evaluation.place_mentions --sample --seed N --round R
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from watchfloor.evaluation.actor_mentions import _documents, match_judged, surface_hash

# Non-conflict news of ../shared/eval (actor_mentions.CORPORA names their files).
CORPORA = ("ecbplus", "polnear")
SEED = 19  # the first (dev) sample: issue 19
PER_CORPUS = 160  # two corpora: 320 or more mentions per sample
# Characters of text shown either side of a mention to the judge (never stored).
CONTEXT_CHARS = 160
JUDGEMENTS = (
    Path(__file__).resolve().parents[3] / "tests" / "data" / "place_mention_judgements.jsonl"
)
VERDICTS = {
    "place": "a real place reference, resolved to the right place",
    "wrong_place": "a real place reference, resolved to another place",
    "not_a_place": "the words do not name a place",
}
REASONS = {
    "ok": "the right place",
    "homonym": "another place of the same name",
    "fallback": "a place the gazetteer lacks, resolved to a larger or similar-named one",
    "extent": "the right area at another level (the state for the city, a region for a country)",
    "person": "part of a person's name (or a person named like a place)",
    "organisation": "a team, company, court or other organisation, not its place",
    "common_word": "an ordinary word or a title",
    "other": "a thing, work or event that is no place",
}


def _mentions(doc: Any, res: Any) -> list[Any]:
    """The place mentions of a document, with actors first (as ``watchfloor read``)."""
    from watchfloor.extract import actors, places, sentences

    parsed = res.nlp(doc.text)
    sents = sentences.find(parsed)
    actor_mentions = actors.find(parsed, sents, res.kb, doc.dct, res.cues.sports)
    return list(places.find(parsed, sents, res.gazetteer, actor_mentions, res.kb))


def _for_judge(corpus: str, doc: Any, m: Any, res: Any, round_: int) -> dict[str, Any]:
    """A row to judge: the stored fields, then what the judge reads (not stored)."""
    place = res.gazetteer.get(m.place_id)
    a, b = m.span.start, m.span.end
    return {
        "corpus": corpus,
        "doc": doc.id,
        "start": a,
        "end": b,
        "hash": surface_hash(m.span.text),
        "place": m.place_id,
        "verdict": None,
        "reason": None,
        "round": round_,
        "surface": m.span.text,
        "resolved": f"{place.name} ({place.feature}, {place.admin1 or '-'}, {place.country})",
        "metonymic": m.metonymic,
        "context": doc.text[max(0, a - CONTEXT_CHARS) : a]
        + "[["
        + m.span.text
        + "]]"
        + doc.text[b : b + CONTEXT_CHARS],
    }


def sample(
    res: Any, seed: int, per_corpus: int, round_: int, skip: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Every place mention of the sampled documents, unjudged, with what the judge reads."""
    out: list[dict[str, Any]] = []
    for corpus in CORPORA:
        n = 0
        for doc in _documents(corpus, seed):
            if n >= per_corpus:
                break
            if doc.id in skip:
                continue
            for m in _mentions(doc, res):
                out.append(_for_judge(corpus, doc, m, res, round_))
                n += 1
    return out


def load_judgements(path: Path = JUDGEMENTS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _share(rows: list[dict[str, Any]], verdicts: tuple[str, ...]) -> str:
    hits = sum(j["verdict"] in verdicts for j in rows)
    return f"{hits}/{len(rows)} = {hits / len(rows):.3f}" if rows else "0/0"


def rescore(judgements: list[dict[str, Any]], res: Any) -> dict[str, Any]:
    """Real-place share and strict precision over the judged mentions still produced."""
    seen: dict[tuple[str, int, int, str], tuple[Any, Any]] = {}

    def mentions_of(doc: Any) -> list[tuple[int, int, str, str]]:
        found = _mentions(doc, res)
        for m in found:
            seen[(doc.id, m.span.start, m.span.end, m.place_id)] = (doc, m)
        return [(m.span.start, m.span.end, m.span.text, m.place_id) for m in found]

    kept, unjudged = match_judged(judgements, mentions_of, "place")
    new_round = max((int(j.get("round", 1)) for j in judgements), default=0) + 1
    unjudged = [
        _for_judge(u["corpus"], *seen[(u["doc"], u["start"], u["end"], u["place"])], res, new_round)
        for u in unjudged
    ]
    reasons: dict[str, int] = {}
    for j in kept:
        if j["verdict"] != "place":
            reasons[j["reason"]] = reasons.get(j["reason"], 0) + 1
    rounds = sorted({int(j.get("round", 1)) for j in kept})
    return {
        "judged": len(judgements),
        "judged_still_produced": len(kept),
        "real_places": _share(kept, ("place", "wrong_place")),
        "right_places": _share(kept, ("place",)),
        "real_places_by_round": {
            r: _share([j for j in kept if j.get("round", 1) == r], ("place", "wrong_place"))
            for r in rounds
        },
        "right_places_by_round": {
            r: _share([j for j in kept if j.get("round", 1) == r], ("place",)) for r in rounds
        },
        "wrong_by_reason": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "judged_no_longer_produced": len(judgements) - len(kept),
        "new_unjudged": len(unjudged),
        "unjudged": unjudged,
        "kept": kept,
    }


def main(argv: list[str] | None = None) -> int:
    from watchfloor.extract.pipeline import Resources

    ap = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.place_mentions")
    ap.add_argument("--sample", action="store_true", help="print a sample to judge (JSONL)")
    ap.add_argument("--seed", type=int, default=SEED, help="sample seed")
    ap.add_argument("--round", type=int, default=1, help="round number of the new sample")
    ap.add_argument("--per-corpus", type=int, default=PER_CORPUS, help="mentions per corpus")
    ap.add_argument("--unjudged", action="store_true", help="list mentions not yet judged")
    args = ap.parse_args(argv)
    res = Resources.load()
    if args.sample:
        known = load_judgements() if JUDGEMENTS.is_file() else []
        skip = frozenset(j["doc"] for j in known)
        for row in sample(res, args.seed, args.per_corpus, args.round, skip):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    out = rescore(load_judgements(), res)
    for key, value in out.items():
        if key not in ("unjudged", "kept"):
            print(f"{key:26} {value}")
    if args.unjudged:
        for row in out["unjudged"]:
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
