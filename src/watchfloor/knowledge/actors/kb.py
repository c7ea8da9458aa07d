"""The loaded KB (``ActorKB``): its lookups by id, class and office, the holder of
an office on a date (roles and tenure), namesakes told apart by date, and the
scan of a word list for candidate mentions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from watchfloor.knowledge.actors.index import Candidate, Entry, Table
from watchfloor.knowledge.actors.phoenix_layer import PHOENIX_SOURCE, ActorTable
from watchfloor.knowledge.actors.schema import (
    LAYER_NAMES,
    LAYER_PHOENIX,
    NON_STATE_COUNTRIES,
    OrgDate,
)
from watchfloor.knowledge.actors.words import Word, words
from watchfloor.vocab import Actor, Role


@dataclass(frozen=True)
class AgentRule:
    """Lexicons of the bare-country rule (military vs government reading)."""

    military_verbs: frozenset[str] = frozenset()
    military_nouns: frozenset[str] = frozenset()
    agent_prepositions: frozenset[str] = frozenset()
    locative_verbs: frozenset[str] = frozenset()
    motion_words: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()


@dataclass
class ActorKB:
    """The loaded knowledge base. Build it with ``load_kb``; treat it as read-only."""

    actors: ActorTable
    context_classes: frozenset[str]  # classes whose bare match takes the context country
    agent_rule: AgentRule
    countries: dict[str, str]  # ISO3 -> display name
    _names: Table = field(default_factory=Table, repr=False)
    _country_forms: Table = field(default_factory=Table, repr=False)
    _nouns: Table = field(default_factory=Table, repr=False)
    _of_nouns: Table = field(default_factory=Table, repr=False)
    _holders: dict[tuple[str, str], list[tuple[str, Role]]] = field(
        default_factory=dict, repr=False
    )
    _org_dates: dict[tuple[str, str], OrgDate] = field(default_factory=dict, repr=False)
    # actor id -> (layer name, "file:line"): where the entry comes from (kb find, kb check)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    # what loading did: actors per layer, Phoenix aliases and actors shadowed by higher layers
    stats: dict[str, int] = field(default_factory=dict, repr=False)
    # word keys of each capital's name -> ISO3 (data/capitals.tsv): a capital that acts
    # ("Washington said") is its country's government
    capitals: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)

    def code_on(self, actor_id: str, when: dt.date | None) -> tuple[str | None, str | None]:
        """(code, sector) of an actor on a date: a Phoenix person's dated code, else its own.

        Phoenix roles carry their CAMEO code as title ("IRQGOV" 2006-05-20..2014-09-08);
        the one covering ``when`` (latest start first) gives the code; otherwise, and for
        every other actor, the actor's static code and sector.
        """
        actor = self.actors[actor_id]
        if when is not None and actor.source and actor.source.startswith(PHOENIX_SOURCE):
            covering = [
                r
                for r in actor.roles
                if (r.start is None or r.start <= when) and (r.end is None or when <= r.end)
            ]
            covering.sort(key=lambda r: (r.title[3:6] != "ELI", r.start or dt.date.min))
            if covering:
                code = covering[-1].title
                sector = code[3:6] if code[:3] not in NON_STATE_COUNTRIES else actor.sector
                return code, sector or None
        return actor.code, actor.sector

    def persons(self) -> Iterator[tuple[str, str]]:
        """(id, name) of every named (non-generic) person, without building lazy actors.

        Iterating ``actors.values()`` builds all ~25,000 Phoenix actors (~0.5 s);
        this reads their rows instead.
        """
        for a in list(self.actors.built()):
            if a.type == "person" and not a.generic:
                yield a.id, a.name
        for aid, (row, _) in list(self.actors._raw.items()):
            if row[2] == "person":
                yield aid, row[1]

    def alias_ids(self, keys: Sequence[str]) -> list[str]:
        """Ids of the actors with an alias of these word keys (case not checked), for kb find."""
        return [e.payload[0] for e in self._names.entries.get(tuple(keys), ())]

    # -- lookups ------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None when the KB has none."""
        return self.actors.get(actor_id)

    def __getitem__(self, actor_id: str) -> Actor:
        """The actor with this id; KeyError when the KB has none (every id a KB
        mention carries is here, so the stages index with it)."""
        return self.actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __len__(self) -> int:
        return len(self.actors)

    def class_actor(self, country: str | None, class_key: str) -> str | None:
        """Id of the actor of a class for a country ("irq.gov"), or its generic ("generic.x")."""
        aid = f"{country.lower()}.{class_key}" if country else f"generic.{class_key}"
        return aid if aid in self.actors else None

    def org_date(self, actor_id: str, which: str) -> OrgDate | None:
        """The ``"founded"`` or ``"dissolved"`` date of an actor with its source, if known."""
        return self._org_dates.get((actor_id, which))

    def offices(self, ws: Sequence[Word], i: int) -> list[tuple[int, str]]:
        """Office titles written from word ``i``: (end word, title key), e.g. "Secretary of State"."""
        return [
            (end, e.payload[0]) for end, e in self._nouns.match(ws, i) if e.payload[1] == "title"
        ]

    def country_forms(self, ws: Sequence[Word], i: int) -> list[tuple[int, str]]:
        """Country names and demonyms written from word ``i``: (end word, ISO3)."""
        return [(end, e.payload[0]) for end, e in self._country_forms.match(ws, i)]

    def holders(self, country: str, title: str) -> list[tuple[str, Role]]:
        """Every (person id, role) for an office of a country, in KB order."""
        return self._holders.get((country, title), [])

    def resolve_role(
        self,
        country: str,
        title: str,
        when: dt.date | None = None,
        *,
        earliest: dt.date | None = None,
        latest: dt.date | None = None,
        mentioned: Iterable[str] = (),
    ) -> str | None:
        """The holder of an office on a date, else None.

        With ``when``: the holder whose tenure contains it. Without: the one
        holder whose tenure covers the whole range ``earliest..latest`` when
        both are given, else a holder among the ``mentioned`` actor ids (the
        name is in the text). Anything else is ambiguous and gives None.
        """
        holders = self.holders(country, title)
        if when is not None:
            return _holder_on(holders, when, when)
        if earliest is not None and latest is not None:
            found = _holder_on(holders, earliest, latest)
            if found:
                return found
        named = {h for h, _ in holders} & set(mentioned)
        return next(iter(named)) if len(named) == 1 else None

    def lookup(self, name: str, when: dt.date | None = None) -> Actor | None:
        """The actor a short name denotes ("Debka", "the Iraqi parliament", "US forces").

        The whole of ``name`` (a leading "the" aside) must be one alias, one
        country + class noun, a country + office title (resolved on ``when``;
        unresolved, the country's government) or a country name (its
        government). Typed unknowns that need a document context resolve to
        their country-less generic. None when nothing matches the whole name.
        """
        ws = words(name)
        if ws and ws[0].key == "the":
            ws = ws[1:]
        if not ws:
            return None
        whole = [c for c in self.scan(ws) if c.start == 0 and c.end == len(ws)]
        # an office before its class; an imported (Phoenix) name after our generated readings
        # ("US Secretary of State" is the office resolved on ``when``, not Phoenix's entry)
        whole.sort(
            key=lambda c: (
                -(1.5 if c.kind == "name" and self._imported(c.actor_id) else c.priority),
                c.kind != "role",
            )
        )
        names = [c.actor_id for c in whole if c.kind == "name" and c.actor_id]
        kept = self.namesakes_kept(names, when)
        if names and not kept:
            return None  # one name, several persons, and the date does not decide
        whole = [c for c in whole if c.kind != "name" or c.actor_id in kept]
        for cand in whole:
            aid = self._resolve_simple(cand, when)
            if aid:
                return self.actors[aid]
        return None

    def namesakes_kept(self, ids: Iterable[str], day: dt.date | None) -> list[str]:
        """The actors a name keeps of ``ids``, all matched by the same words.

        When they are several persons, only the one ``person_on_date`` picks
        (none when the date does not decide: ambiguous, not guessed); any other
        set (one actor, or not only persons) is kept whole.
        """
        distinct = sorted(set(ids))
        if len(distinct) < 2 or any(self[i].type != "person" for i in distinct):
            return distinct
        chosen = self.person_on_date(distinct, day)
        return [chosen] if chosen else []

    def person_on_date(self, ids: Sequence[str], day: dt.date | None) -> str | None:
        """Of persons sharing a name, the one whose office tenure is closest to ``day``.

        Holding an office on ``day`` beats having left one; a person whose first
        office starts after ``day`` is out; a tie, no tenures or no day: None
        (ambiguous, not guessed).
        """
        if day is None:
            return None
        best: tuple[int, str] | None = None
        tie = False
        for aid in ids:
            starts = [r for r in self[aid].roles if r.start is not None and r.start <= day]
            if not starts:
                continue
            gap = min(0 if r.end is None or r.end >= day else (day - r.end).days for r in starts)
            if best is None or gap < best[0]:
                best, tie = (gap, aid), False
            elif gap == best[0]:
                tie = True
        return None if best is None or tie else best[1]

    def alias_items(self) -> Iterator[tuple[tuple[str, ...], str]]:
        """(word keys, actor id) of every name alias, without building lazy actors."""
        for keys, entries in self._names.entries.items():
            for e in entries:
                yield keys, e.payload[0]

    def _imported(self, actor_id: str | None) -> bool:
        return self.origins.get(actor_id or "", ("",))[0] == LAYER_NAMES[LAYER_PHOENIX]

    def _resolve_simple(self, cand: Candidate, when: dt.date | None) -> str | None:
        if cand.kind in ("name", "class"):
            return cand.actor_id
        if cand.kind == "role" and cand.country and cand.title:
            holder = self.resolve_role(cand.country, cand.title, when)
            return holder or self.class_actor(cand.country, "gov")
        if cand.kind == "country" and cand.is_name and cand.country:
            return self.class_actor(cand.country, "gov")
        return None

    # -- scanning -----------------------------------------------------------------------
    def scan(self, ws: Sequence[Word]) -> list[Candidate]:
        """Every candidate mention in a word list (overlapping; the extractor selects)."""
        out: list[Candidate] = []
        countries: dict[tuple[int, int, str], tuple[bool, bool]] = {}
        names, forms, of_nouns = (
            self._names.first_words,
            self._country_forms.first_words,
            self._of_nouns.first_words,
        )
        for i in range(len(ws)):
            key = ws[i].key
            if key not in names and key not in forms and key not in of_nouns:
                continue  # no table has an entry starting here
            for end, e in self._names.match(ws, i):
                aid, _ = e.payload
                out.append(Candidate(i, end, "name", 3, actor_id=aid))
            for end, e in self._country_forms.match(ws, i):
                iso, form = e.payload
                assert form is not None
                is_name = form == "name"
                was_name, was_dem = countries.get((i, end, iso), (False, False))
                countries[i, end, iso] = (was_name or is_name, was_dem or not is_name)
                out.extend(self._composed(ws, i, end, iso, is_name))
            out.extend(self._of_forms(ws, i))
        out.extend(
            Candidate(i, end, "country", 0, country=iso, is_name=name, is_demonym=dem)
            for (i, end, iso), (name, dem) in countries.items()
        )
        return list(dict.fromkeys(out))

    def _composed(
        self, ws: Sequence[Word], i: int, end: int, iso: str, is_name: bool
    ) -> Iterable[Candidate]:
        """Country form + class noun or title: "Iraqi parliament", "Iraq's president"."""
        starts = (end + 1,) if is_name and end < len(ws) and ws[end].key == "s" else (end,)
        for start in starts:
            for nend, e in self._nouns.match(ws, start):
                yield self._noun_candidate(i, nend, iso, e)

    def _of_forms(self, ws: Sequence[Word], i: int) -> Iterable[Candidate]:
        """Class noun or title + "of" (+ "the") + country name: "the parliament of Iraq"."""
        for nend, e in self._of_nouns.match(ws, i):
            k = nend
            if k < len(ws) and ws[k].key == "of":
                k += 1
                if k < len(ws) and ws[k].key == "the":
                    k += 1
                for cend, ce in self._country_forms.match(ws, k):
                    iso, form = ce.payload
                    if form == "name":
                        yield self._noun_candidate(i, cend, iso, e)

    def _noun_candidate(self, i: int, end: int, iso: str, e: Entry) -> Candidate:
        key, kind = e.payload
        if kind == "title":
            return Candidate(i, end, "role", 2, country=iso, title=key)
        return Candidate(
            i, end, "class", 2, actor_id=self.class_actor(iso, key), country=iso, class_key=key
        )


def _holder_on(holders: list[tuple[str, Role]], first: dt.date, last: dt.date) -> str | None:
    found = {
        h
        for h, r in holders
        if (r.start is None or r.start <= first) and (r.end is None or last <= r.end)
    }
    return next(iter(found)) if len(found) == 1 else None
