"""Derive candidate PLOVER verb cues from the CAMEO / Phoenix verb dictionary.

Reads PETRARCH2's ``CAMEO.2.0.txt`` (Open Event Data Alliance, MIT licence)
and prints YAML: for each PLOVER type, the verb lemmas whose verb block has a
default CAMEO code (``---  NAME  [code]  ---``), with the block and code each
came from. Blocks without a default code (``[---]``) are counted by the codes
of their patterns and listed separately as ``pattern_only`` (the verb needs a
particular object to code, so it is not a cue on its own).

The output is a candidate list: ``src/watchfloor/knowledge/data/event_cues.yaml``
is curated by hand from it (over-coding verbs removed, nominal cues added).

    python scripts/import_cameo.py ../shared/data/phoenix/CAMEO.2.0.txt > /tmp/cameo_cues.yaml
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from watchfloor.knowledge.plover import Ontology, load_plover

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]+)\]\s+---")
CODE = re.compile(r"\[(\d{2,4})")


def _lemma(line: str) -> str | None:
    """The base form of a synonym line: 'HURRY {HURRIES ...}' -> 'hurry'."""
    word = line.split("#", 1)[0].split("{", 1)[0].strip()
    if not word or word.startswith(("&", "-")):
        return None
    word = word.lstrip("+").strip("_").lower()
    return word.replace("_", " ") if re.fullmatch(r"[a-z_]+", word) else None


def parse(path: Path, onto: Ontology) -> dict[str, dict[str, list[dict[str, str]]]]:
    """Candidate cues per PLOVER type: {"default": [...], "pattern_only": [...]}."""
    out: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: {"default": [], "pattern_only": []}
    )
    block, code, verbs, pattern_codes = "", "", [], []  # type: ignore[var-annotated]
    in_verbs = False

    def flush() -> None:
        if not block:
            return
        if code != "---":
            ptype = onto.type_for_cameo(code.split(":")[0])
            if ptype:
                for v in verbs:
                    out[ptype]["default"].append({"lemma": v, "cameo": code, "block": block})
            return
        counts: dict[str, int] = defaultdict(int)
        for c in pattern_codes:
            t = onto.type_for_cameo(c)
            if t:
                counts[t] += 1
        if counts:
            best = max(counts, key=lambda k: (counts[k], k))
            for v in verbs:
                out[best]["pattern_only"].append(
                    {"lemma": v, "block": block, "patterns": str(counts[best])}
                )

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if not in_verbs:
            continue
        m = HEADER.match(raw)
        if m:
            flush()
            block, code, verbs, pattern_codes = m.group(1), m.group(2), [], []
            continue
        if raw.startswith("-"):
            pattern_codes.extend(CODE.findall(raw))
            continue
        lemma = _lemma(raw)
        if block and lemma:
            verbs.append(lemma)
    flush()
    return {k: out[k] for k in sorted(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cameo", type=Path, help="path to CAMEO.2.0.txt")
    args = ap.parse_args(argv)
    if not args.cameo.is_file():
        print(f"{args.cameo}: no such file", file=sys.stderr)
        return 2
    result = parse(args.cameo, load_plover())
    yaml.safe_dump(result, sys.stdout, sort_keys=False, allow_unicode=True, width=100)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
