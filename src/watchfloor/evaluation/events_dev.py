"""Event coding on a written development set of ACLED-style conflict reports (issue 18).

The set (``tests/data/events_dev_acled.jsonl``): short sentences written for this
project in the style of conflict-report snippets (varied countries and wording,
including headline fragments and agentless passives) and a few sentences that
report no event, each coded with the PLOVER codebook (docs/events-check-guide.md)
in one of the nine classes of issue 18's ACLED-style check, or null. It is a
**development** set: tune on it freely; the independent check is
``evaluation.events_check``.

Scores: the top event of each sentence (``evaluation.events.primary``), macro F1
over the nine classes (an event on a no-event sentence is a false positive of its
type), the share of event sentences with no event, the false-event rate.

    python -m watchfloor.evaluation.events_dev [--set 1|2] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from watchfloor.evaluation.events import _actor_stage, _depths, code_parsed, primary
from watchfloor.evaluation.events_check_sample import NINE
from watchfloor.evaluation.metrics import prf

GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "events_dev_acled.jsonl"
# Round 2 (issue 18, events.v6): 233 sentences written afresh (196 events + 37
# no-event), none a paraphrase of round 1's; measured before any rule was changed.
GOLD2 = GOLD.with_name("events_dev_acled2.jsonl")
SETS = {"1": GOLD, "2": GOLD2}


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(pairs: list[tuple[str | None, str | None]]) -> dict[str, Any]:
    """Macro F1 over the nine classes, no-event share and false-event rate."""
    per: dict[str, float] = {}
    for c in NINE:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        per[c] = round(prf(tp, tp + fp, tp + fn)["f1"], 3)
    events = [p for g, p in pairs if g is not None]
    nones = [p for g, p in pairs if g is None]
    return {
        "sentences": len(pairs),
        "macro_f1": round(sum(per.values()) / len(per), 3),
        "no_event": round(sum(1 for p in events if p is None) / max(1, len(events)), 3),
        "false_events": round(sum(1 for p in nones if p is not None) / max(1, len(nones)), 3),
        "f1": per,
    }


def evaluate(path: Path = GOLD) -> tuple[dict[str, Any], list[tuple[str, str | None, str | None]]]:
    from watchfloor.extract.events.classifier import load_shipped
    from watchfloor.extract.nlp import load_nlp

    nlp = load_nlp()
    actor_find, kb = _actor_stage()
    classifier = load_shipped()
    gold = load_gold(path)
    rows: list[tuple[str, str | None, str | None]] = []
    for g, parsed in zip(gold, nlp.pipe(g["text"] for g in gold), strict=True):
        found = code_parsed(g["text"], parsed, actor_find, kb, classifier)
        top = primary(found, _depths(parsed))
        rows.append((g["text"], g["event"], top.event if top is not None else None))
    return score([(g, p) for _, g, p in rows]), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print the sentences coded wrong")
    ap.add_argument(
        "--set", choices=sorted(SETS), default="1", help="round 1 (212) or round 2 (233)"
    )
    args = ap.parse_args(argv)
    out, rows = evaluate(SETS[args.set])
    print(json.dumps(out, indent=2))
    if args.misses:
        for text, g, p in rows:
            if g != p:
                print(f"{g} -> {p}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
