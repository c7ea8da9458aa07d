"""The long tail of a conflict monitor's places, end to end: bases, crossings, camps, dams,
districts, rivers (issue 19, acceptance 3).

``tests/data/conflict_places.jsonl``: our own sentences in the style of wire
reports, written from public facts, one a line:
``{"id", "text", "gold": [{start, end, text, place_id, kind, lat, lon, source}]}``.
Each gold toponym names a feature of the gazetteer (OurAirports or
``features.yaml``); its kind and coordinates are that feature's, as the
gazetteer's source data gives them. The sentences were written before the
system was run on them and are not changed to suit it.

From raw text: spaCy parse, ``places.find``, then for every gold toponym:

* **placed**: a system mention overlaps it and its place lies within the gold
  place's radius (``Gazetteer.radius_km``: the kind's radius, or half the
  diagonal of a river's, lake's or region's box): the figure of the issue's
  >= 90% goal;
* otherwise **not recognised** (no mention overlaps it) or **placed far**
  (a mention overlaps it; its place is farther than the radius), each counted
  with whether the gold's own text is one of the gold place's gazetteer names
  (``name_in_gazetteer``: resolution could pick it by name alone).

    python -m watchfloor.evaluation.conflict_places [PATH] [--failures]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import records
from watchfloor.knowledge.place_kinds import km
from watchfloor.vocab import PlaceMention

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "tests" / "data" / "conflict_places.jsonl"
# Sentences parsed per nlp.pipe call.
BATCH = 32


def _overlap(m: PlaceMention, g: dict[str, Any]) -> int:
    return min(m.span.end, g["end"]) - max(m.span.start, g["start"])


def score_gold(
    g: dict[str, Any], mentions: tuple[PlaceMention, ...], gazetteer: Any
) -> dict[str, Any]:
    """How one gold toponym fared: its best-overlapping mention, distance and outcome."""
    from watchfloor.knowledge.gazetteer import fold

    radius = gazetteer.radius_km(g["place_id"])
    in_gaz = any(e.id == g["place_id"] for e in gazetteer.lookup(fold(g["text"])))
    row: dict[str, Any] = {
        "text": g["text"],
        "kind": g["kind"],
        "gold": g["place_id"],
        "radius_km": round(radius, 1),
        "name_in_gazetteer": in_gaz,
    }
    hits = sorted((m for m in mentions if _overlap(m, g) > 0), key=lambda m: -_overlap(m, g))
    if not hits:
        return {**row, "outcome": "not_recognised"}
    best = hits[0]
    place = gazetteer.get(best.place_id)
    error = km(place.lat, place.lon, float(g["lat"]), float(g["lon"]))
    return {
        **row,
        "outcome": "placed" if error <= radius else "placed_far",
        "system_text": best.span.text,
        "system": best.place_id,
        "system_name": place.name,
        "system_kind": place.feature,
        "km": round(error, 1),
        "metonymic": best.metonymic,
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    outcomes = Counter(r["outcome"] for r in rows)
    by_kind: dict[str, Counter[str]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], Counter())[r["outcome"]] += 1
    n = len(rows)
    return {
        "gold": n,
        "placed": outcomes["placed"],
        "placed_share": round(outcomes["placed"] / n, 4) if n else 0.0,
        "not_recognised": outcomes["not_recognised"],
        "placed_far": outcomes["placed_far"],
        "failures_with_name_in_gazetteer": sum(
            r["outcome"] != "placed" and r["name_in_gazetteer"] for r in rows
        ),
        "by_kind": {
            k: {"gold": sum(c.values()), "placed": c["placed"]} for k, c in sorted(by_kind.items())
        },
    }


def evaluate(path: str | Path | None = None) -> dict[str, Any]:
    """Run the places stage on every sentence; the summary and the per-gold rows."""
    from watchfloor.extract import places, sentences
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.knowledge.gazetteer import load_gazetteer

    nlp, gazetteer = load_nlp(), load_gazetteer()
    docs = list(records(Path(path) if path else DEFAULT_PATH))
    rows: list[dict[str, Any]] = []
    for doc, parsed in zip(
        docs, nlp.pipe((d["text"] for d in docs), batch_size=BATCH), strict=True
    ):
        mentions = places.find(parsed, sentences.find(parsed), gazetteer, (), None)
        rows.extend({"id": doc["id"], **score_gold(g, mentions, gazetteer)} for g in doc["gold"])
    return {"sentences": len(docs), **summarise(rows), "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=None)
    parser.add_argument("--failures", action="store_true", help="list every gold not placed")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.path)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = result.pop("rows")
    if args.failures:
        result["failures"] = [r for r in rows if r["outcome"] != "placed"]
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
