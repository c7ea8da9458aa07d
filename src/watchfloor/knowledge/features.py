"""The curated features of ``data/features.yaml``: read, checked, and turned into feature rows.

``features.yaml`` holds the places a conflict monitor needs that no installable
data package has: air bases without an airfield, border crossings, refugee and
IDP camps, dams, oil fields, districts of large cities, and rivers, lakes,
mountains, deserts and regions. Each row is a public fact with its source
(``src``): names, kind, country, a point to about 0.01 degree and, for a line
or area, its box. ``scripts/build_features.py`` turns the rows into lines of
``gazetteer_features.tsv.gz`` (``row``); the gazetteer reads only that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.knowledge.place_kinds import FEATURE_KINDS, Box

FEATURES_YAML = "features.yaml"
# Slack of a box around its own point, in degrees (a river's named point may sit on a
# bend the rounded box just misses).
BOX_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """One curated feature."""

    slug: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    country: str
    lat: float
    lon: float
    box: Box | None
    source: str

    @property
    def pid(self) -> str:
        return f"feature:{self.slug}"


def _spec(raw: dict[str, Any], where: str) -> FeatureSpec:
    try:
        lat, lon = (float(x) for x in raw["at"])
        box = tuple(float(x) for x in raw["box"]) if raw.get("box") else None
        spec = FeatureSpec(
            slug=str(raw["id"]),
            kind=str(raw["kind"]),
            name=str(raw["name"]),
            aliases=tuple(str(a) for a in raw.get("aka", ())),
            country=str(raw["country"]),
            lat=lat,
            lon=lon,
            box=box,  # type: ignore[arg-type]
            source=str(raw["src"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{FEATURES_YAML}: {where}: malformed row ({exc})") from exc
    _check(spec, where)
    return spec


def _check(spec: FeatureSpec, where: str) -> None:
    problem = None
    if spec.kind not in FEATURE_KINDS:
        problem = f"unknown kind {spec.kind!r}"
    elif not (-90 <= spec.lat <= 90 and -180 <= spec.lon <= 180):
        problem = "point out of range"
    elif len(spec.country) != 3 or not spec.country.isupper():
        problem = f"country must be ISO 3166-1 alpha-3, not {spec.country!r}"
    elif not spec.source.strip():
        problem = "no source"
    elif spec.box is not None:
        if len(spec.box) != 4:
            problem = "box must be [south, west, north, east]"
        else:
            s, w, n, e = spec.box
            if not (
                s - BOX_SLACK <= spec.lat <= n + BOX_SLACK
                and w - BOX_SLACK <= spec.lon <= e + BOX_SLACK
            ):
                problem = "point outside its box"
    if problem:
        raise ConfigError(f"{FEATURES_YAML}: {where} ({spec.slug}): {problem}")


def read_specs(data: bytes) -> list[FeatureSpec]:
    """The features of a features.yaml document; ConfigError when malformed."""
    try:
        doc = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{FEATURES_YAML}: {exc}") from exc
    rows = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError(f"{FEATURES_YAML}: expected a list 'features' of mappings")
    specs = [_spec(r, f"row {i + 1}") for i, r in enumerate(rows)]
    seen: set[str] = set()
    for s in specs:
        if s.slug in seen:
            raise ConfigError(f"{FEATURES_YAML}: duplicate id {s.slug!r}")
        seen.add(s.slug)
    return specs


def load_specs() -> list[FeatureSpec]:
    """The curated features shipped with watchfloor."""
    return read_specs(_data())


@dataclass(frozen=True, slots=True)
class AirportAliases:
    """Names news uses for an OurAirports field that OurAirports lacks ("Hmeimim")."""

    airport: str  # OurAirports row id
    aliases: tuple[str, ...]
    kind: str | None  # the field's kind when its name does not say it is military
    source: str


def read_airport_aliases(data: bytes) -> dict[str, AirportAliases]:
    """The ``airport_aliases`` of a features.yaml document, by OurAirports row id."""
    doc = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = {}
    for i, raw in enumerate((doc or {}).get("airport_aliases") or ()):
        try:
            entry = AirportAliases(
                airport=str(raw["ourairports"]),
                aliases=tuple(str(a) for a in raw["aka"]),
                kind=str(raw["kind"]) if raw.get("kind") else None,
                source=str(raw["src"]),
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"{FEATURES_YAML}: airport_aliases row {i + 1}: {exc}") from exc
        if entry.kind is not None and entry.kind not in FEATURE_KINDS:
            raise ConfigError(f"{FEATURES_YAML}: airport_aliases row {i + 1}: kind {entry.kind!r}")
        out[entry.airport] = entry
    return out


def load_airport_aliases() -> dict[str, AirportAliases]:
    return read_airport_aliases(_data())


def _data() -> bytes:
    return resources.files("watchfloor.knowledge").joinpath("data", FEATURES_YAML).read_bytes()


def row(spec: FeatureSpec, admin1: int | None) -> str:
    """The gazetteer_features.tsv line of a curated feature (columns: see build_features)."""
    from watchfloor.knowledge.gazetteer import name_keys

    keys: dict[str, None] = {}
    for n in (spec.name, *spec.aliases):
        keys.update(dict.fromkeys(k for k in name_keys(n) if k))
    box = ",".join(str(x) for x in spec.box) if spec.box else ""
    fields = [
        spec.pid,
        spec.kind,
        spec.name,
        spec.country,
        str(admin1) if admin1 is not None else "",
        str(spec.lat),
        str(spec.lon),
        box,
        spec.source,
        "|".join(keys),
    ]
    return "\t".join(fields)
