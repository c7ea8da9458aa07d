"""End-to-end geoparsing evaluation of the places stage on LGL (Lieberman et al. 2010).

From raw text: spaCy parse, ``places.find``, then against the gold toponyms:

* span P/R/F1, exact (same extent) and overlap (one-to-one, largest overlap
  first), over every gold toponym (resolved or not);
* resolution over the gold toponyms that carry coordinates and were matched
  (overlap) by a system mention, as in Gritta et al. (2019, "A pragmatic
  guide to geoparsing evaluation"): accuracy within 161 km, median error km,
  and AUC of the error curve (mean of ln(1+km) / ln(20039); lower is better);
* the same with adjectival gold toponyms left out: LGL annotates demonyms
  ("American", "Russian") as toponyms, which watchfloor deliberately does not
  treat as places; a gold toponym counts as adjectival when spaCy tags its
  text NORP.

    python -m watchfloor.evaluation.places [PATH] [--limit N]

With no PATH it reads ``../shared/eval/geoparsing/lgl.jsonl`` relative to the
repository (or ``$WATCHFLOOR_SHARED/eval/geoparsing/lgl.jsonl``).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.evaluation.metrics import match_by_overlap, prf
from watchfloor.vocab import PlaceMention

EARTH_KM = 6371.0
ACC_KM = 161.0  # 100 miles: the customary geoparsing accuracy radius
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the AUC's normaliser
# Documents parsed per nlp.pipe call.
BATCH = 16


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


class _Tally:
    def __init__(self) -> None:
        self.n_system = self.n_gold = self.exact = self.overlap = 0
        self.errors: list[float] = []

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.n_system,
            "gold": self.n_gold,
            "span_exact": prf(self.exact, self.n_system, self.n_gold),
            "span_overlap": prf(self.overlap, self.n_system, self.n_gold),
            "resolution": error_stats(self.errors),
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
    for m, g in pairs:
        if g.get("lat") is not None and g.get("lon") is not None:
            p = gazetteer.get(m.place_id)
            tally.errors.append(km(p.lat, p.lon, float(g["lat"]), float(g["lon"])))


def _adjectival(parsed: Any, g: dict[str, Any]) -> bool:
    span = parsed.char_span(g["start"], g["end"], alignment_mode="expand")
    return span is not None and all(t.ent_type_ == "NORP" for t in span)


def evaluate(path: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run the places stage end to end on LGL and return its metrics."""
    from watchfloor.extract import places, sentences
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.knowledge.gazetteer import load_gazetteer

    nlp, gazetteer = load_nlp(), load_gazetteer()
    docs = list(records(Path(path) if path else default_path(), limit))
    every, no_adj = _Tally(), _Tally()
    for doc, parsed in zip(
        docs, nlp.pipe((d["text"] for d in docs), batch_size=BATCH), strict=True
    ):
        sents = sentences.find(parsed)
        mentions = list(places.find(parsed, sents, gazetteer, (), _NoKB()))
        gold = doc["gold"]["toponyms"]
        _score_doc(every, mentions, gold, gazetteer)
        _score_doc(no_adj, mentions, [g for g in gold if not _adjectival(parsed, g)], gazetteer)
    return {"documents": len(docs), "all": every.summary(), "no_adjectival": no_adj.summary()}


class _NoKB:
    """The places stage is evaluated alone: no linked actors."""

    def get(self, actor_id: str) -> Any:
        raise KeyError(actor_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.path, args.limit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
