"""Resolution: which gazetteer entry each toponym names, from its evidence.

A candidate's base score (feature prior, population, own name) plus the
article's context in rounds: the countries and divisions named elsewhere,
"A, B" hierarchies, seats, the outlet's country and home town, coherence,
one sense per discourse.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from watchfloor.extract.places.toponym import (
    DIVISION_FEATURES,
    DIVISION_WORDS,
    Toponym,
    entry_contains,
    folded,
)
from watchfloor.knowledge.gazetteer import Entry, Gazetteer
from watchfloor.vocab import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

# Ranking weights (log-linear score; see the module docstring).
FEATURE_PRIOR = {
    "country": 6.0,  # a country name is almost always the country ("Jordan")
    "capital": 5.0,  # a capital beats its homonyms in news ("Washington", "Paris")
    "admin1": 4.0,  # a first-level division beats towns of its name ("Anbar")
    "region": 4.0,
    "admin2": 1.0,  # county names are mostly written with "County"
    "city": 0.0,
}


POP_WEIGHT = 1.0  # per factor of ten of population: bigger places are named more (dev: 1.0 > 0.75 > 0.5, 1.5)


COUNTRY_CONTEXT = 3.0  # the country is named elsewhere in the document


ADMIN_CONTEXT = 4.0  # the division is named elsewhere (Paris, Tennessee)


HIERARCHY = 6.0  # "A, B": B contains A


SEAT = 4.5  # a city named like the division it lies in is the city ("Kirkuk", "Baghdad")


PRIMARY_NAME = 1.0  # the text has the place's own name, not an alternate one


# A town read by an alternate name when another town has the text as its own
# name ("Maryville" is an old name of Beeville, Texas, and the name of Maryville,
# Illinois): the alternate reading is demoted further (LGL dev split: e2e 0.8131 ->
# 0.8137 at -3; counting a division of that name too, 0.8143, but "New York" then
# loses the city to the state).
ALIAS_OF_OWN = -3.0
# ... only when the town owning the name has at least this share of its population:
# a hamlet of 1,029 called Basra does not hand "Basra" to the governorate instead of
# the city of 1.3 million (LGL dev e2e 0.8166 -> 0.8159, held-out 0.7837 unchanged).
ALIAS_OWNER_SHARE = 0.1
ALIAS_FEATURES = frozenset({"city", "capital"})


# A county named without its division word ("DeKalb") is more often the town
# of that name (DeKalb, Illinois) than the county: dev split, -1..-3 alike.
BARE_ADMIN2 = -2.0


# The outlet's country (the country-code domain of its web address: ".co.uk",
# ".ca"): a local paper's "London" is its own (dev split: 3 to 8 within 0.1 point).
OUTLET_COUNTRY = 6.0


# The outlet's home town, named in its domain ("parisbeacon.com"): its toponym of
# that name is a town or county, chosen by the article's other places rather
# than by fame alone (dev split: 2 and 4 alike, 0 lower by 0.1 point).
HOME_TOWN = 2.0


HOME_FEATURES = frozenset({"city", "capital", "admin2"})


HOME_POP_SHARE = 0.5  # of the population term (dev: 0.5 and 1 alike; 0 lower by 0.4 point)


# Shortest name matched inside a domain ("Ada" in "canada" is no home town).
HOME_MIN_CHARS = 5


# A capital's prior holds for its own name only: "Philadelphia" is an old name
# of Amman, not a reason to prefer Jordan's capital to the city in Pennsylvania.
ALTERNATE_CAPITAL = "city"


# A division's same-named city inside an organisation's name ("the New York
# Times", "the New York Yankees"): papers and teams are named after cities.
EMBEDDED_SEAT = 2.0


NAMED_AFTER_CITY = frozenset(
    {"entity", "evidence (embedded): salient name inside a longer name",
     "evidence (inner): salient name inside a longer name"}
)  # fmt: skip


# The article's state: the first-level division that most of the other names' best
# candidates are or lie in, when at least DOMINANT_MIN names do and at least
# DOMINANT_RATIO times as many as in any other division. Its candidates get
# DOMINANT_ADMIN on top of ADMIN_CONTEXT, so one stray name ("Kent": Kent,
# Washington) does not hand its state to a local paper's counties. Not for a name
# that is a country's or a state's own name ("Oregon" is the state, not Oregon,
# Illinois, in an Illinois story).
DOMINANT_ADMIN = 2.0
DOMINANT_MIN = 3
DOMINANT_RATIO = 2.0


# The outlet's state: the first-level division its other articles are about
# (``context.outlet_state``). A local paper's "Mansfield" with no state named is its
# own state's town; as strong as a state read in the article with its article-state
# bonus (LGL dev split e2e 0.8239 -> 0.8557; with every state an article names
# counted, 1.0: 0.8363, 4.0: 0.8471, 6.0: 0.8503, 8.0: 0.8436).
OUTLET_STATE = 6.0


CONTEXT_ROUNDS = 2  # rounds of context: the second uses the first round's winners


# Coherence among the candidates of the other names (not only their best):
COHERENCE_ADMIN2 = 5.0  # another name has a candidate that is, or lies in, its county


COHERENCE_ADMIN1 = 0.5  # per other name with a candidate in the same state/province


COHERENCE_CAP = 3  # at most this many names count (common names are everywhere)


def actor_countries(actor_mentions: list[ActorMention], kb: ActorKB | None) -> set[str]:
    countries = set()
    for m in actor_mentions:
        # None: an id another stage made that the KB lacks, or no KB
        actor = kb.get(m.actor_id) if kb is not None else None
        country = getattr(actor, "country", None)
        if country:
            countries.add(country)
    return countries


def _own_population(topo: Toponym) -> float:
    """The population of the largest town among the candidates that has the text as
    its own name ("Maryville"; not the state of New York for "New York", an alternate
    name of New York City); -1 when none has."""
    memo = (0, topo.key, None)  # gid 0 is no place: the memo slot of this answer
    found = topo.scores.get(memo)
    if found is None:
        owners = [
            c.population
            for c in topo.candidates
            if c.feature in ALIAS_FEATURES and _own(c, topo.key)
        ]
        found = float(max(owners)) if owners else -1.0
        topo.scores[memo] = found
    return found


def _alias_of_own(e: Entry, topo: Toponym) -> bool:
    """``e`` is read by an alternate name that a town of comparable size has as its own
    ("Maryville": Maryville, Tennessee, not Beeville, Texas); a hamlet owning the name
    (Basra, Punjab, pop. 1,029) does not demote a city known by it (Basrah, 1.3 million)."""
    owner = _own_population(topo)
    return owner >= 0 and owner >= ALIAS_OWNER_SHARE * e.population


def base_parts(e: Entry, topo: Toponym) -> dict[str, float]:
    key = topo.key
    bare = e.feature == "admin2" and topo.features is None and key.split()[-1] not in DIVISION_WORDS
    own = folded(e.name) == key
    feature = ALTERNATE_CAPITAL if e.feature == "capital" and not own else e.feature
    alias = (
        ALIAS_OF_OWN
        if not own and e.feature in ALIAS_FEATURES and e.pid == "" and _alias_of_own(e, topo)
        else 0.0
    )
    if topo.home:  # the outlet's town: a town, by its context and size, not a country
        return {
            "home_town": HOME_TOWN if e.feature in HOME_FEATURES else 0.0,
            "population": HOME_POP_SHARE * POP_WEIGHT * math.log10(e.population + 1),
            "primary_name": PRIMARY_NAME if own else 0.0,
            "alias_of_own": alias,
        }
    return {
        "feature_prior": FEATURE_PRIOR.get(feature, 0.0) + (BARE_ADMIN2 if bare else 0.0),
        "population": POP_WEIGHT * math.log10(e.population + 1),
        "primary_name": PRIMARY_NAME if own else 0.0,
        "alias_of_own": alias,
    }


def _own(e: Entry, key: str) -> bool:
    return folded(e.name) == key


def _base_score(e: Entry, topo: Toponym) -> float:
    memo = (e.gid, topo.key, topo.features)
    score = topo.scores.get(memo)
    if score is None:
        score = sum(base_parts(e, topo).values())
        topo.scores[memo] = score
    return score


def _hierarchy_pairs(parsed: SpacyDoc, toponyms: list[Toponym]) -> list[tuple[int, int]]:
    """Index pairs (a, b) of "A, B" toponyms (B right after A and a comma)."""
    pairs = []
    for a in range(len(toponyms) - 1):
        left, right = toponyms[a], toponyms[a + 1]
        if right.start == left.end + 1 and parsed[left.end].text == ",":
            pairs.append((a, a + 1))
    return pairs


Evidence = list[dict[int, dict[str, float]]]  # per toponym, per candidate gid: named bonuses


def resolve(
    toponyms: list[Toponym],
    parsed: SpacyDoc,
    gazetteer: Gazetteer,
    actor_countries: set[str],
    outlet: str | None = None,
    outlet_state: int | None = None,
) -> list[tuple[str | None, float]]:
    """(place id, score) of each toponym; (None, 0.0) when it has no candidate.
    ``outlet``: the ISO3 country of the outlet (place_context.outlet_country), if known;
    ``outlet_state``: the geonameid of the outlet's state (``context.outlet_state``)."""
    parts = evidence(toponyms, parsed, actor_countries, outlet, outlet_state)
    return [choose(t, totals(p), gazetteer) for t, p in zip(toponyms, parts, strict=True)]


def totals(parts: dict[int, dict[str, float]]) -> dict[int, float]:
    return {gid: sum(named.values()) for gid, named in parts.items()}


def _add(parts: dict[int, dict[str, float]], gid: int, name: str, value: float) -> None:
    if value:
        named = parts.setdefault(gid, {})
        named[name] = named.get(name, 0.0) + value


def evidence(
    toponyms: list[Toponym],
    parsed: SpacyDoc,
    actor_countries: set[str],
    outlet: str | None = None,
    outlet_state: int | None = None,
) -> Evidence:
    """The named bonuses of every candidate of every toponym (see the weights above).

    Context comes from the other toponyms' best candidates: first without any
    evidence, then (CONTEXT_ROUNDS) with the evidence of the round before, so
    that "Henry County" settled by coherence lends its state to "Paris".
    """
    first = [best_entry(t, {}) for t in toponyms]
    fixed = _Fixed(toponyms, parsed)
    parts = _evidence_round(toponyms, fixed, actor_countries, first, outlet, outlet_state)
    for _ in range(CONTEXT_ROUNDS - 1):
        first = [best_entry(t, totals(p)) for t, p in zip(toponyms, parts, strict=True)]
        parts = _evidence_round(toponyms, fixed, actor_countries, first, outlet, outlet_state)
    return parts


class _Fixed:
    """What every round of ``evidence`` reads of the toponyms alone (not of the round
    before): worked out once per document."""

    def __init__(self, toponyms: list[Toponym], parsed: SpacyDoc) -> None:
        self.hierarchy: list[tuple[int, int, int, int]] = [  # (a, inner gid, b, outer gid)
            (a, inner.gid, b, outer.gid)
            for a, b in _hierarchy_pairs(parsed, toponyms)
            for inner in toponyms[a].candidates
            for outer in toponyms[b].candidates
            if entry_contains(outer, inner)
        ]
        self.near1, self.near2 = _neighbourhoods(toponyms)
        self.roots = [_root(t.key) for t in toponyms]
        # "Oregon" written as a state's own name is the state: no article or outlet state
        self.own_state = [
            any(c.feature in ("country", "admin1") and _own(c, t.key) for c in t.candidates)
            for t in toponyms
        ]
        self.seats = [_seats(t) for t in toponyms]
        # "Mexico" written as a country's own name is the country, not its same-named
        # state: the country's own places give its divisions no context bonus
        self.own_countries = [
            {c.country for c in t.candidates if c.feature == "country" and _own(c, t.key)}
            for t in toponyms
        ]
        # what a round's bonuses of a toponym depend on, besides the round's context
        # (read by key and root): mentions alike get alike bonuses
        self.alike = [
            (
                t.key,
                t.features,
                tuple(e.gid for e in t.candidates),
                t.via == "demonym",
                t.embedded and t.via in NAMED_AFTER_CITY,
                own,
                tuple(seats),
            )
            for t, own, seats in zip(toponyms, self.own_state, self.seats, strict=True)
        ]


def _evidence_round(
    toponyms: list[Toponym],
    fixed: _Fixed,
    actor_countries: set[str],
    first: list[Entry | None],
    outlet: str | None = None,
    outlet_state: int | None = None,
) -> Evidence:
    parts: Evidence = [{} for _ in toponyms]
    for a, inner_gid, b, outer_gid in fixed.hierarchy:
        parts[a].setdefault(inner_gid, {})["hierarchy"] = HIERARCHY
        parts[b].setdefault(outer_gid, {})["hierarchy"] = HIERARCHY
    # Context of a toponym: the other names' best candidates, names of its own key
    # left out. Counted once over all names, then the own key's counts taken off.
    countries, admins = _Tally(), _Tally()
    for j, other in enumerate(first):
        if other is not None:
            key = toponyms[j].key
            countries.add(key, (other.country,))
            admins.add(key, [g for g in (other.gid, other.admin1, other.admin2) if g])
    near1, near2 = fixed.near1, fixed.near2
    states = _states(toponyms, first, fixed.roots)
    dominant: dict[str, int | None] = {}  # _dominant by root: names recur
    # the bonuses of a mention with no hierarchy bonus, by ``_Fixed.alike``: a mention
    # alike gets a copy
    alike: dict[tuple[Any, ...], dict[int, dict[str, float]]] = {}
    for i, topo in enumerate(toponyms):
        fresh = not parts[i]
        if fresh:
            same = alike.get(fixed.alike[i])
            if same is not None:
                parts[i] = {gid: dict(named) for gid, named in same.items()}
                continue
        root = fixed.roots[i]
        if fixed.own_state[i]:
            state = home_state = None
        else:
            if root not in dominant:
                dominant[root] = _dominant(states, root)
            state, home_state = dominant[root], outlet_state
        for gid in fixed.seats[i]:
            _add(parts[i], gid, "seat", SEAT)
            if topo.embedded and topo.via in NAMED_AFTER_CITY:
                _add(parts[i], gid, "named_after_city", EMBEDDED_SEAT)
        key = topo.key
        own = fixed.own_countries[i]
        # _Tally.others, read inline: the loop below runs for every candidate
        c_all, c_own = countries.total, countries.by_key.get(key, {})
        a_all, a_own = admins.total, admins.by_key.get(key, {})
        n1_all, n1_own = near1.total, near1.by_key.get(root, {})
        n2_all, n2_own = near2.total, near2.by_key.get(root, {})
        not_demonym = topo.via != "demonym"  # "Georgian" is the state only by its own places
        mine = parts[i]
        for e in topo.candidates:
            if e.country in own and e.feature != "country":
                continue
            gid, admin1, admin2, country = e.gid, e.admin1, e.admin2, e.country
            if (
                e.feature != "country"
                and not_demonym
                and (country in actor_countries or c_all.get(country, 0) - c_own.get(country, 0))
            ):
                _add(mine, gid, "country_context", COUNTRY_CONTEXT)
            if outlet is not None and country == outlet and e.feature != "country":
                _add(mine, gid, "outlet_country", OUTLET_COUNTRY)
            if (
                a_all.get(gid, 0) - a_own.get(gid, 0)
                or a_all.get(admin1, 0) - a_own.get(admin1, 0)
                or a_all.get(admin2, 0) - a_own.get(admin2, 0)
            ):
                _add(mine, gid, "admin_context", ADMIN_CONTEXT)
            if state is not None and state in (gid, admin1):
                _add(mine, gid, "article_state", DOMINANT_ADMIN)
            if home_state is not None and home_state in (gid, admin1):
                _add(mine, gid, "outlet_state", OUTLET_STATE)
            if n2_all.get(gid, 0) - n2_own.get(gid, 0) or (
                admin2 is not None and n2_all.get(admin2, 0) - n2_own.get(admin2, 0)
            ):
                _add(mine, gid, "coherence_admin2", COHERENCE_ADMIN2)
            elif admin1 is not None:
                count = n1_all.get(admin1, 0) - n1_own.get(admin1, 0)
                if count:  # _add, inline: the commonest bonus
                    named = mine.get(gid)
                    if named is None:
                        named = mine[gid] = {}
                    value = COHERENCE_ADMIN1 * (count if count < COHERENCE_CAP else COHERENCE_CAP)
                    named["coherence_admin1"] = named.get("coherence_admin1", 0.0) + value
        if fresh:
            alike[fixed.alike[i]] = mine
    _one_sense(toponyms, parts)
    return parts


def _states(toponyms: list[Toponym], first: list[Entry | None], roots: list[str]) -> dict[str, int]:
    """The first-level division of each name's best candidate, by the name's ``_root``
    (``roots``; its first mention; named regions and countries have none)."""
    states: dict[str, int] = {}
    for topo, best, root in zip(toponyms, first, roots, strict=True):
        if best is None or root in states or topo.region is not None:
            continue
        state = best.gid if best.feature == "admin1" else best.admin1
        if state is not None and best.feature != "country":
            states[root] = state
    return states


def _dominant(states: dict[str, int], root: str) -> int | None:
    """The article's state for a name: the division most other names lie in, if clear."""
    counts: dict[int, int] = {}
    for other, state in states.items():
        if other != root:
            counts[state] = counts.get(state, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    top = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else 0
    if top < DOMINANT_MIN or top < DOMINANT_RATIO * runner:
        return None
    return max(counts, key=lambda s: counts[s])


class _Tally:
    """How many times each value was added, overall and per toponym key."""

    def __init__(self) -> None:
        self.total: dict[Any, int] = {}
        self.by_key: dict[str, dict[Any, int]] = {}

    def add(self, key: str, values: Iterable[Any]) -> None:
        own = self.by_key.setdefault(key, {})
        for v in values:
            self.total[v] = self.total.get(v, 0) + 1
            own[v] = own.get(v, 0) + 1

    def others(self, key: str, value: Any) -> int:
        """How many times ``value`` was added under keys other than ``key``."""
        return self.total.get(value, 0) - self.by_key.get(key, {}).get(value, 0)


def _one_sense(toponyms: list[Toponym], parts: Evidence) -> None:
    """One sense per document: the mentions of a name share their strongest evidence
    ("Paris, Tenn." early on makes every later "Paris" the Tennessee town)."""
    groups: dict[tuple[str, frozenset[str] | None], list[int]] = {}
    for i, t in enumerate(toponyms):
        groups.setdefault((t.key, t.features), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        merged: dict[int, dict[str, float]] = {}
        for i in members:
            for gid, named in parts[i].items():
                if sum(named.values()) > sum(merged.get(gid, {}).values()):
                    merged[gid] = named
        for i in members:
            parts[i] = dict(merged)


def _root(key: str) -> str:
    """A name without its trailing division word: "DeKalb County" and "DeKalb" are one
    name to coherence, so the counties of "DeKalb" do not vouch for "DeKalb County"."""
    words = key.split()
    while len(words) > 1 and words[-1] in DIVISION_WORDS:
        words.pop()
    return " ".join(words)


def _neighbourhoods(toponyms: list[Toponym]) -> tuple[_Tally, _Tally]:
    """Divisions of the other names' candidates (any candidate, not only the best).

    Each name (its first mention that is no named region) counts once: per
    first-level division, whether one of its candidates lies in it, and the
    second-level divisions its candidates are or lie in. ``others(key, gid)``
    then gives, for a toponym of name ``key``, how many other names have a
    candidate in division ``gid``: "Paris" and "Henry County" together pick
    Paris, Tennessee, which lies in Henry County, Tennessee. Names are counted
    by their ``_root``: "DeKalb" is no other name than "DeKalb County".
    """
    near1, near2 = _Tally(), _Tally()
    seen: set[str] = set()
    for other in toponyms:
        if other.key in seen or other.region is not None:
            continue
        seen.add(other.key)
        admin1s: set[int] = set()
        admin2s: set[int] = set()
        for f in other.candidates:
            if not _own(f, other.key) and f.feature not in DIVISION_FEATURES:
                continue  # an alternate name ("Washington" of Reisterstown) is no neighbour
            if f.feature == "admin2":
                admin2s.add(f.gid)
            elif f.admin2 is not None:
                admin2s.add(f.admin2)
            if f.feature == "admin1":
                admin1s.add(f.gid)
            elif f.admin1 is not None:
                admin1s.add(f.admin1)
        near1.add(_root(other.key), admin1s)
        near2.add(_root(other.key), admin2s)
    return near1, near2


def _seats(topo: Toponym) -> list[int]:
    """A division that wins on its name hands the win to its same-named city (its seat)."""
    top = best_entry(topo, {})
    if top is None or top.feature not in DIVISION_FEATURES:
        return []
    return [
        e.gid
        for e in topo.candidates
        if e.feature in ("city", "capital") and top.gid in (e.admin1, e.admin2)
    ]


def choose(
    topo: Toponym, bonus: dict[int, float], gazetteer: Gazetteer
) -> tuple[str | None, float]:
    if topo.region is not None:
        return topo.region.place.id, 1.0
    if not topo.candidates:
        return None, 0.0
    scores = [_base_score(e, topo) + bonus.get(e.gid, 0.0) for e in topo.candidates]
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    best = best_entry(topo, bonus)
    assert best is not None
    if topo.direction is not None and best.feature == "country":
        relative = gazetteer.relative(best.country, topo.direction)
        if relative is not None:
            return relative.id, 1.0 / total
    return best.id, 1.0 / total


def best_entry(topo: Toponym, bonus: dict[int, float]) -> Entry | None:
    if not topo.candidates or topo.region is not None:
        return None
    if not bonus:
        # the same answer while the candidate list is the same: the scores of its
        # candidates are kept in ``topo.scores`` once made, and change only when
        # context.mark_home empties them (and this answer with them)
        known = topo.best
        if known is not None and known[0] is topo.candidates:
            return known[1]
        memo, key, features = topo.scores, topo.key, topo.features

        def rank(e: Entry) -> tuple[float, int]:
            score = memo.get((e.gid, key, features))
            return (_base_score(e, topo) if score is None else score) + 0.0, -e.gid

        found = max(topo.candidates, key=rank)
        topo.best = (topo.candidates, found)
        return found
    return max(
        topo.candidates, key=lambda e: (_base_score(e, topo) + bonus.get(e.gid, 0.0), -e.gid)
    )
