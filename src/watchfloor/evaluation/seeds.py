"""Check every item of ../shared/seeds/gold.yaml against the output of ``read``.

The first seed is read with ``--dct 2019-03-10``, the second without a date,
as the acceptance of the spine asks. Each item passes or fails with a reason;
``python -m watchfloor.evaluation.seeds`` prints them all.

Matching rules (one place, so the test and the printout agree):
  * a gold surface string is located at each of its occurrences in the clean
    text; an output span "matches" it when the two overlap;
  * actor names compare case-, quote- and hyphen-insensitively;
  * places pass on the country code and, where gold gives coordinates, a
    distance within 100 km (200 km for a province centroid, as the gold notes);
  * an event passes when one output event of the gold type, in the sentence
    of the gold evidence (when given), has the gold actors, recipients and
    modality; its date and its source chain are separate items;
  * a source of a chain passes when its wording contains the gold wording (or
    the reverse), or when the gold is a description of it: every word of the
    gold is accounted for, a number by the source's ``count``, a demonym
    ("Iraqi") by the country of the actor the source resolved to, any other
    word by the source's own text (plural-insensitive). So "three Iraqi
    insiders" is the source "insiders within Iraq, including three prominent
    individuals" resolved to an Iraqi insider with count 3, while "three
    Iraqi officials" is not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from watchfloor.evaluation.corpus import shared_dir
from watchfloor.extract.nlp.numbers import CARDINALS

DCT_BY_FILE = {"000_c846c11fc7740915.txt": dt.date(2019, 3, 10)}
PLACE_KM = 100.0
PROVINCE_KM = 200.0  # gold.yaml: "province; centroid tolerance 200 km"
EARTH_KM = 6371.0


WORD = re.compile(r"\w+")
NUMBER_WORDS = CARDINALS


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


@lru_cache(maxsize=1)
def _demonym_countries() -> dict[str, str]:
    """Lower-cased demonym -> ISO3 code, from the places stage's demonym table."""
    import pycountry

    from watchfloor.knowledge.gazetteer import DEMONYMS, _read_data, read_demonyms

    out = {}
    for form, name in read_demonyms(_read_data(DEMONYMS)).items():
        try:
            out[form.lower()] = pycountry.countries.lookup(name).alpha_3
        except LookupError:
            continue
    return out


@dataclass(frozen=True)
class Item:
    document: str
    kind: str
    name: str
    passed: bool
    reason: str = ""


def norm(s: str) -> str:
    s = s.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[\"'`\-]", "", s)
    return " ".join(s.split())


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    if not out:
        low, nl = text.lower(), needle.lower()
        i = low.find(nl)
        while i >= 0:
            out.append((i, i + len(nl)))
            i = low.find(nl, i + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def _contains(dct: dict[str, Any], gold_range: list[Any]) -> bool:
    """True when the range [earliest, latest] of ``dct`` holds the whole gold range."""
    lo, hi = gold_range
    earliest = dt.date.fromisoformat(dct["earliest"]) if dct["earliest"] else None
    latest = dt.date.fromisoformat(dct["latest"]) if dct["latest"] else None
    if lo is not None and earliest is not None and earliest > lo:
        return False
    if hi is None:
        return latest is None
    return latest is None or latest >= hi


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


class Checker:
    def __init__(self, name: str, out: dict[str, Any]) -> None:
        self.name = name
        self.out = out
        self.text: str = out["text"]
        self.items: list[Item] = []
        self.actors = {a["id"]: a for a in out["actors"]}

    def add(self, kind: str, name: str, passed: bool, reason: str = "") -> None:
        self.items.append(Item(self.name, kind, name, passed, "" if passed else reason))

    # -- publication date ----------------------------------------------------
    def dct_not_invented(self, dct: dict[str, Any], gold_range: list[Any] | None) -> None:
        """No day invented; an inferred range holds all of the gold range."""
        ok = dct["date"] is None and dct["how"] in ("unknown", "inferred")
        if ok and dct["how"] == "inferred" and gold_range:
            ok = _contains(dct, gold_range)
        self.add("dct", "publication date not invented", ok, f"dct {dct}")

    def dct_inferred(self, dct: dict[str, Any], gold_range: list[Any] | None) -> None:
        """Without --dct the inferred range holds the gold range and is tight (< 1 year)."""
        ok = dct["how"] == "inferred" and dct["date"] is None and bool(gold_range)
        if ok and gold_range:
            ok = _contains(dct, gold_range) and dct["latest"] is not None
            ok = (
                ok
                and (
                    dt.date.fromisoformat(dct["latest"]) - dt.date.fromisoformat(dct["earliest"])
                ).days
                < 366
            )
        self.add("dct", "publication date inferred without --dct", ok, f"dct {dct}")

    # -- boilerplate -------------------------------------------------------
    def boilerplate(self, lines: Iterable[str]) -> None:
        for line in lines:
            removed = any(line in r["text"] for r in self.out["removed"])
            kept = line in self.text
            self.add(
                "boilerplate",
                line,
                removed and not kept,
                "still in the clean text" if kept else "not reported as removed",
            )

    # -- actors ------------------------------------------------------------
    def _actor_by_name(self, name: str) -> dict[str, Any] | None:
        for a in self.out["actors"]:
            if norm(a["name"]) == norm(name):
                return a
        return None

    def actor(self, gold: dict[str, Any]) -> None:
        name = gold["name"]
        a = self._actor_by_name(name)
        if a is None and gold.get("generic"):
            spans = occurrences(self.text, name)
            for cand in self.out["actors"]:
                if cand.get("generic") and any(
                    overlaps((m["start"], m["end"]), s) for m in cand["mentions"] for s in spans
                ):
                    a = cand
                    break
        if a is None:
            self.add("actor", name, False, "no such actor in the reading")
            return
        problems = []
        gtype = gold.get("type")
        if gtype and not (gtype in a["type"] or a["type"] in gtype):
            problems.append(f"type {a['type']} != {gtype}")
        if gold.get("country") and a.get("country") != gold["country"]:
            problems.append(f"country {a.get('country')} != {gold['country']}")
        self.add("actor", name, not problems, "; ".join(problems))
        for mention in gold.get("mentions", []):
            spans = occurrences(self.text, mention)
            if not spans:
                self.add(
                    "actor mention",
                    f"{name} <- {mention!r}",
                    False,
                    "gold mention not in the clean text",
                )
                continue
            hit = any(overlaps((m["start"], m["end"]), s) for m in a["mentions"] for s in spans)
            self.add(
                "actor mention", f"{name} <- {mention!r}", hit, "no mention of this actor there"
            )

    # -- places ------------------------------------------------------------
    def place(self, gold: dict[str, Any]) -> None:
        spans = occurrences(self.text, gold["text"])
        found = [
            (p, m)
            for p in self.out["places"]
            for m in p["mentions"]
            if any(overlaps((m["start"], m["end"]), s) for s in spans)
        ]
        label = f"{gold['text']} ({gold['country']})"
        if not found:
            self.add("place", label, False, "no place mention there")
            return
        problems = sorted(
            {
                f"{p['name']} is in {p['country']}"
                for p, _ in found
                if p["country"] != gold["country"]
            }
        )
        if "lat" in gold:
            limit = PROVINCE_KM if "200 km" in str(gold.get("note", "")) else PLACE_KM
            for p, _ in found:
                d = km(p["lat"], p["lon"], gold["lat"], gold["lon"])
                if d > limit:
                    problems.append(f"{p['name']} is {d:.0f} km away (limit {limit:.0f})")
        self.add("place", label, not problems, "; ".join(problems))

    # -- times -------------------------------------------------------------
    def timex(self, gold: dict[str, Any]) -> None:
        spans = occurrences(self.text, gold["text"])
        want = str(gold["value"])
        got = [
            t for t in self.out["times"] if any(overlaps((t["start"], t["end"]), s) for s in spans)
        ]
        ok = any(t["value"] == want for t in got)
        reason = f"values {[t['value'] for t in got]}" if got else "not detected"
        self.add("time", f"{gold['text']} = {want}", ok, reason)

    def relative_times_unresolved(self) -> None:
        bad = [
            t["text"]
            for t in self.out["times"]
            if t["value"] is not None
            and re.match(r"\d{4}-\d{2}", str(t["value"]))
            and not re.search(r"\b\d{4}\b", t["text"])
        ]
        self.add(
            "time", "relative expressions unresolved without a date", not bad, f"resolved: {bad}"
        )

    # -- events ------------------------------------------------------------
    def _actor_matches(self, refs: list[dict[str, Any]], gold_name: str) -> bool:
        for r in refs:
            actor = self.actors.get(r.get("id") or "")
            if actor is not None and norm(actor["name"]) == norm(gold_name):
                return True
            if norm(gold_name) in norm(r.get("entity_text") or ""):
                return True
        return False

    def _claim_chain(self, claim_id: str | None) -> list[dict[str, Any]]:
        for c in self.out["claims"]:
            if c["id"] == claim_id:
                return [s for s in c["sources"] if s["kind"] != "outlet"]
        return []

    def _source_matches(self, gold: str, source: dict[str, Any]) -> bool:
        """The chain-source rule of the module docstring."""
        if norm(gold) in norm(source["text"]) or norm(source["text"]) in norm(gold):
            return True
        actor = self.actors.get(source.get("actor") or "") or {}
        own = {_singular(w) for w in WORD.findall(norm(source["text"]))}
        content = False
        for word in WORD.findall(norm(gold)):
            if word in NUMBER_WORDS or word.isdigit():
                number = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)
                if source.get("count") != number:
                    return False
            elif word in _demonym_countries():
                if actor.get("country") != _demonym_countries()[word]:
                    return False
            elif _singular(word) in own:
                content = True
            else:
                return False
        return content

    def _event_problems(self, ev: dict[str, Any], gold: dict[str, Any]) -> list[str]:
        problems = []
        for src in _as_list(gold.get("source")):
            if not self._actor_matches(ev["actor"], src):
                problems.append(f"actor is not {src}")
        for tgt in _as_list(gold.get("target")):
            if not self._actor_matches(ev["recipient"], tgt):
                problems.append(f"recipient is not {tgt}")
        if ev["modality"] != gold["modality"]:
            problems.append(f"modality {ev['modality']} != {gold['modality']}")
        return problems

    def event(self, gold: dict[str, Any]) -> None:
        label = f"{gold['type']} {_as_list(gold.get('source')) or '?'} -> {_as_list(gold.get('target')) or '?'} [{gold['modality']}]"
        cands = [e for e in self.out["events"] if e["event"] == gold["type"]]
        evidence = gold.get("evidence")
        if evidence and occurrences(self.text, evidence):
            ev_spans = occurrences(self.text, evidence)
            cands = [
                e
                for e in cands
                if any(
                    overlaps((e["sentence"]["start"], e["sentence"]["end"]), s) for s in ev_spans
                )
            ]
        if not cands:
            self.add(
                "event",
                label,
                False,
                f"no {gold['type']} event" + (" in the evidence sentence" if evidence else ""),
            )
            return
        scored = sorted(cands, key=lambda e: len(self._event_problems(e, gold)))
        best = scored[0]
        problems = self._event_problems(best, gold)
        self.add("event", label, not problems, f"{best['id']}: " + "; ".join(problems))
        if not problems and isinstance(gold.get("date"), dt.date):
            want = gold["date"].isoformat()
            self.add(
                "event date", f"{label} on {want}", best["date"] == want, f"date {best['date']}"
            )
        if not problems and gold.get("attribution"):
            chain = self._claim_chain(best.get("claim"))
            want_chain = list(gold["attribution"])
            ok = len(chain) == len(want_chain) and all(
                self._source_matches(w, c) for w, c in zip(want_chain, chain, strict=False)
            )
            texts = [c["text"] for c in chain]
            self.add("event source", f"{label} according to {want_chain}", ok, f"chain {texts}")


def check(shared: Path) -> list[Item]:
    """Read both seeds as the acceptance says and check every gold item."""
    from watchfloor.extract.pipeline import Resources, read
    from watchfloor.ingest.files import read_text_file
    from watchfloor.serialize import document_reading_to_dict

    gold = yaml.safe_load((shared / "seeds" / "gold.yaml").read_text(encoding="utf-8"))
    res = Resources.load()
    items: list[Item] = []
    for g in gold["documents"]:
        doc = read_text_file(shared / "seeds" / g["file"], dct=DCT_BY_FILE.get(g["file"]))
        out = document_reading_to_dict(*read(doc, res))
        c = Checker(g["file"], out)
        if g["file"] not in DCT_BY_FILE:
            c.dct_not_invented(out["dct"], g.get("dct_range"))
            c.relative_times_unresolved()
        else:  # read again without the date: what can be inferred must hold the truth
            bare = read_text_file(shared / "seeds" / g["file"])
            c.dct_inferred(document_reading_to_dict(*read(bare, res))["dct"], g.get("dct_range"))
        if out["title"] != g["title"]:
            c.add("title", g["title"], False, f"title {out['title']!r}")
        else:
            c.add("title", g["title"], True)
        c.boilerplate(g.get("boilerplate", []))
        for a in g.get("actors", []):
            c.actor(a)
        for p in g.get("places", []):
            c.place(p)
        for t in g.get("timexes", []):
            c.timex(t)
        for e in g.get("events", []):
            c.event(e)
        items.extend(c.items)
    return items


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_dir()
    items = check(shared)
    passed = sum(i.passed for i in items)
    for i in items:
        mark = "pass" if i.passed else "MISS"
        print(
            f"{mark}  {i.document[:3]}  {i.kind:<14} {i.name}"
            + (f"  -- {i.reason}" if i.reason else "")
        )
    print(f"\n{passed}/{len(items)} gold items pass ({passed / len(items):.1%})")


if __name__ == "__main__":
    main()
