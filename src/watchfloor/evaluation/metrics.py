"""Metrics shared by the evaluations: one-to-one span matching and P/R/F1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar


class HasSpan(Protocol):
    @property
    def span(self) -> Any: ...


S = TypeVar("S", bound=HasSpan)


def match_by_overlap(
    system: Sequence[S], gold: Sequence[dict[str, Any]]
) -> list[tuple[S, dict[str, Any]]]:
    """One-to-one matches of system spans to gold spans, largest overlap first.

    Each system item and each gold item is used at most once; ties go to the
    earlier item, so the result is deterministic.
    """
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            overlap = min(s.span.end, g["end"]) - max(s.span.start, g["start"])
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_s: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            out.append((system[i], gold[j]))
    return out


def prf(
    correct: float, n_system: float, n_gold: float, *, percent: bool = False
) -> dict[str, float]:
    """Precision, recall and F1, as fractions (4 digits) or percentages (2 digits)."""
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    if percent:
        return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
