"""End-to-end geoparsing evaluation of the places stage on LGL (Lieberman et al. 2010).

From raw text: spaCy parse, ``places.find``, then against the gold toponyms:

* span P/R/F1, exact (same extent) and overlap (one-to-one, largest overlap
  first), over every gold toponym (resolved or not);
* resolution over the gold toponyms that carry coordinates and were matched
  (overlap) by a system mention, as in Gritta et al. (2019, "A pragmatic
  guide to geoparsing evaluation"): accuracy within 161 km, median error km,
  and AUC of the error curve (mean of ln(1+km) / ln(20039); lower is better);
* end to end, over ALL gold toponyms with coordinates (found or not): the
  share that a system mention overlaps AND places within 161 km
  (``e2e_recall161``; the issue's 69% floor / 80% goal), also over every gold
  toponym including those without coordinates (``e2e_recall161_all``);
* the same with adjectival gold toponyms left out: LGL annotates demonyms
  ("American", "Russian") as toponyms; watchfloor reports them as
  non-locational (metonymic) mentions of their country; a gold toponym counts
  as adjectival when spaCy tags its text NORP.

Each article is read twice: alone, then with its outlet's state
(``places.context.outlet_state``) from the first readings of the outlet's other
articles in the set read (same host; the split's documents only, so the dev and
held-out figures do not depend on each other's texts). ``no_outlet_history``
reports the first reading.

Documents are split by a hash of their id into a dev part (70%), used to
choose the thresholds of ``extract/places.py``, and a held-out part (30%),
reported apart (``--split dev|held``): ``sha1(id) mod 10 >= 7`` is held out.

    python -m watchfloor.evaluation.places [PATH] [--limit N] [--split dev|held]

With no PATH it reads ``../shared/eval/geoparsing/lgl.jsonl`` relative to the
repository (or ``$WATCHFLOOR_SHARED/eval/geoparsing/lgl.jsonl``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path, parsed, records
from watchfloor.evaluation.metrics import match_by_overlap, prf
from watchfloor.vocab import PlaceMention

EARTH_KM = 6371.0
ACC_KM = 161.0  # 100 miles: the customary geoparsing accuracy radius
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the AUC's normaliser


def default_path() -> Path:
    return eval_path("geoparsing", "lgl.jsonl")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def error_stats(errors: list[float]) -> dict[str, float]:
    """acc@161 km, median error km and AUC of the error curve (Gritta et al. 2019)."""
    if not errors:
        return {"n": 0, "acc161": 0.0, "median_km": 0.0, "auc": 1.0}
    scale = math.log(MAX_ERROR_KM)
    auc = sum(math.log1p(min(e, MAX_ERROR_KM)) / scale for e in errors) / len(errors)
    return {
        "n": len(errors),
        "acc161": round(sum(e <= ACC_KM for e in errors) / len(errors), 4),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(auc, 4),
    }


# Held-out share of the documents, by hash of their id (see the docstring).
HELD_OUT_MOD = 10
HELD_OUT_FROM = 7


def split_of(doc_id: str) -> str:
    """ "dev" or "held" for a document id: sha1(id) mod 10 >= 7 is held out (30%)."""
    digest = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16)
    return "held" if digest % HELD_OUT_MOD >= HELD_OUT_FROM else "dev"


class _Tally:
    def __init__(self) -> None:
        self.n_system = self.n_gold = self.exact = self.overlap = 0
        self.n_located = self.within = 0  # gold with coordinates; of them found within 161 km
        self.errors: list[float] = []
        # per gold feature code (GeoNames fcode, "none" without coordinates): gold, found,
        # found within 161 km; per predicted place kind (Place.feature): system mentions
        self.by_fcode: dict[str, list[int]] = {}
        self.by_kind: dict[str, int] = {}

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.n_system,
            "gold": self.n_gold,
            "gold_with_coordinates": self.n_located,
            "span_exact": prf(self.exact, self.n_system, self.n_gold),
            "span_overlap": prf(self.overlap, self.n_system, self.n_gold),
            "resolution": error_stats(self.errors),
            "e2e_recall161": round(self.within / self.n_located, 4) if self.n_located else 0.0,
            "e2e_recall161_all": round(self.within / self.n_gold, 4) if self.n_gold else 0.0,
            "gold_by_fcode": {
                code: {"gold": g, "found": f, "within161": w}
                for code, (g, f, w) in sorted(self.by_fcode.items(), key=lambda kv: -kv[1][0])
            },
            "system_by_kind": dict(sorted(self.by_kind.items(), key=lambda kv: -kv[1])),
        }


def _score_doc(
    tally: _Tally, mentions: list[PlaceMention], gold: list[dict[str, Any]], gazetteer: Any
) -> None:
    tally.n_system += len(mentions)
    tally.n_gold += len(gold)
    spans = {(g["start"], g["end"]) for g in gold}
    tally.exact += sum((m.span.start, m.span.end) in spans for m in mentions)
    pairs = match_by_overlap(mentions, gold)
    tally.overlap += len(pairs)
    for m in mentions:
        kind = gazetteer.get(m.place_id).feature
        tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
    found = {id(g) for _, g in pairs}
    for g in gold:
        row = tally.by_fcode.setdefault(str(g.get("fcode") or "none"), [0, 0, 0])
        row[0] += 1
        row[1] += id(g) in found
    tally.n_located += sum(g.get("lat") is not None and g.get("lon") is not None for g in gold)
    for m, g in pairs:
        if g.get("lat") is not None and g.get("lon") is not None:
            p = gazetteer.get(m.place_id)
            error = km(p.lat, p.lon, float(g["lat"]), float(g["lon"]))
            tally.errors.append(error)
            tally.within += error <= ACC_KM
            tally.by_fcode[str(g.get("fcode") or "none")][2] += error <= ACC_KM


def _adjectival(parsed: Any, g: dict[str, Any]) -> bool:
    span = parsed.char_span(g["start"], g["end"], alignment_mode="expand")
    return span is not None and all(t.ent_type_ == "NORP" for t in span)


def evaluate(
    path: str | Path | None = None, limit: int | None = None, split: str | None = None
) -> dict[str, Any]:
    """Run the places stage end to end on LGL and return its metrics.

    ``split``: "dev" or "held" keeps only that part of the documents (after
    ``limit``); None keeps all.
    """
    from watchfloor.extract import places, sentences
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.extract.places import context as place_context
    from watchfloor.knowledge.gazetteer import load_gazetteer

    nlp, gazetteer = load_nlp(), load_gazetteer()
    docs = list(records(Path(path) if path else default_path(), limit))
    if split is not None:
        docs = [d for d in docs if split_of(str(d["id"])) == split]
    every, no_adj, alone = _Tally(), _Tally(), _Tally()
    # parses cached on disk (corpus.parsed: keyed by the texts, model and nlp code)
    parses = parsed([d["text"] for d in docs], nlp)
    readings = []
    for doc, parse in zip(docs, parses, strict=True):  # first: each article alone
        sents = sentences.find(parse)
        url = doc.get("meta", {}).get("url")
        outlet, home = place_context.outlet_country(url), place_context.outlet_home(url)
        mentions = list(
            places.find(parse, sents, gazetteer, (), None, outlet, home)
        )  # alone: no actors
        readings.append((sents, outlet, home, mentions))
        _score_doc(alone, mentions, doc["gold"]["toponyms"], gazetteer)
    # then with the outlet's state from its other articles' first readings
    keys = [place_context.outlet_key(d.get("meta", {}).get("url")) for d in docs]
    states = [place_context.article_states(r[3], gazetteer) for r in readings]
    for i, (doc, parse, (sents, outlet, home, mentions)) in enumerate(
        zip(docs, parses, readings, strict=True)
    ):
        history = (s for j, s in enumerate(states) if j != i and keys[i] and keys[j] == keys[i])
        state = place_context.outlet_state(history)
        if state is not None:
            mentions = list(
                places.find(parse, sents, gazetteer, (), None, outlet, home, outlet_state=state)
            )
        gold = doc["gold"]["toponyms"]
        _score_doc(every, mentions, gold, gazetteer)
        _score_doc(no_adj, mentions, [g for g in gold if not _adjectival(parse, g)], gazetteer)
    return {
        "documents": len(docs),
        "split": split or "all",
        "all": every.summary(),
        "no_adjectival": no_adj.summary(),
        "no_outlet_history": alone.summary(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", choices=("dev", "held"), default=None)
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.path, args.limit, args.split)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
