"""``watchfloor places``: every candidate of every toponym with its evidence, and why one won
or why a name was refused."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from watchfloor.extract.places.context import article_city, mark_home
from watchfloor.extract.places.recognise import recognise
from watchfloor.extract.places.resolve import actor_countries, base_parts, choose, evidence, totals
from watchfloor.extract.places.toponym import Toponym, non_locational
from watchfloor.knowledge.gazetteer import Gazetteer
from watchfloor.vocab import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB


def explain(
    parsed: SpacyDoc,
    gazetteer: Gazetteer,
    actor_mentions: Iterable[ActorMention] = (),
    kb: ActorKB | None = None,
    top: int = 5,
    outlet: str | None = None,
    home: str | None = None,
    sports: frozenset[int] = frozenset(),
    outlet_state: int | None = None,
) -> list[dict[str, Any]]:
    """Every toponym with how it was read, its best ``top`` candidates and their
    score parts, the winner and why it won (what ``watchfloor places`` prints).
    ``sports`` and ``outlet_state``: as ``find`` takes them."""
    actor_list = list(actor_mentions)
    every = recognise(parsed, gazetteer, actor_list, kb)
    toponyms = [t for t in every if t.refused is None and t.sub_city is None]
    mark_home(toponyms, home)
    countries = actor_countries(actor_list, kb) if kb else set()
    parts = evidence(toponyms, parsed, countries, outlet, outlet_state)
    results = [choose(t, totals(p), gazetteer) for t, p in zip(toponyms, parts, strict=True)]
    city = article_city(toponyms, results, gazetteer)
    out = [_refusal(parsed, t, gazetteer, city) for t in every if t not in toponyms]
    for topo, named in zip(toponyms, parts, strict=True):
        place_id, score = choose(topo, totals(named), gazetteer)
        rows: list[dict[str, Any]] = []
        for e in topo.candidates:
            components = {**base_parts(e, topo), **named.get(e.gid, {})}
            rows.append(
                {
                    "place_id": e.id,
                    "name": e.name,
                    "feature": e.feature,
                    "country": e.country,
                    "admin1": gazetteer.get(e.id).admin1,
                    "population": e.population,
                    "score": round(sum(components.values()), 2),
                    "parts": {k: round(v, 2) for k, v in components.items() if v},
                }
            )
        rows.sort(key=lambda r: -float(r["score"]))
        first, last = parsed[topo.start], parsed[topo.end - 1]
        out.append(
            {
                "text": parsed[topo.start : topo.end].text,
                "start": first.idx,
                "end": last.idx + len(last.text),
                "via": topo.via,
                "metonymic": non_locational(parsed, topo, sports),
                "place_id": place_id,
                "place": gazetteer.get(place_id).name if place_id else None,
                "probability": round(score, 3),
                "reason": _reason(topo, rows, place_id),
                "outlet_state_decided": _outlet_decided(rows, place_id),
                "candidates": rows[:top],
                "n_candidates": len(rows),
            }
        )
    return sorted(out, key=lambda item: (item["start"], item["end"]))


def _refusal(
    parsed: SpacyDoc, topo: Toponym, gazetteer: Gazetteer, city: tuple[str, float] | None
) -> dict[str, Any]:
    """The explanation of a toponym that screening refused or placed at the city."""
    first, last = parsed[topo.start], parsed[topo.end - 1]
    place_id, score = (None, 0.0) if topo.refused or city is None else city
    if topo.refused:
        reason = f"refused: {topo.refused}"
    elif place_id is None:
        reason = f"unresolved: {topo.sub_city}, and the article names no city to place it in"
    else:
        reason = (
            f"{topo.sub_city}: placed at the city the article is about (the gazetteer has"
            " no streets; the error is up to the city's size), never at a namesake"
        )
    return {
        "text": parsed[topo.start : topo.end].text,
        "start": first.idx,
        "end": last.idx + len(last.text),
        "via": topo.via,
        "metonymic": topo.embedded if place_id else False,
        "place_id": place_id,
        "place": gazetteer.get(place_id).name if place_id else None,
        "probability": round(score, 3),
        "reason": reason,
        "candidates": [],
        "n_candidates": len(topo.candidates),
    }


def _outlet_decided(rows: list[dict[str, Any]], place_id: str | None) -> bool:
    """True when the outlet's state decided the winner: without its ``outlet_state``
    part another candidate would score higher."""
    if place_id is None or len(rows) < 2:
        return False
    win = next((r for r in rows if r["place_id"] == place_id), None)
    if win is None or not win["parts"].get("outlet_state"):
        return False
    without = float(win["score"]) - float(win["parts"]["outlet_state"])
    return any(
        float(r["score"]) - float(r["parts"].get("outlet_state", 0.0)) > without
        for r in rows
        if r is not win
    )


def _reason(topo: Toponym, rows: list[dict[str, Any]], place_id: str | None) -> str:
    if topo.region is not None:
        return "a named region (regions.yaml)"
    if topo.direction is not None and place_id and place_id.startswith("region:"):
        return f"direction word '{topo.direction}' before a country: a relative region"
    if not rows:
        return "no candidate"
    if len(rows) == 1:
        return "the only candidate"
    win, runner = rows[0], rows[1]
    gains = {
        k: v - runner["parts"].get(k, 0.0)
        for k, v in win["parts"].items()
        if v - runner["parts"].get(k, 0.0) > 0
    }
    because = ", ".join(f"{k} +{v:.2f}" for k, v in sorted(gains.items(), key=lambda kv: -kv[1]))
    margin = float(win["score"]) - float(runner["score"])
    return f"beats {runner['name']} ({runner['country']}) by {margin:.2f}: {because}"
