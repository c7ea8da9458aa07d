"""Places: toponyms in the text, resolved to gazetteer places.

Recognition
  1. spaCy's GPE, LOC and FAC entities (a leading "the" and a trailing "'s"
     are not part of the toponym);
  2. a gazetteer scan of capitalised tokens the model left out, or tagged
     PERSON/ORG as a whole, accepting only salient places (countries,
     divisions, capitals, named regions, cities of SCAN_MIN_POP or more):
     Middle Eastern names and spellings ("Fallujah", "Arbil") that the model
     misses;
  3. extensions: a division word after the name ("Anbar province") joins the
     toponym and restricts it to divisions; a direction word before a country
     ("northwestern Iraq") makes it a relative region of that country.

Not places: demonyms and other adjectives ("Iraqi": spaCy NORP, never in the
gazetteer), and attributive uses: a toponym that modifies an agent noun of
ACTOR_HEADS ("US forces", "US military bases") or lies inside a longer actor
mention is part of an actor's name, not a location, and is left to the actors
stage. A toponym modifying another noun stays a place ("an Ohio church").

Metonymy: a toponym that is the subject of a speech or decision verb
("Baghdad would not allow", "Washington said") stands for its government:
``metonymic=True``.

Resolution ranks the gazetteer candidates of each toponym by a score: a prior
by feature type, the log of the population, the document's country context
(countries of the other toponyms and of the linked actors), its division
context (divisions of the other toponyms), and the admin hierarchy of "A, B"
pairs ("Ramadi, Anbar"). ``score`` is the softmax probability of the chosen
candidate. No fuzzy matching: a name matches only after folding (case,
diacritics, hyphens, an Arabic article).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from watchfloor.extract.sentences import index_of
from watchfloor.knowledge.gazetteer import Entry, Gazetteer, Region, code_key, fold
from watchfloor.vocab import ActorMention, PlaceMention, Sentence, Span

NAME = "places.v1"

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels the gazetteer scan may override when the whole entity is a
# salient place name (the small model often tags "Kirkuk" or "Anbar" so).
OVERRIDABLE_LABELS = frozenset({"PERSON", "ORG"})
# Longest name, in tokens, the gazetteer scan tries ("Bosnia and Herzegovina").
MAX_NGRAM = 4
# Shortest name the scan accepts: GeoNames lists abbreviations ("The" for
# Teresina) that are common words; country codes come from entities only.
SCAN_MIN_CHARS = 4
# Length range of an upper-case token read as a country code ("US", "UAE").
CODE_CHARS = (2, 3)
# Smallest city the scan accepts when spaCy did not tag it: smaller towns
# share their names with surnames and common words ("Hope", "Mobile").
SCAN_MIN_POP = 100_000
SALIENT_FEATURES = frozenset({"country", "admin1", "capital"})

# Words after a name that make it a division and are part of the toponym.
DIVISION_WORDS = frozenset(
    {
        "province",
        "governorate",
        "county",
        "state",
        "district",
        "region",
        "oblast",
        "prefecture",
        "department",
        "parish",
        "emirate",
        "canton",
    }
)
DIVISION_FEATURES = frozenset({"admin1", "admin2"})
# Direction words before a country that make it a relative region.
DIRECTION_WORDS = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "northeast": "northeast",
    "northeastern": "northeast",
    "northwest": "northwest",
    "northwestern": "northwest",
    "southeast": "southeast",
    "southeastern": "southeast",
    "southwest": "southwest",
    "southwestern": "southwest",
    "central": "central",
}
# Heads that make a toponym modifying them part of an actor's name ("US
# forces", "Iraqi parliament"): agents and bodies, not things or events.
ACTOR_HEADS = frozenset(
    {
        "forces",
        "force",
        "troops",
        "military",
        "army",
        "navy",
        "soldiers",
        "government",
        "officials",
        "official",
        "authorities",
        "administration",
        "parliament",
        "ministry",
        "minister",
        "embassy",
        "ambassador",
        "envoy",
        "president",
        "leader",
        "leaders",
        "leadership",
        "diplomats",
        "diplomat",
        "intelligence",
        "command",
        "commander",
        "coalition",
        "delegation",
        "regime",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "positions",
        "bases",
        "base",
        "personnel",
        "presence",
        "militia",
        "militias",
        "factions",
        "interests",
    }
)
# Verbs whose subject, when a toponym, is the government acting (metonymy).
METONYMY_VERBS = frozenset(
    {
        "say",
        "announce",
        "allow",
        "permit",
        "refuse",
        "reject",
        "deny",
        "accuse",
        "warn",
        "demand",
        "agree",
        "decide",
        "insist",
        "claim",
        "threaten",
        "condemn",
        "urge",
        "respond",
        "approve",
        "oppose",
        "welcome",
        "vow",
        "sign",
        "recognize",
        "recognise",
        "sanction",
        "expel",
        "request",
        "ask",
        "call",
        "confirm",
        "pledge",
        "promise",
        "negotiate",
        "protest",
        "retaliate",
        "declare",
        "order",
        "want",
        "seek",
        "support",
        "back",
        "blame",
        "criticize",
        "criticise",
    }
)
METONYMY_DEPS = frozenset({"nsubj"})

# Ranking weights (log-linear score; see the module docstring).
FEATURE_PRIOR = {
    "country": 6.0,  # a country name is almost always the country ("Jordan")
    "capital": 5.0,  # a capital beats its homonyms in news ("Washington", "Paris")
    "admin1": 4.0,  # a first-level division beats towns of its name ("Anbar")
    "region": 4.0,
    "admin2": 1.0,  # county names are mostly written with "County"
    "city": 0.0,
}
POP_WEIGHT = 0.5  # per factor of ten of population: bigger places are named more
COUNTRY_CONTEXT = 3.0  # the country is named elsewhere in the document
ADMIN_CONTEXT = 4.0  # the division is named elsewhere (Paris, Tennessee)
HIERARCHY = 6.0  # "A, B": B contains A
SEAT = 4.5  # a city named like the division it lies in is the city ("Kirkuk", "Baghdad")
PRIMARY_NAME = 1.0  # the text has the place's own name, not an alternate one


@dataclass
class Toponym:
    """A recognised toponym before resolution."""

    start: int  # token indices, end exclusive
    end: int
    key: str
    features: frozenset[str] | None = None  # allowed features; None = any
    direction: str | None = None
    candidates: list[Entry] = field(default_factory=list)
    region: Region | None = None


def find(
    parsed: Any,
    sents: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    actor_mentions: Iterable[ActorMention],
    kb: Any,
) -> tuple[PlaceMention, ...]:
    """Place mentions of a parsed document, resolved and sorted by position."""
    actor_list = list(actor_mentions)
    toponyms = recognise(parsed, gazetteer, actor_list)
    actor_countries = _actor_countries(actor_list, kb)
    mentions = []
    for topo, (place_id, score) in zip(
        toponyms, resolve(toponyms, parsed, gazetteer, actor_countries), strict=True
    ):
        if place_id is None:
            continue
        first, last = parsed[topo.start], parsed[topo.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        mentions.append(
            PlaceMention(
                place_id=place_id,
                span=Span(start, end, parsed[topo.start : topo.end].text),
                sentence=index_of(sents, start),
                metonymic=is_metonymic(parsed[topo.start : topo.end]),
                score=round(score, 3),
            )
        )
    return tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.place_id)))


# -- recognition -------------------------------------------------------------


def recognise(
    parsed: Any, gazetteer: Gazetteer, actor_mentions: list[ActorMention]
) -> list[Toponym]:
    """Toponyms of a parsed document, in text order, without overlaps."""
    taken = [False] * len(parsed)
    found: list[Toponym] = []
    for ent in parsed.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = _trim(parsed, ent.start, ent.end)
        if start < end:
            topo = _extend(parsed, gazetteer, start, end)
            if topo is not None:
                found.append(topo)
                for i in range(topo.start, topo.end):
                    taken[i] = True
    found.extend(_scan(parsed, gazetteer, taken))
    actor_spans = [(m.span.start, m.span.end) for m in actor_mentions]
    kept = [t for t in found if not _attributive(parsed, t, actor_spans)]
    return sorted(kept, key=lambda t: t.start)


def _trim(parsed: Any, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    while start < end and (parsed[start].lower_ == "the" or parsed[start].is_punct):
        start += 1
    while end > start and (parsed[end - 1].tag_ == "POS" or parsed[end - 1].is_punct):
        end -= 1
    return start, end


def _text_key(parsed: Any, start: int, end: int) -> str:
    return fold(parsed[start:end].text)


def _code(parsed: Any, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """The country-code key of a single upper-case token ("US" -> "=US"), if known."""
    text = parsed[start].text
    if end - start != 1 or not (text.isalpha() and text.isupper()):
        return None
    if not CODE_CHARS[0] <= len(text) <= CODE_CHARS[1]:
        return None
    key = code_key(text)
    return key if key in gazetteer else None


def _extend(
    parsed: Any, gazetteer: Gazetteer, start: int, end: int, codes: bool = True
) -> Toponym | None:
    """The toponym of tokens start..end with its division or direction word, if known."""
    code = _code(parsed, start, end, gazetteer) if codes else None
    if code is not None:
        return _with_candidates(gazetteer, Toponym(start, end, code))
    key = _text_key(parsed, start, end)
    topo = Toponym(start, end, key)
    after = parsed[end] if end < len(parsed) else None
    if after is not None and after.lower_ in DIVISION_WORDS:
        longer = _text_key(parsed, start, end + 1)
        if longer in gazetteer:
            topo = Toponym(start, end + 1, longer)
        elif key in gazetteer:
            topo = Toponym(start, end + 1, key, features=DIVISION_FEATURES)
    if topo.key not in gazetteer:
        last = parsed[end - 1]
        # "Anbar province" tagged as one entity with an unknown long form
        if end - start > 1 and last.lower_ in DIVISION_WORDS:
            shorter = _text_key(parsed, start, end - 1)
            if shorter in gazetteer:
                return _with_candidates(
                    gazetteer, Toponym(start, end, shorter, features=DIVISION_FEATURES)
                )
        return None
    before = parsed[start - 1] if start > 0 else None
    if before is not None and before.lower_.replace("-", "") in DIRECTION_WORDS:
        direction = DIRECTION_WORDS[before.lower_.replace("-", "")]
        longer = _text_key(parsed, start - 1, topo.end)
        if gazetteer.region_for(longer) is not None:  # "southern Europe"
            return _with_candidates(gazetteer, Toponym(start - 1, topo.end, longer))
        entries = gazetteer.lookup(topo.key)
        if any(e.feature == "country" for e in entries):
            topo = Toponym(
                start - 1, topo.end, topo.key, features=frozenset({"country"}), direction=direction
            )
    return _with_candidates(gazetteer, topo)


def _with_candidates(gazetteer: Gazetteer, topo: Toponym) -> Toponym | None:
    topo.region = gazetteer.region_for(topo.key) if topo.direction is None else None
    entries = gazetteer.lookup(topo.key)
    if topo.features is not None:
        entries = [e for e in entries if e.feature in topo.features]
    topo.candidates = entries
    return topo if entries or topo.region is not None else None


def _capitalised(token: Any) -> bool:
    return bool(token.text[:1].isupper()) and token.ent_type_ != "NORP" and not token.is_punct


def _salient(topo: Toponym) -> bool:
    return topo.region is not None or any(
        e.feature in SALIENT_FEATURES or e.population >= SCAN_MIN_POP for e in topo.candidates
    )


def _scan(parsed: Any, gazetteer: Gazetteer, taken: list[bool]) -> list[Toponym]:
    """Salient gazetteer names among the capitalised tokens no entity claimed."""
    found = []
    i = 0
    while i < len(parsed):
        if taken[i] or not _capitalised(parsed[i]):
            i += 1
            continue
        match = None
        for n in range(min(MAX_NGRAM, len(parsed) - i), 0, -1):
            end = i + n
            if any(taken[i:end]) or not _capitalised(parsed[end - 1]):
                continue
            key = _text_key(parsed, i, end)
            if len(key) < SCAN_MIN_CHARS or parsed[i].is_stop or parsed[end - 1].is_stop:
                continue
            if key in gazetteer and _scan_allowed(parsed, i, end):
                match = _extend(parsed, gazetteer, i, end, codes=False)
                if match is not None and _salient(match):
                    break
                match = None
        if match is None:
            i += 1
            continue
        found.append(match)
        for j in range(match.start, match.end):
            taken[j] = True
        i = match.end
    return found


def _scan_allowed(parsed: Any, start: int, end: int) -> bool:
    """A name inside another entity only when that entity is exactly the name."""
    labels = {parsed[j].ent_type_ for j in range(start, end)}
    if labels <= {""}:
        return True
    if not labels <= OVERRIDABLE_LABELS:
        return False
    first, last = parsed[start], parsed[end - 1]
    return (
        first.ent_iob_ == "B"
        and (end == len(parsed) or parsed[end].ent_iob_ != "I")
        and (last.ent_type_ == first.ent_type_)
    )


def _attributive(parsed: Any, topo: Toponym, actor_spans: list[tuple[int, int]]) -> bool:
    """True for a toponym that is part of an actor's name ("US forces")."""
    start = parsed[topo.start].idx
    last = parsed[topo.end - 1]
    end = last.idx + len(last.text)
    if any(a <= start and end <= b and (b - a) > (end - start) for a, b in actor_spans):
        return True
    root = parsed[topo.start : topo.end].root
    head = root.head
    return (
        root.dep_ in ("compound", "amod", "nmod")
        and head.i >= topo.end
        and head.lower_ in ACTOR_HEADS
        and topo.direction is None
    )


def is_metonymic(span: Any) -> bool:
    """Subject of a speech or decision verb: the place stands for its government."""
    root = span.root
    return root.dep_ in METONYMY_DEPS and root.head.lemma_.lower() in METONYMY_VERBS


# -- resolution --------------------------------------------------------------


def _actor_countries(actor_mentions: list[ActorMention], kb: Any) -> set[str]:
    countries = set()
    for m in actor_mentions:
        try:
            actor = kb.get(m.actor_id)
        except Exception:  # an unknown id in another stage's output is not ours to fail on
            continue
        country = getattr(actor, "country", None)
        if country:
            countries.add(country)
    return countries


def _base_score(e: Entry, key: str) -> float:
    score = FEATURE_PRIOR.get(e.feature, 0.0) + POP_WEIGHT * math.log10(e.population + 1)
    if fold(e.name) == key:
        score += PRIMARY_NAME
    return score


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer.feature == "country":
        return inner.country == outer.country and inner.gid != outer.gid
    return outer.gid in (inner.admin1, inner.admin2)


def _hierarchy_pairs(parsed: Any, toponyms: list[Toponym]) -> list[tuple[int, int]]:
    """Index pairs (a, b) of "A, B" toponyms (B right after A and a comma)."""
    pairs = []
    for a in range(len(toponyms) - 1):
        left, right = toponyms[a], toponyms[a + 1]
        if right.start == left.end + 1 and parsed[left.end].text == ",":
            pairs.append((a, a + 1))
    return pairs


def resolve(
    toponyms: list[Toponym], parsed: Any, gazetteer: Gazetteer, actor_countries: set[str]
) -> list[tuple[str | None, float]]:
    """(place id, score) of each toponym; (None, 0.0) when it has no candidate."""
    first = [_best(t, {}) for t in toponyms]
    bonus: list[dict[int, float]] = [{} for _ in toponyms]
    for a, b in _hierarchy_pairs(parsed, toponyms):
        for inner in toponyms[a].candidates:
            for outer in toponyms[b].candidates:
                if _contains(outer, inner):
                    bonus[a][inner.gid] = HIERARCHY
                    bonus[b][outer.gid] = HIERARCHY
    for i, topo in enumerate(toponyms):
        _seats(topo, bonus[i])
        countries: set[str] = set(actor_countries)
        admins: set[int] = set()
        for j, other in enumerate(first):
            if other is None or toponyms[j].key == topo.key:
                continue
            countries.add(other.country)
            admins.update(g for g in (other.gid, other.admin1, other.admin2) if g)
        for e in topo.candidates:
            extra = COUNTRY_CONTEXT if e.country in countries and e.feature != "country" else 0.0
            if e.gid in admins or e.admin1 in admins or e.admin2 in admins:
                extra += ADMIN_CONTEXT
            bonus[i][e.gid] = bonus[i].get(e.gid, 0.0) + extra
    return [_choose(t, b, gazetteer) for t, b in zip(toponyms, bonus, strict=True)]


def _seats(topo: Toponym, bonus: dict[int, float]) -> None:
    """A division that wins on its name hands the win to its same-named city (its seat)."""
    top = _best(topo, {})
    if top is None or top.feature not in DIVISION_FEATURES:
        return
    for e in topo.candidates:
        if e.feature in ("city", "capital") and top.gid in (e.admin1, e.admin2):
            bonus[e.gid] = bonus.get(e.gid, 0.0) + SEAT


def _best(topo: Toponym, bonus: dict[int, float]) -> Entry | None:
    if not topo.candidates or topo.region is not None:
        return None
    return max(
        topo.candidates, key=lambda e: (_base_score(e, topo.key) + bonus.get(e.gid, 0.0), -e.gid)
    )


def _choose(
    topo: Toponym, bonus: dict[int, float], gazetteer: Gazetteer
) -> tuple[str | None, float]:
    if topo.region is not None:
        return topo.region.place.id, 1.0
    if not topo.candidates:
        return None, 0.0
    scores = [_base_score(e, topo.key) + bonus.get(e.gid, 0.0) for e in topo.candidates]
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    best = _best(topo, bonus)
    assert best is not None
    if topo.direction is not None:
        relative = gazetteer.relative(best.country, topo.direction)
        if relative is not None:
            return relative.id, 1.0 / total
    return best.id, 1.0 / total
