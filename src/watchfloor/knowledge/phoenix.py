"""Import the Phoenix / PETRARCH2 actor dictionaries into the watchfloor KB format.

The three actor files of PETRARCH2 (``Phoenix.Countries.actors.txt``,
``Phoenix.International.actors.txt``, ``Phoenix.MilNonState.actors.txt``;
openeventdata/petrarch2, MIT licence, (c) 2014 Open Event Data Alliance) are
records of a primary phrase, ``+`` synonym lines and tab-indented ``[CODE
date-restriction]`` lines (``dictionaries-format.rst``). ``convert`` turns
them into KB entries (docs/knowledge-actors.md, "The Phoenix layer"):

- one actor per record (records with the same primary name and country are
  merged), id ``phx.<slug>``; phrases: underscores to spaces, ALL CAPS to
  title case except acronyms;
- ``IRQGOV`` -> country ``IRQ``, sector ``GOV``, code ``IRQGOV``; ``IGOUNO`` ->
  country ``IGO``; unknown region prefixes (``AFR``, ``EUR``) -> no country;
- a record with any date-ranged code is a person (an office holder): every
  dated code becomes a role (title = the code, start/end from the range);
  the actor's code is its undated default, else the code of its latest role;
- records whose only codes are bare countries (``IRAQ_`` with its cities as
  aliases) are places, not actors: skipped (the KB builds countries itself);
- aliases that are junk for matching are dropped and counted (``JUNK_RULES``).

The result is written as gzip-compressed JSON (deterministic: sorted keys,
zero mtime) to ``src/watchfloor/knowledge/data/actors_phoenix.json.gz`` by
``scripts/import_phoenix.py`` or ``watchfloor kb import-phoenix DIR``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.knowledge.actors import PHOENIX_FIELDS, PHOENIX_SOURCE, match_form

FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
OUTPUT = "actors_phoenix.json.gz"
FORMAT_VERSION = 1
SOURCE = PHOENIX_SOURCE

NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC"})

# Sector (the 3 letters after the country) -> actor type of an organisation.
SECTOR_TYPES = {
    "GOV": "government",
    "MIL": "state_military",
    "COP": "police",
    "SPY": "intelligence",
    "LEG": "legislature",
    "JUD": "judiciary",
    "REB": "armed_group",
    "UAF": "armed_group",
    "INS": "armed_group",
    "SEP": "armed_group",
    "OPP": "political_movement",
    "PTY": "political_party",
    "MED": "media",
    "NGO": "ngo",
    "IGO": "igo",
    "BUS": "business",
    "MNC": "business",
    "REL": "religious_or_ethnic_group",
    "ETH": "religious_or_ethnic_group",
    "CVL": "civilians",
    "EDU": "civilians",
    "LAB": "ngo",
    "HRI": "ngo",
    "HLH": "ngo",
    "REF": "ngo",
    "DEV": "ngo",
    "ENV": "ngo",
    "AGR": "civilians",
}
# Non-state prefixes: their own sector and type.
PREFIX_TYPES = {"IGO": "igo", "NGO": "ngo", "IMG": "armed_group", "MNC": "business"}
PREFIX_SECTORS = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS"}

# -- junk filter ------------------------------------------------------------------------
# A single-word alias is dropped when it is shorter than MIN_SINGLE_LETTERS letters
# ("KH", "UN": two capitals match too much) or a common English word (COMMON_WORDS,
# the spaCy English stop words, and the generic agent nouns of Phoenix.agents.txt when
# it is in the directory): such a word in a capitalised headline would become an actor.
# A multi-word alias is dropped when every word is a common word ("THE PEOPLE").
MIN_SINGLE_LETTERS = 3
COMMON_WORDS = frozenset(
    """
    army police government state states people party front movement council union
    congress league national new black red white green blue free united unity
    liberation revolution revolutionary resistance justice freedom democracy
    democratic popular islamic muslim christian jewish arab kurdish force forces
    group organization organisation committee assembly association alliance
    coalition brigade brigades battalion battalions guard guards army navy
    air ministry minister president king queen prince leader leaders chief
    general colonel major captain commander office court parliament senate
    house cabinet administration authority authorities regime rebels rebel
    militia militias soldiers troops officials official spokesman
    news times post daily world international global central north south east
    west northern southern eastern western first second third one two
    hope light peace truth victory dawn unity faith sun star lion lions tiger
    tigers eagle eagles sword swords shield fire storm thunder martyrs martyr
    youth sons daughters children mothers women students workers farmers
    bank fund trust foundation center centre institute university college
    school church mosque temple order cross crescent service services
    car country nation republic paradise olive falcon machete zero
    maverick mavericks boogeymen yahweh fortis insula isar aleph greenhill
    amit eyal shahin hamzah muhannad
    """.split()  # noqa: SIM905
)
JUNK_RULES = {
    "short": f"single word of fewer than {MIN_SINGLE_LETTERS} letters",
    "common": "single word that is a common English word (stop word, agent noun, COMMON_WORDS)",
    "all_common": "every word a common English word",
    "duplicate": "same text as another alias of the entry",
    "ambiguous": "alias of two or more actors, or one word that begins two or more names",
    "lowercase": "no word needs a capital (particles only): would match running text",
}

_CODE_GROUP = re.compile(r"\[([^\]]*)\]")
_PARTICLES = frozenset(
    {"al", "el", "ad", "ed", "as", "ash", "at", "az", "bin", "ibn", "bint", "abu"}
    | {"of", "the", "and", "for", "in", "on", "de", "la", "le", "du", "van", "von", "der", "y"}
)
_VOWELS = set("AEIOUY")


@dataclass
class Record:
    """One record of a Phoenix actor file, as written."""

    file: str
    line: int
    phrases: list[str]  # primary first, then the '+' synonyms (raw, underscores)
    codes: list[tuple[str, str | None]] = field(default_factory=list)  # (code, restriction)


@dataclass
class Stats:
    records: int = 0
    actors: int = 0
    persons: int = 0
    merged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    dropped_aliases: Counter[str] = field(default_factory=Counter)
    bad_dates: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "actors": self.actors,
            "persons": self.persons,
            "merged_records": self.merged,
            "skipped_records": dict(sorted(self.skipped.items())),
            "dropped_aliases": dict(sorted(self.dropped_aliases.items())),
            "dropped_date_restrictions": self.bad_dates,
        }


# ----------------------------------------------------------------------------- parsing


def parse(text: str, file: str) -> list[Record]:
    """The records of one actor file (comments stripped; order kept)."""
    out: list[Record] = []
    current: Record | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].split(";", 1)[0]
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("["):
            if current is not None:
                current.codes += _codes(stripped)
            continue
        if stripped.startswith("+") and current is not None:
            head = _CODE_GROUP.split(stripped, 1)[0]
            current.phrases += [p.strip() for p in head.split("+") if p.strip()]
            current.codes += _codes(stripped)
            continue
        head = stripped.split("[", 1)[0]
        current = Record(file, lineno, [p.strip() for p in head.split("+") if p.strip()])
        current.codes += _codes(stripped)
        out.append(current)
    return [r for r in out if r.phrases]


def _codes(text: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for group in _CODE_GROUP.findall(text):
        parts = group.split()
        if parts:
            out.append((parts[0].upper(), parts[1] if len(parts) > 1 else None))
    return out


def _date(text: str) -> dt.date | None:
    """YYYYMMDD or YYMMDD (YY <= 30 is 20YY, else 19YY); None if not a valid date."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def restriction(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    """``<D`` / ``>D`` / ``D-D`` -> (start, end) inclusive; None when malformed."""
    if text.startswith("<"):
        end = _date(text[1:])
        return (None, end) if end else None
    if text.startswith(">"):
        start = _date(text[1:])
        return (start, None) if start else None
    if "-" in text:
        a, _, b = text.partition("-")
        start, end = _date(a), _date(b)
        if start and end and start <= end:
            return start, end
    return None


# ----------------------------------------------------------------------------- codes


def split_code(code: str, countries: frozenset[str]) -> tuple[str | None, str | None]:
    """``IRQGOV`` -> ("IRQ", "GOV"); ``IGOUNO`` -> ("IGO", "IGO"); ``AFRREB`` -> (None, "REB")."""
    prefix, rest = code[:3], code[3:6]
    if prefix in NON_STATE:
        return prefix, PREFIX_SECTORS[prefix]
    country = prefix if prefix in countries else None
    sector = rest if rest in SECTOR_TYPES or rest in {"ELI", "OCC", "SET", "MOD", "RAD"} else None
    return country, sector or None


# ----------------------------------------------------------------------------- phrases


def display(phrase: str, acronyms: Iterable[str] = ()) -> str:
    """``NURI_AL-MALIKI_`` -> "Nuri al-Maliki"; acronyms stay in capitals; no leading "The".

    A leading article adds nothing to a name and would make "the United
    Nations" a longer (winning) match than the hand KB's "United Nations".
    """
    keep = set(acronyms)
    text = phrase.replace("_", " ").strip()
    if text.upper().startswith("THE ") and len(text.split()) > 2:
        text = text[4:].strip()
    out: list[str] = []
    for i, word in enumerate(text.split()):
        out.append(_word_case(word, i == 0, keep))
    return " ".join(out)


def _word_case(word: str, first: bool, keep: set[str]) -> str:
    letters = "".join(c for c in word if c.isalpha())
    if not letters:
        return word
    if word.strip("()") in keep or _acronym_shape(word):
        return word
    if any(c.islower() for c in letters):
        return word  # already mixed case in the source
    parts = re.split(r"([-'’])", word)
    res = []
    for j, p in enumerate(parts):
        low = p.lower()
        if p in ("-", "'", "’") or not p:
            res.append(p)
        elif low in _PARTICLES and not (first and j == 0):
            res.append(low)
        elif j > 1 and parts[j - 1] == "-" and parts[j - 2].lower() not in _PARTICLES:
            res.append(low)  # "KI-MOON" -> "Ki-moon" (news writes both); "AL-MALIKI" keeps "Maliki"
        elif j > 0 and parts[j - 1] in ("'", "’"):
            res.append(low)  # "BA'ASYIR" -> "Ba'asyir", "ANARCHISTS'S" -> "Anarchists's"
        else:
            res.append(p[:1].upper() + p[1:].lower())
    return "".join(res)


def _acronym_shape(word: str) -> bool:
    """U.N., KRG, PKK: dotted capitals or a short capital word without vowels."""
    core = word.strip("()")
    if re.fullmatch(r"(?:[A-Z]\.){2,}", core):
        return True
    letters = [c for c in core if c.isalpha()]
    return 2 <= len(letters) <= 6 and core.isupper() and not (set(letters) & _VOWELS)


def _initials(phrase: str) -> str:
    ws = [w for w in re.split(r"[\s_\-]+", phrase.upper()) if w and w.strip("()")]
    return "".join(w[0] for w in ws if w.lower() not in _PARTICLES and not w.startswith("("))


def _phrase_variants(raw: str) -> list[str]:
    """A phrase and, for ``NAME_(ACR)_``, the name without and the acronym alone."""
    m = re.search(r"\(([^()]*)\)", raw)
    if not m:
        return [raw.replace("(", "").replace(")", "")]
    inner = m.group(1).strip("_ ")
    outer = (raw[: m.start()] + raw[m.end() :]).strip("_ ").replace("(", "").replace(")", "")
    # "(AAIA)" is an acronym of the name; "(ARGENTINA)" is a qualifier: dropped.
    initials = _initials(outer)
    if inner and "_" not in inner and " " not in inner and initials[:1] == inner[:1].upper():
        return [v for v in (outer, inner) if v]
    return [outer] if outer else []


@dataclass
class _Filter:
    common: frozenset[str]

    def reason(self, alias: str) -> str | None:
        words = [w for w in re.split(r"[^\w'’.]+", alias.lower()) if w]
        keys = [w.replace(".", "").replace("'", "").replace("’", "") for w in words]
        keys = [k for k in keys if k]
        if not keys:
            return "short"
        if len(keys) == 1:
            letters = sum(c.isalpha() for c in keys[0])
            if letters < MIN_SINGLE_LETTERS:
                return "short"
            if keys[0] in self.common:
                return "common"
            return None
        if all(k in self.common or k in _PARTICLES for k in keys):
            return "all_common"
        return None


def common_words(agents_text: str | None = None) -> frozenset[str]:
    """COMMON_WORDS + spaCy's English stop words + Phoenix agent nouns (and plurals)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out = set(COMMON_WORDS) | {w.lower() for w in STOP_WORDS}
    if agents_text:
        for line in agents_text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("!"):
                continue
            head = line.split("[", 1)[0].split("{", 1)[0].strip().strip("_")
            if head and "_" not in head and " " not in head and head.isalpha():
                w = head.lower()
                out |= {w, w + "s", w[:-1] + "ies" if w.endswith("y") else w + "s"}
    return frozenset(out)


# ----------------------------------------------------------------------------- convert


def _slug(name: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "x"


def convert(
    texts: Sequence[tuple[str, str]],
    countries: frozenset[str],
    agents_text: str | None = None,
) -> tuple[list[dict[str, Any]], Stats]:
    """KB entries from (file name, file text) pairs, with counts of what was skipped."""
    stats = Stats()
    filt = _Filter(common_words(agents_text))
    by_key: dict[tuple[str, str | None], dict[str, Any]] = {}
    order: list[tuple[str, str | None]] = []
    for file, text in texts:
        for rec in parse(text, file):
            stats.records += 1
            entry = _entry(rec, countries, filt, stats)
            if entry is None:
                continue
            # a person is one person whatever the country of the record (Ban Ki-moon is
            # listed under KOR and IGO); organisations of the same name in two countries differ
            country_key = None if entry["type"] == "person" else entry.get("country")
            key = (_slug(entry["name"]), country_key)
            if key in by_key:
                _merge(by_key[key], entry, countries)
                stats.merged += 1
                continue
            by_key[key] = entry
            order.append(key)
    entries = [by_key[k] for k in order]
    _drop_ambiguous(entries, stats)
    ids: Counter[str] = Counter()
    for e in entries:
        base = "phx." + _slug(e["name"])
        ids[base] += 1
        e["id"] = base if ids[base] == 1 else f"{base}_{ids[base]}"
        if not e["roles"]:
            del e["roles"]
        if not e["aliases"]:
            del e["aliases"]
    for e in entries:
        keep = []
        for a in e.get("aliases", []):
            if set(match_form(a)[1]) <= {"0"}:
                stats.dropped_aliases["lowercase"] += 1
            else:
                keep.append(a)
        if e.get("name_matches", True) and set(match_form(e["name"])[1]) <= {"0"}:
            stats.dropped_aliases["lowercase"] += 1
            e["name_matches"] = False
        names = ([e["name"]] if e.get("name_matches", True) else []) + keep
        e["match"] = [list(match_form(a)) for a in names]
        if keep:
            e["aliases"] = keep
        else:
            e.pop("aliases", None)
    stats.actors = len(entries)
    stats.persons = sum(e["type"] == "person" for e in entries)
    return entries, stats


def _entry(
    rec: Record, countries: frozenset[str], filt: _Filter, stats: Stats
) -> dict[str, Any] | None:
    if not rec.codes:
        stats.skipped["no_code"] += 1
        return None
    default: str | None = None
    roles: list[dict[str, Any]] = []
    for code, restr in rec.codes:
        if not re.fullmatch(r"[A-Z]{3,}", code):
            continue
        if restr is None:
            default = code
            continue
        span = restriction(restr)
        if span is None:
            stats.bad_dates += 1
            continue
        country, _ = split_code(code, countries)
        role: dict[str, Any] = {"title": code}
        if country and country not in NON_STATE:
            role["country"] = country
        if span[0]:
            role["start"] = span[0].isoformat()
        if span[1]:
            role["end"] = span[1].isoformat()
        roles.append(role)
    codes = [c for c, _ in rec.codes if re.fullmatch(r"[A-Z]{3,}", c)]
    if not codes:
        stats.skipped["bad_code"] += 1
        return None
    if not any(_is_actor_code(c) for c in codes):
        stats.skipped["country_or_place"] += 1
        return None
    person = bool(roles)
    code = person_code(roles, default) if person else default or codes[-1]
    country, sector = split_code(code, countries)
    prefix = code[:3]
    if person:
        typ = "person"
    elif prefix in PREFIX_TYPES:
        typ = PREFIX_TYPES[prefix]
    elif sector in SECTOR_TYPES:
        typ = SECTOR_TYPES[sector]
    else:
        stats.skipped["no_sector"] += 1
        return None
    phrases: list[str] = []
    for p in rec.phrases:
        phrases += _phrase_variants(p)
    acronyms = {w for p in phrases for w in [p.strip("_ ")] if _looks_acronym(w, rec.phrases)}
    shown = [display(p, acronyms) for p in phrases]
    name = shown[0]
    aliases: list[str] = []
    seen = {name.lower()}
    for a in shown[1:]:
        if a.lower() in seen:
            stats.dropped_aliases["duplicate"] += 1
            continue
        why = filt.reason(a)
        if why:
            stats.dropped_aliases[why] += 1
            continue
        seen.add(a.lower())
        aliases.append(a)
    # "Secretary-General Ban Ki-moon" with the alias "Ban Ki-moon": the name without the
    # title is the display name (the longest alias of 2+ words that ends the primary).
    suffixes = [
        a for a in aliases if len(a.split()) >= 2 and name.lower().endswith(" " + a.lower())
    ]
    if suffixes:
        short = max(suffixes, key=len)
        aliases = [name if a == short else a for a in aliases]
        name = short
    why = filt.reason(name)
    if why:
        stats.dropped_aliases[why] += 1
        if not aliases:
            stats.skipped["only_junk_names"] += 1
            return None
        # the junk primary stays the display name but is not matched
        flag_name = True
    else:
        flag_name = False
    entry: dict[str, Any] = {
        "name": name,
        "type": typ,
        "country": country,
        "code": code,
        "sector": sector,
        "aliases": aliases,
        "roles": roles,
        "source": f"{SOURCE}, {rec.file}:{rec.line}",
    }
    if flag_name:
        entry["name_matches"] = False
    return entry


def _is_actor_code(code: str) -> bool:
    """A code naming an actor (sector after the prefix, or a non-state prefix), not a place."""
    return code[:3] in NON_STATE or code[3:6] in SECTOR_TYPES or code[3:6] == "ELI"


def _looks_acronym(word: str, phrases: Sequence[str]) -> bool:
    """A one-word phrase equal to the initials of another phrase of the record ("AAIA")."""
    if "_" in word.strip("_") or " " in word or not word.isalpha() or not 2 <= len(word) <= 6:
        return False
    return any(_initials(p) == word for p in phrases if p.strip("_ ") != word)


def _drop_ambiguous(entries: list[dict[str, Any]], stats: Stats) -> None:
    """Drop aliases shared by two actors, and one-word aliases that are given names.

    A one-word alias that is the first word of two or more actor names
    ("Abdullah", "Hassan") names nobody in particular. A primary name caught
    by the rule stays the display name but is marked ``name_matches: false``.
    """
    owners: dict[str, set[int]] = {}
    firsts: Counter[str] = Counter()
    for i, e in enumerate(entries):
        for a in (e["name"], *e["aliases"]):
            owners.setdefault(a.lower(), set()).add(i)
        words = e["name"].lower().split()
        if len(words) > 1:
            firsts[words[0]] += 1

    def bad(alias: str) -> bool:
        key = alias.lower()
        return len(owners[key]) > 1 or (" " not in key and firsts[key] >= 2)

    for e in entries:
        keep = [a for a in e["aliases"] if not bad(a)]
        stats.dropped_aliases["ambiguous"] += len(e["aliases"]) - len(keep)
        e["aliases"] = keep
        if bad(e["name"]) and e.get("name_matches", True):
            stats.dropped_aliases["ambiguous"] += 1
            e["name_matches"] = False


def person_code(roles: list[dict[str, Any]], default: str | None) -> str:
    """A person's static code: their latest office (a non-ELI role), else the default.

    News mostly names office holders for what they did in office; the dated
    roles keep the rest (``ActorKB.code_on`` gives the code on a date).
    """
    offices = [r for r in roles if r["title"][3:6] != "ELI"] or roles
    latest = max(offices, key=lambda r: (r.get("end") or "9999", r.get("start") or ""))
    title: str = latest["title"]
    return title if title[3:6] != "ELI" else default or title


def _merge(into: dict[str, Any], other: dict[str, Any], countries: frozenset[str]) -> None:
    have = {a.lower() for a in into["aliases"]} | {into["name"].lower()}
    names = [other["name"]] if other.get("name_matches", True) else []
    into["aliases"] += [a for a in (*names, *other["aliases"]) if a.lower() not in have]
    into["roles"] += [r for r in other["roles"] if r not in into["roles"]]
    into["source"] += "; " + other["source"].removeprefix(SOURCE + ", ")
    if into["type"] == "person" and into["roles"]:
        into["code"] = person_code(into["roles"], None)
        into["country"], into["sector"] = split_code(into["code"], countries)


# ----------------------------------------------------------------------------- files


def iso3_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def build(directory: Path) -> tuple[dict[str, Any], Stats]:
    """The document written to the data file, from a directory holding the Phoenix files."""
    texts = [(name, (directory / name).read_text(encoding="utf-8")) for name in FILES]
    agents = directory / "Phoenix.agents.txt"
    agents_text = agents.read_text(encoding="utf-8") if agents.exists() else None
    entries, stats = convert(texts, iso3_codes(), agents_text)
    doc = {
        "version": FORMAT_VERSION,
        "source": f"{SOURCE}: openeventdata/petrarch2 petrarch2/data/dictionaries, "
        "(c) 2014 Open Event Data Alliance; converted by watchfloor.knowledge.phoenix",
        "junk_rules": JUNK_RULES,
        "stats": stats.as_dict(),
        "actors": entries,
    }
    return doc, stats


# One actor per JSON array, in this order (compact and fast to decode; the loader,
# watchfloor.knowledge.actors, reads it): roles are [title, country, start, end];
# ``where`` is "file:line" (merged records: "a; b"); ``match`` holds the match form
# (word keys, case shapes) of each matchable name: the name first when
# ``name_matches``, then the aliases.
FIELDS = PHOENIX_FIELDS


def as_row(e: dict[str, Any]) -> list[Any]:
    """An entry of ``convert`` as the array written to the data file."""
    roles = [
        [r["title"], r.get("country"), r.get("start"), r.get("end")] for r in e.get("roles", [])
    ]
    where = e["source"].removeprefix(SOURCE + ", ")
    return [
        e["id"], e["name"], e["type"], e.get("country"), e.get("code"), e.get("sector"),
        e.get("aliases", []), roles, where, e.get("name_matches", True), e["match"],
    ]  # fmt: skip


def dump(doc: dict[str, Any]) -> bytes:
    """Deterministic gzip JSON (sorted keys, one actor array per line, zero mtime)."""
    head = {k: v for k, v in doc.items() if k != "actors"}
    head["fields"] = list(FIELDS)
    lines = [json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1] + ', "actors": [']
    acts = [as_row(a) for a in doc["actors"]]
    for i, a in enumerate(acts):
        sep = "," if i < len(acts) - 1 else ""
        lines.append(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buf.getvalue()


def load_bytes(data: bytes) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(gzip.decompress(data))
    return doc


def write(directory: Path, out: Path) -> Stats:
    doc, stats = build(directory)
    out.write_bytes(dump(doc))
    return stats
