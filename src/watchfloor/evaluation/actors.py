"""Actor linking measured on the PLOVER gold-standard records (plover_gsr.jsonl).

Each record is one sentence with its gold ``source[]``/``target[]`` actors as
``{actorText, code, sector}``. For every gold actor we locate ``actorText``
in the sentence (all its pieces when it is elided with ".."), run the actors
stage, and take as its *linked actor* the mention overlapping the located
text the most (ties: the earlier mention). We count, for all gold actors and
for sources and targets separately:

* found: some mention overlaps the gold text (recall of actor texts);
* country part of the code: the first three letters of the linked actor's
  code ("IRQ" of "IRQGOV", "IGO" of "IGOUNO"; "---" = unknown country) against
  the gold code's first three, CAMEO's legacy country codes mapped to ISO
  (JAP -> JPN, ITL -> ITA). Precision over found gold actors whose linked
  actor has a country, recall over gold actors that have a code;
* sector: the linked actor's ``sector`` against the gold ``sector``'s first
  three letters in upper case ("CVLalb" -> CVL), CAMEO synonyms mapped to
  ours (CIV -> CVL, JRN -> MED). Only gold actors with a sector count (the
  254 bare country codes such as ``{"code": "USA"}`` and the 14 "***" ones
  have none). Precision over those found whose linked actor has a sector,
  recall over all of them; accuracy over those found (a found actor without a
  sector counts as wrong);
* code: country and sector both right, over the gold actors with a sector.

    python -m watchfloor.evaluation.actors [PATH] [--limit N] [--split dev|heldout] [--misses]

Tuning split: the rules were tuned reading the misses of the "dev" half
(records 0, 2, 4 ...) only; "heldout" (records 1, 3, 5 ...) was not read.

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
from watchfloor.evaluation.metrics import prf
from watchfloor.vocab import ActorMention, Dct

# CAMEO country codes that differ from ISO 3166 alpha-3 in the gold records.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA"}
# CAMEO sector codes that are spelled differently in our KB.
SECTOR_SYNONYMS = {"CIV": "CVL", "JRN": "MED"}
UNKNOWN_COUNTRY = "---"
SIDES = ("source", "target")
# Tuning split: rules were tuned looking only at the "dev" records' misses.
SPLITS = {"dev": 0, "heldout": 1}
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


def gold_sector(sector: str | None) -> str | None:
    """The gold sector as ours: first three letters, upper case, synonyms mapped; "***" = none."""
    if not sector or not sector[:3].isalpha():
        return None
    head = sector[:3].upper()
    return SECTOR_SYNONYMS.get(head, head)


class _Tally:
    """Counts of one slice of the gold actors (all, sources, targets)."""

    def __init__(self) -> None:
        self.gold = self.found = self.with_code = self.country_pred = self.country_ok = 0
        self.with_sector = self.sector_found = self.sector_pred = self.sector_ok = 0
        self.code_ok = 0

    def add(self, gcc: str | None, gsec: str | None, linked: Any) -> None:
        self.gold += 1
        self.with_code += gcc is not None
        self.with_sector += gsec is not None
        if linked is None:
            return
        self.found += 1
        code = linked.code or UNKNOWN_COUNTRY
        pcc = code[:3]
        country_ok = gcc is not None and pcc == gcc
        if pcc != UNKNOWN_COUNTRY:
            self.country_pred += 1
            self.country_ok += country_ok
        if gsec is None:
            return
        self.sector_found += 1
        if linked.sector:
            self.sector_pred += 1
            self.sector_ok += linked.sector == gsec
            self.code_ok += country_ok and linked.sector == gsec

    def figures(self, prefix: str = "") -> dict[str, Any]:
        c = prf(self.country_ok, self.country_pred, self.with_code)
        s = prf(self.sector_ok, self.sector_pred, self.with_sector)
        return {
            f"{prefix}gold_actors": self.gold,
            f"{prefix}found": self.found,
            f"{prefix}found_recall": self.found / self.gold if self.gold else 0.0,
            f"{prefix}country_precision": c["p"],
            f"{prefix}country_recall": c["r"],
            f"{prefix}country_f1": c["f1"],
            f"{prefix}gold_with_sector": self.with_sector,
            f"{prefix}sector_accuracy": (
                self.sector_ok / self.sector_found if self.sector_found else 0.0
            ),
            f"{prefix}sector_precision": s["p"],
            f"{prefix}sector_recall": s["r"],
            f"{prefix}sector_f1": s["f1"],
            f"{prefix}code_accuracy": self.code_ok / self.with_sector if self.with_sector else 0.0,
        }


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


def evaluate(
    path: str | Path | None = None, limit: int | None = None, split: str | None = None
) -> dict[str, Any]:
    """Figures of the actors stage on the PLOVER gold records at ``path``.

    ``split``: "dev" (records 0, 2, 4 ...: the ones read while tuning the rules)
    or "heldout" (records 1, 3, 5 ...: never read); None for all.
    """
    from watchfloor.extract import actors, sentences
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.knowledge.actors import load_kb

    p = Path(path) if path else default_path()
    records = list(read_records(p, limit))
    if split is not None:
        records = records[SPLITS[split] :: 2]
    nlp, kb = load_nlp(), load_kb()
    texts = [r["text"] for r in records]
    docs = _parses(texts, nlp, f"{p.stem}_{split or 'all'}_{len(texts)}")
    tallies = {"": _Tally(), **{side: _Tally() for side in SIDES}}
    located = 0
    elapsed = 0.0
    misses: list[str] = []
    for rec, doc in zip(records, docs, strict=True):
        t0 = time.perf_counter()
        mentions = actors.find(doc, sentences.find(doc), kb, Dct())
        elapsed += time.perf_counter() - t0
        for side in SIDES:
            for g in rec["gold"][side]:
                spans = locate(rec["text"], g["actorText"])
                located += bool(spans)
                m = _best(mentions, spans)
                if m is None:
                    misses.append(f"{rec['id']}: {g['actorText']!r} ({g.get('code')})")
                linked = kb[m.actor_id] if m is not None else None
                gcc, gsec = gold_country(g.get("code")), gold_sector(g.get("sector"))
                tallies[""].add(gcc, gsec, linked)
                tallies[side].add(gcc, gsec, linked)
    out: dict[str, Any] = {"records": len(records), "located": located}
    out.update(tallies[""].figures())
    out["gold_with_code"] = tallies[""].with_code
    for side in SIDES:
        out.update(tallies[side].figures(f"{side}_"))
    out["stage_seconds"] = elapsed
    out["misses"] = misses
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.actors")
    parser.add_argument("path", nargs="?", help="plover_gsr.jsonl (default: ../shared/eval)")
    parser.add_argument("--limit", type=int, default=None, help="first N records only")
    parser.add_argument("--split", choices=sorted(SPLITS), help="dev or held-out half only")
    parser.add_argument("--misses", action="store_true", help="list the gold actors not found")
    args = parser.parse_args(argv)
    try:
        res = evaluate(args.path, args.limit, args.split)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for key, value in res.items():
        if key == "misses":
            continue
        print(f"{key:26} {value:.4f}" if isinstance(value, float) else f"{key:26} {value}")
    if args.misses:
        print("\n".join(res["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
