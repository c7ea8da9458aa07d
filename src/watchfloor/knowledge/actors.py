"""The actor knowledge base: named actors, generated country institutions, typed unknowns.

``load_kb(paths)`` reads the packaged ``data/actors.yaml`` plus any user YAML
files of the same format (docs/knowledge-actors.md) and returns an immutable
``ActorKB``. The KB generates, for every ISO 3166 country, one actor per class
of ``classes`` ("irq.gov", "irq.mil", "usa.leg", "irq.armed_group" ...);
hand entries whose id is a generated one extend it.

Matching is over *words*: the text is cut into words (letters and digits,
with inner apostrophes and dots kept in the word, hyphens and spaces between
words), each word reduced to a key (lower case, accents, apostrophes and dots
removed), so "Kata'ib", "Kata’ib" and "Kataib", or "Abdul-Mahdi" and "Abdul
Mahdi", or "U.S." and "US" share keys. Aliases are stored in hash tables of
key tuples with their prefixes (a token trie); ``scan`` walks every word start
once, so its cost does not grow with the number of aliases.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.vocab import Actor, Role

PACKAGED = "actors.yaml"

# Longest alias, in words, the scanner tries from one start word; a bound that
# keeps the scan linear (the longest packaged alias has 8 words).
MAX_ALIAS_WORDS = 10

# Actor types a KB entry may declare (a typo in a user file is an error, not a new type).
ACTOR_TYPES = frozenset(
    {
        "state_military",
        "police",
        "intelligence",
        "government",
        "head_of_state",
        "head_of_government",
        "minister",
        "legislature",
        "judiciary",
        "armed_group",
        "political_party",
        "political_movement",
        "coalition",
        "igo",
        "ngo",
        "media",
        "person",
        "religious_or_ethnic_group",
        "civilians",
        "business",
        "state",
    }
)
NON_STATE_COUNTRIES = frozenset({"IGO", "NGO", "IMG", "MNC"})
_ACTOR_KEYS = frozenset(
    {
        "id",
        "name",
        "type",
        "country",
        "code",
        "sector",
        "aliases",
        "member_of",
        "roles",
        "wikidata",
        "generic",
        "source",
        "founded",
        "dissolved",
    }
)
_ORG_DATE_KEYS = frozenset({"date", "source"})
_ROLE_KEYS = frozenset({"title", "country", "start", "end", "source"})
_CLASS_KEYS = frozenset(
    {"key", "name", "type", "sector", "generic", "nouns", "of_nouns", "bare", "context_country"}
)
_SECTIONS = frozenset(
    {"version", "demonyms", "country_names", "classes", "titles", "agent_rule", "actors"}
)

# ----------------------------------------------------------------------------- words

_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘`´.][^\W_]+)*\.?")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘`´.")
_POSSESSIVE = re.compile(r"^(.{2,}?)['’ʼ][sS]$")
NONE, CAP, UPPER = 0, 1, 2  # what a word's case must be for an alias word to match it


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its character span, match key and case shape."""

    start: int
    end: int
    key: str
    shape: int  # UPPER (acronym: all letters upper), CAP (initial upper) or NONE


@lru_cache(maxsize=65536)
def word_key(surface: str) -> str:
    """Lower case, no accents, no apostrophes or dots: the key aliases and text share."""
    decomposed = unicodedata.normalize("NFKD", surface.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _shape(surface: str) -> int:
    letters = [c for c in surface if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return UPPER
    return CAP if letters and letters[0].isupper() else NONE


def words(text: str) -> list[Word]:
    """Cut ``text`` into words; a possessive "'s" is a word of its own (key "s")."""
    out: list[Word] = []
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        surface = m.group()
        if surface.endswith(".") and "." not in surface[:-1]:
            end -= 1  # a sentence full stop, not an abbreviation ("U.S.")
            surface = surface[:-1]
        poss = _POSSESSIVE.match(surface)
        if poss:
            base = poss.group(1)
            out.append(Word(start, start + len(base), word_key(base), _shape(base)))
            out.append(Word(start + len(base), end, "s", NONE))
            continue
        out.append(Word(start, end, word_key(surface), _shape(surface)))
    return out


# Name particles whose case varies in news copy ("Al-Awsat" / "al-Awsat"): never case-checked.
PARTICLES = frozenset(
    {"al", "el", "ad", "ed", "as", "ash", "at", "az", "bin", "ibn", "bint", "abu", "of", "the"}
    | {"de", "la", "le", "du", "van", "von", "der", "s"}
)


def _alias_words(alias: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    ws = words(alias)
    shapes = tuple(NONE if w.key in PARTICLES and w.shape != UPPER else w.shape for w in ws)
    return tuple(w.key for w in ws), shapes


def _shape_ok(wanted: Sequence[int], got: Sequence[Word]) -> bool:
    for need, w in zip(wanted, got, strict=True):
        if need == UPPER and w.shape != UPPER:
            return False
        if need == CAP and w.shape == NONE:
            return False
    return True


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible actor mention: words ``start``..``end`` (exclusive) of a word list.

    ``kind``: "name" (a KB alias), "class" (country + class noun, or a bare
    typed unknown), "role" (country + office title), "country" (a country
    name or demonym alone, kept for the parse rules of the extractor).
    """

    start: int
    end: int
    kind: str
    priority: int
    actor_id: str | None = None
    country: str | None = None
    class_key: str | None = None
    title: str | None = None
    is_name: bool = False  # for "country": a country name ("Iraq", "US")
    is_demonym: bool = False  # for "country": an adjective ("Iraqi", "US")


@dataclass(frozen=True, slots=True)
class _Entry:
    shapes: tuple[int, ...]
    payload: tuple[str, str | None]  # (kind-specific id, country or None)


class _Table:
    """Key-tuple -> entries, with every proper prefix recorded (a hash trie)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], list[_Entry]] = {}
        self.prefixes: set[tuple[str, ...]] = set()

    def add(self, surface: str, payload: tuple[str, str | None]) -> None:
        keys, shapes = _alias_words(surface)
        if not keys or len(keys) > MAX_ALIAS_WORDS:
            return
        bucket = self.entries.setdefault(keys, [])
        entry = _Entry(shapes, payload)
        if entry not in bucket:
            bucket.append(entry)
        for i in range(1, len(keys)):
            self.prefixes.add(keys[:i])

    def match(self, ws: Sequence[Word], i: int) -> list[tuple[int, _Entry]]:
        """All (end, entry) whose keys equal words i..end and whose case fits."""
        found: list[tuple[int, _Entry]] = []
        key: tuple[str, ...] = ()
        for j in range(i, min(len(ws), i + MAX_ALIAS_WORDS)):
            key = (*key, ws[j].key)
            for e in self.entries.get(key, ()):
                if _shape_ok(e.shapes, ws[i : j + 1]):
                    found.append((j + 1, e))
            if key not in self.prefixes:
                break
        return found


def _plurals(noun: str) -> list[str]:
    """The noun phrase and its regular plural (last word): "faction" -> "factions"."""
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "'s")) or not last.isalpha() or last.isupper():
        return [noun]
    plural = last[:-1] + "ies" if re.search(r"[^aeiou]y$", last) else last + "s"
    return [noun, f"{head} {plural}".strip()]


# ----------------------------------------------------------------------------- the KB


@dataclass(frozen=True)
class AgentRule:
    """Lexicons of the bare-country rule (military vs government reading)."""

    military_verbs: frozenset[str] = frozenset()
    military_nouns: frozenset[str] = frozenset()
    agent_prepositions: frozenset[str] = frozenset()
    locative_verbs: frozenset[str] = frozenset()
    motion_words: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class OrgDate:
    """When an organisation came into being or ceased to exist, as the KB states it.

    ``day`` is the conservative bound the statement allows: the first day of
    the period for a founding ("2021" -> 2021-01-01), the last for a
    dissolution ("2016" -> 2016-12-31). ``text`` is the value as written.
    """

    day: dt.date
    text: str
    source: str


@dataclass
class ActorKB:
    """The loaded knowledge base. Build it with ``load_kb``; treat it as read-only."""

    actors: dict[str, Actor]
    context_classes: frozenset[str]  # classes whose bare match takes the context country
    agent_rule: AgentRule
    countries: dict[str, str]  # ISO3 -> display name
    _names: _Table = field(default_factory=_Table, repr=False)
    _country_forms: _Table = field(default_factory=_Table, repr=False)
    _nouns: _Table = field(default_factory=_Table, repr=False)
    _of_nouns: _Table = field(default_factory=_Table, repr=False)
    _holders: dict[tuple[str, str], list[tuple[str, Role]]] = field(
        default_factory=dict, repr=False
    )
    _org_dates: dict[tuple[str, str], OrgDate] = field(default_factory=dict, repr=False)

    # -- lookups ------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor:
        """The actor with this id (every id a KB mention carries is here)."""
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
        whole.sort(key=lambda c: -c.priority)
        for cand in whole:
            aid = self._resolve_simple(cand, when)
            if aid:
                return self.actors[aid]
        return None

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
        for i in range(len(ws)):
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

    def _noun_candidate(self, i: int, end: int, iso: str, e: _Entry) -> Candidate:
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


# ----------------------------------------------------------------------------- loading


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under "__line__"."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"invalid YAML: {exc}".splitlines()[0], where=f"{where}{line}") from exc
    if not isinstance(data, dict):
        raise ConfigError("an actor KB file must be a mapping of sections", where=where)
    unknown = {k for k in data if not k.startswith("__")} - _SECTIONS
    if unknown:
        raise ConfigError(f"unknown section(s) {sorted(unknown)}", where=where)
    data["__file__"] = where
    return data


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Any]:
    ref = resources.files("watchfloor.knowledge") / "data" / PACKAGED
    return _read_yaml(ref.read_text(encoding="utf-8"), f"watchfloor/knowledge/data/{PACKAGED}")


def _read_user(path: str) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read actor KB file: {exc}", where=path) from exc
    return _read_yaml(text, path)


@lru_cache(maxsize=8)
def load_kb(paths: tuple[str, ...] = ()) -> ActorKB:
    """The packaged actor KB plus the user YAML files ``paths`` (later files extend earlier).

    Raises ConfigError naming file and line for any malformed entry.
    """
    docs = [_packaged(), *(_read_user(p) for p in paths)]
    return _Builder(docs).build()


class _Builder:
    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = docs
        self.demonyms: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.classes: list[dict[str, Any]] = []
        self.titles: list[dict[str, Any]] = []
        self.rule: dict[str, list[str]] = {}
        self.entries: list[tuple[str, dict[str, Any]]] = []
        for d in docs:
            where = d["__file__"]
            self._merge_lists(self.demonyms, d.get("demonyms") or {}, where, "demonyms")
            self._merge_lists(self.names, d.get("country_names") or {}, where, "country_names")
            self.classes += [self._check_class(c, where) for c in d.get("classes") or []]
            self.titles += [self._check_title(t, where) for t in d.get("titles") or []]
            rule = d.get("agent_rule") or {}
            for k, v in rule.items():
                if not k.startswith("__"):
                    self.rule.setdefault(k, []).extend(_str_list(v, where, rule, k))
            self.entries += [(where, e) for e in d.get("actors") or []]

    @staticmethod
    def _merge_lists(
        into: dict[str, list[str]], section: Mapping[str, Any], where: str, name: str
    ) -> None:
        line = section.get("__line__")
        for iso, forms in section.items():
            if iso.startswith("__"):
                continue
            if _country(iso) is None:
                raise ConfigError(
                    f"{name}: {iso!r} is not an ISO 3166 alpha-3 code", where=_at(where, line)
                )
            into.setdefault(iso, []).extend(_str_list(forms, where, section, iso))

    @staticmethod
    def _check_class(c: Any, where: str) -> dict[str, Any]:
        if not isinstance(c, dict):
            raise ConfigError("a class must be a mapping", where=where)
        at = _at(where, c.get("__line__"))
        unknown = {k for k in c if not k.startswith("__")} - _CLASS_KEYS
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
        at = _at(where, t.get("__line__") if isinstance(t, dict) else None)
        if not isinstance(t, dict) or not isinstance(t.get("key"), str):
            raise ConfigError("a title needs a string 'key'", where=at)
        _str_list(t.get("forms"), where, t, "forms")
        return t

    # -- build ----------------------------------------------------------------------------
    def build(self) -> ActorKB:
        countries = self._countries()
        kb = ActorKB(
            actors={},
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
        )
        self._generate(kb, countries)
        self._add_entries(kb)
        self._index_roles(kb)
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
        seen: dict[str, str] = {}
        for where, e in self.entries:
            at = _at(where, e.get("__line__") if isinstance(e, dict) else None)
            actor = self._entry(e, where, kb)
            if actor.id in seen:
                raise ConfigError(
                    f"duplicate actor id {actor.id!r} (first at {seen[actor.id]})", where=at
                )
            seen[actor.id] = at
            if isinstance(e, dict):
                actor = _with_org_dates(kb, actor, e, at)
            kb.actors[actor.id] = actor
            for alias in (actor.name, *actor.aliases):
                kb._names.add(alias, (actor.id, None))
        for where, e in self.entries:
            for parent in e.get("member_of") or []:
                if parent not in kb.actors:
                    at = _at(where, e.get("__line__"))
                    raise ConfigError(
                        f"{e['id']}: member_of {parent!r} is not a known actor id", where=at
                    )

    @staticmethod
    def _entry(e: Any, where: str, kb: ActorKB) -> Actor:
        at = _at(where, e.get("__line__") if isinstance(e, dict) else None)
        if not isinstance(e, dict):
            raise ConfigError("an actor entry must be a mapping", where=at)
        unknown = {k for k in e if not k.startswith("__")} - _ACTOR_KEYS
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
        if country is not None and country not in NON_STATE_COUNTRIES and _country(country) is None:
            raise ConfigError(f"actor {aid}: country {country!r} is not ISO 3166 alpha-3", where=at)
        fields: dict[str, Any] = {
            "id": aid,
            "name": e.get("name", base.name if base else aid),
            "type": typ,
            "country": country,
            "code": e.get("code", base.code if base else None),
            "sector": e.get("sector", base.sector if base else None),
            "aliases": tuple(_str_list(e.get("aliases") or [], where, e, "aliases")),
            "member_of": tuple(_str_list(e.get("member_of") or [], where, e, "member_of")),
            "roles": tuple(_role(r, where, at, aid) for r in e.get("roles") or []),
            "wikidata": e.get("wikidata"),
            "generic": bool(e.get("generic", base.generic if base else False)),
            "source": e["source"],
        }
        return replace(base, **fields) if base else Actor(**fields)

    @staticmethod
    def _index_roles(kb: ActorKB) -> None:
        for actor in kb.actors.values():
            for r in actor.roles:
                if r.country:
                    kb._holders.setdefault((r.country, r.title), []).append((actor.id, r))


def _with_org_dates(kb: ActorKB, actor: Actor, e: dict[str, Any], at: str) -> Actor:
    """Read an entry's ``founded`` / ``dissolved`` ({date, source}) into the KB and the actor."""
    dates: dict[str, OrgDate] = {}
    for which in ("founded", "dissolved"):
        if e.get(which) is not None:
            dates[which] = _org_date(e[which], which, actor.id, at)
            kb._org_dates[actor.id, which] = dates[which]
    founded, dissolved = dates.get("founded"), dates.get("dissolved")
    if founded and dissolved and dissolved.day < founded.day:
        raise ConfigError(f"actor {actor.id}: dissolved before it was founded", where=at)
    return replace(
        actor,
        founded=founded.day if founded else actor.founded,
        dissolved=dissolved.day if dissolved else actor.dissolved,
    )


_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def _org_date(value: Any, which: str, aid: str, at: str) -> OrgDate:
    """``{date: 2021 | "2014-06" | 2017-01-28, source: "..."}`` -> OrgDate."""
    if not isinstance(value, dict) or not isinstance(value.get("source"), str):
        raise ConfigError(f"actor {aid}: {which} must be {{date: ..., source: ...}}", where=at)
    unknown = {k for k in value if not k.startswith("__")} - _ORG_DATE_KEYS
    if unknown:
        raise ConfigError(f"actor {aid}: {which} has unknown field(s) {sorted(unknown)}", where=at)
    raw = value.get("date")
    if isinstance(raw, dt.date):
        return OrgDate(raw, raw.isoformat(), value["source"])
    m = _YEAR_MONTH.match(str(raw)) if isinstance(raw, (int, str)) else None
    if m is None or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        raise ConfigError(
            f"actor {aid}: {which} date must be YYYY, YYYY-MM or YYYY-MM-DD", where=at
        )
    year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if which == "founded":
        day = dt.date(year, month or 1, 1)
    elif month is None:
        day = dt.date(year, 12, 31)
    else:
        day = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return OrgDate(day, str(raw), value["source"])


def _role(r: Any, where: str, at: str, aid: str) -> Role:
    if not isinstance(r, dict) or not isinstance(r.get("title"), str):
        raise ConfigError(f"actor {aid}: a role needs a string 'title'", where=at)
    at = _at(where, r.get("__line__"))
    unknown = {k for k in r if not k.startswith("__")} - _ROLE_KEYS
    if unknown:
        raise ConfigError(f"actor {aid}: role has unknown field(s) {sorted(unknown)}", where=at)
    start, end = r.get("start"), r.get("end")
    for name, value in (("start", start), ("end", end)):
        if value is not None and not isinstance(value, dt.date):
            raise ConfigError(f"actor {aid}: role {name} must be a YYYY-MM-DD date", where=at)
    if start is not None and end is not None and end < start:
        raise ConfigError(f"actor {aid}: role ends ({end}) before it starts ({start})", where=at)
    return Role(
        title=r["title"], country=r.get("country"), start=start, end=end, source=r.get("source")
    )


def _people(demonym: str) -> list[str]:
    """Nouns for a country's people from its adjective: "Iraqi" -> "Iraqis"."""
    if demonym.endswith(("i", "an")) and demonym[0].isupper() and " " not in demonym:
        return [demonym + "s"]
    return []


@lru_cache(maxsize=512)
def _country(iso: str) -> str | None:
    import pycountry

    if not isinstance(iso, str) or len(iso) != 3:
        return None
    c = pycountry.countries.get(alpha_3=iso)
    return c.alpha_3 if c else None


def _at(where: str, line: Any) -> str:
    return f"{where}:{line}" if isinstance(line, int) else where


def _str_list(value: Any, where: str, owner: Any, name: str) -> list[str]:
    line = owner.get("__line__") if isinstance(owner, dict) else None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{name!r} must be a list of strings", where=_at(where, line))
    return value
