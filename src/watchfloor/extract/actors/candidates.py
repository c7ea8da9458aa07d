"""Candidates: which of the KB's candidate mentions of a text are kept (rules 1-2 of
docs/knowledge-actors.md): stances dropped, namesakes told apart by the publication
date, the longest non-overlapping ones picked; the document's context country from
the picks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from watchfloor.extract.actors.document import COUNTRY_CLASS_ID
from watchfloor.knowledge.actors import ActorKB, Candidate, Word
from watchfloor.vocab import Dct

# A demonym glued after one of these prefixes ("pro-Iranian") states a stance.
STANCE_PREFIX = re.compile(r"(?:pro|anti|non|post|ex)[-‐‑–]$", re.IGNORECASE)


# Context country: named at least this many times ...
CONTEXT_MIN_COUNT = 2
# ... and in at least this share of all country-name mentions (else ambiguous).
CONTEXT_MIN_SHARE = 0.5


# The KB layer of imported dictionaries (ranks below our generated readings).
IMPORTED_LAYER = "phoenix"


@dataclass(frozen=True, slots=True)
class Pick:
    cand: Candidate
    start: int  # chars
    end: int


def drop_stance(cands: list[Candidate], ws: Sequence[Word], text: str) -> list[Candidate]:
    """Drop country readings whose first word follows "pro-"/"anti-"."""

    def stance(c: Candidate) -> bool:
        people = c.kind == "name" and bool(COUNTRY_CLASS_ID.match(c.actor_id or ""))
        if not people and (c.kind not in ("country", "class", "role") or c.country is None):
            return False
        return bool(STANCE_PREFIX.search(text[max(0, ws[c.start].start - 5) : ws[c.start].start]))

    return [c for c in cands if not stance(c)]


def one_holder_per_name(cands: list[Candidate], kb: ActorKB, dct: Dct) -> list[Candidate]:
    """Choose between persons who share a name ("President Bush") by the publication date.

    Several KB persons may carry the same alias (the KB says so on purpose).
    With a known publication day, the one whose office tenure is closest to it
    (holding it that day, else the most recently left office; never one whose
    first office starts later) keeps the name. With no day, or when no tenure
    decides, the name is ambiguous and gives no mention: a guess would put a
    wrong person, and a wrong date range (docs/extract-dct.md), into the record.
    """
    spans: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        if c.kind == "name" and c.actor_id:
            spans.setdefault((c.start, c.end), []).append(c)
    drop: set[int] = set()
    for group in spans.values():
        kept = kb.namesakes_kept((c.actor_id for c in group if c.actor_id), dct.date)
        drop.update(id(c) for c in group if c.actor_id not in kept)
    return [c for c in cands if id(c) not in drop]


def select(cands: Iterable[Candidate], ws: Sequence[Word], kb: ActorKB) -> list[Pick]:
    """Greedy non-overlapping choice: longest first, then priority, then leftmost.

    A name of the imported (Phoenix) layer ranks below a generated reading of
    the same words: "US Secretary of State" is the office resolved by date,
    not the dictionary's office-as-actor entry.
    """
    origins: dict[str, tuple[str, str]] = getattr(kb, "origins", {})

    def priority(c: Candidate) -> float:
        if c.kind == "name" and origins.get(c.actor_id or "", ("",))[0] == IMPORTED_LAYER:
            return 1.5
        return c.priority

    ranked = sorted(
        cands, key=lambda c: (-(ws[c.end - 1].end - ws[c.start].start), -priority(c), c.start)
    )
    taken = [False] * len(ws)
    picks: list[Pick] = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        for k in range(c.start, c.end):
            taken[k] = True
        picks.append(Pick(c, ws[c.start].start, ws[c.end - 1].end))
    picks.sort(key=lambda p: p.start)
    return picks


def context_country(picks: Sequence[Pick]) -> str | None:
    """The country named most often, if it dominates.

    Only unambiguous names count: "US" is also an adjective ("US objectives").
    """
    counts = Counter(
        p.cand.country
        for p in picks
        if p.cand.kind == "country" and p.cand.is_name and not p.cand.is_demonym
    )
    if not counts:
        return None
    (iso, n), total = counts.most_common(1)[0], sum(counts.values())
    if n >= CONTEXT_MIN_COUNT and n / total >= CONTEXT_MIN_SHARE:
        return iso
    return None
