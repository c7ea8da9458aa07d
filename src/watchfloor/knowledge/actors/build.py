"""Building an ``ActorKB`` from its layers: the sections of every file merged, one
actor per country and class generated, the entries checked and added, the
Phoenix layer's rows indexed below them, office holders indexed."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.knowledge.actors.index import MAX_ALIAS_WORDS, Entry
from watchfloor.knowledge.actors.kb import ActorKB, AgentRule
from watchfloor.knowledge.actors.phoenix_layer import (
    PHOENIX_FIELDS,
    ActorTable,
    phoenix_forms_current,
    phoenix_names,
)
from watchfloor.knowledge.actors.schema import (
    ACTOR_KEYS,
    ACTOR_TYPES,
    CLASS_KEYS,
    LAYER_NAMES,
    LAYER_PACKAGED,
    NON_STATE_COUNTRIES,
    PACKAGED,
    OrgDate,
    at_line,
    known_country,
    org_date,
    role,
    str_list,
)
from watchfloor.knowledge.actors.words import Word, alias_words, words
from watchfloor.vocab import Actor

# Capitals by name (ISO3 <TAB> name), made from the gazetteer by scripts/build_gazetteer.py.
CAPITALS = "capitals.tsv"


def capital_keys() -> dict[tuple[str, ...], str]:
    """Word keys of each capital's name -> ISO3 (names starting with "The" left out)."""
    ref = resources.files("watchfloor.knowledge") / "data" / CAPITALS
    out: dict[tuple[str, ...], str] = {}
    for line in ref.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        iso, name = line.split("\t")
        if not name.startswith("The "):
            out.setdefault(tuple(w.key for w in words(name)), iso)
    return out


class Builder:
    def __init__(
        self,
        layered: list[tuple[int, dict[str, Any]]],
        phoenix: dict[str, Any] | None = None,
        errors: list[ConfigError] | None = None,
    ) -> None:
        docs = [d for _, d in layered]
        self.docs = docs
        self.phoenix = phoenix
        self.errors = errors  # a list: collect every entry's error instead of raising the first
        self.rank: dict[str, int] = {}  # actor id -> layer (generated actors: packaged)
        self.demonyms: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.classes: list[dict[str, Any]] = []
        self.titles: list[dict[str, Any]] = []
        self.rule: dict[str, list[str]] = {}
        self.entries: list[tuple[str, int, dict[str, Any]]] = []
        for layer, d in layered:
            where = d["__file__"]
            try:
                self._read_sections(d, where)
            except ConfigError as exc:
                self._fail(exc)
            actors = d.get("actors") or []
            if not isinstance(actors, list):
                self._fail(ConfigError("'actors' must be a list", where=where))
                actors = []
            self.entries += [(where, layer, e) for e in actors]

    def _fail(self, exc: ConfigError) -> None:
        if self.errors is None:
            raise exc
        self.errors.append(exc)

    def _read_sections(self, d: dict[str, Any], where: str) -> None:
        self._merge_lists(self.demonyms, d.get("demonyms") or {}, where, "demonyms")
        self._merge_lists(self.names, d.get("country_names") or {}, where, "country_names")
        self.classes += [self._check_class(c, where) for c in d.get("classes") or []]
        self.titles += [self._check_title(t, where) for t in d.get("titles") or []]
        rule = d.get("agent_rule") or {}
        for k, v in rule.items():
            if not k.startswith("__"):
                self.rule.setdefault(k, []).extend(str_list(v, where, rule, k))

    @staticmethod
    def _merge_lists(
        into: dict[str, list[str]], section: Mapping[str, Any], where: str, name: str
    ) -> None:
        line = section.get("__line__")
        for iso, forms in section.items():
            if iso.startswith("__"):
                continue
            if known_country(iso) is None:
                raise ConfigError(
                    f"{name}: {iso!r} is not an ISO 3166 alpha-3 code", where=at_line(where, line)
                )
            into.setdefault(iso, []).extend(str_list(forms, where, section, iso))

    @staticmethod
    def _check_class(c: Any, where: str) -> dict[str, Any]:
        if not isinstance(c, dict):
            raise ConfigError("a class must be a mapping", where=where)
        at = at_line(where, c.get("__line__"))
        unknown = {k for k in c if not k.startswith("__")} - CLASS_KEYS
        if unknown:
            raise ConfigError(f"class: unknown field(s) {sorted(unknown)}", where=at)
        for req in ("key", "name", "type", "sector"):
            if not isinstance(c.get(req), str):
                raise ConfigError(f"class: {req!r} must be a string", where=at)
        if c["type"] not in ACTOR_TYPES:
            raise ConfigError(f"class {c['key']}: unknown type {c['type']!r}", where=at)
        return c

    @staticmethod
    def _check_title(t: Any, where: str) -> dict[str, Any]:
        at = at_line(where, t.get("__line__") if isinstance(t, dict) else None)
        if not isinstance(t, dict) or not isinstance(t.get("key"), str):
            raise ConfigError("a title needs a string 'key'", where=at)
        str_list(t.get("forms"), where, t, "forms")
        return t

    # -- build ----------------------------------------------------------------------------
    def build(self) -> ActorKB:
        countries = self._countries()
        kb = ActorKB(
            actors=ActorTable(),
            context_classes=frozenset(c["key"] for c in self.classes if c.get("context_country")),
            agent_rule=AgentRule(
                military_verbs=frozenset(self.rule.get("military_verbs", [])),
                military_nouns=frozenset(self.rule.get("military_nouns", [])),
                agent_prepositions=frozenset(self.rule.get("agent_prepositions", [])),
                locative_verbs=frozenset(self.rule.get("locative_verbs", [])),
                motion_words=frozenset(self.rule.get("motion_words", [])),
                place_nouns=frozenset(self.rule.get("place_nouns", [])),
            ),
            countries=countries,
            capitals=capital_keys(),
        )
        self._generate(kb, countries)
        generated = len(kb.actors)
        for aid in kb.actors:
            kb.origins[aid] = ("generated", f"watchfloor/knowledge/data/{PACKAGED}: classes")
        self._add_entries(kb)
        self._add_phoenix(kb)
        self._check_member_of(kb)
        self._index_roles(kb)
        layers = [layer for layer, _ in kb.origins.values()]
        kb.stats.update({name: layers.count(name) for name in ("packaged", "user", "phoenix")})
        kb.stats["generated"] = generated
        return kb

    def _countries(self) -> dict[str, str]:
        import pycountry

        out: dict[str, str] = {}
        for c in pycountry.countries:
            extra = self.names.get(c.alpha_3)
            out[c.alpha_3] = extra[0] if extra else getattr(c, "common_name", c.name)
        return out

    def _country_forms(self, iso: str) -> tuple[list[str], list[str]]:
        import pycountry

        c = pycountry.countries.get(alpha_3=iso)
        names = list(self.names.get(iso, []))
        if c is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value and "(" not in value:
                    names.append(value)
        return names, list(self.demonyms.get(iso, []))

    def _generate(self, kb: ActorKB, countries: dict[str, str]) -> None:
        for c in self.classes:
            for noun in c.get("nouns") or []:
                for form in _plurals(noun):
                    kb._nouns.add(form, (c["key"], "class"))
            for noun in c.get("of_nouns") or []:
                kb._of_nouns.add(noun, (c["key"], "class"))
            if c.get("bare"):
                aid = f"generic.{c['key']}"
                kb.actors[aid] = self._class_actor(c, aid, None, "")
                for alias in c["bare"]:
                    kb._names.add(alias, (aid, None))
        for t in self.titles:
            for form in t["forms"]:
                kb._nouns.add(form, (t["key"], "title"))
                kb._of_nouns.add(form, (t["key"], "title"))
        for iso, display in countries.items():
            names, dems = self._country_forms(iso)
            for n in names:
                kb._country_forms.add(n, (iso, "name"))
            for d in dems:
                kb._country_forms.add(d, (iso, "demonym"))
                for people in _people(d):
                    kb._names.add(people, (f"{iso.lower()}.cvl", None))
            demonym = dems[0] if dems else display
            for c in self.classes:
                aid = f"{iso.lower()}.{c['key']}"
                kb.actors[aid] = self._class_actor(c, aid, iso, demonym, display)

    @staticmethod
    def _class_actor(
        c: dict[str, Any], aid: str, iso: str | None, demonym: str, display: str = ""
    ) -> Actor:
        name = c["name"].format(country=display, demonym=demonym)
        name = " ".join(name.replace("()", "").split())
        return Actor(
            id=aid,
            name=name,
            type=c["type"],
            country=iso,
            code=f"{iso or '---'}{c['sector']}",
            sector=c["sector"],
            generic=bool(c.get("generic")),
            source="generated: watchfloor/knowledge/data/actors.yaml classes",
        )

    def _add_entries(self, kb: ActorKB) -> None:
        seen: dict[str, tuple[int, str]] = {}
        for where, layer, e in self.entries:
            at = at_line(where, e.get("__line__") if isinstance(e, dict) else None)
            try:
                actor = self._entry(e, where, kb)
                if actor.id in seen and seen[actor.id][0] >= layer:
                    raise ConfigError(
                        f"duplicate actor id {actor.id!r} (first at {seen[actor.id][1]})", where=at
                    )
                if isinstance(e, dict):
                    actor = _with_org_dates(kb, actor, e, at)
            except ConfigError as exc:
                self._fail(exc)
                continue
            seen[actor.id] = (layer, at)  # a user entry with a packaged id replaces its fields
            kb.actors[actor.id] = actor
            kb.origins[actor.id] = (LAYER_NAMES[layer], at)
            self.rank[actor.id] = layer
            for alias in (actor.name, *actor.aliases):
                self._add_name(kb, alias, actor.id, layer)

    def _add_name(self, kb: ActorKB, alias: str, aid: str, layer: int) -> None:
        """Add an alias; on the same words, the higher layer's actors win (lower ones go)."""
        keys, shapes = alias_words(alias)
        bucket = kb._names.entries.get(keys)
        if bucket:
            ranks = [self.rank.get(e.payload[0], LAYER_PACKAGED) for e in bucket]
            if any(r > layer for r, e in zip(ranks, bucket, strict=True) if e.payload[0] != aid):
                return
            bucket[:] = [e for r, e in zip(ranks, bucket, strict=True) if r >= layer]
        kb._names.add_keys(keys, shapes, (aid, None))

    def _check_member_of(self, kb: ActorKB) -> None:
        for where, _, e in self.entries:
            if not isinstance(e, dict) or not isinstance(e.get("member_of"), list):
                continue
            for parent in e["member_of"]:
                if parent not in kb.actors:
                    at = at_line(where, e.get("__line__"))
                    self._fail(
                        ConfigError(
                            f"{e.get('id')}: member_of {parent!r} is not a known actor id", where=at
                        )
                    )

    def _add_phoenix(self, kb: ActorKB) -> None:
        """The Phoenix layer: below every other; an alias a higher layer reads is dropped.

        Dropped: an alias whose words are already a name of a higher layer, or
        that the KB reads as a country, a country institution or an office
        ("Iraqi Army" is ``irq.mil``, not a Phoenix actor). An actor whose
        primary name is dropped so, or whose id a higher layer uses, is left
        out entirely (the higher layer has it). Actors are built on first use.
        """
        doc = self.phoenix
        if doc is None:
            return
        where = doc["__file__"]
        rows = doc["actors"]
        if doc.get("fields") != list(PHOENIX_FIELDS):
            raise ConfigError(f"Phoenix layer fields are not {PHOENIX_FIELDS}", where=where)
        higher = set(kb._names.entries)
        first_words = {
            k[0] for t in (kb._country_forms, kb._of_nouns, kb._nouns) for k in t.entries
        }
        exact = phoenix_forms_current(rows)
        shadowed_aliases = shadowed_actors = 0
        entries, prefixes = kb._names.entries, kb._names.prefixes
        name_firsts = kb._names.first_words
        built, raw, origins = kb.actors._built, kb.actors._raw, kb.origins
        shape_of: dict[str, tuple[int, ...]] = {}  # "110" -> (1, 1, 0): few distinct
        nfields = len(PHOENIX_FIELDS)
        for n, row in enumerate(rows):
            if type(row) is not list or len(row) != nfields:
                raise ConfigError(f"Phoenix row {n + 1}: not a {nfields}-array", where=where)
            aid, name_matches, match = row[0], row[9], row[10]
            if aid in built or aid in raw:
                shadowed_actors += 1
                continue
            if exact:
                forms = []
                for k, sh in match:
                    shapes = shape_of.get(sh)
                    if shapes is None:
                        shapes = shape_of[sh] = tuple(map(int, sh))
                    forms.append((tuple(k.split(" ")), shapes))
            else:
                forms = [alias_words(a) for a in phoenix_names(row)]
            keep = []
            name_shadowed = False
            for i, (keys, shapes) in enumerate(forms):
                if not keys or len(keys) > MAX_ALIAS_WORDS:
                    continue
                if keys in higher or (
                    keys[0] in first_words
                    and _other_reading(
                        kb, [Word(0, 0, k, sh) for k, sh in zip(keys, shapes, strict=True)]
                    )
                ):
                    shadowed_aliases += 1
                    name_shadowed = name_shadowed or (i == 0 and name_matches)
                    continue
                keep.append((keys, shapes))
            if name_shadowed or not keep:
                shadowed_actors += 1
                continue
            raw[aid] = (row, where)
            origins[aid] = ("phoenix", row[8])
            payload = (aid, None)
            for keys, shapes in keep:  # Table.add_keys, inlined: ~30,000 calls
                entry = Entry(shapes, payload)
                bucket = entries.get(keys)
                if bucket is None:
                    entries[keys] = [entry]
                elif entry not in bucket:
                    bucket.append(entry)
                for j in range(1, len(keys)):
                    prefixes.add(keys[:j])
                name_firsts.add(keys[0])
            row[10] = None  # the match forms are indexed now: free them
        kb.stats["phoenix_aliases_shadowed"] = shadowed_aliases
        kb.stats["phoenix_actors_shadowed"] = shadowed_actors

    @staticmethod
    def _entry(e: Any, where: str, kb: ActorKB) -> Actor:
        at = at_line(where, e.get("__line__") if isinstance(e, dict) else None)
        if not isinstance(e, dict):
            raise ConfigError("an actor entry must be a mapping", where=at)
        unknown = {k for k in e if not k.startswith("__")} - ACTOR_KEYS
        if unknown:
            raise ConfigError(f"actor: unknown field(s) {sorted(unknown)}", where=at)
        aid = e.get("id")
        if not isinstance(aid, str) or not aid:
            raise ConfigError("actor: 'id' must be a non-empty string", where=at)
        base = kb.actors.get(aid)
        if base is None:
            for req in ("name", "type"):
                if not isinstance(e.get(req), str):
                    raise ConfigError(f"actor {aid}: {req!r} must be a string", where=at)
        if not isinstance(e.get("source"), str):
            raise ConfigError(f"actor {aid}: every entry needs a 'source'", where=at)
        typ = e.get("type", base.type if base else None)
        if typ not in ACTOR_TYPES:
            raise ConfigError(f"actor {aid}: unknown type {typ!r}", where=at)
        country = e.get("country", base.country if base else None)
        if (
            country is not None
            and country not in NON_STATE_COUNTRIES
            and known_country(country) is None
        ):
            raise ConfigError(f"actor {aid}: country {country!r} is not ISO 3166 alpha-3", where=at)
        fields: dict[str, Any] = {
            "id": aid,
            "name": e.get("name", base.name if base else aid),
            "type": typ,
            "country": country,
            "code": e.get("code", base.code if base else None),
            "sector": e.get("sector", base.sector if base else None),
            "aliases": tuple(str_list(e.get("aliases") or [], where, e, "aliases")),
            "member_of": tuple(str_list(e.get("member_of") or [], where, e, "member_of")),
            "roles": tuple(role(r, where, at, aid) for r in e.get("roles") or []),
            "wikidata": e.get("wikidata"),
            "generic": bool(e.get("generic", base.generic if base else False)),
            "source": e["source"],
        }
        return replace(base, **fields) if base else Actor(**fields)

    @staticmethod
    def _index_roles(kb: ActorKB) -> None:
        for actor in kb.actors.built():  # Phoenix roles are codes, not resolvable offices
            for r in actor.roles:
                if r.country:
                    kb._holders.setdefault((r.country, r.title), []).append((actor.id, r))


def _other_reading(kb: ActorKB, ws: Sequence[Word]) -> bool:
    """Whether the KB reads all of ``ws`` as a country, country institution or office."""
    if not (kb._country_forms.match(ws, 0) or kb._of_nouns.match(ws, 0) or kb._nouns.match(ws, 0)):
        return False
    return any(c.kind != "name" and c.start == 0 and c.end == len(ws) for c in kb.scan(ws))


def _with_org_dates(kb: ActorKB, actor: Actor, e: dict[str, Any], at: str) -> Actor:
    """Read an entry's ``founded`` / ``dissolved`` ({date, source}) into the KB and the actor."""
    dates: dict[str, OrgDate] = {}
    for which in ("founded", "dissolved"):
        if e.get(which) is not None:
            dates[which] = org_date(e[which], which, actor.id, at)
            kb._org_dates[actor.id, which] = dates[which]
    founded, dissolved = dates.get("founded"), dates.get("dissolved")
    if founded and dissolved and dissolved.day < founded.day:
        raise ConfigError(f"actor {actor.id}: dissolved before it was founded", where=at)
    return replace(
        actor,
        founded=founded.day if founded else actor.founded,
        dissolved=dissolved.day if dissolved else actor.dissolved,
    )


def _people(demonym: str) -> list[str]:
    """Nouns for a country's people from its adjective: "Iraqi" -> "Iraqis"."""
    if demonym.endswith(("i", "an")) and demonym[0].isupper() and " " not in demonym:
        return [demonym + "s"]
    return []


def _plurals(noun: str) -> list[str]:
    """The noun phrase and its regular plural (last word): "faction" -> "factions"."""
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "'s")) or not last.isalpha() or last.isupper():
        return [noun]
    plural = last[:-1] + "ies" if re.search(r"[^aeiou]y$", last) else last + "s"
    return [noun, f"{head} {plural}".strip()]
